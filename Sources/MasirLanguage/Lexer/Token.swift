/// One lexical token; it holds its range, and its text is read back from the source.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// An identifier or a contextual keyword.
        case word
        /// A quoted text; `value` holds it without quotes and with escapes resolved.
        case string
        /// A whole number, digits normalised to ASCII and separators removed in `value`.
        case number
        /// `1403/07/01` or `2024-09-22`, digits normalised to ASCII in `value`.
        case date
        /// `07:30`, digits normalised to ASCII in `value`.
        case time
        /// Punctuation: `( ) [ ] , : . ?. ?? < <= > >= -` and the mistakes `= == != ،`.
        case symbol
        case endOfFile
        /// Something no token can start with; the lexer has already reported it.
        case invalid
    }

    public var kind: Kind
    public var range: SourceRange
    /// The token's meaning where it differs from its spelling (strings, numbers, dates, times),
    /// otherwise its spelling.
    public var value: String

    public func isWord(_ word: String) -> Bool { kind == .word && value == word }
    public func isSymbol(_ symbol: String) -> Bool { kind == .symbol && value == symbol }
}

/// A comment, kept so the formatter can put it back.
public struct Comment: Sendable, Hashable {
    public var range: SourceRange
    /// The text after `#`, including a second `#` for doc comments.
    public var text: String
    /// Whether code precedes the comment on its line.
    public var isTrailing: Bool

    public var isDoc: Bool { text.hasPrefix("#") }
}
