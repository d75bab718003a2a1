/// Tab-separated tables (fixtures, holiday data): one row per line, the header line dropped, blank
/// lines skipped. Fields are not trimmed, since some inputs keep spaces on purpose.
package enum TabSeparated {
    package static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n", omittingEmptySubsequences: true)
            .dropFirst()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }
}
