import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Scripted REPL sessions with golden transcripts: Golden/repl/NAME.session is the input, one
/// line per line typed; NAME.out what the REPL shows, each line after its prompt. Run with
/// MASIR_RECORD=1 to re-record; a missing transcript is written and the test fails.
enum REPLGolden {
    static let folder = Repository.url("Tests/MasirTests/Golden/repl")
    /// "Now" for sessions that never fix an instant with `:at` (the binary uses the real now).
    static let now = Instant(parsingCaseTime: "1403/08/12 10:00")!

    static func sessions() throws -> [String] {
        try Corpus.names(in: folder, suffix: ".session").map {
            String($0.dropLast(".session".count))
        }
    }

    static func script(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name + ".session"), encoding: .utf8)
    }

    /// The transcript of a session run through the library, and how many of its lines failed.
    static func transcript(_ name: String) throws -> (String, Int) {
        let session = Session(
            options: Session.Options(workingDirectory: Repository.path, now: { now }))
        let text = session.transcript(try script(name))
        return (text, session.errorCount)
    }

    static func compare(
        _ actual: String, with name: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        Golden.assertMatches(
            actual, file: "Tests/MasirTests/Golden/repl/\(name).out", difference: .firstLine,
            sourceLocation: sourceLocation)
    }
}

@Suite struct REPLGoldenTests {
    @Test(arguments: try REPLGolden.sessions())
    func scriptedSession(_ name: String) throws {
        let (transcript, _) = try REPLGolden.transcript(name)
        REPLGolden.compare(transcript, with: name)
    }

    @Test func thereAreSessions() throws {
        #expect(try REPLGolden.sessions().count >= 5)
    }

    /// The command-line tool, reading a session from a pipe, prints the same transcript with
    /// `--echo`, and exits 1 when a line failed.
    @Test(arguments: ["hamedan", "listings"])
    func theBinaryPrintsTheSameTranscript(_ name: String) throws {
        let (expected, errors) = try REPLGolden.transcript(name)
        let result = try MasirExecutable.run(
            ["repl", "--echo"], input: try REPLGolden.script(name))
        #expect(result.output == expected, "stderr: \(result.errors)")
        #expect(result.status == (errors > 0 ? 1 : 0))
    }

    /// Without `--echo` there are no prompts: only what the lines produced.
    @Test func withoutEchoThereAreNoPrompts() throws {
        let input =
            ":at 1403/08/14 10:00\n:set caller.needy yes\ncaller.needy and category under bank_facilities\n"
        let result = try MasirExecutable.run(["repl", "rules/provinces/hamedan"], input: input)
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.components(separatedBy: "\n")
        #expect(lines.first?.hasPrefix("loaded rulebook hamedan") == true)
        #expect(
            Array(lines.dropFirst()) == [
                "at 1403/08/14 10:00 (2024-11-04T10:00:00+03:30)", "caller.needy = true",
                "undecided: category is absent", "",
            ])
        #expect(!result.output.contains("\u{1B}["), "no colours when the output is not a terminal")
    }
}
