import Foundation

/// A value behind a lock, for state shared across threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Holds the engine a service evaluates with, and replaces it atomically when the rules change.
///
/// - A reload loads and checks the source again; the new engine replaces the old one **only if it
///   loads without errors**. Otherwise the old engine stays and the reload throws the diagnostics.
/// - Readers take the current `Snapshot` (an immutable value) and evaluate with it, so an
///   evaluation that started before a reload finishes on the version it started with.
/// - Reloads are serialised; readers never wait for a reload (loading happens outside the lock).
///
/// ```swift
/// let store = try RulebookStore(source: .files("rules"))
/// let decision = try store.engine.evaluate(.json(body))
/// try store.reload()          // after editing the files; keeps the old rules on error
/// ```
public final class RulebookStore: Sendable {
    /// One loaded version of the rules.
    public struct Snapshot: Sendable {
        /// The engine of this version.
        public let engine: Engine
        /// 1 for the first version, one more for each successful reload.
        public let generation: Int
    }

    /// What the store has done, for health checks and metrics.
    public struct Status: Sendable {
        /// Successful reloads (not counting the first load).
        public var reloads: Int
        /// Reloads refused because the new rules had errors.
        public var failedReloads: Int
        /// The error of the last failed reload, if the last reload failed.
        public var lastError: MasirError?
        /// When the last reload was attempted.
        public var lastAttempt: Date?
    }

    /// Where the rules are read from.
    public let source: RulebookSource
    /// How the engines evaluate.
    public let strategy: EvaluationStrategy

    private let state: Locked<(snapshot: Snapshot, status: Status)>
    private let reloading = NSLock()

    /// Loads `source`; throws if the first load has errors (there is nothing to fall back on).
    public init(source: RulebookSource, strategy: EvaluationStrategy = .compiled) throws(MasirError)
    {
        self.source = source
        self.strategy = strategy
        let engine = try Engine.load(source, strategy: strategy)
        state = Locked(
            (Snapshot(engine: engine, generation: 1), Status(reloads: 0, failedReloads: 0)))
    }

    /// The version in use now. Keep the value for the duration of one request.
    public var current: Snapshot { state.withLock { $0.snapshot } }

    /// The engine in use now (the current snapshot's).
    public var engine: Engine { current.engine }

    /// Reload counts and the last error.
    public var status: Status { state.withLock { $0.status } }

    /// Loads the source again and, if it has no errors, makes it current. On errors the current
    /// version stays and the diagnostics are thrown. Blocks while another reload runs.
    @discardableResult
    public func reload() throws(MasirError) -> Snapshot {
        reloading.lock()
        defer { reloading.unlock() }
        let attempt = Date()
        do {
            let engine = try Engine.load(source, strategy: strategy)
            return install(engine, at: attempt)
        } catch {
            state.withLock {
                $0.status.failedReloads += 1
                $0.status.lastError = error
                $0.status.lastAttempt = attempt
            }
            throw error
        }
    }

    /// Makes `engine` current (after the caller has loaded and checked it some other way).
    @discardableResult
    public func replace(with engine: Engine) -> Snapshot {
        reloading.lock()
        defer { reloading.unlock() }
        return install(engine, at: Date())
    }

    private func install(_ engine: Engine, at attempt: Date) -> Snapshot {
        state.withLock {
            let next = Snapshot(engine: engine, generation: $0.snapshot.generation + 1)
            $0.snapshot = next
            $0.status.reloads += 1
            $0.status.lastError = nil
            $0.status.lastAttempt = attempt
            return next
        }
    }

    /// `reload()` on a thread of its own, so a long load never occupies one of the few threads
    /// Swift concurrency runs tasks on.
    public func reloadInBackground() async -> Result<Snapshot, MasirError> {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                do throws(MasirError) {
                    continuation.resume(returning: .success(try self.reload()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
    }
}
