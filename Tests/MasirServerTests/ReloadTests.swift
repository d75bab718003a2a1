import Foundation
import Masir
import MasirTestSupport
import Testing

@testable import MasirServer

/// Reloading a running server: broken rules are refused and the old ones kept; requests in
/// flight during reloads all succeed.
@Suite struct ReloadTests {
    /// A temporary copy of national and Hamedan.
    static func temporaryRules() throws -> URL {
        let folder = try Temporary.folder("masir-reload")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("provinces"), withIntermediateDirectories: true)
        let rules = URL(fileURLWithPath: TestServer.rules)
        try FileManager.default.copyItem(
            at: rules.appendingPathComponent("national"),
            to: folder.appendingPathComponent("national"))
        try FileManager.default.copyItem(
            at: rules.appendingPathComponent("provinces/hamedan"),
            to: folder.appendingPathComponent("provinces/hamedan"))
        return folder
    }

    @Test func aBrokenReloadKeepsTheRulesInUse() async throws {
        let folder = try Self.temporaryRules()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await TestServer(rules: folder.path)
        defer { server.stop() }
        let file = folder.appendingPathComponent("provinces/hamedan/rulebook.masir")
        let good = try String(contentsOf: file, encoding: .utf8)
        let before = try await server.send("GET", "/v1/rulebooks")
        let digest = try #require(before.json?["digest"] as? String)

        try
            (good
            + "\nrouting referrals\n  rule broken when caller.needy refer to nobody_at_all\nend\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let refused = try await server.send("POST", "/v1/reload")
        #expect(refused.status == 422)
        #expect(refused.error?["code"] as? String == "rulebook_errors")
        let diagnostics = try #require(refused.error?["diagnostics"] as? [[String: Any]])
        #expect(
            diagnostics.contains {
                $0["file"] as? String == "provinces/hamedan/rulebook.masir" && $0["line"] is Int
            })
        let still = try await server.send("GET", "/v1/rulebooks")
        #expect(still.json?["digest"] as? String == digest)
        #expect(still.json?["generation"] as? Int == 1)
        let routed = try await server.send("POST", "/v1/route", body: Samples.needyHousing)
        #expect(routed.status == 200)

        try good.replacingOccurrences(of: "version \"1403.1\"", with: "version \"1403.2\"").write(
            to: file, atomically: true, encoding: .utf8)
        let accepted = try await server.send("POST", "/v1/reload")
        #expect(accepted.status == 200)
        #expect(accepted.json?["generation"] as? Int == 2)
        #expect(accepted.json?["digest"] as? String != digest)
        let after = try await server.send("POST", "/v1/route", body: Samples.needyHousing)
        #expect((after.json?["rulebook"] as? [String: Any])?["version"] as? String == "1403.2")

        let health = try await server.send("GET", "/healthz")
        #expect(health.json?["failedReloads"] as? Int == 1)
        #expect(health.json?["reloads"] as? Int == 1)
        let metrics = try await server.send("GET", "/metrics")
        #expect(metrics.text.contains("masir_reloads_total{result=\"failed\"} 1"))
        #expect(metrics.text.contains("masir_reloads_total{result=\"ok\"} 1"))
    }

    @Test func requestsDuringReloadsAllSucceed() async throws {
        let folder = try Self.temporaryRules()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await TestServer(rules: folder.path)
        defer { server.stop() }
        let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
            group.addTask {
                var reloads: [Int] = []
                for _ in 0..<5 {
                    reloads.append(try await server.send("POST", "/v1/reload").status)
                }
                return reloads
            }
            for _ in 0..<4 {
                group.addTask {
                    var statuses: [Int] = []
                    for _ in 0..<25 {
                        statuses.append(
                            try await server.send("POST", "/v1/route", body: Samples.needyHousing)
                                .status)
                    }
                    return statuses
                }
            }
            var all: [Int] = []
            for try await batch in group { all += batch }
            return all
        }
        #expect(statuses.count == 105)
        #expect(statuses.allSatisfy { $0 == 200 })
        let health = try await server.send("GET", "/healthz")
        #expect(health.json?["generation"] as? Int == 6)
    }
}
