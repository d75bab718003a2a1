/// A diagnostic as a JSON-ready value: the fields of `masir check --format json`, with 1-based
/// lines and columns when the file's text is known.
public struct DiagnosticRecord: Sendable, Codable, Hashable {
    /// A byte range in the file (UTF-8 offsets).
    public struct Range: Sendable, Codable, Hashable {
        /// The first byte, and one past the last.
        public var start, end: Int
    }

    /// A text edit that fixes the problem.
    public struct Fix: Sendable, Codable, Hashable {
        /// The first byte replaced, and one past the last.
        public var start, end: Int
        /// The new text.
        public var replacement: String
    }

    /// The stable code, such as `name.unknown`.
    public var code: String
    /// `error`, `warning` or `note`.
    public var severity: String
    /// One lowercase line naming user text in backticks.
    public var message: String
    /// The file the range belongs to.
    public var file: String
    /// Where, in UTF-8 bytes of the file.
    public var range: Range
    /// The 1-based line of the range's start, when the file's text is known.
    public var line: Int?
    /// The 1-based column (in characters) of the range's start.
    public var column: Int?
    /// The line of the range's end.
    public var endLine: Int?
    /// The column of the range's end.
    public var endColumn: Int?
    /// Advice on how to fix the problem.
    public var help: String?
    /// Secondary explanations.
    public var notes: [String]?
    /// Edits that fix the problem.
    public var fixes: [Fix]?

    /// The record of `diagnostic`, its message and advice in `language`; `source` (its file's
    /// text) supplies lines and columns.
    public init(
        _ diagnostic: Diagnostic, source: SourceFile?, language: DiagnosticLanguage = .english
    ) {
        code = diagnostic.code.rawValue
        severity = diagnostic.severity.rawValue
        message = diagnostic.message(in: language)
        file = diagnostic.file
        range = Range(start: diagnostic.range.lower, end: diagnostic.range.upper)
        if let source {
            let start = source.location(of: diagnostic.range.lower),
                end = source.location(of: diagnostic.range.upper)
            line = start.line
            column = start.column
            endLine = end.line
            endColumn = end.column
        }
        help = diagnostic.help(in: language)
        notes = diagnostic.notes.isEmpty ? nil : diagnostic.notes.map { $0.message(in: language) }
        fixes =
            diagnostic.fixIts.isEmpty
            ? nil
            : diagnostic.fixIts.map {
                Fix(start: $0.range.lower, end: $0.range.upper, replacement: $0.replacement)
            }
    }

    /// Records for `diagnostics`, sorted by file and position as every renderer shows them.
    public static func records(
        _ diagnostics: [Diagnostic], sources: [String: SourceFile],
        language: DiagnosticLanguage = .english
    ) -> [DiagnosticRecord] {
        diagnostics.sortedByPosition().map {
            DiagnosticRecord($0, source: sources[$0.file], language: language)
        }
    }
}
