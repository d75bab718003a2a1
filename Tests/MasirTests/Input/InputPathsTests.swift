import Foundation
import MasirTestSupport
import Testing

@testable import Masir

/// One corpus of broken case inputs, fed to every library path that reads cases: each must be
/// refused with the same `CaseError.Kind`, whichever path read it.
@Suite struct InputPathsTests {
    struct Entry: Sendable, CustomStringConvertible, Decodable {
        var name: String
        var text: String
        var kind: CaseError.Kind
        var description: String { name }
    }

    /// Tests/Hostile/case-inputs.json, which the server's tests read too.
    static let corpus: [Entry] = {
        struct File: Decodable { var inputs: [Entry] }
        let data = try! Data(contentsOf: Repository.url("Tests/Hostile/case-inputs.json"))
        return try! JSONDecoder().decode(File.self, from: data).inputs
    }()

    static let engine = try! Engine.load(path: Repository.url("rules").path)

    /// The kind of the first error, and that there is one.
    static func kind(_ errors: CaseErrors?) -> CaseError.Kind? {
        errors?.errors.first { !$0.isWarning }?.kind ?? errors?.errors.first?.kind
    }

    @Test func theCorpusCoversEveryKindButFew() {
        // `notOneCase` is about how many cases, not what is in one: the API test below covers it.
        // Bytes that are not UTF-8, no text at all and paths that are not files cannot be written
        // as a text here; the hostile corpus (HostileInputTests) has them as files.
        #expect(
            Set(Self.corpus.map(\.kind))
                == Set(CaseError.Kind.allCases).subtracting([
                    .notOneCase, .missingField, .invalidUTF8, .empty, .notAFile,
                ]))
        #expect(Self.corpus.count >= 14)
    }

    @Test(arguments: corpus) func everyPathRefusesTheSameWay(_ entry: Entry) throws {
        let engine = Self.engine
        var seen: [String: CaseError.Kind?] = [:]

        // The dispatcher, as the REPL and older callers use it.
        let dispatched = try #require(engine.dispatcher).decodeDocuments(
            entry.text, file: "c.yaml", strict: true)
        seen["dispatcher"] =
            dispatched.compactMap {
                if case .failure(let errors) = $0 { Self.kind(errors) } else { nil }
            }.first

        // The embedding API.
        do {
            let results = try engine.decode(
                .text(entry.text), options: EvaluationOptions(strict: true))
            seen["engine"] =
                results.compactMap { result -> CaseError.Kind? in
                    if case .failure(.case(let errors)) = result { return Self.kind(errors) }
                    return nil
                }.first
        } catch {
            if case .malformed(_, _, let kind) = error {
                seen["engine"] = kind
            } else {
                seen["engine"] = nil as CaseError.Kind?
            }
        }

        // Batch routing of a case file.
        let router = BatchRouter(engine: engine, format: .summary, strict: true)
        var output: [UInt8] = []
        seen["batch file"] = Self.kind(
            router.route(
                text: entry.text, file: "c.yaml",
                at: Instant(iso8601: "2024-11-02T10:00:00+03:30")!, to: &output
            ).first)

        // Batch routing of a JSON Lines stream (one-line JSON inputs only).
        if !entry.text.dropLast().contains("\n"), entry.text.first == "{" || entry.text.first == "["
        {
            let path = Temporary.file("masir-input", extension: "jsonl").path
            try (entry.text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let file = try #require(fopen(path, "r"))
            defer { fclose(file) }
            var problems: [CaseErrors] = []
            _ = try router.routeLines(from: file, name: "c.jsonl", at: .now, write: { _ in }) {
                problems.append($0)
            }
            seen["batch lines"] = Self.kind(problems.first)
        }

        // Change impact (`masir diff`).
        let side = ImpactSide.load(Repository.url("rules").path)
        let impact = ChangeImpact(old: side, new: side, at: .now, strict: true)
        let (documents, failure) = impact.documents(
            entry.text, file: "c.yaml", lineOffset: 0, singleLine: false)
        var impactKind: CaseError.Kind?
        if case .decodeFailed(let errors)? = failure?.old { impactKind = Self.kind(errors) }
        for document in documents where impactKind == nil {
            if case .decodeFailed(let errors) = impact.evaluate(document, file: "c.yaml").old {
                impactKind = Self.kind(errors)
            }
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

    /// A record over the line limit is refused on its own, and the stream goes on after it, for
    /// any block size and number of jobs.
    @Test(arguments: [(512, 1), (512, 2), (JSONLines.blockSize, 2)])
    func anOverlongLineIsSkippedAndTheRestDecided(blockSize: Int, jobs: Int) throws {
        let good = #"{"province": "hamedan", "opened": "1403/08/12 10:00", "description": "وام"}"#
        let long =
            #"{"province": "hamedan", "description": ""#
            + String(repeating: "x", count: max(600, InputLimits.maximumLineBytes + 1)) + "\"}"
        let path = NSTemporaryDirectory() + "masir-long-\(UUID().uuidString).jsonl"
        try [good, long, good, long, good].joined(separator: "\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try #require(fopen(path, "r"))
        defer { fclose(file) }
        let router = BatchRouter(
            engine: Self.engine, format: .summary, jobs: jobs, blockSize: blockSize)
        var output: [UInt8] = []
        var problems: [CaseErrors] = []
        let failures = try router.routeLines(
            from: file, name: "c.jsonl", at: .now, write: { output += $0 }
        ) { problems.append($0) }
        #expect(failures == 2)
        #expect(problems.map { $0.errors[0].kind } == [.tooLarge, .tooLarge])
        #expect(problems.map { $0.errors[0].line } == [2, 4])
        #expect(output.split(separator: 0x0A).count == 3)
    }
}
