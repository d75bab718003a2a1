import ArgumentParser
import Foundation
import Masir

struct Route: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide where cases go, how urgent they are, and when they escalate.",
        discussion: """
            RULEBOOK is a rulebook folder or file, or a tree of them (such as rules/), in which case \
            each case's province — or the caller's area code — chooses the provincial rulebook.
            CASE files are YAML or JSON (one case, several --- documents, or a list) or JSON Lines (.jsonl).
            """)

    enum OutputFormat: String, ExpressibleByArgument { case text, json, jsonl }

    @Argument(help: "A rulebook folder or file, or a folder of rulebooks.")
    var rulebook: String

    @Argument(help: "Case files (YAML, JSON or .jsonl); - reads standard input.")
    var cases: [String]

    @Option(help: "Evaluate at this instant (ISO 8601 or Jalali `1403/08/12 10:00`); default now.")
    var at: String?

    @Option(help: "Output: text, json or jsonl.")
    var format: OutputFormat = .text

    @Flag(help: "Include the trace: every rule considered and why it did or did not match.")
    var explain = false

    @Flag(help: "Treat unknown fields in a case as errors.")
    var strict = false

    func run() throws {
        let instant: Instant
        if let at {
            guard let parsed = Instant(parsingCaseTime: PersianText.asciiDigits(at)) else {
                printError("masir route: cannot read the instant `\(at)`; write 2024-11-02T10:00:00+03:30 or 1403/08/12 10:00\n")
                throw Exit.usage
            }
            instant = parsed
        } else {
            instant = Instant.now
        }
        let engine = try loadEngine(rulebook)
        var failures = 0
        var decisions: [Decision] = []
        for path in cases {
            let text: String
            if path == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                text = try readFile(path)
            }
            let name = path == "-" ? "<stdin>" : path
            let results: [Swift.Result<(Rulebook, Case), CaseErrors>]
            if path.hasSuffix(".jsonl") {
                results = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
                    line.trimmingCharacters(in: .whitespaces).isEmpty ? nil : engine.decode(String(line), file: "\(name):\(index + 1)", strict: strict).first
                }
            } else {
                results = engine.decode(text, file: name, strict: strict)
            }
            for result in results {
                switch result {
                case .failure(let errors):
                    failures += 1
                    printError(errors.description + "\n")
                case .success(let (book, subject)):
                    for warning in subject.unknownFields { printError("\(name): \(warning): unknown field (ignored)\n") }
                    let decision = Evaluator(rulebook: book).decide(subject, at: instant, explain: explain)
                    switch format {
                    case .text: print(DecisionRenderer.text(decision))
                    case .jsonl: print(DecisionRenderer.json(decision, pretty: false))
                    case .json: decisions.append(decision)
                    }
                }
            }
        }
        if format == .json {
            if decisions.count == 1 {
                print(DecisionRenderer.json(decisions[0]))
            } else {
                print("[" + decisions.map { DecisionRenderer.json($0) }.joined(separator: ",\n") + "]")
            }
        }
        if failures > 0 { throw Exit.findings }
    }
}

/// One rulebook, or a dispatcher over a tree of them.
struct Engine {
    var single: Rulebook?
    var dispatcher: Dispatcher?

    func decode(_ text: String, file: String, strict: Bool) -> [Swift.Result<(Rulebook, Case), CaseErrors>] {
        if let single {
            return CaseDecoder(rulebook: single, strict: strict).decodeDocuments(text, file: file).map { $0.map { (single, $0) } }
        }
        return dispatcher!.decodeDocuments(text, file: file, strict: strict)
    }
}

func loadEngine(_ path: String) throws -> Engine {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        printError("masir: no such rulebook `\(path)`\n")
        throw Exit.usage
    }
    let single = !isDirectory.boolValue || FileManager.default.fileExists(atPath: path.hasSuffix("/") ? path + "rulebook.masir" : path + "/rulebook.masir")
    if single {
        let result = Loader.files.load(path)
        if !result.diagnostics.isEmpty {
            printError(DiagnosticRenderer.render(result.diagnostics, sources: result.sources, colour: standardErrorIsTerminal))
        }
        guard let book = result.rulebook else {
            printError("masir: the rulebook has errors; nothing was routed\n")
            throw Exit.findings
        }
        return Engine(single: book)
    }
    let (dispatcher, result) = Dispatcher.load(root: path)
    if result.diagnostics.hasErrors {
        printError(DiagnosticRenderer.render(result.diagnostics, sources: result.sources, colour: standardErrorIsTerminal))
        printError("masir: the rulebooks have errors; nothing was routed\n")
        throw Exit.findings
    }
    return Engine(dispatcher: dispatcher)
}
