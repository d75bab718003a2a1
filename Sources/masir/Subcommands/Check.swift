import ArgumentParser
import Foundation
import Masir
import MasirVerify

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Find syntax errors, unresolved names, type errors, and rules that can never fire, gaps, overlaps and other mistakes."
    )

    enum OutputFormat: String, ExpressibleByArgument { case text, json, sarif }

    @Option(help: "Output format: text, json or sarif (SARIF 2.1.0).")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Explain a finding code (e.g. check.rule-shadowed) and exit.")
    var explain: String?

    @Option(
        help:
            "Language of the findings: en or fa (Persian). Defaults to MASIR_LANG, else English.")
    var lang: String?

    @Flag(
        help:
            "Also ask an SMT solver (z3 or cvc5) what the built-in analysis cannot decide: rules that never fire, gaps and overlaps among `mentions`, set and function conditions; and prove each rulebook's properties (as `masir verify`)."
    )
    var verify = false

    @Argument(help: "Rulebook files or folders.")
    var paths: [String] = []

    func validate() throws {
        if explain == nil, paths.isEmpty {
            throw ValidationError("give rulebook files or folders to check")
        }
        if verify, format != .text {
            throw ValidationError("--verify prints its proofs as text: leave out --format")
        }
        if let lang, DiagnosticLanguage(tag: lang) == nil {
            throw ValidationError("unknown language `\(lang)`: use en or fa")
        }
    }

    /// `--lang`, else `MASIR_LANG`, else English; an unknown `MASIR_LANG` is ignored rather than
    /// refused, since it may be set for other tools.
    var language: DiagnosticLanguage {
        lang.flatMap { DiagnosticLanguage(tag: $0) }
            ?? ProcessInfo.processInfo.environment["MASIR_LANG"].flatMap {
                DiagnosticLanguage(tag: $0)
            } ?? .english
    }

    func run() throws {
        if let explain {
            guard
                let code = DiagnosticCode(rawValue: explain)
                    ?? DiagnosticCode.allCases.first(where: { "\($0)" == explain })
            else {
                printError("masir check: unknown finding code `\(explain)`\n")
                throw Exit.usage
            }
            print(code.documentation(in: language))
            return
        }
        // Without a solver, say so first; the built-in findings still follow, their notes of what
        // they could not decide unanswered, and the exit status says the run fell short.
        let solver = verify ? Solver.installed() : nil
        if verify, solver == nil {
            printError(
                "masir check: --verify needs an SMT solver, and none is installed (apt-get install z3, or cvc5 on PATH); what follows is the built-in analysis alone\n"
            )
        }
        let refinement = solver.map(SolverCheck.init)
        let files = try masirFiles(paths)
        // Only a file that cannot be read at all stops the check; one that is not UTF-8 is a
        // finding with its byte offset, in the output format asked for.
        for path in files where !FileManager.default.isReadableFile(atPath: path) {
            _ = try readFile(path)
        }
        var report = CheckReport.check(files: files, refine: refinement.map { $0.refine })
        if strict { report = report.treatingWarningsAsErrors() }
        switch format {
        case .text:
            print(
                DiagnosticRenderer.render(
                    report.diagnostics, sources: report.sources, colour: standardOutputIsTerminal,
                    language: language),
                terminator: "")
            print(report.summaryLine)
            if let refinement, refinement.analysed > 0 {
                print(
                    "the solver analysed \(refinement.analysed) group\(refinement.analysed == 1 ? "" : "s") the built-in analysis could not decide: \(refinement.decided) decided, \(refinement.analysed - refinement.decided) left open"
                )
            }
        case .json:
            print(
                DiagnosticRenderer.json(
                    report.diagnostics, sources: report.sources, language: language))
        case .sarif:
            print(DiagnosticRenderer.sarif(report.diagnostics, sources: report.sources))
        }
        if let refinement, !refinement.disagreements.isEmpty {
            for disagreement in refinement.disagreements {
                printError(
                    "masir check: error: the model and the evaluator disagree; please report this: \(disagreement)\n"
                )
            }
            throw Exit.usage
        }
        if verify, solver == nil { throw Exit.usage }
        var status = ExitCode.success
        if let solver, !report.hasErrors {
            status = try verifyProperties(paths: paths, solver: solver)
            if status == Exit.usage { throw status }
        }
        if report.diagnostics.contains(where: { $0.severity != .note }) { throw Exit.findings }
        if status != .success { throw status }
    }
}
