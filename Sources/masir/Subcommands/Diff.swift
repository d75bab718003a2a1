import ArgumentParser
import Foundation
import Masir
import MasirVerify

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a change to the rules does to a set of cases, before publishing it.",
        discussion: """
            OLD and NEW are rulebook folders or files, or trees of them (such as rules/), as for \
            `masir route`: in a tree, each case's province — or the caller's area code — chooses the \
            provincial rulebook. A single provincial rulebook takes the cases that name its province \
            or name none; cases of other provinces are counted as not compared.
            Every case is decided under both versions; the report counts the cases whose primary \
            referral, referrals, priority, SLA due instant, deciding rule, category or ladder change, \
            with the moves between agencies, priorities and rules, and the cases that failed to decode \
            or whose rulebook did not load.
            Case files are JSON Lines (.jsonl, .ndjson; read line by line) or YAML/JSON documents; \
            - reads JSON Lines from standard input.
            With --symbolic, OLD and NEW are single rulebooks and no cases are needed: an SMT solver \
            (z3 or cvc5) considers every case the schema allows, and either proves that both decide \
            every case alike (primary referral, referrals, copies, priority and SLA) or shows the \
            smallest cases they decide differently, one per kind of change, each decided again by \
            the evaluator under both rulebooks; given --cases as well, the corpus report follows.
            Exit status: 0 when no compared case changes and every case was compared (and, with \
            --symbolic, the rulebooks are proved to decide alike), 1 otherwise, 2 on a usage or I/O \
            error, when --symbolic finds no solver, or when the solver's model and the evaluator \
            disagree.
            """)

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    @Argument(
        help: "The rules before the change: a rulebook folder or file, or a folder of rulebooks.")
    var old: String

    @Argument(help: "The rules after the change, in the same form.")
    var new: String

    @Option(name: .long, help: "A case file (JSON Lines, YAML or JSON); repeat for several.")
    var cases: [String] = []

    @Flag(
        help: "Compare every case the schema allows, with an SMT solver, instead of a corpus only.")
    var symbolic = false

    @Option(help: "With --symbolic: at most this many differing cases, one per kind of change.")
    var limit: Int = 20

    @OptionGroup var deciding: DecidingOptions

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Sample case ids shown per move.")
    var samples: Int = 3

    @Option(
        help:
            "Cases decided in parallel; default: the number of processors. The report does not depend on it."
    )
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if cases.isEmpty && !symbolic {
            throw ValidationError("give the cases to compare with --cases FILE, or use --symbolic")
        }
        if limit < 1 { throw ValidationError("--limit must be 1 or more") }
        if samples < 0 { throw ValidationError("--samples must be 0 or more") }
        if jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
    }

    func run() throws {
        var status = ExitCode.success
        if symbolic {
            status = try compareSymbolically()
            if cases.isEmpty {
                if status != .success { throw status }
                return
            }
            print("")
        }
        let before = try load(old, "old")
        let after = try load(new, "new")
        for path in cases where path != "-" && !FileManager.default.fileExists(atPath: path) {
            printError("masir diff: no such case file `\(path)`\n")
            throw Exit.usage
        }
        let report: ImpactReport
        do {
            report = try ChangeImpact(
                old: before, new: after, at: deciding.instant, samples: samples,
                strict: deciding.strict, jobs: jobs
            ).compare(files: cases)
        } catch {
            printError("masir diff: cannot read the cases: \(error.localizedDescription)\n")
            throw Exit.usage
        }
        switch format {
        case .text: print(ImpactRenderer.text(report), terminator: "")
        case .json: print(ImpactRenderer.json(report))
        }
        if report.changed > 0
            || report.notCompared.rulebookFailed.total + report.notCompared.decodeFailed.total > 0
        {
            throw Exit.findings
        }
        if status != .success { throw status }
    }

    /// The solver's answer for every case: proved alike, or the smallest differing cases, each
    /// confirmed by the evaluator on both sides. Reports the status the run ends with.
    func compareSymbolically() throws -> ExitCode {
        try proveEquivalent(old, new, limit: limit, command: "masir diff")
    }

    /// A side of the comparison. Unlike `masir route`, a rulebook with errors does not stop the
    /// run: its cases are reported as not compared, which is what a reviewer needs to see.
    func load(_ path: String, _ name: String) throws -> ImpactSide {
        guard FileManager.default.fileExists(atPath: path) else {
            printError("masir diff: no such rulebook `\(path)` (\(name))\n")
            throw Exit.usage
        }
        let side = ImpactSide.load(path)
        let errors = side.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            printError(
                DiagnosticRenderer.render(
                    errors, sources: side.sources, colour: standardErrorIsTerminal))
            printError(
                "masir diff: the \(name) rules have errors; their cases are reported as not compared\n"
            )
        }
        if side.rulebook == nil, side.dispatcher?.rulebooks.isEmpty ?? true, side.failed.isEmpty {
            printError("masir diff: no provincial rulebook below `\(path)` (\(name))\n")
            throw Exit.usage
        }
        return side
    }
}
