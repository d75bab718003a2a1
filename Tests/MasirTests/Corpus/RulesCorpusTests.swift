import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Every shipped rulebook: loads clean, passes the checker with warnings as errors, is already
/// formatted, and passes its own rulebook tests with full coverage — on both evaluators.
@Suite struct RulesCorpusTests {
    static let rules = Repository.url("rules").path

    static func rulebookFiles() throws -> [String] {
        try Corpus.paths(in: URL(fileURLWithPath: rules), suffix: ".masir", recursive: true)
    }

    @Test func thereAreANationalAndThirtyOneProvincialRulebooks() throws {
        #expect(try Self.rulebookFiles().count == 32)
    }

    @Test(arguments: try rulebookFiles())
    func loadsAndPassesTheCheckerStrictly(_ path: String) throws {
        let result = Loader.files.load(path)
        let book = try #require(
            result.rulebook,
            "\(DiagnosticRenderer.render(result.diagnostics, sources: result.sources))")
        let findings = (result.diagnostics + Checker.check(book)).filter { $0.severity != .note }
        #expect(findings.isEmpty, "\(DiagnosticRenderer.render(findings, sources: result.sources))")
    }

    @Test(arguments: try rulebookFiles())
    func isAlreadyFormatted(_ path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let parsed = Parser.parse(SourceFile(name: path, text: text))
        #expect(Formatter.format(parsed) == text, "run `masir fmt \(path)`")
        // Formatted part by part (an editor's range formatting), a formatted file is unchanged.
        for (range, part) in Formatter.formattedParts(parsed) {
            #expect(parsed.source.text(of: range) == part, "\(path): a part formats differently")
        }
    }

    @Test func theTreeHasNoDeadInheritedRules() throws {
        let books = try Self.rulebookFiles().compactMap { Loader.files.load($0).rulebook }
        #expect(Checker.checkTree(books).isEmpty)
    }

    @Test(arguments: ["reference", "compiled"])
    func rulebookTestsPassWithFullCoverage(_ evaluator: String) throws {
        let paths = RulebookTestFile.discover([Self.rules])
        #expect(paths.count >= 5)
        let files = try paths.map { path in
            RulebookTestFile.read(path, text: try String(contentsOfFile: path, encoding: .utf8)) {
                try String(contentsOfFile: $0, encoding: .utf8)
            }
        }
        let runner =
            evaluator == "reference"
            ? TestRunner()
            // The compiled plan decides; the reference evaluator only adds the trace the runner reads.
            : TestRunner(decide: { book, subject, at in
                var decision = Plan(book).decide(subject, at: at)
                decision.trace =
                    Evaluator(rulebook: book).decide(subject, at: at, explain: true).trace
                return decision
            })
        let report = runner.run(files)
        #expect(report.outcomes.count >= 200)
        #expect(report.failed == 0, "\(TestReporter.text(report, showCoverage: false))")
        for coverage in report.coverage {
            #expect(
                coverage.percent == 100, "\(coverage.rulebook): not exercised \(coverage.missed)")
        }
        // Each test names what its decision used, and together they are the coverage.
        let used = Set(report.outcomes.flatMap(\.exercised))
        for coverage in report.coverage {
            for item in coverage.items {
                #expect(
                    used.contains(ExercisedItem(name: item.name, file: coverage.file))
                        == item.covered, "\(coverage.rulebook): \(item.name)")
            }
        }
        let repeatCaller = report.outcomes.first {
            $0.name == "a caller who has rung three times is urgent"
        }
        #expect(
            repeatCaller?.exercised.map(\.name).contains("rule urgency.repeat_caller") == true,
            "\(repeatCaller?.exercised ?? [])")
        #expect(
            report.outcomes.first {
                $0.name == "a caller who has rung twice keeps the referral's normal priority"
            }?.exercised.map(\.name).contains("rule urgency.repeat_caller") == false)
    }
}
