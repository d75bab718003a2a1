import Foundation
import Masir
import Testing

@testable import MasirServer

/// `masir serve` over HTTP on loopback: every endpoint, its errors and its limits.
@Suite struct ServerTests {
    func server() async throws -> TestServer { try await TestServer.shared.value }

    @Test func routesOneCaseByProvinceAndAnotherByAreaCode() async throws {
        let server = try await server()
        let needy = try await server.send(
            "POST", "/v1/route?at=1403/08/20%2010:00", body: Samples.needyHousing)
        #expect(needy.status == 200)
        let decision = try #require(needy.json)
        #expect(decision["format"] as? String == "masir.decision/1")
        let referrals = try #require(decision["referrals"] as? [[String: Any]])
        #expect(referrals.first?["agency"] as? String == "welfare")
        #expect((decision["rulebook"] as? [String: Any])?["id"] as? String == "hamedan")
        #expect(needy.headers.keys.contains { $0.lowercased() == "masir-decision-id" })
        #expect(decision["trace"] == nil)

        let byAreaCode = try await server.send(
            "POST", "/v1/route?explain=true&at=2024-11-15T10:00:00%2B03:30",
            body: Samples.areaCodeOnly)
        #expect(byAreaCode.status == 200)
        let electricity = try #require(byAreaCode.json)
        #expect(
            (electricity["referrals"] as? [[String: Any]])?.first?["agency"] as? String
                == "electricity")
        #expect(
            (electricity["at"] as? [String: Any])?["iso"] as? String == "2024-11-15T10:00:00+03:30")
        let trace = try #require(electricity["trace"] as? [[String: Any]])
        let matched = try #require(trace.first { $0["result"] as? String == "matched" })
        #expect(matched["line"] as? Int != nil)
        #expect(
            (matched["file"] as? String)?.hasPrefix("provinces/") == true
                || (matched["file"] as? String)?.hasPrefix("national/") == true)
    }

    @Test func aBatchAnswersEveryCaseInOrder() async throws {
        let server = try await server()
        let batch =
            "[\(Samples.needyHousing), {\"province\": \"نیست\", \"opened\": \"1403/08/12 10:00\"}, \(Samples.areaCodeOnly)]"
        let reply = try await server.send("POST", "/v1/route", body: batch)
        #expect(reply.status == 200)
        let items = try #require(reply.array as? [[String: Any]])
        #expect(items.count == 3)
        #expect(items.map { $0["index"] as? Int } == [0, 1, 2])
        #expect(items[0]["decision"] != nil && items[0]["decisionId"] != nil)
        #expect((items[1]["error"] as? [String: Any])?["field"] as? String == "province")
        #expect(items[2]["decision"] != nil)
        let empty = try await server.send("POST", "/v1/route", body: "[]")
        #expect(empty.status == 200 && empty.array?.isEmpty == true)
    }

    @Test func eachCaseOfABatchIsDecidedAtTheInstantItCarries() async throws {
        let server = try await server()
        func carrying(_ key: String, _ at: String) -> String {
            String(Samples.needyHousing.dropLast()) + ", \"\(key)\": \"\(at)\"}"
        }
        func instants(_ reply: TestServer.Exchange) -> [String?] {
            (reply.array as? [[String: Any]] ?? []).map {
                (($0["decision"] as? [String: Any])?["at"] as? [String: Any])?["iso"] as? String
            }
        }
        func fired(_ reply: TestServer.Exchange) -> [[String]] {
            (reply.array as? [[String: Any]] ?? []).map {
                ((($0["decision"] as? [String: Any])?["escalation"] as? [String: Any])?["levels"]
                    as? [[String: Any]] ?? []).filter { $0["fired"] as? Bool == true }.compactMap {
                        $0["level"] as? String
                    }
            }
        }
        let batch =
            "[\(carrying("evaluated_at", "1403/08/13 11:00")), \(carrying("evaluated_at", "2024-11-20T10:00:00+03:30"))]"
        let own = try await server.send("POST", "/v1/route", body: batch)
        #expect(own.status == 200)
        #expect(instants(own) == ["2024-11-03T11:00:00+03:30", "2024-11-20T10:00:00+03:30"])
        #expect(fired(own) == [[], ["overdue", "governor"]])
        let named = try await server.send(
            "POST", "/v1/route?at_field=decided",
            body: "[\(carrying("decided", "1403/08/13 11:00"))]")
        #expect(instants(named) == ["2024-11-03T11:00:00+03:30"])
        let fixed = try await server.send(
            "POST", "/v1/route?at=1403/08/20%2010:00", body: batch)
        #expect(instants(fixed) == ["2024-11-10T10:00:00+03:30", "2024-11-10T10:00:00+03:30"])
        let nested = try await server.send("POST", "/v1/route?at_field=caller.at", body: batch)
        #expect(nested.status == 400)
    }

    @Test func badRequestsGetJSONErrorsNamingTheField() async throws {
        let server = try await server()
        let malformed = try await server.send("POST", "/v1/route", body: "{\"province\": ")
        #expect(malformed.status == 400)
        #expect(malformed.error?["code"] as? String == "malformed_json")

        let wrongType = try await server.send(
            "POST", "/v1/route",
            body:
                #"{"province": "همدان", "caller": {"needy": "maybe"}, "opened": "1403/08/12 10:00"}"#
        )
        #expect(wrongType.status == 422)
        #expect(wrongType.error?["code"] as? String == "invalid_case")
        #expect(wrongType.error?["field"] as? String == "caller.needy")

        let missing = try await server.send("POST", "/v1/route", body: #"{"province": "همدان"}"#)
        #expect(missing.status == 422)
        #expect(missing.error?["field"] as? String == "opened")

        let notACase = try await server.send("POST", "/v1/route", body: "42")
        #expect(notACase.status == 422)

        let badInstant = try await server.send(
            "POST", "/v1/route?at=tomorrow", body: Samples.needyHousing)
        #expect(badInstant.status == 400)
        #expect(badInstant.error?["field"] as? String == "at")

        let badFlag = try await server.send(
            "POST", "/v1/route?explain=perhaps", body: Samples.needyHousing)
        #expect(badFlag.status == 400)
        #expect(badFlag.error?["field"] as? String == "explain")

        let noSuchRulebook = try await server.send(
            "POST", "/v1/route?rulebook=atlantis", body: Samples.needyHousing)
        #expect(noSuchRulebook.status == 404)

        let nowhere = try await server.send("GET", "/v2/nothing")
        #expect(nowhere.status == 404)
        #expect(nowhere.error?["code"] as? String == "not_found")
    }

    @Test func aYAMLCaseIsRoutedAsItsJSONTwin() async throws {
        let server = try await server()
        let cases = TestServer.rules + "/provinces/hamedan/cases/"
        let needy = try String(
            contentsOfFile: cases + "needy-housing-deposit.yaml", encoding: .utf8)
        let byAreaCode = try String(
            contentsOfFile: cases + "area-code-only-dargazin.yaml", encoding: .utf8)
        let path = "/v1/route?explain=true&at=1403/08/20%2010:00"
        let json = try await server.send("POST", path, body: Samples.needyHousing)
        #expect(json.status == 200)
        for type in [
            "application/yaml", "application/x-yaml", "text/yaml; charset=utf-8",
            "Application/YAML",
        ] {
            let yaml = try await server.send("POST", path, body: needy, contentType: type)
            #expect(yaml.status == 200, "\(type): \(yaml.text)")
            #expect(yaml.text == json.text, "\(type)")
            #expect(yaml.headers.keys.contains { $0.lowercased() == "masir-decision-id" })
        }
        // JSON is YAML too, so a JSON body sent as YAML decides the same.
        let jsonAsYAML = try await server.send(
            "POST", path, body: Samples.needyHousing, contentType: "application/yaml")
        #expect(jsonAsYAML.text == json.text)

        // A batch: several documents, or a list — a list of one is still a batch, as in JSON.
        let jsonBatch = try await server.send(
            "POST", path, body: "[\(Samples.needyHousing), \(Samples.areaCodeOnly)]")
        let documents = try await server.send(
            "POST", path, body: needy + "\n---\n" + byAreaCode, contentType: "application/yaml")
        #expect(documents.status == 200)
        func decisions(_ reply: TestServer.Exchange) -> [NSDictionary] {
            (reply.array as? [[String: Any]] ?? []).compactMap { $0["decision"] as? NSDictionary }
        }
        #expect(decisions(documents).count == 2)
        #expect(decisions(documents) == decisions(jsonBatch))
        let list = try await server.send(
            "POST", path, body: "- province: همدان\n  opened: 1403/08/12 10:00\n",
            contentType: "text/yaml")
        #expect(list.status == 200)
        #expect(list.array?.count == 1)

        // A YAML case's errors name the field and its line.
        let wrong = try await server.send(
            "POST", path,
            body: "province: همدان\ncaller:\n  needy: maybe\nopened: 1403/08/12 10:00\n",
            contentType: "application/yaml")
        #expect(wrong.status == 422)
        #expect(wrong.error?["code"] as? String == "invalid_case")
        #expect(wrong.error?["field"] as? String == "caller.needy")
        #expect((wrong.error?["details"] as? [[String: Any]])?.first?["line"] as? Int == 3)
    }

    @Test func malformedYAMLIsAnswered400WithItsLine() async throws {
        let server = try await server()
        let broken = "province: همدان\ncaller: {needy: yes\nopened: 1403/08/12 10:00\n"
        let reply = try await server.send(
            "POST", "/v1/route", body: broken, contentType: "application/yaml")
        #expect(reply.status == 400)
        #expect(reply.contentType.hasPrefix("application/json"))
        #expect(reply.error?["code"] as? String == "malformed_yaml")
        let message = try #require(reply.error?["message"] as? String)
        #expect(message.hasPrefix("line "), "\(message)")
        #expect(message.contains("YAML"), "\(message)")
        #expect((reply.error?["details"] as? [[String: Any]])?.first?["line"] as? Int != nil)

        let notUTF8 = try await server.send(
            "POST", "/v1/route", data: Data([0x61, 0x3A, 0x20, 0xFF, 0xFE]),
            contentType: "application/yaml")
        #expect(notUTF8.status == 400)
        #expect(notUTF8.error?["code"] as? String == "malformed_yaml")
        let empty = try await server.send(
            "POST", "/v1/route", body: "# nothing but a comment\n", contentType: "application/yaml")
        #expect(empty.status == 422)
        #expect(empty.error?["code"] as? String == "invalid_case")
        let scalar = try await server.send(
            "POST", "/v1/route", body: "just words\n", contentType: "application/yaml")
        #expect(scalar.status == 422)
        let deep = try await server.send(
            "POST", "/v1/route", body: String(repeating: "[", count: 5000),
            contentType: "application/yaml")
        #expect(deep.status == 400)
        let many = try await server.send(
            "POST", "/v1/route",
            body: Array(repeating: "- {}", count: 1001).joined(separator: "\n"),
            contentType: "application/yaml")
        #expect(many.status == 413)
        #expect(many.error?["code"] as? String == "batch_too_large")
        let health = try await server.send("GET", "/healthz")
        #expect(health.status == 200)
    }

    @Test func limitsAreEnforced() async throws {
        let server = try await server()
        let huge = try await server.send(
            "POST", "/v1/route", data: Data(repeating: UInt8(ascii: " "), count: (1 << 20) + 10))
        #expect(huge.status == 413)
        #expect(huge.error?["code"] as? String == "body_too_large")
        let many = "[" + Array(repeating: "{}", count: 1001).joined(separator: ",") + "]"
        let batch = try await server.send("POST", "/v1/route", body: many)
        #expect(batch.status == 413)
        #expect(batch.error?["code"] as? String == "batch_too_large")
    }

    @Test func garbageNeverBringsTheServerDown() async throws {
        let server = try await server()
        let bodies = [
            "", "null", "[[[[", "{\"a\":", String(repeating: "[", count: 5000), "\u{0}\u{1}",
            "{\"province\": {\"x\": [1, 2]}}",
            "[1, \"a\", null, {}]", "{\"opened\": 1e400}", #"{"rulebook": 5, "case": []}"#,
        ]
        for path in [
            "/v1/route", "/v1/check", "/v1/evaluate", "/v1/route?explain=true&strict=true",
        ] {
            for body in bodies {
                let reply = try await server.send("POST", path, body: body)
                #expect(
                    (200..<500).contains(reply.status),
                    "\(path) \(body.prefix(20)) → \(reply.status)")
                #expect(reply.contentType.hasPrefix("application/json"))
            }
        }
        let health = try await server.send("GET", "/healthz")
        #expect(health.status == 200)
    }

    @Test func rulebooksAreListedAndDescribed() async throws {
        let server = try await server()
        let list = try await server.send("GET", "/v1/rulebooks")
        #expect(list.status == 200)
        let books = try #require(list.json?["rulebooks"] as? [[String: Any]])
        #expect(books.count == 32)
        let hamedan = try #require(books.first { $0["id"] as? String == "hamedan" })
        #expect((hamedan["digest"] as? String)?.count == 64)
        #expect(hamedan["file"] as? String == "provinces/hamedan/rulebook.masir")
        #expect(list.json?["generation"] as? Int ?? 0 >= 1)

        let detail = try await server.send("GET", "/v1/rulebooks/hamedan")
        #expect(detail.status == 200)
        let description = try #require(detail.json)
        #expect((description["agencies"] as? [Any])?.count ?? 0 > 70)
        #expect(
            (description["schema"] as? [[String: Any]])?.contains {
                $0["path"] as? String == "caller.needy"
            } == true)
        #expect((description["counties"] as? [Any])?.count == 10)

        let missing = try await server.send("GET", "/v1/rulebooks/atlantis")
        #expect(missing.status == 404)

        let calendar = try await server.send(
            "GET", "/v1/rulebooks/hamedan/calendar?from=1403/08/10&to=1403/08/13")
        #expect(calendar.status == 200)
        let days = try #require(calendar.json?["days"] as? [[String: Any]])
        #expect(days.map { $0["working"] as? Bool } == [false, false, true, true])
        let tooLong = try await server.send(
            "GET", "/v1/rulebooks/hamedan/calendar?from=1403/01/01&to=1405/01/01")
        #expect(tooLong.status == 400)
    }

    @Test func checkReportsDiagnosticsAtTheirLine() async throws {
        let server = try await server()
        let text = try String(
            contentsOfFile: TestServer.rules + "/provinces/hamedan/rulebook.masir", encoding: .utf8)
        let clean = try await server.send(
            "POST", "/v1/check", body: Self.json(["text": text, "path": "provinces/hamedan"]))
        #expect(clean.status == 200)
        #expect(clean.json?["ok"] as? Bool == true)
        #expect(clean.json?["path"] as? String == "provinces/hamedan/rulebook.masir")

        let broken = text.replacingOccurrences(
            of: "refer to production_hq", with: "refer to production_hqq")
        let line =
            try #require(
                broken.components(separatedBy: "\n").firstIndex { $0.contains("production_hqq") })
            + 1
        let reply = try await server.send(
            "POST", "/v1/check", body: Self.json(["text": broken, "path": "provinces/hamedan"]))
        #expect(reply.json?["ok"] as? Bool == false)
        let diagnostics = try #require(reply.json?["diagnostics"] as? [[String: Any]])
        let error = try #require(diagnostics.first { $0["severity"] as? String == "error" })
        #expect(error["line"] as? Int == line)
        #expect(error["file"] as? String == "provinces/hamedan/rulebook.masir")
        #expect((error["help"] as? String)?.contains("production_hq") == true)

        // Accept-Language chooses the language of messages and advice; the rest is unchanged.
        let persian = try await server.send(
            "POST", "/v1/check", body: Self.json(["text": broken, "path": "provinces/hamedan"]),
            headers: ["Accept-Language": "fa-IR,fa;q=0.9,en;q=0.5"])
        let persianError = try #require(
            (persian.json?["diagnostics"] as? [[String: Any]])?.first {
                $0["severity"] as? String == "error"
            })
        #expect(persianError["message"] as? String == "نهاد `production_hqq` تعریف نشده است")
        #expect(persianError["help"] as? String == "منظورتان `production_hq` بود؟")
        #expect(persianError["line"] as? Int == line)

        let plain = try await server.send(
            "POST", "/v1/check?path=provinces/hamedan", body: broken,
            contentType: "text/x-masir; charset=utf-8")
        #expect(plain.json?["ok"] as? Bool == false)
        let escape = try await server.send(
            "POST", "/v1/check", body: Self.json(["text": "rulebook x", "path": "../../etc"]))
        #expect(escape.status == 400)
        #expect(escape.error?["field"] as? String == "path")
    }

    @Test func evaluateDecidesWithEditedRules() async throws {
        let server = try await server()
        let text = try String(
            contentsOfFile: TestServer.rules + "/provinces/hamedan/rulebook.masir", encoding: .utf8)
        let yaml = try String(
            contentsOfFile: TestServer.rules
                + "/provinces/hamedan/cases/needy-housing-deposit.yaml", encoding: .utf8)
        let original = try await server.send(
            "POST", "/v1/evaluate",
            body: Self.json([
                "rulebook": text, "path": "provinces/hamedan", "case": yaml,
                "at": "1403/08/20 10:00",
            ]))
        #expect(original.status == 200)
        let decision = try #require(original.json?["decision"] as? [String: Any])
        #expect(
            (decision["referrals"] as? [[String: Any]])?.first?["agency"] as? String == "welfare")
        let trace = try #require(decision["trace"] as? [[String: Any]])
        #expect(trace.contains { $0["result"] as? String == "matched" && $0["line"] is Int })
        let time = try #require(original.json?["workingTime"] as? [String: Any])
        #expect((time["intervals"] as? [Any])?.isEmpty == false)
        // The trace as an answer: the primary referral's rule first, every entry placed once.
        let answer = try #require(original.json?["answer"] as? [String: [Int]])
        let deciding = try #require(answer["deciding"]?.first)
        #expect(trace[deciding]["rule"] as? String == "needy_covered_loans")
        let placed = ["deciding", "whyNot", "others"].flatMap { answer[$0] ?? [] }
        #expect(placed.sorted() == Array(trace.indices))
        #expect(answer["others"]?.isEmpty == false)

        // A province rule placed first now takes the case.
        let edited = text.replacingOccurrences(
            of: "routing referrals\n",
            with: """
                routing referrals
                  rule playground_first "آزمایش"
                    when caller.needy
                    refer to governor
                    sla 2 working days

                """)
        let changed = try await server.send(
            "POST", "/v1/evaluate",
            body: Self.json([
                "rulebook": edited, "path": "provinces/hamedan", "case": yaml,
                "at": "1403/08/20 10:00",
            ]))
        let referral =
            (changed.json?["decision"] as? [String: Any])?["referrals"] as? [[String: Any]]
        #expect(referral?.first?["agency"] as? String == "governor")
        #expect(referral?.first?["rule"] as? String == "playground_first")

        let broken = try await server.send(
            "POST", "/v1/evaluate",
            body: Self.json([
                "rulebook": text
                    + "\nrouting broken first match\n  rule x when nope refer to governor\nend\n",
                "case": yaml,
            ]))
        #expect(broken.json?["ok"] as? Bool == false)
        #expect(
            (broken.json?["diagnostics"] as? [[String: Any]])?.contains {
                $0["severity"] as? String == "error"
            } == true)
        #expect(broken.json?["decision"] == nil)

        let badCase = try await server.send(
            "POST", "/v1/evaluate",
            body: Self.json([
                "rulebook": text, "path": "provinces/hamedan", "case": "opened: whenever\n",
            ]))
        let caseErrors = try #require(badCase.json?["caseErrors"] as? [[String: Any]])
        #expect(
            caseErrors.contains { $0["field"] as? String == "opened" && $0["line"] as? Int == 1 })

        let samples = try await server.send("GET", "/v1/samples")
        #expect(samples.status == 200)
        #expect((samples.json?["cases"] as? [Any])?.count ?? 0 >= 10)
        #expect(samples.json?["path"] as? String == "provinces/hamedan/rulebook.masir")
    }

    /// The playground's province picker lists `/v1/rulebooks` and opens each one's folder with
    /// `/v1/samples`: every province must answer with its own rulebook and sample cases.
    @Test func everyServedRulebookOpensWithItsSamples() async throws {
        let server = try await server()
        let list = try await server.send("GET", "/v1/rulebooks")
        let books = try #require(list.json?["rulebooks"] as? [[String: Any]])
        let provincial = books.filter { $0["province"] is String }
        #expect(provincial.count == 31)
        #expect(books.contains { $0["id"] as? String == "national" })
        for book in books {
            let file = try #require(book["file"] as? String)
            let folder = String(file.dropLast("/rulebook.masir".count))
            let samples = try await server.send("GET", "/v1/samples?path=\(folder)")
            #expect(samples.status == 200, "\(folder)")
            #expect(samples.json?["path"] as? String == file)
            let cases = samples.json?["cases"] as? [[String: Any]] ?? []
            if book["province"] is String {
                #expect(!cases.isEmpty, "\(folder) has no sample cases")
            }
        }
    }

    @Test func healthAndMetrics() async throws {
        let server = try await server()
        _ = try await server.send("POST", "/v1/route", body: Samples.needyHousing)
        let health = try await server.send("GET", "/healthz")
        #expect(health.status == 200)
        #expect(health.json?["status"] as? String == "ok")
        let metrics = try await server.send("GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.contentType.hasPrefix("text/plain"))
        for name in [
            "masir_http_requests_total{route=\"/v1/route\",method=\"POST\",status=\"200\"}",
            "masir_http_request_duration_seconds_bucket",
            "masir_decisions_total{agency=\"welfare\"}", "masir_reloads_total{result=\"ok\"}",
            "masir_reloads_total{result=\"failed\"}",
        ] {
            #expect(metrics.text.contains(name), "missing \(name)")
        }
    }

    @Test func thePlaygroundPageIsServed() async throws {
        let server = try await server()
        let page = try await server.send("GET", "/")
        #expect(page.status == 200)
        #expect(page.contentType.hasPrefix("text/html"))
        #expect(page.text.contains("app.js"))
        let script = try await server.send("GET", "/app.js")
        #expect(script.contentType.hasPrefix("text/javascript"))
    }

    static func json(_ object: [String: String]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}
