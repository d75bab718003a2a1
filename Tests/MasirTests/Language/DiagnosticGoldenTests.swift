import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Mistakes policy writers really make, each rendered as `masir check` shows it. The first line of
/// every case lists the codes it must produce, in order, so re-recording cannot quietly accept a
/// lost or extra diagnostic; the golden file pins the wording, carets and help.
@Suite struct DiagnosticGoldenTests {
    static let folder = "Tests/MasirTests/Golden/diagnostics"
    static func cases() throws -> [String] {
        try Corpus.names(in: Repository.url(folder), suffix: ".masir", recursive: true)
    }

    @Test func thereAreEnoughCases() throws {
        #expect(try Self.cases().count >= 30)
    }

    @Test(arguments: try cases())
    func renderedDiagnosticsMatchGolden(_ name: String) throws {
        let text = try Repository.read("\(Self.folder)/\(name)")
        let header = text.prefix { $0 != "\n" }
        let expected = try #require(
            header.hasPrefix("# expect: ")
                ? header.dropFirst("# expect: ".count).split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                } : nil,
            "\(name) must begin with `# expect: <code>, …`")
        let parsed = parse(text, name: name)
        let rendered = DiagnosticRenderer.render(parsed.diagnostics, sources: [name: parsed.source])
        #expect(
            parsed.diagnostics.sortedByPosition().map(\.code.rawValue) == expected, "\(rendered)")
        Golden.assertMatches(rendered, file: "\(Self.folder)/\(name).diagnostics")
        let persian = DiagnosticRenderer.render(
            parsed.diagnostics, sources: [name: parsed.source], language: .persian)
        Golden.assertMatches(persian, file: "\(Self.folder)/\(name).fa.diagnostics")
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

    @Test func longListsAreCapped() {
        let parsed = parse("rulebook r\n" + String(repeating: "@ ", count: 150))
        #expect(parsed.diagnostics.count == 150)
        let output = DiagnosticRenderer.render(
            parsed.diagnostics, sources: ["test.masir": parsed.source])
        #expect(
            output.split(separator: "\n").filter { $0.hasPrefix("test.masir:") }.count
                == DiagnosticRenderer.maximumShown)
        #expect(output.hasSuffix("… and 50 more not shown\n"))
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
