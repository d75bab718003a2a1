import Foundation

/// Byte strings → numbers, looked up straight from a line's bytes: the JSON Lines decoder finds
/// field names and symbol ids without making a `String` for each. Keys live in numbered domains
/// (field names, one per symbol type) so one table serves them all. Built once; read-only after.
struct ByteTable: Sendable {
    private struct Entry: Sendable {
        var hash: UInt64
        var domain: Int32
        var start: Int32
        var count: Int32
        var value: Int64
    }

    private var heads: [Int32]
    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    private let mask: Int

    /// The first of equal keys in a domain wins.
    init(_ keys: [(domain: Int32, key: String, value: Int64)]) {
        var capacity = 16
        while capacity < keys.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        heads = [Int32](repeating: -1, count: capacity)
        for (domain, key, value) in keys {
            let bytes = Array(key.utf8)
            let found = bytes.withUnsafeBufferPointer { find($0, domain: domain) }
            guard found == nil else { continue }
            let hash = bytes.withUnsafeBufferPointer { Self.hash($0, domain: domain) }
            entries.append(
                Entry(
                    hash: hash, domain: domain, start: Int32(arena.count),
                    count: Int32(bytes.count), value: value))
            arena += bytes
            var i = Int(truncatingIfNeeded: hash) & mask
            while heads[i] >= 0 { i = (i + 1) & mask }
            heads[i] = Int32(entries.count - 1)
        }
    }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>, domain: Int32) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(UInt32(bitPattern: domain))
        for byte in key { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return h ^ (h >> 29)
    }

    func find(_ key: UnsafeBufferPointer<UInt8>, domain: Int32) -> Int64? {
        let hash = Self.hash(key, domain: domain)
        var i = Int(truncatingIfNeeded: hash) & mask
        return entries.withUnsafeBufferPointer { entries in
            arena.withUnsafeBufferPointer { arena in
                while true {
                    let head = heads[i]
                    if head < 0 { return nil }
                    let entry = entries[Int(head)]
                    if entry.hash == hash, entry.domain == domain, Int(entry.count) == key.count,
                        key.count == 0
                            || memcmp(
                                arena.baseAddress! + Int(entry.start), key.baseAddress!, key.count)
                                == 0
                    {
                        return entry.value
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }
}
