/// Renders test reports for people and as JUnit XML for CI systems.
public enum TestReporter {
    public static func text(_ report: TestReport, showCoverage: Bool) -> String {
        var lines: [String] = []
        for error in report.errors { lines.append("error: \(error)") }
        for outcome in report.outcomes where !outcome.passed {
            lines.append(
                "FAIL \(outcome.file)\(outcome.line.map { ":\($0)" } ?? ""): \(outcome.name)")
            for failure in outcome.failures { lines.append("    \(failure)") }
            if !outcome.trace.isEmpty {
                lines.append("    decided by:")
                for line in outcome.trace { lines.append("      \(line)") }
            }
        }
        if showCoverage {
            for coverage in report.coverage {
                lines.append(
                    String(
                        format: "coverage %@ (%@): %.1f%% of %d rules, fallbacks and levels",
                        coverage.rulebook, coverage.file, coverage.percent, coverage.items.count))
                for missed in coverage.missed { lines.append("    not exercised: \(missed)") }
            }
        }
        let passed = report.outcomes.filter(\.passed).count
        lines.append("\(passed) passed, \(report.failed) failed")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func junit(_ report: TestReport) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let byFile = Dictionary(grouping: report.outcomes, by: \.file)
        xml +=
            "<testsuites name=\"masir\" tests=\"\(report.outcomes.count)\" failures=\"\(report.outcomes.filter { !$0.passed }.count)\" errors=\"\(report.errors.count)\">\n"
        for file in byFile.keys.sorted() {
            let outcomes = byFile[file]!
            let time = outcomes.reduce(0) { $0 + $1.seconds }
            xml +=
                "  <testsuite name=\"\(escape(file))\" tests=\"\(outcomes.count)\" failures=\"\(outcomes.filter { !$0.passed }.count)\" time=\"\(time)\">\n"
            for outcome in outcomes {
                xml +=
                    "    <testcase classname=\"\(escape(file))\" name=\"\(escape(outcome.name))\" time=\"\(outcome.seconds)\""
                if outcome.passed {
                    xml += "/>\n"
                } else {
                    let body =
                        (outcome.failures
                        + (outcome.trace.isEmpty ? [] : ["decided by:"] + outcome.trace)).joined(
                            separator: "\n")
                    xml +=
                        ">\n      <failure message=\"\(escape(outcome.failures.first ?? ""))\">\(escape(body))</failure>\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        if !report.errors.isEmpty {
            xml +=
                "  <testsuite name=\"errors\" tests=\"\(report.errors.count)\" errors=\"\(report.errors.count)\">\n"
            for (index, error) in report.errors.enumerated() {
                xml +=
                    "    <testcase name=\"error \(index + 1)\"><error message=\"\(escape(error))\"/></testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
            of: "<", with: "&lt;"
        )
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
