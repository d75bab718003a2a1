import Foundation
import Masir
import MasirTestSupport
import Testing

/// The embedding API, through its public surface only: loading, checking, engines,
/// every form of case input, typed errors, and the reloading store.
@Suite struct EmbeddingAPITests {
    static let instant = Instant(iso8601: "2024-11-15T10:00:00+03:30")!

    /// The fixture national rulebook and a province `p` whose rule refers bank loans to `agency`.
    static func tree(province agency: String = "governor", extra: String = "") -> [String: String] {
        [
            "r/national/rulebook.masir": TestRulebooks.national,
            "r/provinces/p/rulebook.masir": """
            rulebook p extends national
              province "پ"
              area code "081"
            routing referrals
              rule local when category under bank_facilities refer to \(agency)
            end
            \(extra)
            """,
        ]
    }

    static let loanYAML = """
        id: T-1
        province: پ
        description: "درخواست وام دارم"
        opened: 2024-11-02T09:00:00+03:30
        referred: 2024-11-02T10:00:00+03:30
        """

    @Test func aTreeInMemoryDispatchesByProvince() throws {
        let engine = try Engine.load(.memory(Self.tree(), path: "r"))
        #expect(engine.isDispatching)
        #expect(engine.rulebooks.map(\.id) == ["national", "p"])
        let decision = try engine.evaluate(.text(Self.loanYAML), at: Self.instant)
        #expect(decision.rulebook.id == "p")
        #expect(decision.referrals.first?.agency == "governor")
        #expect(decision.rulebook.digest == engine.rulebook("p")?.digest)
    }

    @Test func everyFormOfInputGivesTheSameDecision() throws {
        let engine = try Engine.load(.memory(Self.tree(), path: "r/provinces/p"))
        #expect(!engine.isDispatching)
        let fromYAML = try engine.evaluate(.yaml(Self.loanYAML), at: Self.instant)
        let json =
            #"{"id": "T-1", "province": "پ", "description": "درخواست وام دارم", "opened": "2024-11-02T09:00:00+03:30", "referred": "2024-11-02T10:00:00+03:30"}"#
        let fromJSON = try engine.evaluate(.json(Data(json.utf8)), at: Self.instant)
        let value: CaseValue = [
            "id": "T-1", "province": "پ", "description": "درخواست وام دارم",
            "opened": .instant(Instant(iso8601: "2024-11-02T09:00:00+03:30")!),
            "referred": "2024-11-02T10:00:00+03:30",
        ]
        let fromValue = try engine.evaluate(.value(value), at: Self.instant)
        struct AppCase: Encodable {
            var id = "T-1"
            var province = "پ"
            var description = "درخواست وام دارم"
            var opened = "2024-11-02T09:00:00+03:30"
            var referred = "2024-11-02T10:00:00+03:30"
        }
        let fromStruct = try engine.evaluate(CaseInput.encoding(AppCase()), at: Self.instant)
        #expect(fromYAML.referrals.first?.agency == "governor")
        #expect(fromYAML == fromJSON)
        #expect(fromYAML == fromValue)
        #expect(fromYAML == fromStruct)
    }

    @Test func aBatchGivesOneResultPerCase() throws {
        let engine = try Engine.load(.memory(Self.tree(), path: "r"))
        let batch: CaseValue = [
            ["province": "پ", "description": "وام", "opened": "2024-11-02T09:00:00+03:30"],
            ["province": "نیست", "opened": "2024-11-02T09:00:00+03:30"],
            ["province": "p", "caller": ["needy": "maybe"], "opened": "2024-11-02T09:00:00+03:30"],
        ]
        let results = try engine.evaluateAll(.value(batch), at: Self.instant)
        #expect(results.count == 3)
        #expect(try results[0].get().referrals.first?.agency == "governor")
        guard case .failure(.case(let unknown)) = results[1],
            case .failure(.case(let wrongType)) = results[2]
        else {
            Issue.record("expected case errors, got \(results)")
            return
        }
        #expect(unknown.errors.first?.path == "province")
        #expect(wrongType.errors.first?.path == "caller.needy")
        #expect(wrongType.errors.first?.message == "expected yes/no, found \"maybe\"")
        #expect(throws: MasirError.self) { try engine.evaluate(.value(batch), at: Self.instant) }
        #expect(throws: MasirError.self) {
            try engine.decode(.value(batch), options: EvaluationOptions(maximumBatch: 2))
        }
    }

    @Test func caseDocumentsTellABatchOfOneFromOneCaseAndDecodeOneAtATime() throws {
        let engine = try Engine.load(.memory(Self.tree(), path: "r"))
        let one = try CaseInput.text(Self.loanYAML).read()
        #expect(!one.isBatch && one.count == 1)
        for batch in [
            "- province: پ\n  opened: 2024-11-02T09:00:00+03:30\n",
            Self.loanYAML + "\n---\n# no case here\n",
            #"[{"province": "پ"}]"#,
        ] {
            let read = try CaseInput.text(batch).read()
            #expect(read.isBatch, "\(batch)")
        }
        #expect(try CaseInput.json(Data("[]".utf8)).read().isBatch)
        #expect(!CaseDocuments(["province": "پ"]).isBatch)
        #expect(CaseDocuments([["province": "پ"]]).isBatch)

        let two = try CaseInput.text(
            Self.loanYAML + "\n---\nprovince: نیست\nopened: 2024-11-02T09:00:00+03:30\n"
        ).read()
        #expect(two.count == 2)
        let first = try engine.decode(two, at: 0).get()
        #expect(
            engine.decide(first.subject, by: first.rulebook, at: Self.instant)
                == (try engine.evaluate(.text(Self.loanYAML), at: Self.instant)))
        guard case .failure(.case(let errors)) = engine.decode(two, at: 1) else {
            Issue.record("expected a case error")
            return
        }
        #expect(errors.errors.first?.path == "province")
        #expect(errors.errors.first?.line == 7)
        #expect(throws: MasirError.self) { try CaseInput.text("a: [1,\n").read() }
    }

    @Test func errorsAreTypedAndCarryDiagnostics() throws {
        // A broken rulebook: the diagnostics name the file and the line.
        do {
            _ = try Engine.load(.memory(Self.tree(province: "nobody"), path: "r"))
            Issue.record("a broken rulebook loaded")
        } catch {
            guard case .rulebook(let diagnostics, let sources) = error else {
                Issue.record("wrong error \(error)"); return
            }
            let unknown = try #require(diagnostics.first { $0.severity == .error })
            #expect(unknown.file == "r/provinces/p/rulebook.masir")
            #expect(sources[unknown.file]?.location(of: unknown.range.lower).line == 5)
            #expect(error.description.contains("r/provinces/p/rulebook.masir:5:"))
        }
        let engine = try Engine.load(.memory(Self.tree(), path: "r"))
        #expect {
            try engine.evaluate(.json(Data("{\"province\": ".utf8)), at: Self.instant)
        } throws: { error in
            guard case MasirError.malformed(let message, _, _) = error else { return false }
            return message.hasPrefix("not valid JSON")
        }
        #expect {
            try engine.evaluate(.text("province: پ\nopened: soon\n"), at: Self.instant)
        } throws: { error in
            guard case MasirError.case(let errors) = error else { return false }
            return errors.errors.first?.path == "opened" && errors.errors.first?.line == 2
        }
        #expect(throws: MasirError.self) { try Engine.load(path: "/no/such/rules") }
    }

    @Test func checkingReportsEveryFindingAsRecords() throws {
        let files = Self.tree(province: "nobody")
        let report = RulebookSource.memory(files, path: "r").check()
        #expect(report.hasErrors)
        #expect(report.errorCount >= 1)
        let record = try #require(report.records.first { $0.severity == "error" })
        #expect(record.line == 5)
        #expect(record.code == "name.unknown-agency")
        // The records are exactly the JSON of `masir check --format json`.
        let ours =
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(report.records)) as? NSArray
        let theirs =
            DiagnosticRenderer.jsonObjects(report.diagnostics, sources: report.sources) as NSArray
        #expect(ours == theirs)
    }

    @Test func anEditorsTextIsCheckedWithTheParentsOfTheRealTree() throws {
        let root = Repository.url("rules").path
        let hamedan = try String(
            contentsOfFile: root + "/provinces/hamedan/rulebook.masir", encoding: .utf8)
        let edited = hamedan.replacingOccurrences(
            of: "refer to production_hq", with: "refer to governor")
        let engine = try Engine.load(
            .overlay(text: edited, at: root + "/provinces/hamedan/rulebook.masir", root: root))
        #expect(engine.rulebooks.map(\.id) == ["hamedan"])
        #expect(engine.rulebook("hamedan")?.lineage == ["hamedan", "national"])
        // Reads stay inside the tree.
        let escape = RulebookSource.overlay(
            text: "rulebook x\nimport \"../../../etc/passwd\"\n", at: root + "/x.masir", root: root
        ).check()
        #expect(escape.hasErrors)
        #expect(escape.diagnostics.contains { $0.message.contains("cannot read") })
    }

    @Test func tracesNameTheLineOfEachRule() throws {
        let engine = try Engine.load(.memory(Self.tree(), path: "r"))
        let decision = try engine.evaluate(.text(Self.loanYAML), at: Self.instant, explain: true)
        let local = try #require(decision.trace?.first { $0.rule == "local" })
        #expect(local.result == "matched")
        #expect(local.file == "r/provinces/p/rulebook.masir")
        #expect(local.line == 5)
        #expect(decision.trace?.allSatisfy { $0.line != nil } == true)
    }

    @Test func workingTimeShadesWeekendsAndHolidays() throws {
        let engine = try Engine.load(.memory(Self.tree(), path: "r"))
        let book = try #require(engine.rulebook("p"))
        // 1403/08/10 (Thursday 2024-10-31) to 1403/08/13 (Sunday 2024-11-03).
        let time = try WorkingTime(
            rulebook: book, from: Instant(iso8601: "2024-10-31T12:00:00+03:30")!,
            to: Instant(iso8601: "2024-11-03T12:00:00+03:30")!)
        #expect(time.days.map(\.working) == [false, false, true, true])
        #expect(time.intervals.count == 2)
        #expect(time.intervals[0].start.iso == "2024-11-02T07:30:00+03:30")
        #expect(time.days[0].jalali == "1403/08/10")
    }

    @Test func aFailedReloadKeepsTheOldRules() throws {
        let files = Locked(Self.tree(province: "governor"))
        let source = RulebookSource(
            loader: Loader(
                read: { path in
                    guard let text = files.value[path] else { throw CocoaError(.fileNoSuchFile) }
                    return text
                }, exists: { files.value[$0] != nil }),
            path: "r", files: { files.value.keys.sorted() })
        let store = try RulebookStore(source: source)
        let first = store.current
        #expect(first.generation == 1)

        files.value["r/provinces/p/rulebook.masir"] =
            Self.tree(province: "nobody")["r/provinces/p/rulebook.masir"]
        #expect(throws: MasirError.self) { try store.reload() }
        #expect(store.current.generation == 1)
        #expect(store.current.engine.digest == first.engine.digest)
        #expect(store.status.failedReloads == 1)
        #expect(store.status.lastError != nil)
        #expect(
            try store.engine.evaluate(.text(Self.loanYAML), at: Self.instant).referrals.first?
                .agency == "governor")

        files.value = Self.tree(province: "welfare")
        let second = try store.reload()
        #expect(second.generation == 2)
        #expect(
            try store.engine.evaluate(.text(Self.loanYAML), at: Self.instant).referrals.first?
                .agency == "welfare")
        #expect(store.status.lastError == nil)
        // The snapshot taken before the reload still decides with the old rules.
        #expect(
            try first.engine.evaluate(.text(Self.loanYAML), at: Self.instant).referrals.first?
                .agency == "governor")
    }

    @Test func evaluationsDuringReloadsAllSucceed() async throws {
        // the third is broken and must never be served
        let versions = ["governor", "welfare", "nobody"]
        let files = Locked(Self.tree(province: versions[0]))
        let source = RulebookSource(
            loader: Loader(
                read: { path in
                    guard let text = files.value[path] else { throw CocoaError(.fileNoSuchFile) }
                    return text
                }, exists: { files.value[$0] != nil }),
            path: "r", files: { files.value.keys.sorted() })
        let store = try RulebookStore(source: source)
        // The digest each good version has, and the agency it must refer to.
        var expected: [String: String] = [:]
        for agency in versions.dropLast() {
            expected[
                try Engine.load(.memory(Self.tree(province: agency), path: "r")).rulebook("p")!
                    .digest] = agency
        }
        let table = expected
        let outcomes = try await withThrowingTaskGroup(of: (String, String).self) { group in
            group.addTask {
                for round in 0..<12 {
                    files.value = Self.tree(province: versions[round % 3])
                    _ = await store.reloadInBackground()
                }
                return ("reloads", "")
            }
            for _ in 0..<200 {
                group.addTask {
                    let snapshot = store.current
                    let decision = try snapshot.engine.evaluate(
                        .text(Self.loanYAML), at: Self.instant)
                    return (decision.rulebook.digest, decision.referrals.first?.agency ?? "")
                }
            }
            var all: [(String, String)] = []
            for try await outcome in group where outcome.0 != "reloads" { all.append(outcome) }
            return all
        }
        #expect(outcomes.count == 200)
        for (digest, agency) in outcomes {
            #expect(table[digest] == agency, "a decision came from rules that were never valid")
        }
        #expect(store.status.failedReloads == 4)
        #expect(store.status.reloads == 8)
    }
}

/// A value behind a lock, for the tests' mutable files.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); defer { lock.unlock() }; stored = newValue }
    }
}

/// Untrusted input cannot exhaust a thread's stack.
@Suite struct DeepInputTests {
    @Test func deeplyNestedYAMLIsRefusedBeforeParsing() throws {
        let engine = try Engine.load(.memory(EmbeddingAPITests.tree(), path: "r"))
        let flow =
            "province: p\nx: " + String(repeating: "[", count: 100_000)
            + String(repeating: "]", count: 100_000)
        #expect {
            try engine.evaluate(.text(flow))
        } throws: { error in
            guard case MasirError.malformed(let message, let line, _) = error else { return false }
            return message.contains("nests more than") && line == 2
        }
        let block = (0..<600).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(
            separator: "\n")
        #expect(throws: MasirError.self) { try engine.evaluate(.text(block)) }
        // Ordinary text with quotes, comments and brackets in strings is not mistaken for nesting.
        let ordinary =
            "province: p # it's [[[[ here\ndescription: \"[[[[[[ it's\"\nopened: 2024-11-02T09:00:00+03:30\n"
        #expect(try engine.evaluate(.text(ordinary)).rulebook.id == "p")
        let deepJSON = Data(
            (String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)
        #expect(throws: MasirError.self) { try engine.evaluate(.json(deepJSON)) }
    }
}
