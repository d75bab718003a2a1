import Foundation
import MasirTestSupport
import Testing

@testable import MasirServer

/// The decision log never holds a broken record: each is one write(2), a partial last line is
/// truncated on open, and a `kill -9` while the server writes leaves only complete lines.
@Suite struct DecisionLogTests {
    static func temporaryFile() -> String {
        Temporary.file("masir-log", extension: "jsonl").path
    }

    static func record(_ n: Int) -> DecisionLog.Record {
        DecisionLog.Record(
            id: "d\(n)", loggedAt: "2024-11-02T06:30:00Z", at: "2024-11-02T10:00:00+03:30",
            rulebook: "hamedan",
            rulebookDigest: String(repeating: "a", count: 64), caseId: "C-\(n)",
            caseDigest: String(repeating: "b", count: 32),
            referrals: [.init(agency: "welfare", role: "primary")], priority: "high")
    }

    /// Every line is a whole JSON object and the file ends with a newline.
    static func expectWholeLines(
        _ path: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        if data.isEmpty { return 0 }
        #expect(
            data.last == UInt8(ascii: "\n"), "the log ends inside a record",
            sourceLocation: sourceLocation)
        let lines = data.split(separator: UInt8(ascii: "\n"))
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            #expect(
                object?["id"] != nil && object?["rulebookDigest"] != nil,
                "broken record: \(String(decoding: line, as: UTF8.self))",
                sourceLocation: sourceLocation)
        }
        return lines.count
    }

    @Test(arguments: ServerConfiguration.FsyncPolicy.allCases)
    func recordsAreWholeLines(policy: ServerConfiguration.FsyncPolicy) throws {
        let path = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let log = try DecisionLog(path: path, policy: policy, batchInterval: .milliseconds(10))
            DispatchQueue.concurrentPerform(iterations: 200) { try? log.append(Self.record($0)) }
            log.sync()
        }
        #expect(try Self.expectWholeLines(path) == 200)
    }

    @Test func aRecordIsWhatJSONEncoderWouldWrite() throws {
        var record = Self.record(7)
        record.caseId = "C-\"7\"\\\n\t\u{1}«همدان»\u{2028}/"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = DecisionLog.line(record)
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        let decoded = try JSONDecoder().decode(DecisionLog.Record.self, from: Data(line.utf8))
        #expect(decoded.caseId == record.caseId)
        #expect(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? NSDictionary
                == JSONSerialization.jsonObject(with: encoder.encode(record)) as? NSDictionary)
        record.caseId = nil
        #expect(!DecisionLog.line(record).contains("caseId"))
    }

    @Test func aPartialLastLineIsTruncatedOnOpen() throws {
        let path = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let log = try DecisionLog(path: path, policy: .never)
            for n in 0..<3 { try log.append(Self.record(n)) }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("{\"id\":\"d3\",\"loggedAt\":\"2024".utf8))
        try handle.close()
        let reopened = try DecisionLog(path: path, policy: .always)
        #expect(reopened.repairedBytes == 27)
        try reopened.append(Self.record(4))
        #expect(try Self.expectWholeLines(path) == 4)
        // A file that is nothing but a partial line becomes empty.
        try Data("{\"id\":".utf8).write(to: URL(fileURLWithPath: path))
        _ = try DecisionLog(path: path, policy: .never)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
    }

    /// Routed decisions are logged, one line each; the playground's evaluations of draft text
    /// deliberately are not (docs/embedding.md).
    @Test func routedDecisionsAreLoggedAndPlaygroundEvaluationsAreNot() async throws {
        let path = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let folder = try ReloadTests.temporaryRules()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await TestServer(rules: folder.path) { $0.decisionLog = path }
        defer { server.stop() }
        let rulebook = try String(
            contentsOf: folder.appendingPathComponent("provinces/hamedan/rulebook.masir"),
            encoding: .utf8)
        let yaml = try String(
            contentsOf: folder.appendingPathComponent(
                "provinces/hamedan/cases/needy-housing-deposit.yaml"), encoding: .utf8)
        let evaluate = String(
            decoding: try JSONSerialization.data(withJSONObject: [
                "rulebook": rulebook, "path": "provinces/hamedan", "case": yaml,
            ]), as: UTF8.self)
        let evaluated = try await server.send("POST", "/v1/evaluate", body: evaluate)
        #expect(evaluated.json?["decision"] != nil)
        let one = try await server.send("POST", "/v1/route", body: Samples.needyHousing)
        let two = try await server.send(
            "POST", "/v1/route", body: yaml + "\n---\n" + yaml, contentType: "application/yaml")
        #expect(one.status == 200 && two.status == 200)
        server.built.flush()
        #expect(try Self.expectWholeLines(path) == 3)
        let ids = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"]
                    as? String
            }
        #expect(
            ids.first == one.headers.first { $0.key.lowercased() == "masir-decision-id" }?.value)
        #expect(
            Set(ids.dropFirst())
                == Set(
                    (two.array as? [[String: Any]] ?? []).compactMap { $0["decisionId"] as? String }
                ))
    }

    /// Starts the real `masir serve` with a decision log, keeps it busy, kills it with SIGKILL while
    /// it writes, and reads the log: whole lines only, and every decision a client was given
    /// (its `Masir-Decision-Id`) is there.
    @Test func killDashNineLeavesOnlyCompleteLinesAndLosesNoAcknowledgedDecision() async throws {
        let binary = try MasirExecutable.require().path
        let path = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let folder = try ReloadTests.temporaryRules()
        defer { try? FileManager.default.removeItem(at: folder) }

        for round in 0..<2 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = [
                "serve", folder.path, "--port", "0", "--decision-log", path, "--fsync",
                round == 0 ? "never" : "batch", "--log-format", "text", "--log-level", "notice",
            ]
            let output = Pipe()
            process.standardError = output
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            // Read the port from the log line that says where it serves.
            // Read the log on a thread of its own: a blocking read on one of the few threads
            // that run Swift tasks would hold up the in-process servers of other tests.
            let handle = UncheckedBox(output.fileHandleForReading)
            let (port, seen) = await withCheckedContinuation {
                (continuation: CheckedContinuation<(Int?, String), Never>) in
                Thread.detachNewThread {
                    var port: Int?
                    var seen = ""
                    let deadline = Date().addingTimeInterval(60)
                    while port == nil, Date() < deadline {
                        let chunk = handle.value.availableData
                        if chunk.isEmpty { break }
                        seen += String(decoding: chunk, as: UTF8.self)
                        if let range = seen.range(
                            of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression)
                        {
                            port = Int(seen[range].split(separator: ":").last?.dropLast() ?? "")
                        }
                    }
                    continuation.resume(returning: (port, seen))
                }
            }
            let server = try #require(port, "the server did not start: \(seen)")
            let client = PortClient(port: server)
            // Many concurrent writers, then SIGKILL in the middle of them. The writers stop by a
            // flag, not by cancellation: cancelling an in-flight URLSession request can deadlock
            // swift-corelibs-foundation.
            let stop = StopFlag()
            let load = Task {
                await withTaskGroup(of: [String].self) { group in
                    for _ in 0..<8 {
                        group.addTask {
                            var acknowledged: [String] = []
                            for _ in 0..<400 where !stop.isSet {
                                if let reply = try? await client.route(Samples.needyHousing),
                                    reply.0 == 200, let id = reply.1
                                {
                                    acknowledged.append(id)
                                }
                            }
                            return acknowledged
                        }
                    }
                    return await group.reduce(into: []) { $0 += $1 }
                }
            }
            var bytes = 0
            for _ in 0..<200 {
                try await Task.sleep(for: .milliseconds(25))
                bytes = (try? Data(contentsOf: URL(fileURLWithPath: path)).count) ?? 0
                if bytes > 20_000 * (round + 1) { break }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            stop.set()
            let acknowledged = await load.value
            #expect(process.terminationReason == .uncaughtSignal)
            let count = try Self.expectWholeLines(path)
            #expect(count > 0)
            let logged = Set(
                try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap
                {
                    (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?[
                        "id"] as? String
                })
            let lost = acknowledged.filter { !logged.contains($0) }
            #expect(!acknowledged.isEmpty)
            #expect(
                lost.isEmpty,
                "\(lost.count) of \(acknowledged.count) acknowledged decisions are not in the log")
        }
    }
}

/// A flag that tells loops in other tasks to stop.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}

/// A minimal client for a server in another process.
struct PortClient: Sendable {
    var port: Int
    /// The status and the `Masir-Decision-Id` of routing `body`.
    func route(_ body: String) async throws -> (Int, String?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/route")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.timeoutInterval = 5
        let (_, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Masir-Decision-Id"))
    }
}

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
