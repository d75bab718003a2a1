import Foundation
import MasirTestSupport
import Testing

@testable import Masir

/// One corpus of broken case inputs, fed to every library path that reads cases: each must be
/// refused with the same `CaseError.Kind`, whichever path read it.
@Suite struct InputPathsTests {
    struct Entry: Sendable, CustomStringConvertible {
        var name: String
        var text: String
        var kind: CaseError.Kind
        var description: String { name }
    }

    static let valid = #""opened": "1403/08/12 10:00", "description": "وام""#

    static let corpus: [Entry] = [
        Entry(name: "truncated JSON", text: #"{"province": "hamedan", "opened": "#, kind: .malformedJSON),
        Entry(name: "JSON with text after it", text: #"{"province": "hamedan"} x"#, kind: .malformedJSON),
        Entry(name: "bad YAML", text: "province: hamedan\ncaller: [unclosed\n", kind: .malformedYAML),
        Entry(name: "JSON nested too deep", text: String(repeating: "[", count: 80) + String(repeating: "]", count: 80), kind: .tooDeep),
        Entry(name: "YAML nested too deep", text: "a:\n" + (1...80).map { String(repeating: " ", count: $0 * 4) + "b:" }.joined(separator: "\n") + " 1\n", kind: .tooDeep),
        Entry(name: "a list of texts", text: #"["a", "b"]"#, kind: .notACase),
        Entry(name: "a bare text", text: "\"just words\"\n", kind: .notACase),
        Entry(name: "unknown province", text: #"{"province": "atlantis", "#+valid+"}", kind: .noRulebook),
        Entry(name: "unknown area code", text: #"{"caller": {"area_code": "099"}, "#+valid+"}", kind: .noRulebook),
        Entry(name: "no province at all", text: "{" + valid + "}", kind: .noRulebook),
        Entry(name: "a yes/no that is neither", text: #"{"province": "hamedan", "caller": {"needy": "maybe"}, "#+valid+"}", kind: .invalidValue),
        Entry(name: "an amount that is not one", text: #"{"province": "hamedan", "amount": "lots", "#+valid+"}", kind: .invalidValue),
        Entry(name: "a text over the limit", text: #"{"province": "hamedan", "opened": "1403/08/12 10:00", "description": ""#
            + String(repeating: "و", count: InputLimits.maximumTextLength + 1) + "\"}", kind: .tooLarge),
        Entry(name: "an unknown field, strictly", text: #"{"province": "hamedan", "colour": "blue", "#+valid+"}", kind: .unknownField),
    ]

    static let engine = try! Engine.load(path: Repository.url("rules").path)

    /// The kind of the first error, and that there is one.
    static func kind(_ errors: CaseErrors?) -> CaseError.Kind? {
        errors?.errors.first { !$0.isWarning }?.kind ?? errors?.errors.first?.kind
    }

    @Test func theCorpusCoversEveryKindButOne() {
        // `notOneCase` is about how many cases, not what is in one: the API test below covers it.
        #expect(Set(Self.corpus.map(\.kind)) == Set(CaseError.Kind.allCases).subtracting([.notOneCase, .missingField]))
        #expect(Self.corpus.count >= 14)
    }

    @Test(arguments: corpus) func everyPathRefusesTheSameWay(_ entry: Entry) throws {
        let engine = Self.engine
        var seen: [String: CaseError.Kind?] = [:]

        // The dispatcher, as the REPL and older callers use it.
        let dispatched = try #require(engine.dispatcher).decodeDocuments(entry.text, file: "c.yaml", strict: true)
        seen["dispatcher"] = dispatched.compactMap { if case .failure(let errors) = $0 { Self.kind(errors) } else { nil } }.first

        // The embedding API.
        do {
            let results = try engine.decode(.text(entry.text), options: EvaluationOptions(strict: true))
            seen["engine"] = results.compactMap { result -> CaseError.Kind? in
                if case .failure(.case(let errors)) = result { return Self.kind(errors) }
                return nil
            }.first
        } catch {
            if case .malformed(_, _, let kind) = error { seen["engine"] = kind } else { seen["engine"] = nil as CaseError.Kind? }
        }

        // Batch routing of a case file.
        let router = BatchRouter(engine: engine, format: .summary, strict: true)
        var output: [UInt8] = []
        seen["batch file"] = Self.kind(router.route(text: entry.text, file: "c.yaml", at: Instant(iso8601: "2024-11-02T10:00:00+03:30")!, to: &output).first)

        // Batch routing of a JSON Lines stream (one-line JSON inputs only).
        if !entry.text.dropLast().contains("\n"), entry.text.first == "{" || entry.text.first == "[" {
            let path = Temporary.file("masir-input", extension: "jsonl").path
            try (entry.text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let file = try #require(fopen(path, "r"))
            defer { fclose(file) }
            var problems: [CaseErrors] = []
            _ = try router.routeLines(from: file, name: "c.jsonl", at: .now, write: { _ in }) { problems.append($0) }
            seen["batch lines"] = Self.kind(problems.first)
        }

        // Change impact (`masir diff`).
        let side = ImpactSide.load(Repository.url("rules").path)
        let impact = ChangeImpact(old: side, new: side, at: .now, strict: true)
        let (documents, failure) = impact.documents(entry.text, file: "c.yaml", lineOffset: 0, singleLine: false)
        var impactKind: CaseError.Kind?
        if case .decodeFailed(let errors)? = failure?.old { impactKind = Self.kind(errors) }
        for document in documents where impactKind == nil {
            if case .decodeFailed(let errors) = impact.evaluate(document, file: "c.yaml").old { impactKind = Self.kind(errors) }
        }
        seen["impact"] = impactKind

        for (path, kind) in seen.sorted(by: { $0.key < $1.key }) {
            #expect(kind == entry.kind, "\(path) gave \(kind.map(\.rawValue) ?? "no error")")
        }
        #expect(seen.count >= 4)
    }

    @Test func oneCaseIsExpected() throws {
        #expect(throws: MasirError.self) { try Self.engine.evaluate(.text("[]")) }
        do {
            _ = try Self.engine.evaluate(.text("[]"))
        } catch {
            guard case .case(let errors) = error else { Issue.record("\(error)"); return }
            #expect(Self.kind(errors) == .notOneCase)
        }
    }
}
