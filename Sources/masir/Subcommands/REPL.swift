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
        abstract: "Route cases interactively: build a case field by field, decide it, try expressions.",
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
            let path = history ?? environment["MASIR_HISTORY"].flatMap { $0.isEmpty ? nil : $0 } ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.masir_history")
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

/// The session the completion callback reads: libedit's C callback cannot capture context.
nonisolated(unsafe) private var completingSession: Session?
/// Set by the SIGINT handler: Ctrl-C abandons the line being typed, it does not end the REPL.
nonisolated(unsafe) private var interrupted: sig_atomic_t = 0

/// libedit, through its readline-compatible API.
struct LineEditor {
    let session: Session
    let historyFile: String

    func run(initialRulebook: String?) {
        setlocale(LC_ALL, "")
        // libedit reads Persian text only in a UTF-8 locale.
        if let codeset = nl_langinfo(nl_item(CODESET)).map({ String(cString: $0) }), codeset != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        completingSession = session
        rl_initialize()
        masir_rl_setup(strdup("masir"), strdup(Session.wordBreakCharacters), complete)
        using_history()
        stifle_history(1000)
        _ = read_history(historyFile)
        _ = masir_catch_sigint { _ in interrupted = 1 }
        // While a line is edited Ctrl-C is a character, not a signal: it abandons the line.
        masir_rl_pre_input_hook {
            _ = masir_rl_command("setty -d -isig")
            _ = masir_rl_bind("masir-interrupt", 3) { _, _ in
                interrupted = 1
                masir_rl_finish_line()
                return 0
            }
            return 0
        }

        print("Masir REPL — :help lists the commands, Tab completes, Ctrl-D leaves.")
        if let initialRulebook { print(session.load(initialRulebook).text, terminator: "") }
        var physical: [String] = []
        while true {
            guard let raw = readline(session.prompt) else {
                if interrupted != 0 {
                    interrupted = 0
                    session.cancelContinuation()
                    physical = []
                    print("^C")
                    fflush(nil)
                    continue
                }
                print("")
                break
            }
            let line = String(cString: raw)
            free(raw)
            physical.append(line)
            let reply = session.process(line)
            if !reply.needsMore {
                remember(physical)
                physical = []
            }
            print(reply.text, terminator: "")
            fflush(nil)
            if reply.quit { break }
        }
        _ = write_history(historyFile)
    }

    /// Adds a finished input to the history as one line, and saves the history.
    func remember(_ lines: [String]) {
        let joined = lines.map { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasSuffix("\\") ? String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces) : trimmed
        }.filter { !$0.isEmpty }.joined(separator: " ")
        guard !joined.isEmpty else { return }
        if let last = masir_history_last(), String(cString: last) == joined { return }
        add_history(joined)
        _ = write_history(historyFile)
    }
}

/// rl_attempted_completion_function: the matches for the word under the cursor, in readline's
/// convention — the replacement first (the single match, or the longest common prefix), then the
/// matches, then NULL — in memory libedit frees.
private func complete(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    masir_rl_completion_done(32)
    guard let session = completingSession else { return nil }
    let word = text.map { String(cString: $0) } ?? ""
    var before = ""
    if let buffer = masir_rl_line_buffer() {
        let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: strlen(buffer)))
        let point = min(max(0, Int(masir_rl_point())), bytes.count)
        let line = String(decoding: bytes[..<point], as: UTF8.self)
        if line.hasSuffix(word) { before = String(line.dropLast(word.count)) }
    }
    let matches = session.completions(for: word, after: before)
    guard !matches.isEmpty else { return nil }
    var replacement = matches[0]
    for match in matches.dropFirst() {
        replacement = String(zip(replacement, match).prefix { $0 == $1 }.map(\.0))
    }
    let single = matches.count == 1
    // This libedit inserts the replacement as it is and does not append rl_completion_append_character,
    // so a finished word carries its own space (not a folder or a path that goes on).
    if single, !replacement.hasSuffix("/"), !replacement.hasSuffix(".") { replacement += " " }
    masir_rl_completion_done(0)
    let items = single ? [replacement] : [replacement] + matches
    guard let array = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (items.count + 1))?
        .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: items.count + 1)
    else { return nil }
    for (index, item) in items.enumerated() { array[index] = strdup(item) }
    array[items.count] = nil
    return array
}
