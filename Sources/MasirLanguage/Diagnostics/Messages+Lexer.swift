// The lexer's messages, in alphabetical order.

extension Diagnostic {
    /// The lexer's findings whose words never vary: message, advice and the text that fixes them.
    private static let fixedWords:
        [DiagnosticCode: (message: String, help: String, replacement: String?)] = [
            .mixedIndentation: (
                "this line is indented with both tabs and spaces",
                "indent with spaces only; `masir fmt` rewrites the file that way", nil
            ),
            .persianComma: (
                "Persian comma `،` used as a separator",
                "separate items with the Latin comma `,`; the Persian comma belongs inside quoted texts",
                ","
            ),
            .strayJoiner: (
                "invisible joiner (ZWNJ) outside a quoted text",
                "identifiers cannot contain half-spaces; use `_` between words, or put the text in quotes",
                "_"
            ),
        ]

    /// A lexical finding of `code` from `fixedWords`.
    static func lexical(_ code: DiagnosticCode, at range: SourceRange) -> Diagnostic {
        let words = fixedWords[code] ?? (code.rawValue, "", nil)
        return Diagnostic(
            code, words.message, at: range, help: words.help, replacement: words.replacement)
    }

    static func curlyQuotes(at range: SourceRange, text: String) -> Diagnostic {
        Diagnostic(
            .curlyQuotes, "curly quotes around `\(text)`", at: range,
            help:
                "write texts in straight quotes \"…\" or in «…»; word processors change quotes when text is pasted",
            replacement: "\"\(text)\"")
    }

    static func unexpectedCharacter(at range: SourceRange, character: Unicode.Scalar) -> Diagnostic
    {
        let hex = String(character.value, radix: 16, uppercase: true)
        return Diagnostic(
            .unexpectedCharacter,
            "unexpected character `\(character)` (U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex))",
            at: range, help: help(forUnexpected: character))
    }

    /// `U+200F`: how a character is written when it cannot be shown.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// A character that shows as nothing, named rather than echoed (an echoed override would
    /// reverse the rest of the reader's line), and deleted by the fix.
    static func invisibleCharacter(
        at range: SourceRange, scalar: Unicode.Scalar, inText: Bool
    )
        -> Diagnostic
    {
        let name = Lexer.invisibleName(scalar) ?? "an invisible character"
        return Diagnostic(
            .invisibleCharacter,
            "\(name) (\(codePoint(scalar))) \(inText ? "inside a text" : "outside a text")",
            at: range,
            help: inText
                ? "delete it: a text cannot hold control characters (write `\\n` for a line break)"
                : "delete it: it cannot be seen, yet it makes an id differ from the one you read",
            replacement: "")
    }

    /// `;` or `؛`: deleted at the end of a clause, a comma between items.
    static func semicolon(
        at range: SourceRange, character: Unicode.Scalar, separator: Bool
    )
        -> Diagnostic
    {
        let persian = character == "\u{061B}"
        let what = persian ? "Persian semicolon `؛`" : "semicolon `;`"
        return separator
            ? Diagnostic(
                .unexpectedCharacter, "\(what) used between items", at: range,
                help: "separate items with the Latin comma `,`", replacement: ",")
            : Diagnostic(
                .unexpectedCharacter, "\(what) at the end of a clause", at: range,
                help: "delete it: Masir needs no semicolons, a new line ends the clause",
                replacement: "")
    }

    private static func help(forUnexpected character: Unicode.Scalar) -> String? {
        if Lexer.isCombiningMark(character) {
            return
                "ids cannot carry diacritics; write the id without them, or put the text in quotes"
        }
        return nil
    }

    static func unknownEscape(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .unknownEscape, "unknown escape in a text", at: range,
            help:
                "inside quotes only `\\\"`, `\\\\` and `\\n` are escapes; write other characters as they are"
        )
    }

    static func unterminatedString(at range: SourceRange, closing: String) -> Diagnostic {
        Diagnostic(
            .unterminatedString, "text is not closed before the end of the line", at: range,
            help: "add the closing `\(closing)`; a text cannot span lines")
    }
}
