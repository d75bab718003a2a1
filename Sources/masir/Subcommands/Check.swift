import ArgumentParser
import Foundation
import Masir

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find syntax errors, unresolved names, type errors, and rules that can never fire, gaps, overlaps and other mistakes.")

    enum OutputFormat: String, ExpressibleByArgument { case text, json, sarif }

    @Option(help: "Output format: text, json or sarif (SARIF 2.1.0).")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Explain a finding code (e.g. check.rule-shadowed) and exit.")
    var explain: String?

    @Argument(help: "Rulebook files or folders.")
    var paths: [String] = []

    func validate() throws {
        if explain == nil, paths.isEmpty { throw ValidationError("give rulebook files or folders to check") }
    }

    func run() throws {
        if let explain {
            guard let code = DiagnosticCode(rawValue: explain) ?? DiagnosticCode.allCases.first(where: { "\($0)" == explain }) else {
                printError("masir check: unknown finding code `\(explain)`\n")
                throw Exit.usage
            }
            print(code.documentation)
            return
        }
        var diagnostics: [Diagnostic] = []
        var sources: [String: SourceFile] = [:]
        var seen = Set<Diagnostic>()
        var books: [Rulebook] = []
        var unloaded = 0
        let loader = Loader.files.caching()
        for path in try masirFiles(paths) {
            _ = try readFile(path)
            // Each file is checked as a rulebook with its parents and imports; a parent shared by
            // many provinces reports its findings once.
            let result = loader.load(path)
            sources.merge(result.sources) { a, _ in a }
            var found = result.diagnostics
            if let book = result.rulebook {
                books.append(book)
                found += Checker.check(book)
            } else {
                unloaded += 1
            }
            for diagnostic in found where seen.insert(diagnostic).inserted {
                diagnostics.append(diagnostic)
            }
        }
        diagnostics += Checker.checkTree(books).filter { seen.insert($0).inserted }
        if strict {
            diagnostics = diagnostics.map { d in
                var d = d
                if d.severity == .warning { d.severity = .error }
                return d
            }
        }
        diagnostics = diagnostics.sortedByPosition()
        switch format {
        case .text:
            print(DiagnosticRenderer.render(diagnostics, sources: sources, colour: standardOutputIsTerminal), terminator: "")
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            let notes = diagnostics.count - errors - warnings
            // A file whose errors stop it loading is still counted, so "0 checked" never hides it.
            let notLoaded = unloaded == 0 ? "" : ", \(unloaded) could not be loaded"
            print("\(books.count) rulebook\(books.count == 1 ? "" : "s") checked\(notLoaded): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"), \(notes) note\(notes == 1 ? "" : "s")")
        case .json:
            print(DiagnosticRenderer.json(diagnostics, sources: sources))
        case .sarif:
            print(DiagnosticRenderer.sarif(diagnostics, sources: sources))
        }
        if diagnostics.contains(where: { $0.severity != .note }) { throw Exit.findings }
    }
}
