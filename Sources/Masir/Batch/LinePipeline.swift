import Foundation

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
    package static func run<T>(
        _ file: UnsafeMutablePointer<FILE>, blockSize: Int, jobs: Int,
        map: (JSONLines.Block, Range<Int>) -> T,
        consume: ([T], _ tooLong: [Int], _ limit: Int) -> Void
    ) throws -> BatchRouter.Statistics {
        var reader = JSONLines.BlockReader(file, blockSize: blockSize)
        var stats = BatchRouter.Statistics()
        let clock = ContinuousClock()
        var pending: (results: [T], tooLong: [Int]) = ([], [])
        func flush(_ done: (results: [T], tooLong: [Int])) {
            let start = clock.now
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
                next = read()
            } else {
                let done = pending
                let units = Parallel.mapUnits(runs + 1) { unit -> (T?, Duration) in
                    if unit == 0 {
                        flush(done)
                        next = read()
                        return (nil, .zero)
                    }
                    let start = clock.now
                    let result = map(block, lines(unit - 1))
                    return (result, clock.now - start)
                }
                pending = (units.compactMap(\.0), block.tooLong)
                stats.deciding += units.reduce(.zero) { $0 + $1.1 }
            }
            current = try next.get()
        }
        flush(pending)
        return stats
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

        public init() {}

        /// One line: lines, wall time, each stage's seconds and the serial stages' share of the
        /// time one job would take (reading + writing + deciding).
        public func report(wall: Duration) -> String {
            func seconds(_ d: Duration) -> Double {
                Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            }
            let serial = seconds(reading) + seconds(writing)
            let share = serial / max(1e-9, serial + seconds(deciding))
            return String(
                format:
                    "lines %d, wall %.3f s, reading %.3f s, writing %.3f s, deciding %.3f s (all threads), serial share %.1f %%",
                lines, seconds(wall), seconds(reading), seconds(writing), seconds(deciding),
                share * 100)
        }
    }
}
