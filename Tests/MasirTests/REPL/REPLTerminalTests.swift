import Foundation
import MasirTestSupport
import Testing

/// `masir repl` on a real pseudo-terminal: scripts/test_repl_pty.py drives it through tmux and
/// checks Tab completion, the up arrow, Ctrl-C, Persian input and the history file across runs.
@Suite struct REPLTerminalTests {
    @Test func lineEditingHistoryAndCompletionWorkOnATerminal() throws {
        let binary = try MasirExecutable.require()
        let script = Repository.url("scripts/test_repl_pty.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script.path, "--masir", binary.path, "--root", Repository.path,
        ]
        process.currentDirectoryURL = Repository.root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(
            decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0:
            #expect(text.contains("checks passed"))
            let socket = try #require(
                text.split(separator: "\n").first { $0.hasPrefix("tmux socket: ") }?.dropFirst(
                    "tmux socket: ".count))
            #expect(
                Self.processes(mentioning: String(socket)).isEmpty,
                "the tmux server outlived the terminal test")
        case 2:
            Issue.record(
                "the terminal test could not run (tmux is needed: run scripts/setup.sh):\n\(text)")
        default:
            Issue.record("scripts/test_repl_pty.py failed:\n\(text)")
        }
    }

    /// The ids of running processes whose command line contains `text` (zombies have none).
    static func processes(mentioning text: String) -> [String] {
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return ids.filter { id in
            guard id.allSatisfy(\.isNumber),
                let data = FileManager.default.contents(atPath: "/proc/\(id)/cmdline")
            else { return false }
            return String(decoding: data, as: UTF8.self).contains(text)
        }
    }
}
