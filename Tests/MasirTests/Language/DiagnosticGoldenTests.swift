import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Mistakes policy writers really make, each rendered as `masir check` shows it, in English and
/// in Persian. The corpus grades itself: each case begins with one line per finding it must
/// produce, in position order,
///
///     # expect: syntax.unexpected-character at 6:22 `;` fix
///
/// naming the code, where the finding starts (line:column), the source text its primary span
/// covers (`\u{200F}` for a character that cannot be seen) and whether a fix is offered. A finding
/// whose span moves off its token, a lost or extra finding, a fix gained or lost, all fail. Every
/// offered fix is applied to the text, and the fixed file must report exactly the findings that
/// had no fix.
///
/// Cases under `checked/` are whole rulebooks, loaded and checked as `masir check` does (names,
/// types and the checker's findings); the others are parsed.
@Suite struct DiagnosticGoldenTests {
    static let folder = "Tests/MasirTests/Golden/diagnostics"
    static func cases() throws -> [String] {
        try Corpus.names(in: Repository.url(folder), suffix: ".masir", recursive: true)
    }

    /// One `# expect:` line.
    struct Expected: Equatable, CustomStringConvertible {
        var code: String
        var line: Int
        var column: Int
        var text: String
        var fix: Bool

        var description: String {
            "\(code) at \(line):\(column) `\(Expected.escaped(text))`\(fix ? " fix" : "")"
        }

        /// `\u{…}` for characters a reader cannot see in the header.
        static func escaped(_ text: String) -> String {
            var result = ""
            for scalar in text.unicodeScalars {
                if scalar.value < 0x20 || scalar.value == 0x7F || Lexer.invisibleName(scalar) != nil
                    || scalar == "\u{200C}"
                {
                    result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
            return result
        }

        static func unescaped(_ text: Substring) -> String {
            var result = "", rest = text[...]
            while let open = rest.range(of: "\\u{"),
                let close = rest[open.upperBound...].firstIndex(of: "}")
            {
                result += rest[..<open.lowerBound]
                if let value = UInt32(rest[open.upperBound..<close], radix: 16),
                    let scalar = Unicode.Scalar(value)
                {
                    result.unicodeScalars.append(scalar)
                }
                rest = rest[rest.index(after: close)...]
            }
            return result + rest
        }

        init(code: String, line: Int, column: Int, text: String, fix: Bool) {
            (self.code, self.line, self.column, self.text, self.fix) = (
                code, line, column, text, fix
            )
        }

        init?(header line: Substring) {
            guard line.hasPrefix("# expect: ") else { return nil }
            let body = line.dropFirst("# expect: ".count)
            let words = body.split(separator: " ", maxSplits: 2)
            guard words.count == 3, words[1] == "at",
                let tick = words[2].firstIndex(of: "`"), let lastTick = words[2].lastIndex(of: "`"),
                tick < lastTick
            else { return nil }
            let place = words[2][..<tick].trimmingCharacters(in: .whitespaces).split(separator: ":")
            guard place.count == 2, let l = Int(place[0]), let c = Int(place[1]) else { return nil }
            let tail = words[2][words[2].index(after: lastTick)...].trimmingCharacters(
                in: .whitespaces)
            guard tail == "" || tail == "fix" else { return nil }
            self.init(
                code: String(words[0]), line: l, column: c,
                text: Expected.unescaped(words[2][words[2].index(after: tick)..<lastTick]),
                fix: tail == "fix")
        }
    }

    /// What checking `text` as case `name` finds, and the sources to render it with.
    static func check(_ text: String, name: String) -> ([Diagnostic], [String: SourceFile]) {
        guard name.hasPrefix("checked/") else {
            let parsed = parse(text, name: name)
            return (parsed.diagnostics, [name: parsed.source])
        }
        let result = Loader.memory([name: text]).load(name)
        var diagnostics = result.diagnostics
        if let book = result.rulebook { diagnostics += Checker.check(book) }
        return (diagnostics, result.sources)
    }

    /// `text` with every fix of `diagnostics` written in, last first so offsets hold; a fix that
    /// overlaps one already applied is left out.
    static func applyingFixes(_ diagnostics: [Diagnostic], to text: String) -> String {
        var bytes = Array(text.utf8)
        var floor = Int.max
        let fixes = diagnostics.flatMap(\.fixIts).sorted {
            ($0.range.lower, $0.range.upper) > ($1.range.lower, $1.range.upper)
        }
        for fix in fixes where fix.range.upper <= floor {
            bytes.replaceSubrange(
                fix.range.lower..<fix.range.upper, with: Array(fix.replacement.utf8))
            floor = fix.range.lower
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func thereAreEnoughCases() throws {
        #expect(try Self.cases().count >= 60)
    }

    @Test(arguments: try cases())
    func renderedDiagnosticsMatchGolden(_ name: String) throws {
        let text = try Repository.read("\(Self.folder)/\(name)")
        let header = text.split(separator: "\n").prefix { $0.hasPrefix("# expect: ") }
        let expected = header.compactMap(Expected.init(header:))
        let (diagnostics, sources) = Self.check(text, name: name)
        let rendered = DiagnosticRenderer.render(diagnostics, sources: sources)
        // Findings folded into "and N more like it" are not listed, as a reader does not see them.
        let actual = diagnostics.sortedByPosition().groupingRepeats().map { d -> Expected in
            let source = sources[d.file]
            let start = source?.location(of: d.range.lower)
            return Expected(
                code: d.code.rawValue, line: start?.line ?? 0, column: start?.column ?? 0,
                text: source?.text(of: d.range) ?? "", fix: !d.fixIts.isEmpty)
        }
        if ProcessInfo.processInfo.environment["MASIR_RECORD_EXPECT"] == "1", actual != expected {
            // Writes what was found as the case's expectations, for review in the diff.
            let body = text.split(separator: "\n", omittingEmptySubsequences: false)
                .drop { $0.hasPrefix("# expect: ") }
            try (actual.map { "# expect: \($0)" } + body.map(String.init)).joined(separator: "\n")
                .write(
                    to: Repository.url("\(Self.folder)/\(name)"), atomically: true, encoding: .utf8)
        }
        try #require(
            !expected.isEmpty && expected.count == header.count,
            "\(name) must begin with `# expect: <code> at <line>:<column> `<text>` [fix]` lines")
        #expect(
            actual == expected,
            "\(name):\n\(actual.map { "# expect: \($0)" }.joined(separator: "\n"))\n\n\(rendered)")
        Golden.assertMatches(rendered, file: "\(Self.folder)/\(name).diagnostics")
        let persian = DiagnosticRenderer.render(diagnostics, sources: sources, language: .persian)
        Golden.assertMatches(persian, file: "\(Self.folder)/\(name).fa.diagnostics")
        // Every finding is said in Persian as a whole sentence, with no English words left
        // outside its code spans.
        for diagnostic in diagnostics {
            let sentence = diagnostic.persianMessage
            #expect(
                sentence != nil && !PersianMessages.hasEnglishWords(sentence ?? ""),
                "\(name): no Persian sentence for \(diagnostic.code.rawValue): \(diagnostic.message)"
            )
        }
        #expect(!persian.contains("= en:"), "\(name): the Persian rendering fell back to English")
        // No finding repeats a long stretch of the author's text.
        for line in (rendered + persian).split(separator: "\n") {
            #expect(
                line.count <= DiagnosticRenderer.maximumEchoColumns + 12,
                "\(name): \(line.prefix(80))…")
        }
        // Every offered fix, applied, removes its finding and adds none.
        guard expected.contains(where: \.fix) else { return }
        let fixed = Self.applyingFixes(diagnostics, to: text)
        let after = Self.check(fixed, name: name).0
        let unfixed = diagnostics.filter(\.fixIts.isEmpty).map(\.code.rawValue).sorted()
        #expect(
            after.map(\.code.rawValue).sorted() == unfixed,
            "\(name) after its fixes:\n\(fixed)\n\(DiagnosticRenderer.render(after, sources: [:]))")
    }
}

/// The human and JSON renderers on their own, with hand-made diagnostics.
@Suite struct DiagnosticRendererTests {
    static func render(
        _ text: String, _ range: Range<Int>, notes: [Diagnostic.Note] = [], help: String? = nil
    ) -> [String] {
        let source = SourceFile(name: "f.masir", text: text)
        let diagnostic = Diagnostic(
            .unknownClause, "message", file: "f.masir",
            at: SourceRange(range.lowerBound, range.upperBound), help: help, notes: notes)
        return DiagnosticRenderer.render([diagnostic], sources: ["f.masir": source]).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
    }

    /// The UTF-8 offset of `needle` in `text`.
    static func offset(of needle: String, in text: String) -> Int {
        text.utf8.count - text[text.range(of: needle)!.lowerBound...].utf8.count
    }

    @Test func caretUnderPersianTextCountsCharacters() {
        let line = "  rule needy \"مددجویان کمیته\" when x == 1"
        let start = Self.offset(of: "==", in: line)
        let output = Self.render(line, start..<(start + 2))
        #expect(output[0] == "f.masir:1:38: error[syntax.unknown-clause]: message")
        // The caret sits as many characters into its line as `==` is into the source line.
        let quoted = output[1], caret = output[2]
        let gutter = quoted.distance(
            from: quoted.startIndex, to: quoted.range(of: line)!.lowerBound)
        #expect(caret.dropFirst(gutter) == String(repeating: " ", count: 37) + "^~")
    }

    @Test func combiningMarksDoNotShiftTheCaret() {
        let line = "x \"مُقَرَّر\" y"
        let start = Self.offset(of: "y", in: line)
        let output = Self.render(line, start..<(start + 1))
        // مُقَرَّر is eight scalars but four characters; a column counted in scalars would drift.
        #expect(output[0].hasPrefix("f.masir:1:10:"))
        #expect(output[2] == "   | " + String(repeating: " ", count: 9) + "^")
    }

    @Test func tabsInTheLineAreKeptUnderTheCaret() {
        let output = Self.render("\tfield a", 7..<8)
        #expect(output[2] == "   | \t      ^")
    }

    @Test func multiLineRangeIsUnderlinedToTheEndOfItsFirstLine() {
        let text = "rule a\n  when x\n  and y\n"
        let start = Self.offset(of: "when", in: text)
        let output = Self.render(text, start..<Self.offset(of: "y", in: text))
        #expect(output[0] == "f.masir:2:3: error[syntax.unknown-clause]: message")
        #expect(output[1] == " 1 | rule a")
        #expect(output[2] == " 2 |   when x")
        #expect(output[3] == "   |   ^~~~~~")
    }

    @Test func blankPreviousLineIsNotQuoted() {
        let output = Self.render("a\n\nb", 3..<4)
        #expect(output[1] == " 3 | b")
    }

    @Test func notesAndHelp() {
        let output = Self.render(
            "a\nb", 2..<3,
            notes: [
                .init("begins here", range: SourceRange(0, 1)), .init("elsewhere", file: "g.masir"),
            ], help: "do this")
        #expect(
            output.suffix(4) == [
                "   | note: begins here (line 1)", "   | note: elsewhere", "   = help: do this", "",
            ])
    }

    @Test func missingSourceStillNamesFileAndCode() {
        let diagnostic = Diagnostic(
            .importFailed, "cannot read", file: "gone.masir", at: SourceRange(0, 1),
            help: "check the path")
        #expect(
            DiagnosticRenderer.render([diagnostic], sources: [:])
                == "gone.masir: error[name.import-failed]: cannot read\n  = help: check the path\n")
    }

    @Test func colourOnlyWhenAsked() {
        let parsed = parse("rulebook r\nagnecy a \"A\"\n")
        #expect(
            !DiagnosticRenderer.render(parsed.diagnostics, sources: ["test.masir": parsed.source])
                .contains("\u{1B}["))
        #expect(
            DiagnosticRenderer.render(
                parsed.diagnostics, sources: ["test.masir": parsed.source], colour: true
            ).contains("\u{1B}[31m"))
    }

    @Test func repeatsOfOneKindAreGroupedAndLongListsCapped() {
        let parsed = parse("rulebook r\n" + String(repeating: "@ ", count: 150))
        #expect(parsed.diagnostics.count == 150)
        let output = DiagnosticRenderer.render(
            parsed.diagnostics, sources: ["test.masir": parsed.source])
        #expect(
            output.split(separator: "\n").filter { $0.hasPrefix("test.masir:") }.count
                == [Diagnostic].repeatsShown)
        #expect(output.contains("note: and 130 more like it (line 2)"))
        // Findings of many kinds are not grouped, and stop at the cap.
        let mixed = (0..<150).map { i in
            Diagnostic(
                DiagnosticCode.allCases[i % 30], "m", file: "test.masir", at: SourceRange(i, i + 1))
        }
        let capped = DiagnosticRenderer.render(mixed, sources: ["test.masir": parsed.source])
        #expect(
            capped.split(separator: "\n").filter { $0.hasPrefix("test.masir:") }.count
                == DiagnosticRenderer.maximumShown)
        #expect(capped.hasSuffix("… and 50 more not shown\n"))
    }

    @Test func jsonHasCharacterColumnsAndEveryField() throws {
        let text = "rulebook r\nrouting g \"ارجاع\"\n  rule a when x == 1 refer to y\nend\n"
        let parsed = parse(text)
        let json = DiagnosticRenderer.json(
            parsed.diagnostics, sources: ["test.masir": parsed.source])
        let objects = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        try #require(objects.count == 1)
        let object = objects[0]
        let start = Self.offset(of: "==", in: text)
        #expect(object["code"] as? String == "syntax.equals-operator")
        #expect(object["severity"] as? String == "error")
        #expect(object["file"] as? String == "test.masir")
        #expect(object["line"] as? Int == 3)
        #expect(object["column"] as? Int == 17)
        #expect(object["endLine"] as? Int == 3)
        #expect(object["endColumn"] as? Int == 19)
        #expect((object["range"] as? [String: Int]) == ["start": start, "end": start + 2])
        #expect(object["help"] is String)
        #expect((object["fixes"] as? [[String: Any]])?.first?["replacement"] as? String == "is")
        // The dictionary form other tools use carries the same facts.
        let dictionary = DiagnosticRenderer.jsonObjects(
            parsed.diagnostics, sources: ["test.masir": parsed.source])
        #expect(dictionary.first?["column"] as? Int == 17)
        #expect(Set(dictionary.first?.keys.map { $0 } ?? []) == Set(object.keys))
    }

    @Test func locatorAgreesWithSourceFileEverywhere() {
        let text = "ab\r\nمُقَرَّر 👨‍👩‍👧 e\u{301}\n\n«x»\u{200C}y\r\n\tz"
        let source = SourceFile(name: "t", text: text)
        var locator = Locator(source)
        // Every offset, including ones inside multi-byte characters and clusters, in a jumbled order.
        for offset in (0...source.bytes.count).reversed() + Array(0...source.bytes.count) {
            #expect(locator.location(of: offset) == source.location(of: offset), "offset \(offset)")
        }
    }
}
