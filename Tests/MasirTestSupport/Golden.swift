import Foundation
import Testing

/// Golden files in the repository. `MASIR_RECORD=1 swift test` rewrites them; a missing golden is
/// written and the test fails, so a new case is looked at before it is trusted.
package enum Golden {
    /// Exactly `1`, so that a stray `MASIR_RECORD=0` does not rewrite every golden.
    package static var recording: Bool {
        ProcessInfo.processInfo.environment["MASIR_RECORD"] == "1"
    }

    /// How a mismatch is shown.
    package enum Difference: Sendable {
        /// A line diff with a little context: suits files read as a whole.
        case lines
        /// The first line that differs: suits transcripts, where one early change shifts the rest.
        case firstLine
    }

    /// Compares `actual` with the golden file at `relativePath` (from the repository root).
    package static func assertMatches(
        _ actual: String, file relativePath: String, difference: Difference = .lines,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let url = Repository.url(relativePath)
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if recording || expected == nil {
            do {
                try actual.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record(
                    "cannot write golden \(relativePath): \(error)", sourceLocation: sourceLocation)
                return
            }
            if expected == nil {
                Issue.record(
                    "golden \(relativePath) did not exist and was recorded; check it and run again",
                    sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected, expected != actual else { return }
        switch difference {
        case .lines:
            Issue.record(
                "output differs from \(relativePath) (MASIR_RECORD=1 re-records)\n\(LineDiff.render(expected: expected, actual: actual))",
                sourceLocation: sourceLocation)
        case .firstLine:
            let first = LineDiff.firstDifference(expected: expected, actual: actual)
            Issue.record(
                """
                \(relativePath) differs at line \(first.line) (MASIR_RECORD=1 re-records):
                  expected: \(first.expected ?? "<end>")
                  actual:   \(first.actual ?? "<end>")
                """, sourceLocation: sourceLocation)
        }
    }
}

/// Line differences for readable failures (longest common subsequence of lines).
package enum LineDiff {
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// `table[i][j]`: the length of the longest common subsequence of `old[i...]` and `new[j...]`.
    static func commonSubsequenceTable(_ old: [String], _ new: [String]) -> [[Int]] {
        var table = Array(
            repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                table[i][j] =
                    old[i] == new[j]
                    ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table
    }

    /// A unified-style diff of the changed lines, with `context` unchanged lines around them.
    package static func render(expected: String, actual: String, context: Int = 2) -> String {
        let old = lines(expected), new = lines(actual)
        let lcs = commonSubsequenceTable(old, new)
        var lines: [(Character, String)] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                lines.append((" ", old[i])); i += 1; j += 1
            } else if i < old.count, j == new.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                lines.append(("-", old[i])); i += 1
            } else {
                lines.append(("+", new[j])); j += 1
            }
        }
        // Show changed lines with a little context; elide long unchanged runs.
        let changed = lines.indices.filter { lines[$0].0 != " " }
        var output = "--- expected\n+++ actual\n"
        var lastShown = -1
        for index in lines.indices where changed.contains(where: { abs($0 - index) <= context }) {
            if lastShown >= 0, index > lastShown + 1 { output += "  …\n" }
            output += "\(lines[index].0) \(lines[index].1)\n"
            lastShown = index
        }
        return output
    }

    /// How many lines must be added or removed to turn `a` into `b` (the size of their diff).
    package static func changedLineCount(_ a: String, _ b: String) -> Int {
        let x = lines(a), y = lines(b)
        return x.count + y.count - 2 * commonSubsequenceTable(x, y)[0][0]
    }

    /// The first line (1-based) where the texts differ, and each text's line there (nil past its
    /// end). Texts that are equal differ at the line after both end.
    package static func firstDifference(
        expected: String, actual: String
    ) -> (line: Int, expected: String?, actual: String?) {
        let e = lines(expected), a = lines(actual)
        let index =
            zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(e.count, a.count)
        return (index + 1, index < e.count ? e[index] : nil, index < a.count ? a[index] : nil)
    }
}
