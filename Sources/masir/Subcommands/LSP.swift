import ArgumentParser
import Foundation
import MasirLSP

struct LSP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Serve the Language Server Protocol on standard input and output, for editors.",
        discussion: "Editors start it themselves; see docs/editors.md.")

    @Flag(help: "Accepted for editors that pass it; standard input and output are always used.")
    var stdio = false

    func run() throws {
        var transport = Transport()
        let server = LanguageServer()
        throw ExitCode(server.run(transport: &transport))
    }
}
