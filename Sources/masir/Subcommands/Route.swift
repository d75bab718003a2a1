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
            A case with `evaluated_at` (or the key --at-field names) is decided at that instant, \
            the others now; --at decides every case at the instant it names.
            """)

    enum OutputFormat: String, ExpressibleByArgument { case text, json, jsonl, summary }

    @Argument(help: "A rulebook folder or file, or a folder of rulebooks.")
    var rulebook: String

    @Argument(help: "Case files (YAML, JSON or .jsonl); - reads standard input.")
    var cases: [String]

    @OptionGroup var deciding: DecidingOptions

    @Option(
        help:
            "Output: text, json, jsonl (a decision per line) or summary (per line: case, rule, agency, copies, priority, SLA due, levels escalated)."
    )
    var format: OutputFormat = .text

    @Flag(help: "Include the trace: every rule considered and why it did or did not match.")
    var explain = false

    @Option(
        help: ArgumentHelp(
            "The case key that carries each case's own evaluation instant (used unless --at is given).",
            valueName: "name"))
    var atField: String = CaseDecoder.defaultAtField

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
        if atField.isEmpty || atField.contains(".") {
            throw ValidationError(
                "--at-field names a top-level key of the case, such as evaluated_at")
        }
        if explain, format == .summary {
            throw ValidationError(
                "--explain needs --format text, json or jsonl; a summary has no trace")
        }
    }

    func run() throws {
        let router = BatchRouter(
            engine: try loadEngine(rulebook), format: batchFormat, explain: explain,
            strict: deciding.strict, jobs: jobs, blockSize: readBlock, atField: atField,
            instantIsFixed: deciding.at != nil)
        fflush(nil)
        let run: BatchRouter.FileRun
        do {
            run = try router.route(
                files: cases, at: deciding.instant, collecting: format == .json,
                writingTo: STDOUT_FILENO, write: writeStandardOutput,
                report: { printError($0 + "\n") },
                statistics: stats ? { printError($0.report(wall: $1) + "\n") } : nil)
        } catch let failure as CaseFile.Failure {
            printError("masir: \(failure)\n")
            throw Exit.usage
        }
        if format == .json {
            let decisions = run.decisions
            print(
                decisions.count == 1
                    ? DecisionRenderer.json(decisions[0])
                    : "[" + decisions.map { DecisionRenderer.json($0) }.joined(separator: ",\n")
                        + "]")
        }
        if run.failures > 0 { throw Exit.findings }
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
