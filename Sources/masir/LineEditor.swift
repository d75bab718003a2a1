import ArgumentParser
import CLibEdit
import Foundation
import Masir

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
        if let codeset = nl_langinfo(nl_item(CODESET)).map({ String(cString: $0) }),
            codeset != "UTF-8"
        {
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
            return trimmed.hasSuffix("\\")
                ? String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces) : trimmed
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
private func complete(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    masir_rl_completion_done(32)
    guard let session = completingSession else { return nil }
    let word = text.map { String(cString: $0) } ?? ""
    var before = ""
    if let buffer = masir_rl_line_buffer() {
        let bytes = Array(
            UnsafeBufferPointer(
                start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                count: strlen(buffer)))
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
    guard
        let array = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (items.count + 1))?
            .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: items.count + 1)
    else { return nil }
    for (index, item) in items.enumerated() { array[index] = strdup(item) }
    array[items.count] = nil
    return array
}
