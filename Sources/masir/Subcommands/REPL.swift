import ArgumentParser
import CLibEdit
import Foundation
import Masir

/// `masir repl`: the terminal around the library's `Session`. On a terminal, libedit edits the
/// line, keeps the history in ~/.masir_history and completes with Tab; otherwise lines are read
/// from standard input with no prompts and no colours, so a session can be scripted.
struct REPL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract:
            "Route cases interactively: build a case field by field, decide it, try expressions.",
        discussion: """
            RULEBOOK is a rulebook folder or file, or a tree of them such as rules/ (the case's \
            province then chooses the rulebook). Type :help for the commands; any other line is a \
            Masir expression, evaluated against the case.
            When standard input is not a terminal, commands are read line by line with no prompts \
            or colours, and the exit status is 1 if any line failed: \
            masir repl rules/provinces/hamedan < session.txt
            """)

    @Argument(help: "A rulebook folder or file, or a folder of rulebooks (rules/).")
    var rulebook: String?

    @Flag(help: "When input is not a terminal, show each line after its prompt, as a transcript.")
    var echo = false

    @Option(help: "The history file (default: $MASIR_HISTORY, else ~/.masir_history).")
    var history: String?

    func run() throws {
        let interactive = isatty(0) == 1 && isatty(1) == 1
        let environment = ProcessInfo.processInfo.environment
        let colour = interactive && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        let session = Session(options: Session.Options(colour: colour))
        if interactive {
            let path =
                history ?? environment["MASIR_HISTORY"].flatMap { $0.isEmpty ? nil : $0 }
                ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.masir_history")
            LineEditor(session: session, historyFile: path).run(initialRulebook: rulebook)
            return
        }
        var failed = false
        if let rulebook {
            let reply = session.load(rulebook)
            failed = reply.isError
            write(reply.text)
        }
        while let line = readLine(strippingNewline: true) {
            if echo { write(session.prompt + line + "\n") }
            let reply = session.process(line)
            write(reply.text)
            if reply.quit { break }
        }
        if session.isContinuing {
            write("error: the input ended inside an unfinished line\n")
            failed = true
        }
        if failed || session.errorCount > 0 { throw Exit.findings }
    }

    func write(_ text: String) {
        guard !text.isEmpty else { return }
        print(text, terminator: "")
    }
}
