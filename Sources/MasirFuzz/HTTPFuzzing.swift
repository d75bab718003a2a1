import Foundation
import Logging
import Masir
import MasirServer

#if canImport(Glibc)
import Glibc
#endif

/// A `masir serve` over the shipped rules, started once on a free loopback port, that takes
/// each input as the raw bytes of a request on a fresh connection.
enum HTTPFuzzing {
    /// The largest input sent; the server's own body limit is tested elsewhere.
    static let maximumBytes = 256 << 10
    /// How long the server may take to load the rules and bind: generous, because inside a
    /// busy `swift test` its start-up task waits for a thread.
    static let startSeconds = 300
    /// How often (in inputs) the server is asked for its health, so a stall is caught.
    static let healthEvery = 64

    static let port: Result<Int, ServerStartFailure> = {
        var configuration = ServerConfiguration(rules: FuzzFixtures.rules)
        configuration.port = 0
        configuration.requestTimeout = .seconds(2)
        var logger = Logger(label: "masir.fuzz")
        logger.logLevel = .critical
        let bound = LockedPort()
        let built: MasirServer.Built
        do {
            built = try MasirServer.build(configuration, logger: logger) { bound.set($0) }
        } catch {
            return .failure(ServerStartFailure(reason: "\(error)"))
        }
        // The server runs on threads of its own: the caller waits for the port on a thread that
        // may be one of the few that run Swift tasks (inside `swift test`, all of them may be
        // waiting so), and a server queued behind them would never bind.
        Task.detached(executorPreference: DedicatedThreads.shared) {
            try? await built.application.run()
        }
        guard let port = bound.wait() else {
            return .failure(ServerStartFailure(reason: "no port within \(startSeconds) s"))
        }
        return .success(port)
    }()

    struct ServerStartFailure: Error { var reason: String }

    nonisolated(unsafe) static var sent = 0

    static func run(_ bytes: UnsafeRawBufferPointer) -> String? {
        let port: Int
        switch Self.port {
        case .success(let bound): port = bound
        case .failure(let failure): return "the server did not start: \(failure.reason)"
        }
        guard bytes.count <= maximumBytes else { return nil }
        _ = exchange(bytes, port: port)
        sent += 1
        if sent % healthEvery == 0, let stall = probeHealth(port: port) {
            return stall
        }
        return nil
    }

    /// How long the server may take to answer a health check before the run stops: a check
    /// that misses the first 5 s is asked again, so a machine too busy to answer at once is
    /// told apart from a server that has stopped answering.
    static let patienceSeconds = 60
    nonisolated(unsafe) static var slowAnswers = 0

    /// Nil when `/healthz` answers 200, at once or within `patienceSeconds`; otherwise why not.
    static func probeHealth(port: Int) -> String? {
        let probe = Array(
            "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        let first = probe.withUnsafeBytes { exchange($0, port: port) }
        if first.hasPrefix("HTTP/1.1 200") { return nil }
        let started = Date()
        while Date().timeIntervalSince(started) < Double(patienceSeconds) {
            let reply = probe.withUnsafeBytes { exchange($0, port: port) }
            if reply.hasPrefix("HTTP/1.1 200") {
                slowAnswers += 1
                let waited = Int(Date().timeIntervalSince(started).rounded())
                let body = reply.split(separator: "\r\n\r\n", maxSplits: 1).last ?? ""
                FileHandle.standardError.write(
                    Data(
                        "masir-fuzz: /healthz answered \(waited) s late after \(sent) requests (\(first)); slow answers so far: \(slowAnswers); health: \(body)\n"
                            .utf8))
                return nil
            }
            sleep(1)
        }
        return
            "the server stopped answering /healthz after \(sent) requests: \(first), and nothing within \(patienceSeconds) s more"
    }

    /// Sends the bytes, closes the sending side, and reads the answer (at most 64 KiB, 5 s).
    static func exchange(_ bytes: UnsafeRawBufferPointer, port: Int) -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return "(no socket: \(String(cString: strerror(errno))))" }
        defer { close(socket) }
        // Closing with a reset leaves no TIME_WAIT behind: hundreds of thousands of connections
        // would otherwise use up the ephemeral ports, and the client, not the server, would fail.
        var reset = linger(l_onoff: 1, l_linger: 0)
        setsockopt(socket, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return "(connect failed: \(String(cString: strerror(errno))))" }
        var offset = 0
        while offset < bytes.count {
            let written = send(
                socket, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if written < 0, errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
        shutdown(socket, Int32(SHUT_WR))
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while reply.count < 64 << 10 {
            let count = recv(socket, &buffer, buffer.count, 0)
            // libFuzzer's once-a-second timer signal interrupts a waiting recv: not an answer.
            if count < 0, errno == EINTR { continue }
            if count < 0, reply.isEmpty {
                return "(no answer: \(String(cString: strerror(errno))))"
            }
            if count <= 0 { break }
            reply += buffer[0..<count]
        }
        return String(decoding: reply, as: UTF8.self)
    }
}

/// A task executor with threads of its own, for a server that must make progress while every
/// thread of Swift's shared pool is blocked waiting for it.
final class DedicatedThreads: TaskExecutor, @unchecked Sendable {
    static let shared = DedicatedThreads(count: 2)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init(count: Int) {
        for _ in 0..<count {
            let thread = Thread { [unowned self] in self.serve() }
            thread.name = "masir-fuzz-server"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// The bound port, handed from the server's start-up task to the thread waiting for it.
private final class LockedPort: @unchecked Sendable {
    private let condition = NSCondition()
    private var port: Int?

    func set(_ port: Int) {
        condition.lock()
        self.port = port
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(TimeInterval(HTTPFuzzing.startSeconds))
        while port == nil, condition.wait(until: deadline) {}
        return port
    }
}
