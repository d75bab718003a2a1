import Foundation
import MasirTestSupport
import PropertyBased
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// The formatter's contract: it prints the canonical layout, the result parses to the same tree,
/// formatting it again changes nothing, and no comment is lost.
@Suite struct FormatterTests {
    static let folder = "Tests/MasirTests/Golden/format"
    static func goldenInputs() throws -> [String] {
        try Corpus.names(in: Repository.url(folder), suffix: ".masir", recursive: true)
    }

    @Test func thereAreEnoughGoldenCases() throws {
        #expect(try Self.goldenInputs().count >= 8)
    }

    @Test(arguments: try goldenInputs())
    func formatsLikeGolden(_ name: String) throws {
        let parsed = parse(try Repository.read("\(Self.folder)/\(name)"), name: name)
        try #require(parsed.errors.isEmpty, "\(name) must be valid:\n\(parsed.rendered)")
        let formatted = Self.assertFormatsSoundly(parsed)
        Golden.assertMatches(formatted, file: "\(Self.folder)/\(name).formatted")
    }

    /// Every rulebook in the repository, not only the goldens: the corpus is where layouts no one
    /// thought of turn up.
    @Test(arguments: try Repository.validRulebooks())
    func formatsRepositoryRulebookSoundly(_ path: String) throws {
        let parsed = parse(try Repository.read(path), name: path)
        try #require(parsed.errors.isEmpty, "\(path):\n\(parsed.rendered)")
        Self.assertFormatsSoundly(parsed)
    }

    /// `rules/` is what `masir fmt --check` guards in CI, so it must already be formatted.
    @Test(arguments: try Repository.files { $0.hasPrefix("rules/") && $0.hasSuffix(".masir") })
    func rulesAreFormatted(_ path: String) throws {
        let text = try Repository.read(path)
        let formatted = Formatter.format(parse(text, name: path))
        #expect(
            formatted == text,
            "\(path) is not formatted; run `masir fmt \(path)`\n\(LineDiff.render(expected: text, actual: formatted))"
        )
    }

    // MARK: - Properties over generated rulebooks

    @Test func generatedRulebooksFormatSoundly() async {
        await propertyCheck(count: 300, input: RulebookGenerator.gen) { rulebook in
            let parsed = parse(rulebook.text)
            #expect(
                parsed.errors.isEmpty,
                "the generator made an invalid rulebook:\n\(parsed.rendered)\n\(rulebook.text)")
            guard parsed.errors.isEmpty else { return }
            // The generator knows which comments it wrote; the lexer must have seen each of them.
            #expect(parsed.comments.map(\.text) == rulebook.comments)
            Self.assertFormatsSoundly(parsed)
        }
    }

    // MARK: - Unit cases

    @Test func trailingCommentsStayOnTheirLine() {
        let formatted = Formatter.format(
            parse("rulebook r # one\ncase # two\n  field a : text # three\nend # four\n"))
        #expect(
            formatted
                == "rulebook r  # one\n\ncase  # two\n  field a : text  # three\nend  # four\n")
    }

    @Test func commentInsideAJoinedLineMovesAboveIt() {
        let formatted = Formatter.format(
            parse("rulebook r\nagency a \"A\" # inner\n  kind k # last\n"))
        #expect(formatted == "rulebook r\n\n# inner\nagency a \"A\" kind k  # last\n")
    }

    @Test func commentsBeforeEndStayInsideTheBlock() {
        let formatted = Formatter.format(
            parse("rulebook r\nrouting g\n  rule a when x refer to y\n# closing remark\nend\n"))
        #expect(formatted.contains("    refer to y\n  # closing remark\nend\n"), "\(formatted)")
    }

    @Test(arguments: [
        ("a or b and c", "a or b and c"),
        ("(a or b) and c", "(a or b) and c"),
        ("a and (b and c)", "a and (b and c)"),
        ("((a)) and b", "a and b"),
        ("not (a > 1)", "not (a > 1)"),
        ("not not a", "not not a"),
        ("not (a and b)", "not (a and b)"),
        ("(a ?? b) is c", "a ?? b is c"),
        ("a ?? (b ?? c) is d", "a ?? (b ?? c) is d"),
        ("x is not present", "x is absent"),
        ("f( a ,b ) in [ 1,2 ]", "f(a, b) in [1, 2]"),
        ("amount > ۵٬۰۰۰ ریال", "amount > 5,000 rials"),
        ("d >= ۱۴۰۳/۷/۱ ۸:۰۵", "d >= 1403/7/1 08:05"),
        ("t is «a \"b\"» or u is \"c\\\\d\"", "t is «a \"b\"» or u is \"c\\\\d\""),
    ])
    func expressionLayout(_ source: String, _ expected: String) throws {
        let parsed = parse("rulebook r\nrouting g\n  rule a when \(source) refer to y\nend\n")
        try #require(parsed.errors.isEmpty, "\(parsed.rendered)")
        let formatted = Self.assertFormatsSoundly(parsed)
        #expect(formatted.contains("    when \(expected)\n"), "\(formatted)")
    }

    @Test func moneyIsGroupedInThousands() {
        #expect(Formatter.grouped(0) == "0")
        #expect(Formatter.grouped(999) == "999")
        #expect(Formatter.grouped(1_000) == "1,000")
        #expect(Formatter.grouped(12_345_678) == "12,345,678")
        #expect(Formatter.grouped(-1_000) == "-1,000")
    }

    // MARK: - Helpers

    /// Formats `parsed` and checks the contract; returns the formatted text.
    @discardableResult
    static func assertFormatsSoundly(
        _ parsed: ParsedFile, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> String {
        let formatted = Formatter.format(parsed)
        let reparsed = parse(formatted, name: parsed.source.name)
        #expect(
            reparsed.errors.isEmpty,
            "formatted text does not parse:\n\(reparsed.rendered)\n\(formatted)",
            sourceLocation: sourceLocation)
        let before = SyntaxDump.dump(parsed.syntax), after = SyntaxDump.dump(reparsed.syntax)
        #expect(
            before == after,
            "formatting changed the tree:\n\(LineDiff.render(expected: before, actual: after))\n\(formatted)",
            sourceLocation: sourceLocation)
        let again = Formatter.format(reparsed)
        #expect(
            again == formatted,
            "formatting is not idempotent:\n\(LineDiff.render(expected: formatted, actual: again))",
            sourceLocation: sourceLocation)
        // Same comments, same order: none lost, none duplicated, none merged into another.
        #expect(
            reparsed.comments.map(\.text) == parsed.comments.map(\.text),
            "comments changed:\n\(LineDiff.render(expected: parsed.comments.map(\.text).joined(separator: "\n"), actual: reparsed.comments.map(\.text).joined(separator: "\n")))",
            sourceLocation: sourceLocation)
        return formatted
    }
}
