import Foundation
import Testing
@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Scripted REPL sessions with golden transcripts: Golden/repl/NAME.session is the input, one
/// line per line typed; NAME.out what the REPL shows, each line after its prompt. Run with
/// MASIR_RECORD=1 to re-record; a missing transcript is written and the test fails.
enum REPLGolden {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = root.appendingPathComponent("Tests/MasirTests/Golden/repl")
    /// "Now" for sessions that never fix an instant with `:at` (the binary uses the real now).
    static let now = Instant(parsingCaseTime: "1403/08/12 10:00")!

    static var sessions: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".session") }.map { String($0.dropLast(".session".count)) }.sorted()
    }

    static func script(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name + ".session"), encoding: .utf8)
    }

    /// The transcript of a session run through the library, and how many of its lines failed.
    static func transcript(_ name: String) throws -> (String, Int) {
        let session = Session(options: Session.Options(workingDirectory: root.path, now: { now }))
        let text = session.transcript(try script(name))
        return (text, session.errorCount)
    }

    static func compare(_ actual: String, with name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let golden = folder.appendingPathComponent(name + ".out")
        let record = ProcessInfo.processInfo.environment["MASIR_RECORD"] == "1"
        guard !record, let expected = try? String(contentsOf: golden, encoding: .utf8) else {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
            if !record { Issue.record("wrote the missing transcript \(golden.path); check it and run again", sourceLocation: sourceLocation) }
            return
        }
        if actual != expected {
            let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
            let line = Array(zip(a, e)).firstIndex { $0 != $1 } ?? min(a.count, e.count)
            Issue.record("""
                \(name).out differs at line \(line + 1) (MASIR_RECORD=1 re-records):
                  expected: \(line < e.count ? e[line] : "<end>")
                  actual:   \(line < a.count ? a[line] : "<end>")
                """, sourceLocation: sourceLocation)
        }
    }

    /// The `masir` executable `swift build` / `swift test` put next to the test bundle.
    static func binary() -> URL? {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first { candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("masir")) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("masir"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("masir"))
        candidates.append(root.appendingPathComponent(".build/debug/masir"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs the binary with `arguments`, `input` on standard input, in the repository's root.
    static func run(_ arguments: [String], input: String, environment: [String: String] = [:]) throws -> (status: Int32, output: String, errors: String) {
        let executable = try #require(binary(), "the masir executable was not found next to the tests; run `swift build` first")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}

@Suite struct REPLGoldenTests {
    @Test(arguments: REPLGolden.sessions)
    func scriptedSession(_ name: String) throws {
        let (transcript, _) = try REPLGolden.transcript(name)
        try REPLGolden.compare(transcript, with: name)
    }

    @Test func thereAreSessions() {
        #expect(REPLGolden.sessions.count >= 5)
    }

    /// The command-line tool, reading a session from a pipe, prints the same transcript with
    /// `--echo`, and exits 1 when a line failed.
    @Test(arguments: ["hamedan", "listings"])
    func theBinaryPrintsTheSameTranscript(_ name: String) throws {
        let (expected, errors) = try REPLGolden.transcript(name)
        let result = try REPLGolden.run(["repl", "--echo"], input: try REPLGolden.script(name))
        #expect(result.output == expected, "stderr: \(result.errors)")
        #expect(result.status == (errors > 0 ? 1 : 0))
    }

    /// Without `--echo` there are no prompts: only what the lines produced.
    @Test func withoutEchoThereAreNoPrompts() throws {
        let input = ":at 1403/08/14 10:00\n:set caller.needy yes\ncaller.needy and category under bank_facilities\n"
        let result = try REPLGolden.run(["repl", "rules/provinces/hamedan"], input: input)
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.components(separatedBy: "\n")
        #expect(lines.first?.hasPrefix("loaded rulebook hamedan") == true)
        #expect(Array(lines.dropFirst()) == ["at 1403/08/14 10:00 (2024-11-04T10:00:00+03:30)", "caller.needy = true", "undecided: category is absent", ""])
        #expect(!result.output.contains("\u{1B}["), "no colours when the output is not a terminal")
    }
}
