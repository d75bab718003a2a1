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

    private static func help(forUnexpected character: Unicode.Scalar) -> String? {
        if character == ";" || character == "\u{061B}" {
            return "Masir needs no semicolons; end the clause with a new line"
        }
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
