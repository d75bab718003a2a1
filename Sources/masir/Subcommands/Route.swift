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

    @OptionGroup var deciding: DecidingOptions

    @Option(
        help:
            "Output: text, json, jsonl (a decision per line) or summary (per line: case, rule, agency, priority, SLA due, levels escalated)."
    )
    var format: OutputFormat = .text

    @Flag(help: "Include the trace: every rule considered and why it did or did not match.")
    var explain = false

    @Option(
        help:
            "Evaluate JSON Lines batches on this many threads; output order and content are unchanged."
    )
    var jobs: Int = 1

    /// Bytes of JSON Lines read at a time; small values let tests cross block boundaries.
    @Option(help: .hidden)
    var readBlock: Int = JSONLines.blockSize

    /// Prints where a JSON Lines run spent its time (serial stages and deciding) to standard error.
    @Flag(help: .hidden)
    var stats = false

    func validate() throws {
        if explain, format == .summary {
            throw ValidationError(
                "--explain needs --format text, json or jsonl; a summary has no trace")
        }
    }

    func run() throws {
        let instant = deciding.instant
        let router = BatchRouter(
            engine: try loadEngine(rulebook), format: batchFormat, explain: explain,
            strict: deciding.strict, jobs: jobs, blockSize: readBlock)
        var failures = 0
        var decisions: [Decision] = []
        for path in cases {
            let name = path == "-" ? "<stdin>" : path
            if JSONLines.isJSONLines(path) {
                let file: UnsafeMutablePointer<FILE>
                switch CaseFile.open(path) {
                case .success(let opened): file = opened
                case .failure(let failure):
                    failures += try refuse(failure)
                    continue
                }
                defer { fclose(file) }
                fflush(nil)
                var statistics = BatchRouter.Statistics()
                let started = ContinuousClock.now
                failures += try router.routeLines(
                    from: file, name: name, at: instant, statistics: &statistics,
                    write: writeStandardOutput
                ) {
                    printError($0.coded + "\n")
                }
                if stats {
                    printError(statistics.report(wall: ContinuousClock.now - started) + "\n")
                }
                continue
            }
            let text: String
            switch CaseFile.read(path) {
            case .success(let read): text = read
            case .failure(let failure):
                failures += try refuse(failure)
                continue
            }
            let warn: (String) -> Void = { printError($0 + "\n") }
            if format == .json {
                for result in router.decisions(text: text, file: name, at: instant, warn: warn) {
                    switch result {
                    case .success(let decision): decisions.append(decision)
                    case .failure(let errors): failures += 1; printError(errors.coded + "\n")
                    }
                }
                continue
            }
            var output: [UInt8] = []
            let problems = router.route(
                text: text, file: name, at: instant, to: &output, warn: warn)
            writeStandardOutput(output)
            failures += problems.count
            for problem in problems { printError(problem.coded + "\n") }
        }
        if format == .json {
            print(
                decisions.count == 1
                    ? DecisionRenderer.json(decisions[0])
                    : "[" + decisions.map { DecisionRenderer.json($0) }.joined(separator: ",\n")
                        + "]")
        }
        if failures > 0 { throw Exit.findings }
    }

    /// JSON output of a stream is JSON Lines: a decision per line.
    var batchFormat: BatchRouter.Format {
        switch format {
        case .text: .text
        case .json, .jsonl: .jsonLines
        case .summary: .summary
        }
    }
}

/// A case file refused as input counts as one failure, printed with its code; one that cannot be
/// read at all stops the run as an I/O error.
func refuse(_ failure: CaseFile.Failure) throws -> Int {
    switch failure {
    case .refused(let error):
        printError(error.coded + "\n")
        return 1
    case .unreadable(let message):
        printError("masir: \(message)\n")
        throw Exit.usage
    }
}

/// Options of the commands that decide cases: when, and how strictly the cases are read.
struct DecidingOptions: ParsableArguments {
    @Option(help: "Evaluate at this instant (ISO 8601 or Jalali `1403/08/12 10:00`); default now.")
    var at: String?

    @Flag(help: "Treat unknown fields in a case as errors.")
    var strict = false

    func validate() throws {
        if let at, Instant(parsingCaseTime: PersianText.asciiDigits(at)) == nil {
            throw ValidationError(MasirError.invalidInstant(at).description)
        }
    }

    /// The instant `--at` names, or now.
    var instant: Instant {
        at.flatMap { Instant(parsingCaseTime: PersianText.asciiDigits($0)) } ?? .now
    }
}

/// Loads and checks a rulebook or a tree as the server does; errors are printed and stop the run.
func loadEngine(_ path: String) throws -> Engine {
    do {
        return try Engine.load(path: path)
    } catch .notFound(let missing) {
        printError("masir: no such rulebook `\(missing)`\n")
        throw Exit.usage
    } catch {
        if case .rulebook(let diagnostics, let sources) = error {
            printError(
                DiagnosticRenderer.render(
                    diagnostics, sources: sources, colour: standardErrorIsTerminal))
        }
        printError("masir: the rulebooks have errors; nothing was routed\n")
        throw Exit.findings
    }
}
