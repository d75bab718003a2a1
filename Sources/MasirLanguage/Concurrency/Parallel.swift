import Foundation

/// Work spread over the machine's cores where it is large enough to repay a thread hop; results
/// always come back in order, so output never depends on scheduling.
package enum Parallel {
    package static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// `body(0)…body(count - 1)` on up to `jobs` threads, each thread taking a contiguous run of
    /// indices; the results in index order. `body` must only read shared state.
    package static func map<T>(_ count: Int, jobs: Int = cores, _ body: (Int) -> T) -> [T] {
        guard jobs > 1, count > 1 else { return (0..<count).map(body) }
        let stripes = min(jobs, count)
        let slots = Slots<T>(count)
        withoutActuallyEscaping(body) { body in
            let shared = Unchecked(body)
            DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
                for index in (count * stripe / stripes)..<(count * (stripe + 1) / stripes) {
                    slots.set(index, shared.value(index))
                }
            }
        }
        return slots.values
    }

    /// `body(0)…body(count - 1)`, each index a unit of work taken by whichever thread is free, so
    /// a slow thread takes fewer; the results in index order. `body` must only read shared state.
    package static func mapUnits<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let slots = Slots<T>(count)
        withoutActuallyEscaping(body) { body in
            let shared = Unchecked(body)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                slots.set(index, shared.value(index))
            }
        }
        return slots.values
    }

    /// A value computed on a thread of its own while the caller goes on; `value` waits for it.
    /// Its own thread, not the shared pool: waiting on pool work from a pool thread can starve.
    package final class Background<T>: @unchecked Sendable {
        private var result: T?
        private let done = DispatchSemaphore(value: 0)

        package init(_ work: @escaping @Sendable () -> T) {
            let thread = Thread {
                self.result = work()
                self.done.signal()
            }
            thread.start()
        }

        package var value: T {
            done.wait()
            done.signal()
            return result!
        }
    }
}

/// Hands a value the compiler cannot prove thread-safe to workers that only read it.
struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Slots that parallel workers fill, each slot by exactly one worker.
private final class Slots<T>: @unchecked Sendable {
    private var slots: [T?]

    init(_ count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        slots.withUnsafeMutableBufferPointer { $0[index] = value }
    }

    var values: [T] { slots.map { $0! } }
}
