import Foundation
import Masir
import MasirTestSupport
import Testing

@testable import MasirServer

/// Request timeouts: the client gets 503 at the deadline, and the abandoned work stops at its
/// next step instead of running on, and leaves nothing in the decision log.
@Suite struct TimeoutTests {
    /// Counts a piece of work's steps, and signals when it has stopped.
    final class Steps: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        let done = DispatchSemaphore(value: 0)
        func step() { lock.withLock { count += 1 } }
        var taken: Int { lock.withLock { count } }
    }

    /// Work of 500 steps of 10 ms (5 s) that looks at its deadline between steps, as a batch does
    /// between cases.
    static func steps(_ steps: Steps) -> @Sendable (RequestDeadline) -> Reply {
        { deadline in
            defer { steps.done.signal() }
            for _ in 0..<500 {
                if deadline.hasExpired { return Reply(status: 500, body: Data()) }
                Thread.sleep(forTimeInterval: 0.01)
                steps.step()
            }
            return Reply(status: 200, body: Data())
        }
    }

    /// Waits for `steps`' work to stop, on a thread of its own (not one that runs Swift tasks).
    static func stopped(_ steps: Steps, within seconds: Double) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    returning: steps.done.wait(timeout: .now() + seconds) == .success)
            }
        }
    }

    @Test func aRequestThatTakesTooLongIsAnswered503AndItsWorkStops() async {
        let steps = Steps()
        let reply = await MasirServer.withDeadline(.milliseconds(50), Self.steps(steps))
        #expect(reply.status == 503)
        #expect(String(decoding: reply.body, as: UTF8.self).contains("\"timeout\""))
        // Stopped within a second of the deadline, not after the 5 s the work would take.
        #expect(await Self.stopped(steps, within: 2))
        #expect(steps.taken < 200, "the work ran on for \(steps.taken) steps after its deadline")

        let quick = await MasirServer.withDeadline(.seconds(5)) { _ in
            Reply(status: 200, body: Data("{}".utf8))
        }
        #expect(quick.status == 200)
    }

    @Test func workThatClaimedItsAnswerIsNotCutOffByTheDeadline() async {
        let reply = await MasirServer.withDeadline(.milliseconds(20)) { deadline in
            let claimed = deadline.claim()
            Thread.sleep(forTimeInterval: 0.2)
            return Reply(status: claimed && !deadline.hasExpired ? 200 : 500, body: Data())
        }
        #expect(reply.status == 200)
    }

    @Test func aCancelledRequestIsAnswered503AndItsWorkStops() async {
        let steps = Steps()
        let task = Task { await MasirServer.withDeadline(.seconds(60), Self.steps(steps)) }
        try? await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let reply = await task.value
        #expect(reply.status == 503)
        #expect(String(decoding: reply.body, as: UTF8.self).contains("\"cancelled\""))
        #expect(await Self.stopped(steps, within: 2))

        // Cancelled before it began: answered at once, and the work sees the deadline passed.
        let ran = Steps()
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await MasirServer.withDeadline(.seconds(60), Self.steps(ran))
        }
        #expect(await early.value.status == 503)
        #expect(await Self.stopped(ran, within: 2))
        #expect(ran.taken == 0)
    }

    @Test(.timeLimit(.minutes(2)))
    func aBatchThatTimesOutIsAnswered503StopsEarlyAndTheServerKeepsServing() async throws {
        let folder = try ReloadTests.temporaryRules()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = DecisionLogTests.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: log) }
        let server = try await TestServer(rules: folder.path) {
            $0.requestTimeout = .milliseconds(1)
            $0.decisionLog = log
        }
        defer { server.stop() }

        let batch =
            "[" + Array(repeating: Samples.needyHousing, count: 1000).joined(separator: ",") + "]"
        let reply = try await server.send("POST", "/v1/route?at=1403/08/20%2010:00", body: batch)
        #expect(reply.status == 503)
        #expect(reply.error?["code"] as? String == "timeout")

        // The batch stops at its next case, so cases are left undecided (all of them, usually:
        // reading 1000 cases takes longer than 1 ms).
        var abandoned = 0
        for _ in 0..<100 where abandoned == 0 {
            let metrics = try await server.send("GET", "/metrics")
            abandoned =
                metrics.text.split(separator: "\n").first {
                    $0.hasPrefix("masir_abandoned_cases_total ")
                }
                .flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
            if abandoned == 0 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(abandoned > 0 && abandoned <= 1000, "abandoned \(abandoned)")
        // … and nothing it decided was logged or counted: the client was given none of it.
        server.built.flush()
        #expect(try DecisionLogTests.expectWholeLines(log) == 0)

        let health = try await server.send("GET", "/healthz")
        #expect(health.status == 200)
        let rulebooks = try await server.send("GET", "/v1/rulebooks")
        #expect(rulebooks.status == 200)
        let malformed = try await server.send("POST", "/v1/route", body: "{")
        #expect([400, 503].contains(malformed.status))
    }
}

/// A check whose request times out stops its analysis at the deadline instead of running on:
/// the server counts each check the checker cut short, so the test needs no stopwatch.
@Suite struct AbandonedCheckTests {
    @Test(.timeLimit(.minutes(3)))
    func aTimedOutCheckStopsItsAnalysisAndFreesItsSlot() async throws {
        let generated = try Command.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "scripts/gen_large_rulebook.py", "rules", "1000"])
        try #require(generated.status == 0, "\(generated.errors)")
        let folder = try ReloadTests.temporaryRules()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await TestServer(rules: folder.path) {
            $0.requestTimeout = .milliseconds(200)
            $0.maximumExpensive = 1
        }
        defer { server.stop() }
        let body = ServerTests.json(["text": generated.output, "path": "large.masir"])
        let reply = try await server.send("POST", "/v1/check", body: body)
        #expect(reply.status == 503)
        #expect(reply.error?["code"] as? String == "timeout")
        // The slot is held until the work ends; then the check must have stopped short.
        var running = 1
        for _ in 0..<600 where running > 0 {
            let health = try await server.send("GET", "/healthz")
            running = (health.json?["expensive"] as? [String: Any])?["running"] as? Int ?? 1
            if running > 0 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(running == 0)
        let metrics = try await server.send("GET", "/metrics").text
        #expect(
            metrics.contains(#"masir_work_stopped_at_deadline_total{work="check"} 1"#), "\(metrics)"
        )
    }
}
