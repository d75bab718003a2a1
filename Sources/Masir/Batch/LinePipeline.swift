import Foundation
import Synchronization

/// JSON Lines mapped on several threads in constant memory: read a block of whole lines
/// (`JSONLines.BlockReader`), cut it into runs of lines, a few per thread so a slow core evens
/// out, map each run, and hand the block's results to the consumer in input order. The serial
/// stages overlap the mapping: while one block's runs are mapped, one more unit of the same
/// parallel step hands the previous block's results on and reads the next block, so with two or
/// more jobs reading and writing never leave a core idle. Batch routing and change impact both
/// run on it.
package enum LinePipeline {
    /// Maps every line of `file`: `map` gets a block and a range of indices into its `lines` (and
    /// may run on any thread, so it must only read shared state); `consume` gets each block's
    /// results in order, the numbers of the lines skipped as too long, and the line limit.
    ///
    /// With `output`, each result's bytes are written at its own offset of that file by the
    /// thread that maps a run of the next block, so writing is spread over the threads instead
    /// of being a serial stage; `consume` then only reports.
    package static func run<T>(
        _ file: UnsafeMutablePointer<FILE>, blockSize: Int, jobs: Int,
        output: PositionalOutput<T>? = nil,
        map: (JSONLines.Block, Range<Int>) -> T,
        consume: ([T], _ tooLong: [Int], _ limit: Int) -> Void
    ) throws -> BatchRouter.Statistics {
        var reader = JSONLines.BlockReader(file, blockSize: blockSize)
        var stats = BatchRouter.Statistics()
        stats.writesInParallel = output != nil
        let clock = ContinuousClock()
        var pending: (results: [T], tooLong: [Int]) = ([], [])
        /// Where each pending result's bytes go, once `place` has given them offsets.
        var offsets: [Int64] = []
        func place(_ results: [T]) {
            guard let output else { return }
            offsets = output.place(results)
        }
        func flush(_ done: (results: [T], tooLong: [Int])) {
            let start = clock.now
            if let output {
                for index in done.results.indices {
                    output.write(done.results[index], at: offsets[index])
                }
            }
            consume(done.results, done.tooLong, reader.maximumLine)
            stats.writing += clock.now - start
        }
        func read() -> Result<JSONLines.Block?, any Error> {
            let start = clock.now
            defer { stats.reading += clock.now - start }
            return Result { try reader.next() }
        }
        var current = try read().get()
        while let block = current {
            stats.lines += block.lines.count
            let runs = min(jobs <= 1 ? 1 : jobs * 4, max(1, block.lines.count))
            func lines(_ run: Int) -> Range<Int> {
                (block.lines.count * run / runs)..<(block.lines.count * (run + 1) / runs)
            }
            var next: Result<JSONLines.Block?, any Error> = .success(nil)
            if jobs <= 1 {
                flush(pending)
                let start = clock.now
                pending = ([map(block, lines(0))], block.tooLong)
                stats.deciding += clock.now - start
                place(pending.results)
                next = read()
            } else {
                let done = pending
                let doneOffsets = offsets
                let units = Parallel.mapUnits(runs + 1) { unit -> (T?, Duration, Duration) in
                    if unit == 0 {
                        let start = clock.now
                        consume(done.results, done.tooLong, reader.maximumLine)
                        if output == nil {
                            stats.writing += clock.now - start
                        }
                        next = read()
                        return (nil, .zero, .zero)
                    }
                    var written = Duration.zero
                    if let output {
                        let start = clock.now
                        for index in stride(from: unit - 1, to: done.results.count, by: runs) {
                            output.write(done.results[index], at: doneOffsets[index])
                        }
                        written = clock.now - start
                    }
                    let start = clock.now
                    let result = map(block, lines(unit - 1))
                    return (result, clock.now - start, written)
                }
                pending = (units.compactMap(\.0), block.tooLong)
                stats.deciding += units.reduce(.zero) { $0 + $1.1 }
                stats.writing += units.reduce(.zero) { $0 + $1.2 }
                place(pending.results)
            }
            current = try next.get()
        }
        flush(pending)
        try output?.finish()
        return stats
    }
}

/// A regular file that mapped results are written into at offsets worked out in input order,
/// so several threads can write at once and the file still reads in input order. Not for a pipe,
/// a terminal or a file opened for appending (where every write goes to the end): `init`
/// refuses those, and the results are then written in order by one thread.
package final class PositionalOutput<T>: @unchecked Sendable {
    let descriptor: Int32
    let bytes: (T) -> [UInt8]
    /// Where the next placed result starts. Changed only between parallel steps.
    private var end: Int64
    private let failure = Mutex<Int32?>(nil)

    package init?(descriptor: Int32, bytes: @escaping (T) -> [UInt8]) {
        var status = stat()
        let flags = fcntl(descriptor, F_GETFL)
        let offset = lseek(descriptor, 0, SEEK_CUR)
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, flags >= 0,
            flags & O_APPEND == 0, offset >= 0
        else { return nil }
        self.descriptor = descriptor
        self.bytes = bytes
        end = Int64(offset)
    }

    /// Gives each result the offset its bytes start at, in order.
    func place(_ results: [T]) -> [Int64] {
        results.map { result in
            defer { end += Int64(bytes(result).count) }
            return end
        }
    }

    func write(_ result: T, at offset: Int64) {
        let data = bytes(result)
        data.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let count = pwrite(
                    descriptor, buffer.baseAddress! + done, buffer.count - done,
                    off_t(offset) + off_t(done))
                if count < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    failure.withLock { $0 = $0 ?? code }
                    return
                }
                done += count
            }
        }
    }

    /// Leaves the file's offset after the last byte written, as sequential writes would, and
    /// throws the first write error.
    func finish() throws {
        if let code = failure.withLock({ $0 }) {
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)]
            )
        }
        lseek(descriptor, off_t(end), SEEK_SET)
    }
}

extension BatchRouter {
    /// Where a run spent its time: the serial stages (reading and splitting blocks, consuming
    /// results in order) and the mapping, summed over threads.
    public struct Statistics: Sendable {
        public var lines = 0
        public var reading: Duration = .zero
        public var writing: Duration = .zero
        public var deciding: Duration = .zero
        /// Output was written by every thread at its own offset (a regular file), so writing is
        /// not a serial stage.
        public var writesInParallel = false

        public init() {}

        /// One line: lines, wall time, each stage's seconds and the serial stages' share of the
        /// time one job would take (reading + writing + deciding).
        public func report(wall: Duration) -> String {
            func seconds(_ d: Duration) -> Double {
                Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            }
            let serial = seconds(reading) + (writesInParallel ? 0 : seconds(writing))
            let share = serial / max(1e-9, seconds(reading) + seconds(writing) + seconds(deciding))
            let how = writesInParallel ? "by every thread at its offset" : "in order"
            return String(
                format: "lines %d, wall %.3f s, reading %.3f s, writing %.3f s", lines,
                seconds(wall), seconds(reading), seconds(writing))
                + " (\(how))"
                + String(
                    format: ", deciding %.3f s (all threads), serial share %.1f %%",
                    seconds(deciding), share * 100)
        }
    }
}
