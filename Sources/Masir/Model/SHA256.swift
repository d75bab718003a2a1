import Foundation

/// SHA-256 (FIPS 180-4), for rulebook and case digests. Small enough to keep rather than link
/// a cryptography package whose C build would double the project's build time.
enum SHA256 {
    /// The round constants: the first 32 bits of the fractional parts of the cube roots of the
    /// first 64 primes (FIPS 180-4, 4.2.2). Double precision leaves 18 bits to spare.
    private static let k: [UInt32] = primes(64).map { fractionBits(cbrt(Double($0))) }
    /// The initial state: the same of the square roots of the first 8 primes (5.3.3).
    private static let initial: [UInt32] = primes(8).map { fractionBits(Double($0).squareRoot()) }

    private static func primes(_ count: Int) -> [Int] {
        var found: [Int] = []
        var candidate = 2
        while found.count < count {
            if found.allSatisfy({ candidate % $0 != 0 }) { found.append(candidate) }
            candidate += 1
        }
        return found
    }

    private static func fractionBits(_ root: Double) -> UInt32 {
        UInt32((root - root.rounded(.down)) * 4_294_967_296)
    }

    static func hex(_ data: Data) -> String { hex(Array(data)) }

    static func hex(_ string: String) -> String { hex(Array(string.utf8)) }

    static func hex(_ message: [UInt8]) -> String {
        var h = (
            initial[0], initial[1], initial[2], initial[3], initial[4], initial[5], initial[6],
            initial[7]
        )
        // Whole blocks are read in place (a rulebook tree is megabytes); only the tail is copied to pad it.
        let whole = message.count / 64 * 64
        var tail = Array(message[whole...])
        let bitLength = UInt64(message.count) * 8
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            k.withUnsafeBufferPointer { k in
                message.withUnsafeBufferPointer { bytes in
                    for chunk in stride(from: 0, to: whole, by: 64) {
                        compress(UnsafeBufferPointer(rebasing: bytes[chunk..<chunk + 64]), &h, w, k)
                    }
                }
                tail.withUnsafeBufferPointer { bytes in
                    for chunk in stride(from: 0, to: bytes.count, by: 64) {
                        compress(UnsafeBufferPointer(rebasing: bytes[chunk..<chunk + 64]), &h, w, k)
                    }
                }
            }
        }
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for word in [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7] {
            for shift in stride(from: 28, through: 0, by: -4) {
                out.append(digits[Int((word >> UInt32(shift)) & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One 64-byte block into the running state.
    @inline(__always)
    private static func compress(
        _ block: UnsafeBufferPointer<UInt8>,
        _ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
        _ w: UnsafeMutableBufferPointer<UInt32>, _ k: UnsafeBufferPointer<UInt32>
    ) {
        for i in 0..<16 {
            let j = i * 4
            w[i] =
                UInt32(block[j]) << 24 | UInt32(block[j + 1]) << 16 | UInt32(block[j + 2]) << 8
                | UInt32(block[j + 3])
        }
        for i in 16..<64 {
            let s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, hh) = h
        for i in 0..<64 {
            let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
            let choice = (e & f) ^ (~e & g)
            let t1 = hh &+ s1 &+ choice &+ k[i] &+ w[i]
            let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ majority
            (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh)
    }

    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value >> count) | (value << (32 - count))
    }
}
