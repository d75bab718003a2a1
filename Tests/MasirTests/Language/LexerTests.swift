import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

@Suite struct LexerTests {
    /// Tokens as `kind:value`, without the end-of-file token.
    static func tokens(_ text: String) -> [String] {
        Lexer.lex(SourceFile(name: "t", text: text)).tokens.dropLast().map {
            "\($0.kind):\($0.value)"
        }
    }

    static func codes(_ text: String) -> [DiagnosticCode] {
        Lexer.lex(SourceFile(name: "t", text: text)).diagnostics.map(\.code)
    }

    // MARK: - Numbers

    @Test(arguments: [
        ("5", ["number:5"]),
        ("5,000,000", ["number:5000000"]),
        ("12,345", ["number:12345"]),
        ("۵٬۰۰۰٬۰۰۰", ["number:5000000"]),
        ("٣٤", ["number:34"]),
        ("۱2٣", ["number:123"]),  // digits from several scripts, as pasted text mixes them
        // a first group has at most three digits
        ("1234,567", ["number:1234", "symbol:,", "number:567"]),
        ("1,23", ["number:1", "symbol:,", "number:23"]),  // later groups have exactly three
        ("1,2345", ["number:1234", "number:5"]),
        ("5,000,", ["number:5000", "symbol:,"]),
        ("007", ["number:007"]),
        // too large is the parser's call
        ("99999999999999999999", ["number:99999999999999999999"]),
    ])
    func numbers(_ text: String, _ expected: [String]) {
        #expect(Self.tokens(text) == expected)
    }

    // MARK: - Dates and times

    @Test(arguments: [
        ("1403/07/01", ["date:1403/07/01"]),
        ("1403/7/1", ["date:1403/7/1"]),
        ("۱۴۰۳/۰۷/۰۱", ["date:1403/07/01"]),
        ("٢٠٢٤/٩/٢٢", ["date:2024/9/22"]),
        ("2024-09-22", ["date:2024-09-22"]),
        ("1403/13/01", ["date:1403/13/01"]),  // lexed as a date so the parser can say it is invalid
        // ISO is ASCII only
        ("۲۰۲۴-۰۹-۲۲", ["number:2024", "symbol:-", "number:09", "symbol:-", "number:22"]),
        ("2024-9-22", ["number:2024", "symbol:-", "number:9", "symbol:-", "number:22"]),
        ("2024-09-223", ["number:2024", "symbol:-", "number:09", "symbol:-", "number:223"]),
        ("14030/07/01", ["number:14030", "invalid:/", "number:07", "invalid:/", "number:01"]),
        ("7:30", ["time:07:30"]),
        ("07:30", ["time:07:30"]),
        ("۰۸:۳۰", ["time:08:30"]),
        ("25:00", ["time:25:00"]),  // range is checked by the parser
        ("123:45", ["number:123", "symbol::", "number:45"]),
        ("7:3", ["number:7", "symbol::", "number:3"]),
        ("07:30-14:30", ["time:07:30", "symbol:-", "time:14:30"]),
        ("1403/07/01 10:00", ["date:1403/07/01", "time:10:00"]),
    ])
    func datesAndTimes(_ text: String, _ expected: [String]) {
        #expect(Self.tokens(text) == expected)
    }

    // MARK: - Texts

    @Test(arguments: [
        ("\"کمیته امداد\"", ["string:کمیته امداد"]),
        ("\"a \\\"b\\\" \\\\ \\n\"", ["string:a \"b\" \\ \n"]),
        ("«رهن»", ["string:رهن"]),
        ("«با \"نقل\" و \\»", ["string:با \"نقل\" و \\"]),  // no escapes inside «…»
        ("\"\"", ["string:"]),
        ("«»", ["string:"]),
        ("\"a # not a comment\"", ["string:a # not a comment"]),
        ("“خانه”", ["string:خانه"]),
    ])
    func texts(_ text: String, _ expected: [String]) {
        #expect(Self.tokens(text) == expected)
    }

    @Test(arguments: [
        ("\"open", DiagnosticCode.unterminatedString),
        ("«open", .unterminatedString),
        ("\"line\nbreak\"", .unterminatedString),
        ("\"bad \\t\"", .unknownEscape),
        ("“curly”", .curlyQuotes),
        ("”reversed“", .curlyQuotes),
    ])
    func textMistakes(_ text: String, _ code: DiagnosticCode) {
        #expect(Self.codes(text).first == code)
    }

    @Test func unterminatedTextStopsAtTheLineEnd() {
        // The next line must still be read, or one missing quote would hide the rest of the file.
        #expect(Self.tokens("\"open\nagency") == ["string:open", "word:agency"])
    }

    @Test func curlyQuotesAreReadAsTextWithAFix() throws {
        let lexed = Lexer.lex(SourceFile(name: "t", text: "“خانه”"))
        let fix = try #require(lexed.diagnostics.first?.fixIts.first)
        #expect(fix.replacement == "\"خانه\"")
        #expect(fix.range == SourceRange(0, "“خانه”".utf8.count))
    }

    // MARK: - Words

    @Test(arguments: [
        ("caller_2", ["word:caller_2"]),
        ("_x", ["word:_x"]),
        ("مسکن", ["word:مسکن"]),
        ("ودیعه_مسکن", ["word:ودیعه_مسکن"]),
        ("x۱", ["word:x۱"]),
        ("۱x", ["number:1", "word:x"]),
        ("a.b?.c", ["word:a", "symbol:.", "word:b", "symbol:?.", "word:c"]),
        ("a ?? b", ["word:a", "symbol:??", "word:b"]),
        ("<= >= < >", ["symbol:<=", "symbol:>=", "symbol:<", "symbol:>"]),
        ("= == !=", ["symbol:=", "symbol:==", "symbol:!="]),
        (
            "()[],:-",
            ["symbol:(", "symbol:)", "symbol:[", "symbol:]", "symbol:,", "symbol::", "symbol:-"]
        ),
    ])
    func wordsAndSymbols(_ text: String, _ expected: [String]) {
        #expect(Self.tokens(text) == expected)
    }

    @Test func joinerInsideAWordIsOneMistake() {
        let text = "بنیاد\u{200C}مسکن"
        #expect(Self.tokens(text) == ["word:\(text)"])
        #expect(Self.codes(text) == [.strayJoiner])
    }

    @Test func diacriticInsideAWordIsOneMistake() {
        #expect(Self.tokens("مقرّر").count == 1)
        #expect(Self.codes("مقرّر") == [.unexpectedCharacter])
    }

    @Test func persianCommaIsReadAsACommaAndReported() {
        #expect(Self.tokens("a، b") == ["word:a", "symbol:,", "word:b"])
        #expect(Self.codes("a، b") == [.persianComma])
    }

    @Test func unexpectedCharactersAreReportedOnce() {
        #expect(
            Self.codes("a ; b ؛ c @") == [
                .unexpectedCharacter, .unexpectedCharacter, .unexpectedCharacter,
            ])
    }

    // MARK: - Comments and layout

    @Test func commentsAreKeptWithTheirKind() {
        let lexed = Lexer.lex(
            SourceFile(name: "t", text: "## doc\nrulebook r # trailing\n  # own\n#\n"))
        #expect(lexed.comments.map(\.text) == ["# doc", " trailing", " own", ""])
        #expect(lexed.comments.map(\.isTrailing) == [false, true, false, false])
        #expect(lexed.comments.map(\.isDoc) == [true, false, false, false])
        #expect(lexed.tokens.dropLast().map(\.value) == ["rulebook", "r"])
    }

    @Test func commentAfterATextIsTrailing() {
        let lexed = Lexer.lex(SourceFile(name: "t", text: "title \"x\" # why\n"))
        #expect(lexed.comments.map(\.isTrailing) == [true])
    }

    @Test func carriageReturnsAndByteOrderMarkAreSpace() {
        let lexed = Lexer.lex(SourceFile(name: "t", text: "\u{FEFF}rulebook r\r\n# c\r\nagency"))
        #expect(lexed.tokens.dropLast().map(\.value) == ["rulebook", "r", "agency"])
        #expect(lexed.comments.map(\.text) == [" c"])
        #expect(lexed.diagnostics.isEmpty)
    }

    @Test func mixedIndentationIsAWarningNotAnError() {
        let lexed = Lexer.lex(SourceFile(name: "t", text: "a\n \tb\n\t\tc\n    d\n \t\n"))
        #expect(lexed.diagnostics.map(\.code) == [.mixedIndentation])
        #expect(lexed.diagnostics.first?.severity == .warning)
    }

    @Test func rangesAreUTF8Offsets() {
        let lexed = Lexer.lex(SourceFile(name: "t", text: "مسکن «خانه» 5"))
        #expect(
            lexed.tokens.map(\.range) == [
                SourceRange(0, 8), SourceRange(9, 21), SourceRange(22, 23), SourceRange(23, 23),
            ])
    }

    @Test func tokensAreOrderedAndDisjointOnAnyInput() {
        // Sample of awkward text; the fuzz tests cover the rest.
        let text = "a«b\"c\n“d ۱۲:۳۴ 1403/1/1 x?.y??z ،؛\u{200C}\u{0651}5,000,0 😀 \"\\"
        let tokens = Lexer.lex(SourceFile(name: "t", text: text)).tokens
        for (previous, next) in zip(tokens, tokens.dropFirst()) {
            #expect(previous.range.upper <= next.range.lower)
        }
        #expect(tokens.last?.kind == .endOfFile)
    }
}
