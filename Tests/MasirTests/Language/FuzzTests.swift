import Foundation
import MasirTestSupport
import PropertyBased
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Whatever the text, the parser and renderers finish quickly, never trap, and report positions
/// inside the file; and any mutant that happens to be valid still formats soundly.
@Suite struct FuzzTests {
    /// Generous on purpose: this catches hangs and accidental quadratic blow-ups, not slowness.
    static let timeLimit = Duration.seconds(2)

    /// The repository's rulebooks, every one of them: a file that cannot be read fails the test
    /// rather than quietly shrinking the corpus.
    static func corpus() throws -> [String] {
        try Repository.validRulebooks().map { try Repository.read($0) }
    }

    @Test func randomBytes() async {
        await propertyCheck(count: 120, input: Gen.uint8().array(of: 0...10_000)) { bytes in
            Self.assertRobust(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func randomTokenSoup() async {
        // Plausible tokens in implausible order reach much deeper into the parser than bytes do.
        let tokens = Gen<String?>.element(of: Self.soup).map { $0! }.array(of: 0...400)
        await propertyCheck(count: 300, input: tokens) { tokens in
            Self.assertRobust(tokens.joined(separator: " "))
        }
    }

    @Test func mutatedCorpus() async throws {
        let corpus = try Self.corpus()
        try #require(!corpus.isEmpty)
        let seeds = Gen.uint64().array(of: 1...4)
        await propertyCheck(count: 400, input: Gen.int(in: 0...(corpus.count - 1)), seeds) {
            index, seeds in
            var text = corpus[index]
            for seed in seeds { text = Self.mutate(text, seed: seed) }
            let parsed = Self.assertRobust(text)
            if parsed.errors.isEmpty { FormatterTests.assertFormatsSoundly(parsed) }
        }
    }

    @Test func mutatedGeneratedRulebooks() async {
        await propertyCheck(count: 200, input: RulebookGenerator.gen, Gen.uint64()) {
            rulebook, seed in
            let parsed = Self.assertRobust(Self.mutate(rulebook.text, seed: seed))
            if parsed.errors.isEmpty { FormatterTests.assertFormatsSoundly(parsed) }
        }
    }

    // MARK: - Nesting

    @Test(arguments: [
        (
            "parentheses",
            String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)
        ),
        ("not", String(repeating: "not ", count: 10_000) + "x"),
        ("lists", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)),
        ("calls", String(repeating: "f(", count: 10_000) + String(repeating: ")", count: 10_000)),
        ("unclosed", String(repeating: "(", count: 10_000)),
        ("or chain", Array(repeating: "x", count: 200_000).joined(separator: " or ")),
        ("coalesce chain", Array(repeating: "x", count: 50_000).joined(separator: " ?? ")),
        ("mixed chain", (0..<20_000).map { "a\($0) is \($0)" }.joined(separator: " and ")),
    ])
    func deepConditionIsRefusedWithoutOverflow(_ name: String, _ condition: String) {
        let parsed = parse("rulebook r\nrouting g\n  rule a when \(condition) refer to y\nend\n")
        #expect(parsed.errors.map(\.code) == [.tooDeep], "\(name): \(parsed.errors.map(\.message))")
    }

    @Test func nestingUpToTheLimitIsAccepted() {
        let depth = Parser.maximumDepth
        let nested =
            String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth)
        #expect(
            parse("rulebook r\nrouting g\n  rule a when \(nested) refer to y\nend\n").errors.isEmpty
        )
        let deeper = "(" + nested + ")"
        #expect(
            parse("rulebook r\nrouting g\n  rule a when \(deeper) refer to y\nend\n").errors.map(
                \.code) == [.tooDeep])
    }

    @Test func chainUpToTheLimitIsAcceptedAndFormats() throws {
        let chain = Array(repeating: "x", count: Parser.maximumHeight).joined(separator: " or ")
        let parsed = parse("rulebook r\nrouting g\n  rule a when \(chain) refer to y\nend\n")
        try #require(parsed.errors.isEmpty, "\(parsed.errors.map(\.message))")
        // The tallest tree the parser allows must survive every recursive walk over it.
        FormatterTests.assertFormatsSoundly(parsed)
        let longer = chain + " or x"
        #expect(
            parse("rulebook r\nrouting g\n  rule a when \(longer) refer to y\nend\n").errors.map(
                \.code) == [.tooDeep])
    }

    @Test func errorsAfterTheTooDeepConditionAreStillFound() {
        let nested = String(repeating: "(", count: 100) + "x" + String(repeating: ")", count: 100)
        let parsed = parse(
            "rulebook r\nrouting g\n  rule a when \(nested) refer to y\n  rule b when x refer relief\nend\nagnecy z \"Z\"\n"
        )
        #expect(parsed.errors.map(\.code) == [.tooDeep, .expectedToken, .unknownDeclaration])
    }

    // MARK: - Helpers

    static let soup: [String] =
        Array(Parser.keywords) + [
            "(", ")", "[", "]", ",", ":", ".", "?.", "??", "<", "<=", ">", ">=", "-", "=", "==",
            "!=", "،", "؛", ";",
            "x", "caller", "relief", "مسکن", "5", "۵٬۰۰۰", "1,000,000", "1403/07/01", "2024-09-22",
            "07:30", "25:00",
            "\"text\"", "«متن»", "\"unclosed", "«unclosed", "“curly”", "\"bad \\q escape\"",
            "# comment\n", "## doc\n",
            "\n", "\t", "\u{200C}", "\u{0651}", "\u{FEFF}", "😀", "\u{202B}", "99999999999999999999",
        ]

    /// Parses and renders `text`, checking what must hold for any input; returns the parse.
    @discardableResult
    static func assertRobust(
        _ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> ParsedFile {
        let clock = ContinuousClock()
        let start = clock.now
        let source = SourceFile(name: "fuzz.masir", text: text)
        let parsed = Parser.parse(source)
        let human = DiagnosticRenderer.render(parsed.diagnostics, sources: ["fuzz.masir": source])
        let json = DiagnosticRenderer.json(parsed.diagnostics, sources: ["fuzz.masir": source])
        let elapsed = clock.now - start
        #expect(
            elapsed < timeLimit, "took \(elapsed) for \(text.utf8.count) bytes",
            sourceLocation: sourceLocation)
        // Collected first: an #expect per diagnostic costs more than the parse on noisy input.
        let misplaced = parsed.diagnostics.filter {
            $0.file != "fuzz.masir" || $0.range.lower < 0 || $0.range.upper > source.bytes.count
        }
        #expect(
            misplaced.isEmpty,
            "ranges outside \(source.bytes.count) bytes: \(misplaced.map { "\($0.code.rawValue) \($0.range)" })",
            sourceLocation: sourceLocation)
        // Each shown diagnostic starts a line with its location; quoted source lines start with the gutter.
        let headings = human.split(separator: "\n").filter { $0.hasPrefix("fuzz.masir:") }.count
        #expect(
            headings
                == min(
                    parsed.diagnostics.sortedByPosition().groupingRepeats().count,
                    DiagnosticRenderer.maximumShown),
            sourceLocation: sourceLocation)
        let decoded = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [Any]
        #expect(
            decoded?.count == parsed.diagnostics.count, "JSON does not round-trip:\n\(json)",
            sourceLocation: sourceLocation)
        return parsed
    }

    /// One random edit at token granularity (the lexer's tokens), or a truncation, or an
    /// inserted character from the scripts and invisibles policy writers paste in.
    static func mutate(_ text: String, seed: UInt64) -> String {
        var rng = SplitMix64(seed: seed)
        var bytes = Array(text.utf8)
        let tokens = Lexer.lex(SourceFile(name: "", text: text)).tokens.dropLast().map(\.range)
        guard !tokens.isEmpty else { return text + "x" }
        let a = tokens.randomElement(using: &rng)!, b = tokens.randomElement(using: &rng)!
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            bytes.removeSubrange(a.lower..<a.upper)
        case 1:
            bytes.insert(contentsOf: Array(bytes[a.lower..<a.upper]) + [0x20], at: a.lower)
        case 2 where a.upper <= b.lower:
            let first = Array(bytes[a.lower..<a.upper]), second = Array(bytes[b.lower..<b.upper])
            bytes.replaceSubrange(b.lower..<b.upper, with: first)
            bytes.replaceSubrange(a.lower..<a.upper, with: second)
        case 3:
            // Any byte, even inside a multi-byte character.
            bytes.removeSubrange(Int.random(in: 0...bytes.count, using: &rng)..<bytes.count)
        case 4:
            let inserts = [
                "\u{200C}", "\u{200F}", "\u{0651}", "\u{FEFF}", "«", "»", "“", "\"", "\\", "#",
                "\n", "\t", "،",
                "۰", "٩", "😀", "\u{0000}", "\r", ",", "?", "ـ",
            ]
            bytes.insert(contentsOf: Array(inserts.randomElement(using: &rng)!.utf8), at: a.lower)
        default:
            bytes.replaceSubrange(
                a.lower..<a.upper, with: Array(soup.randomElement(using: &rng)!.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
