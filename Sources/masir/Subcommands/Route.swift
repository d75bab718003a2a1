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

    enum OutputFormat: String, ExpressibleByArgument { case text, json, jsonl, summary }

    @Argument(help: "A rulebook folder or file, or a folder of rulebooks.")
    var rulebook: String

    @Argument(help: "Case files (YAML, JSON or .jsonl); - reads standard input.")
    var cases: [String]

    @Option(help: "Evaluate at this instant (ISO 8601 or Jalali `1403/08/12 10:00`); default now.")
    var at: String?

    @Option(help: "Output: text, json, jsonl (a decision per line) or summary (per line: case, rule, agency, priority, SLA due, levels escalated).")
    var format: OutputFormat = .text

    @Flag(help: "Include the trace: every rule considered and why it did or did not match.")
    var explain = false

    @Flag(help: "Treat unknown fields in a case as errors.")
    var strict = false

    @Option(help: "Evaluate JSON Lines batches on this many threads; output order and content are unchanged.")
    var jobs: Int = 1

    /// Bytes of JSON Lines read at a time; small values let tests cross block boundaries.
    @Option(help: .hidden)
    var readBlock: Int = 4 << 20

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
        if explain, format == .summary {
            printError("masir route: --explain needs --format text, json or jsonl; a summary has no trace\n")
            throw Exit.usage
        }
        let engine = try loadEngine(rulebook, summaries: format == .summary)
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
                    if format == .summary {
                        print(engine.summary(book, subject, instant))
                        continue
                    }
                    let decision = engine.decide(book, subject, instant, explain)
                    switch format {
                    case .summary: break
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
    /// JSON Lines in constant memory: read a block of lines, decide them on `jobs` threads (each
    /// a contiguous run of lines, written into its own byte buffer), write the buffers in input
    /// order, repeat. Returns the number of lines that failed.
    func streamLines(_ path: String, name: String, engine: Engine, at instant: Instant) throws -> Int {
        guard let file = path == "-" ? fdopen(0, "r") : fopen(path, "r") else {
            printError("masir: cannot read `\(path)`\n")
            throw Exit.usage
        }
        defer { if path != "-" { fclose(file) } }
        fflush(nil)
        let blockSize = max(64, readBlock)
        var block = [UInt8](repeating: 0, count: blockSize)
        var carried = 0
        var failures = 0
        var lineNumber = 0
        let (strict, format, explain, jobs) = (self.strict, self.format, self.explain, max(1, self.jobs))
        // Summaries of flat records skip the general decoder (lines it declines still take it).
        let direct = format == .summary ? engine.single.map { (lines: LineDecoder(plan: engine.plan(for: $0)), writer: engine.summaryWriter(for: $0)) } : nil
        let day = Int64(instant.civilDate().dayNumber)
        while true {
            let read = block.withUnsafeMutableBytes { fread($0.baseAddress! + carried, 1, blockSize - carried, file) }
            let filled = carried + read
            let atEnd = read == 0 || filled < blockSize
            guard filled > 0 else { break }
            // Whole lines only; the unfinished last one moves to the front of the next block.
            var found: [(number: Int, range: Range<Int>)] = []
            var start = 0
            block.withUnsafeBufferPointer { bytes in
                let base = bytes.baseAddress!
                while start < filled, let newline = memchr(base + start, 0x0A, filled - start) {
                    let i = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                    lineNumber += 1
                    if !Route.isBlank(bytes[start..<i]) { found.append((lineNumber, start..<i)) }
                    start = i + 1
                }
                if atEnd, start < filled {
                    lineNumber += 1
                    if !Route.isBlank(bytes[start..<filled]) { found.append((lineNumber, start..<filled)) }
                    start = filled
                }
            }
            let lines = found
            if lines.isEmpty, start == 0, filled == blockSize {
                printError("\(name):\(lineNumber + 1): a line longer than \(blockSize) bytes\n")
                throw Exit.findings
            }
            let text = block
            // Several slices per thread even out threads that run slower (a busy core, longer lines).
            let slices = min(jobs == 1 ? 1 : jobs * 4, max(1, lines.count))
            var outputs = [[UInt8]](repeating: [], count: slices)
            var errors = [[String]](repeating: [], count: slices)
            let work = { @Sendable (slice: Int) -> ([UInt8], [String]) in
                var out: [UInt8] = []
                var failed: [String] = []
                var scratch = Plan.Scratch()
                var lineScratch = LineDecoder.Scratch()
                let lower = lines.count * slice / slices, upper = lines.count * (slice + 1) / slices
                out.reserveCapacity((upper - lower) * 1_200)
                for (number, range) in lines[lower..<upper] {
                    if let direct, let c = text.withUnsafeBufferPointer({ direct.lines.decode(UnsafeBufferPointer(rebasing: $0[range]), scratch: &lineScratch) }) {
                        direct.writer.append(decisionOf: c, at: instant, day: day, scratch: &scratch, to: &out)
                        out.append(0x0A)
                        continue
                    }
                    let line = text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
                    guard let result = engine.decode(line, file: "\(name):\(number)", strict: strict).first else { continue }
                    switch result {
                    case .failure(let problems): failed.append(problems.description)
                    case .success(let (book, subject)):
                        if format == .summary {
                            engine.summaryWriter(for: book).append(summaryOf: subject, at: instant, scratch: &scratch, to: &out)
                            out.append(0x0A)
                            continue
                        }
                        let decision = engine.decide(book, subject, instant, explain)
                        if format == .text { out.append(contentsOf: DecisionRenderer.text(decision).utf8) } else { decision.appendJSON(to: &out) }
                        out.append(0x0A)
                    }
                }
                return (out, failed)
            }
            if slices > 1 {
                outputs.withUnsafeMutableBufferPointer { out in
                    errors.withUnsafeMutableBufferPointer { bad in
                        let out = UnsafeSendable(out), bad = UnsafeSendable(bad)
                        DispatchQueue.concurrentPerform(iterations: slices) { slice in
                            (out.value[slice], bad.value[slice]) = work(slice)
                        }
                    }
                }
            } else {
                (outputs[0], errors[0]) = work(0)
            }
            for slice in 0..<slices {
                writeStandardOutput(outputs[slice])
                for problem in errors[slice] {
                    failures += 1
                    printError(problem + "\n")
                }
            }
            if atEnd { break }
            carried = filled - start
            block.withUnsafeMutableBytes { buffer in
                if carried > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, carried) }
            }
        }
        return failures
    }

    static func isBlank(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
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
    var summaryWriters: [String: SummaryWriter] = [:]

    /// Made once: a decoder holds its rulebook, and copying one per case showed in batch runs.
    var decoder: CaseDecoder?
    var strictDecoder: CaseDecoder?

    /// `summaries`: also make each rulebook's summary writer (only summary runs use them).
    init(single: Rulebook? = nil, dispatcher: Dispatcher? = nil, summaries: Bool) {
        self.single = single
        self.dispatcher = dispatcher
        decoder = single.map { CaseDecoder(rulebook: $0) }
        strictDecoder = single.map { CaseDecoder(rulebook: $0, strict: true) }
        for book in [single].compactMap({ $0 }) + (dispatcher.map { Array($0.rulebooks.values) } ?? []) {
            let plan = Plan(book)
            plans[book.id] = plan
            if summaries { summaryWriters[book.id] = SummaryWriter(plan: plan) }
        }
    }

    /// The compiled plan decides; a trace, when asked for, comes from the reference evaluator.
    func decide(_ book: Rulebook, _ subject: Case, _ at: Instant, _ explain: Bool) -> Decision {
        plan(for: book).decide(subject, at: at, explain: explain)
    }

    /// The plan made at load; every loaded rulebook has one.
    func plan(for book: Rulebook) -> Plan { plans[book.id] ?? Plan(book) }

    func summaryWriter(for book: Rulebook) -> SummaryWriter { summaryWriters[book.id] ?? SummaryWriter(plan: plan(for: book)) }

    /// The summary line of a case (see `SummaryWriter`).
    func summary(_ book: Rulebook, _ subject: Case, _ at: Instant) -> String {
        var scratch = Plan.Scratch()
        var bytes: [UInt8] = []
        summaryWriter(for: book).append(summaryOf: subject, at: at, scratch: &scratch, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    func decode(_ text: String, file: String, strict: Bool) -> [Swift.Result<(Rulebook, Case), CaseErrors>] {
        if let single {
            let decoder = strict ? strictDecoder : decoder
            return decoder!.decodeDocuments(text, file: file).map { $0.map { (single, $0) } }
        }
        return dispatcher!.decodeDocuments(text, file: file, strict: strict)
    }
}

func loadEngine(_ path: String, summaries: Bool) throws -> Engine {
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
        return Engine(single: book, summaries: summaries)
    }
    let (dispatcher, result) = Dispatcher.load(root: path)
    if result.diagnostics.hasErrors {
        printError(DiagnosticRenderer.render(result.diagnostics, sources: result.sources, colour: standardErrorIsTerminal))
        printError("masir: the rulebooks have errors; nothing was routed\n")
        throw Exit.findings
    }
    return Engine(dispatcher: dispatcher, summaries: summaries)
}
