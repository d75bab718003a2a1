import ArgumentParser
import Foundation
import Masir

struct Format: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite rulebooks in the canonical layout, keeping every comment.")

    @Flag(help: "Change nothing; exit 1 if any file is not formatted.")
    var check = false

    @Flag(help: "Print the formatted text instead of rewriting the file.")
    var stdout = false

    @Argument(help: "Rulebook files or folders.")
    var paths: [String]

    func run() throws {
        var unformatted: [String] = []
        var failed = false
        for path in try masirFiles(paths) {
            let text = try readFile(path)
            let parsed = Parser.parse(SourceFile(name: path, text: text))
            if parsed.diagnostics.hasErrors {
                printError(
                    DiagnosticRenderer.render(
                        parsed.diagnostics, sources: [path: parsed.source],
                        colour: standardErrorIsTerminal))
                printError("masir fmt: `\(path)` has syntax errors; left unchanged\n")
                failed = true
                continue
            }
            let formatted = Formatter.format(parsed)
            if stdout {
                print(formatted, terminator: "")
            } else if formatted != text {
                unformatted.append(path)
                if !check { try formatted.write(toFile: path, atomically: true, encoding: .utf8) }
            }
        }
        if check, !unformatted.isEmpty {
            for path in unformatted { print("not formatted: \(path)") }
            throw Exit.findings
        }
        if failed { throw Exit.findings }
    }
}
