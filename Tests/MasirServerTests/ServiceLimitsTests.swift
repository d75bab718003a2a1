import Foundation
import Masir
import MasirTestSupport
import Testing

@testable import MasirServer

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP connection to a test server that sends exactly the bytes it is given, for clients that
/// misbehave (slow, vanishing) in ways URLSession will not.
final class RawConnection: @unchecked Sendable {
    let descriptor: Int32

    init(port: Int) throws {
        #if canImport(Glibc)
        let stream = Int32(SOCK_STREAM.rawValue)
        #else
        let stream = SOCK_STREAM
        #endif
        descriptor = socket(AF_INET, stream, 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw POSIXError(.ECONNREFUSED)
        }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(
            descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes {
            Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
        } == bytes.count
    }

    /// What the server sends until it closes the connection (or 30 s pass), on a thread of its
    /// own; empty when it closed without answering.
    func readAll() async -> String {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var data = [UInt8]()
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = buffer.withUnsafeMutableBytes {
                        recv(self.descriptor, $0.baseAddress, $0.count, 0)
                    }
                    if count <= 0 { break }
                    data += buffer[0..<count]
                }
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }
}

/// What keeps the service answering: connection limits and timeouts, the limit on expensive work,
/// the decision log's failures, the admin credential and cross-site refusals, methods, and the
/// paths it shows.
@Suite struct ServiceLimitsTests {
    /// National and Hamedan only, copied once: these tests start several servers, and loading
    /// every province in each would take the cores the other tests need.
    static let small = Result { try ReloadTests.temporaryRules() }
    static func smallRules() throws -> String { try small.get().path }

    static func elapsed(_ work: () async throws -> Void) async rethrows -> Double {
        let start = ContinuousClock.now
        try await work()
        return MasirServer.seconds(ContinuousClock.now - start)
    }

    @Test(.timeLimit(.minutes(1)))
    func slowConnectionsCannotKeepHealthChecksOut() async throws {
        // An idle timeout longer than the test, so that only making room closes connections.
        let server = try await TestServer(rules: Self.smallRules()) {
            $0.maximumConnections = 20
            $0.idleTimeout = .seconds(120)
        }
        defer { server.stop() }
        // Twice the limit of connections that send part of a request head and then nothing.
        var slow: [RawConnection] = []
        for _ in 0..<40 {
            let connection = try RawConnection(port: server.port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            slow.append(connection)
        }
        try await Task.sleep(for: .milliseconds(200))
        var health = try await server.send("GET", "/healthz")
        let seconds = try await Self.elapsed {
            health = try await server.send("GET", "/healthz")
        }
        #expect(health.status == 200)
        // Generous: the machine may be busy with other tests; without room made, it never answers.
        #expect(seconds < 10, "/healthz took \(seconds) s among slow connections")
        let connections = try #require(health.json?["connections"] as? [String: Any])
        #expect(connections["limit"] as? Int == 20)
        #expect((connections["open"] as? Int ?? 99) <= 20)
        #expect((connections["evicted"] as? Int ?? 0) >= 20)

        withExtendedLifetime(slow) {}
    }

    @Test(.timeLimit(.minutes(1)))
    func aConnectionThatNeverFinishesItsHeadIsClosedAtTheIdleTimeout() async throws {
        let server = try await TestServer(rules: Self.smallRules()) {
            $0.idleTimeout = .seconds(1)
        }
        defer { server.stop() }
        let lingering = try RawConnection(port: server.port)
        lingering.send("GET /healthz HTTP/1.1\r\n")
        var answer = ""
        let waited = await Self.elapsed { answer = await lingering.readAll() }
        #expect(answer.isEmpty)
        // Generous for a busy machine; a server without the timeout keeps it open for the 30 s read.
        #expect(waited < 15, "closed after \(waited) s")
    }

    @Test(.timeLimit(.minutes(1)))
    func aBodyThatTrickles408sAndAVanishingClientDisturbsNoOne() async throws {
        let server = try await TestServer(rules: Self.smallRules()) {
            $0.idleTimeout = .seconds(1)
        }
        defer { server.stop() }
        let trickle = try RawConnection(port: server.port)
        trickle.send(
            "POST /v1/route HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\":"
        )
        var answer = ""
        let seconds = await Self.elapsed { answer = await trickle.readAll() }
        // Answered 408, or closed unanswered when the idle timeout comes first; either way soon.
        #expect(answer.isEmpty || answer.hasPrefix("HTTP/1.1 408"), "\(answer.prefix(200))")
        #expect(answer.isEmpty || answer.contains("body_timeout"))
        #expect(seconds < 15, "the trickling body held its connection \(seconds) s")

        // Clients that go away mid-body, mid-head and right after sending.
        for text in [
            "POST /v1/route HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"province\":",
            "POST /v1/route HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le",
            "POST /v1/route HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(Samples.needyHousing.utf8.count)\r\n\r\n\(Samples.needyHousing)",
        ] {
            let vanishing = try RawConnection(port: server.port)
            vanishing.send(text)
        }
        let routed = try await server.send("POST", "/v1/route", body: Samples.needyHousing)
        #expect(routed.status == 200)
    }

    @Test func expensiveWorkHasItsOwnLimitAndRoutingKeepsItsCapacity() async throws {
        let server = try await TestServer(rules: Self.smallRules()) {
            $0.maximumExpensive = 1
            $0.maximumExpensiveWaiting = 0
            $0.requestTimeout = .seconds(30)
        }
        defer { server.stop() }
        let limiter = server.built.service.expensive
        // A check that is still running (abandoned or not) holds the one slot.
        #expect(await limiter.acquire(waitingAtMost: .seconds(1)))
        let text = try String(
            contentsOfFile: TestServer.rules + "/provinces/hamedan/rulebook.masir", encoding: .utf8)
        let body = ServerTests.json(["text": text, "path": "provinces/hamedan"])
        let refused = try await server.send("POST", "/v1/check", body: body)
        #expect(refused.status == 503)
        #expect(refused.error?["code"] as? String == "busy")
        #expect(refused.error?["reason"] as? String == "server.busy")
        let reload = try await server.send("POST", "/v1/reload")
        #expect(reload.status == 503)
        let routed = try await server.send("POST", "/v1/route", body: Samples.needyHousing)
        #expect(routed.status == 200)
        let health = try await server.send("GET", "/healthz")
        #expect(health.status == 200)
        let expensive = try #require(health.json?["expensive"] as? [String: Any])
        #expect(expensive["saturated"] as? Bool == true)
        #expect((expensive["refused"] as? Int ?? 0) >= 2)

        limiter.release()
        let checked = try await server.send("POST", "/v1/check", body: body)
        #expect(checked.status == 200)
        #expect(limiter.counts.running == 0)
    }

    @Test func theLimiterHoldsASlotUntilAbandonedWorkStops() async throws {
        let limiter = WorkLimiter(capacity: 1, queueLimit: 1)
        let steps = TimeoutTests.Steps()
        #expect(await limiter.acquire(waitingAtMost: .seconds(1)))
        let reply = await MasirServer.withDeadline(.milliseconds(50)) { deadline in
            defer { limiter.release() }
            return TimeoutTests.steps(steps)(deadline)
        }
        #expect(reply.status == 503)
        // Answered, but the work has not necessarily stopped: the slot is not free until it has.
        #expect(await TimeoutTests.stopped(steps, within: 2))
        try await Task.sleep(for: .milliseconds(20))
        #expect(limiter.counts.running == 0)
        // One waits and gets the slot when it is released; a third is refused at once.
        #expect(await limiter.acquire(waitingAtMost: .seconds(1)))
        async let waiter = limiter.acquire(waitingAtMost: .seconds(5))
        try await Task.sleep(for: .milliseconds(50))
        #expect(await limiter.acquire(waitingAtMost: .seconds(5)) == false)
        limiter.release()
        #expect(await waiter)
        limiter.release()
        #expect(await limiter.acquire(waitingAtMost: .milliseconds(10)))
        #expect(await limiter.acquire(waitingAtMost: .milliseconds(10)) == false)
    }

    /// A write function for the decision log that fails with ENOSPC while `full` is set.
    final class Disk: @unchecked Sendable {
        private let lock = NSLock()
        private var isFull = false
        var full: Bool {
            get { lock.withLock { isFull } }
            set { lock.withLock { isFull = newValue } }
        }
        var writer: DecisionLog.Writer {
            { descriptor, bytes in
                if self.full {
                    errno = ENOSPC
                    return -1
                }
                return write(descriptor, bytes.baseAddress, bytes.count)
            }
        }
    }

    @Test func aDecisionTheLogCannotTakeIsNotGiven() async throws {
        let path = DecisionLogTests.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let disk = Disk()
        let server = try await TestServer(rules: Self.smallRules()) {
            $0.decisionLog = path
            $0.logWrite = disk.writer
        }
        defer { server.stop() }
        let first = try await server.send("POST", "/v1/route", body: Samples.needyHousing)
        #expect(first.status == 200)

        disk.full = true
        let one = try await server.send("POST", "/v1/route", body: Samples.needyHousing)
        #expect(one.status == 503)
        #expect(one.error?["reason"] as? String == "server.decision-log-unavailable")
        #expect(one.headers.keys.contains { $0.lowercased() == "masir-decision-id" } == false)
        let batch = try await server.send(
            "POST", "/v1/route", body: "[\(Samples.needyHousing), \(Samples.areaCodeOnly)]")
        #expect(batch.status == 503)
        let degraded = try await server.send("GET", "/healthz")
        #expect(degraded.status == 503)
        #expect(degraded.json?["status"] as? String == "degraded")
        #expect((degraded.json?["problems"] as? [String])?.first?.contains("decision log") == true)

        disk.full = false
        let again = try await server.send("POST", "/v1/route", body: Samples.needyHousing)
        #expect(again.status == 200)
        let recovered = try await server.send("GET", "/healthz")
        #expect(recovered.status == 200)
        #expect(recovered.json?["status"] as? String == "ok")
        server.built.flush()
        // Exactly the two decisions that were given.
        #expect(try DecisionLogTests.expectWholeLines(path) == 2)
    }

    @Test func aYAMLBillionLaughsIsRefusedBeforeItExpands() async throws {
        var laughs = [#"a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for level in 1..<10 {
            laughs.append(
                "a\(level): &a\(level) ["
                    + Array(repeating: "*a\(level - 1)", count: 10).joined(
                        separator: ",") + "]")
        }
        laughs.append("province: *a9")
        let server = try await TestServer.shared.value
        let reply = try await server.send(
            "POST", "/v1/route", body: laughs.joined(separator: "\n"),
            contentType: "application/yaml")
        // The case reader's limit on aliases refuses it before it expands (expanded, the body
        // is ten billion nodes: the answer could not come at all). No wall-clock bound: a busy
        // machine makes any such bound flaky.
        #expect(reply.status == 400)
        #expect(reply.error?["reason"] as? String == "input.too-many-aliases")
    }

    @Test func adminEndpointsNeedTheToken() async throws {
        let server = try await TestServer(rules: Self.smallRules())
        defer { server.stop() }
        let missing = try await server.send("POST", "/v1/reload", token: nil)
        #expect(missing.status == 401)
        #expect(missing.error?["reason"] as? String == "auth.missing-credential")
        let wrong = try await server.send("POST", "/v1/reload", token: "not-the-admin-token-at-all")
        #expect(wrong.status == 401)
        #expect(wrong.error?["reason"] as? String == "auth.bad-credential")
        #expect(try await server.send("POST", "/v1/reload").status == 200)
        let check = try await server.send(
            "POST", "/v1/check", body: #"{"text": "rulebook x"}"#, token: nil)
        #expect(check.status == 401)
        // Routing needs no credential.
        let routed = try await server.send(
            "POST", "/v1/route", body: Samples.needyHousing, token: nil)
        #expect(routed.status == 200)

        // Without a token file, reloading over HTTP is off; the playground's endpoints are open
        // on loopback only.
        let open = try await TestServer(rules: Self.smallRules()) { $0.adminToken = nil }
        defer { open.stop() }
        let disabled = try await open.send("POST", "/v1/reload")
        #expect(disabled.status == 403)
        #expect(disabled.error?["code"] as? String == "admin_disabled")
        #expect(
            try await open.send("POST", "/v1/check", body: #"{"text": "rulebook x"}"#).status
                == 200)
        var exposed = ServerConfiguration(rules: TestServer.rules)
        exposed.host = "0.0.0.0"
        exposed.adminToken = nil
        let policy = AccessPolicy(exposed)
        #expect(policy.loopback == false)
        #expect(policy.hosts.isEmpty)

        #expect(AccessPolicy.equalInConstantTime(Array("abc".utf8), Array("abc".utf8)))
        #expect(!AccessPolicy.equalInConstantTime(Array("abc".utf8), Array("abd".utf8)))
        #expect(!AccessPolicy.equalInConstantTime(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!AccessPolicy.equalInConstantTime([], Array("a".utf8)))
    }

    @Test func crossSiteRequestsAreRefused() async throws {
        let server = try await TestServer.shared.value
        for type in [
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "TEXT/PLAIN; charset=utf-8",
        ] {
            let reply = try await server.send(
                "POST", "/v1/route", body: Samples.needyHousing, contentType: type)
            #expect(reply.status == 415, "\(type)")
            #expect(reply.error?["reason"] as? String == "request.unsupported-media-type")
        }
        let elsewhere = try await server.send(
            "POST", "/v1/route", body: Samples.needyHousing,
            headers: ["Origin": "https://attacker.example"])
        #expect(elsewhere.status == 403)
        #expect(elsewhere.error?["reason"] as? String == "request.cross-site")
        let opaque = try await server.send(
            "POST", "/v1/reload", headers: ["Origin": "null"])
        #expect(opaque.status == 403)
        let fetchSite = try await server.send(
            "POST", "/v1/route", body: Samples.needyHousing,
            headers: ["Sec-Fetch-Site": "cross-site"])
        #expect(fetchSite.status == 403)
        let sameOrigin = try await server.send(
            "POST", "/v1/route", body: Samples.needyHousing,
            headers: ["Origin": "http://127.0.0.1:\(server.port)"])
        #expect(sameOrigin.status == 200)
        // A page whose name was pointed at 127.0.0.1 (DNS rebinding) sends its own name as Host.
        let rebound = try await server.send(
            "GET", "/v1/rulebooks", headers: ["Host": "attacker.example:\(server.port)"])
        #expect(rebound.status == 421)
        #expect(rebound.error?["reason"] as? String == "request.host-not-allowed")
    }

    @Test func wrongMethodsAre405AndHeadIsGetWithoutABody() async throws {
        let server = try await TestServer.shared.value
        let wrong = try await server.send("GET", "/v1/route")
        #expect(wrong.status == 405)
        #expect(wrong.headers.first { $0.key.lowercased() == "allow" }?.value == "POST")
        #expect(wrong.error?["code"] as? String == "method_not_allowed")
        let delete = try await server.send("DELETE", "/v1/rulebooks/hamedan")
        #expect(delete.status == 405)
        #expect(delete.headers.first { $0.key.lowercased() == "allow" }?.value == "GET, HEAD")
        let missing = try await server.send("GET", "/v1/nothing")
        #expect(missing.status == 404)

        let get = try await server.send("GET", "/healthz")
        let head = try await server.send("HEAD", "/healthz")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.contentType == get.contentType)
        #expect(try await server.send("HEAD", "/v1/rulebooks").status == 200)
    }

    @Test func noResponseShowsAServerPathOrFollowsALinkOut() async throws {
        let folder = try ReloadTests.temporaryRules()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outside = try Temporary.folder(
            "masir-outside",
            files: ["secret.yaml": "password: hunter2\n", "rulebook.masir": "rulebook secret\n"])
        defer { try? FileManager.default.removeItem(at: outside) }
        let cases = folder.appendingPathComponent("provinces/hamedan/cases")
        try FileManager.default.createSymbolicLink(
            atPath: cases.appendingPathComponent("leak.yaml").path,
            withDestinationPath: outside.appendingPathComponent("secret.yaml").path)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("linked").path,
            withDestinationPath: outside.path)
        let log = DecisionLogTests.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: log) }
        let server = try await TestServer(rules: folder.path) { $0.decisionLog = log }
        defer { server.stop() }

        let samples = try await server.send("GET", "/v1/samples?path=provinces/hamedan")
        #expect(samples.status == 200)
        #expect(!samples.text.contains("hunter2"))
        #expect(!samples.text.contains("leak.yaml"))
        let linked = try await server.send("GET", "/v1/samples?path=linked")
        #expect(linked.status == 404)
        #expect(!linked.text.contains("secret"))

        // Submitted text cannot read through a link either, and no diagnostic names a server path.
        let check = try await server.send(
            "POST", "/v1/check",
            body: ServerTests.json([
                "text": "rulebook probe\nextends \"../../linked/rulebook.masir\"\n",
                "path": "provinces/probe",
            ]))
        #expect(!check.text.contains(folder.path))
        #expect(!check.text.contains(outside.path))
        #expect(!check.text.contains("rulebook secret"))

        for path in ["/healthz", "/v1/rulebooks", "/v1/rulebooks/hamedan", "/v1/samples"] {
            let reply = try await server.send("GET", path)
            #expect(!reply.text.contains(folder.path), "\(path) shows \(folder.path)")
            #expect(!reply.text.contains(log), "\(path) shows \(log)")
        }
    }
}

/// `scripts/hostile_server.sh --quick` against a server of its own: slow connections, alias and
/// nesting bombs, huge literals, and checks that time out while routing goes on.
@Suite struct HostileScriptTests {
    static func smallRules() throws -> String { try ServiceLimitsTests.smallRules() }

    @Test(.timeLimit(.minutes(3))) func theServiceWithstandsTheHostileScript() async throws {
        try ConformanceTests.requirePython()
        let server = try await TestServer(rules: Self.smallRules()) {
            $0.requestTimeout = .seconds(2)
            $0.maximumConnections = 40
            $0.maximumExpensive = 1
        }
        defer { server.stop() }
        let (status, output) = try await run(
            "/bin/bash",
            [
                Repository.url("scripts/hostile_server.sh").path, "http://127.0.0.1:\(server.port)",
                "--token", TestServer.adminToken, "--quick",
                // Other tests share the machine's cores meanwhile.
                "--patience", "8",
            ])
        #expect(status == 0, "scripts/hostile_server.sh failed:\n\(output)")
        #expect(output.contains("all scenarios passed"))
    }
}
