import ArgumentParser
import Foundation
import Masir

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report syntax errors, unresolved names and type errors in rulebooks.")

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Argument(help: "Rulebook files or folders.")
    var paths: [String]

    func run() throws {
        var diagnostics: [Diagnostic] = []
        var sources: [String: SourceFile] = [:]
        var seen = Set<Diagnostic>()
        for path in try masirFiles(paths) {
            _ = try readFile(path)
            // Each file is checked as a rulebook with its parents and imports; a parent shared by
            // many provinces reports its findings once.
            let result = Loader.files.load(path)
            sources.merge(result.sources) { a, _ in a }
            for diagnostic in result.diagnostics where seen.insert(diagnostic).inserted {
                diagnostics.append(diagnostic)
            }
        }
        switch format {
        case .text:
            print(DiagnosticRenderer.render(diagnostics, sources: sources, colour: standardOutputIsTerminal), terminator: "")
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.count - errors
            if !diagnostics.isEmpty { print("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")") }
        case .json:
            print(DiagnosticRenderer.json(diagnostics, sources: sources))
        }
        if !diagnostics.isEmpty { throw Exit.findings }
    }
}
