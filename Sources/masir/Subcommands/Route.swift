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

    @Option(help: "Evaluate JSON Lines batches on this many threads; output order and content are unchanged.")
    var jobs: Int = 1

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
            let name = path == "-" ? "<stdin>" : path
            if path.hasSuffix(".jsonl") {
                failures += try streamLines(path, name: name, engine: engine, at: instant)
                continue
            }
            let text: String
            if path == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                text = try readFile(path)
            }
            let results = engine.decode(text, file: name, strict: strict)
            for result in results {
                switch result {
                case .failure(let errors):
                    failures += 1
                    printError(errors.description + "\n")
                case .success(let (book, subject)):
                    for warning in subject.unknownFields { printError("\(name): \(warning): unknown field (ignored)\n") }
                    let decision = engine.decide(book, subject, instant, explain)
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

extension Route {
    /// JSON Lines in constant memory: read a chunk of lines, decide them (on `jobs` threads), write
    /// the results in input order, repeat. Returns the number of lines that failed.
    func streamLines(_ path: String, name: String, engine: Engine, at instant: Instant) throws -> Int {
        guard let file = path == "-" ? fdopen(0, "r") : fopen(path, "r") else {
            printError("masir: cannot read `\(path)`\n")
            throw Exit.usage
        }
        defer { if path != "-" { fclose(file) } }
        let chunkSize = 4_096 * max(1, jobs)
        var failures = 0
        var lineNumber = 0
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        var exhausted = false
        while !exhausted {
            var read: [(Int, String)] = []
            read.reserveCapacity(chunkSize)
            while read.count < chunkSize {
                let length = getline(&buffer, &capacity, file)
                if length < 0 { exhausted = true; break }
                lineNumber += 1
                var end = length
                while end > 0, buffer![end - 1] == 0x0A || buffer![end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: UnsafeRawBufferPointer(start: buffer!, count: end), as: UTF8.self)
                if !line.allSatisfy(\.isWhitespace) { read.append((lineNumber, line)) }
            }
            let lines = read
            var outputs = [String](repeating: "", count: lines.count)
            var failed = [Bool](repeating: false, count: lines.count)
            let (strict, format, explain) = (self.strict, self.format, self.explain)
            let work = { @Sendable (index: Int) -> (String, Bool) in
                let (number, line) = lines[index]
                guard let result = engine.decode(line, file: "\(name):\(number)", strict: strict).first else { return ("", false) }
                switch result {
                case .failure(let errors): return (errors.description, true)
                case .success(let (book, subject)):
                    let decision = engine.decide(book, subject, instant, explain)
                    return (format == .text ? DecisionRenderer.text(decision) : DecisionRenderer.json(decision, pretty: false), false)
                }
            }
            if jobs > 1 {
                let slices = max(1, min(jobs * 4, lines.count))
                outputs.withUnsafeMutableBufferPointer { out in
                    failed.withUnsafeMutableBufferPointer { bad in
                        let out = UnsafeSendable(out), bad = UnsafeSendable(bad)
                        DispatchQueue.concurrentPerform(iterations: slices) { slice in
                            var index = slice
                            while index < lines.count {
                                (out.value[index], bad.value[index]) = work(index)
                                index += slices
                            }
                        }
                    }
                }
            } else {
                for index in lines.indices { (outputs[index], failed[index]) = work(index) }
            }
            for index in lines.indices {
                if failed[index] {
                    failures += 1
                    printError(outputs[index] + "\n")
                } else if !outputs[index].isEmpty {
                    print(outputs[index])
                }
            }
        }
        return failures
    }
}

/// Hands a buffer to concurrent workers that each write disjoint indices.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// One rulebook, or a dispatcher over a tree of them.
struct Engine: Sendable {
    var single: Rulebook?
    var dispatcher: Dispatcher?
    /// Compiled plans by rulebook id, made once.
    var plans: [String: Plan] = [:]

    init(single: Rulebook? = nil, dispatcher: Dispatcher? = nil) {
        self.single = single
        self.dispatcher = dispatcher
        for book in [single].compactMap({ $0 }) + (dispatcher.map { Array($0.rulebooks.values) } ?? []) {
            plans[book.id] = Plan(book)
        }
    }

    /// The compiled plan decides; a trace, when asked for, comes from the reference evaluator.
    func decide(_ book: Rulebook, _ subject: Case, _ at: Instant, _ explain: Bool) -> Decision {
        if let plan = plans[book.id] { return plan.decide(subject, at: at, explain: explain) }
        return Evaluator(rulebook: book).decide(subject, at: at, explain: explain)
    }

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
