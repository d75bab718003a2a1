import ArgumentParser
import Foundation
import Masir

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report syntax errors and unresolved names in rulebooks.")

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Argument(help: "Rulebook files or folders.")
    var paths: [String]

    func run() throws {
        var diagnostics: [Diagnostic] = []
        var sources: [String: SourceFile] = [:]
        for path in try masirFiles(paths) {
            let parsed = Parser.parse(SourceFile(name: path, text: try readFile(path)))
            sources[path] = parsed.source
            diagnostics += parsed.diagnostics
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
