import ArgumentParser
import Foundation
import Masir

struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run rulebook tests (tests.yaml and *.tests.yaml next to each rulebook).")

    enum OutputFormat: String, ExpressibleByArgument { case text, junit }

    @Argument(help: "Test files or folders to search; default rules/.")
    var paths: [String] = ["rules"]

    @Option(help: "Run only tests whose name or file contains this text.")
    var filter: String?

    @Option(help: "Output: text or junit (JUnit XML).")
    var format: OutputFormat = .text

    @Flag(help: "Print which rules, fallbacks and ladder levels no test exercised.")
    var coverage = false

    @Option(help: "Fail when any rulebook's coverage is below this percentage.")
    var minCoverage: Double?

    func run() throws {
        let paths = RulebookTestFile.discover(self.paths)
        if paths.isEmpty {
            printError(
                "masir test: no test files (tests.yaml or *.tests.yaml) under \(self.paths.joined(separator: ", "))\n"
            )
            throw Exit.usage
        }
        let files = try paths.map { path in
            RulebookTestFile.read(path, text: try readFile(path)) {
                try CaseFile.read($0).get()
            }
        }
        let report = TestRunner().run(files, filter: filter)
        switch format {
        case .text:
            print(
                TestReporter.text(report, showCoverage: coverage || minCoverage != nil),
                terminator: "")
        case .junit: print(TestReporter.junit(report), terminator: "")
        }
        var failed = report.failed > 0
        if let minimum = minCoverage {
            for item in report.coverage where item.percent < minimum {
                printError(
                    String(
                        format: "masir test: coverage of %@ is %.1f%%, below %.1f%%\n",
                        item.rulebook, item.percent, minimum))
                failed = true
            }
        }
        if failed { throw Exit.findings }
    }
}
