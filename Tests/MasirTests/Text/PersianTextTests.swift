import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// The rows of a table in the test fixtures.
private func fixtureRows(_ name: String) throws -> [[String]] {
    TabSeparated.rows(try Repository.read("Tests/MasirTests/Fixtures/\(name)"))
}

private struct Pair {
    let id, input, canonical, compact: String
}

private func pairs() throws -> [Pair] {
    try fixtureRows("persian-test-pairs.tsv").map {
        Pair(id: $0[0], input: $0[1], canonical: $0[2], compact: $0[3])
    }
}

/// Scalars that stress the normaliser: every class of the table, plus composing marks and look-alikes.
private let scalarPool: [Unicode.Scalar] = {
    let values: [UInt32] = [
        0x0627, 0x0628, 0x062A, 0x0633, 0x0645, 0x0646, 0x0648, 0x0647, 0x06CC, 0x06A9, 0x0622,
        0x0626, 0x0621,
        0x064A, 0x0649, 0x06D2, 0x06CD, 0x0643, 0x06AA, 0x0629, 0x06C3, 0x06C0, 0x06C1, 0x06C2,
        0x06BE, 0x06D5,
        0x0623, 0x0625, 0x0671, 0x0624, 0x06D3, 0x0675,
        0x064B, 0x064E, 0x0650, 0x0651, 0x0652, 0x0653, 0x0654, 0x0655, 0x0657, 0x0670, 0x0640,
        0x0610,
        0x06F0, 0x06F5, 0x06F9, 0x0660, 0x0665, 0x0669, 0x30, 0x35, 0x39, 0xFF12,
        0x41, 0x5A, 0x61, 0x7A, 0x45, 0x0301, 0x030A, 0x00C5, 0x00B2,
        0x20, 0x09, 0x0A, 0x00A0, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202F, 0x2009, 0x3000,
        0xFEFF, 0x00AD,
        0x2066, 0x061C, 0x060C, 0x061F, 0x066A, 0x002E, 0x0028, 0x0029, 0x00AB, 0x00BB, 0x2026,
        0xFEED, 0xFE8D, 0xFEE1, 0xFBFD, 0xFEFB, 0xFDF2, 0xFED9, 0xFEDC, 0x1100, 0x1161,
    ]
    return values.map { Unicode.Scalar($0)! }
}()

private func randomText<G: RandomNumberGenerator>(_ length: Int, using g: inout G) -> String {
    var s = String.UnicodeScalarView()
    for _ in 0..<length { s.append(scalarPool.randomElement(using: &g)!) }
    return String(s)
}

@Suite struct PersianTextTests {
    @Test func fixtureHasAllPairs() throws {
        let all = try pairs()
        #expect(all.count == 91)
        #expect(all.contains { $0.input.hasPrefix(" ") })
    }

    @Test func normalizesTestPairs() throws {
        for p in try pairs() {
            #expect(PersianText.normalize(p.input) == p.canonical, "\(p.id)")
            #expect(PersianText.compactKey(p.input) == p.compact, "\(p.id)")
            #expect(NormalizedText(p.input).canonical == p.canonical, "\(p.id)")
            #expect(NormalizedText(p.input).compact == p.compact, "\(p.id)")
        }
    }

    @Test func fastPathAgreesWithFullCompatibility() throws {
        var g = SplitMix64(seed: 7)
        let inputs =
            try pairs().map(\.input)
            + (0..<2000).map { _ in randomText(Int.random(in: 0...12, using: &g), using: &g) }
        for text in inputs {
            #expect(
                PersianText.fold(text, keepSpaces: true)
                    == PersianText.fold(text, keepSpaces: true, forceCompatibility: true),
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// The fast path skips NFKC for text made only of these scalars; check every ordered pair of them,
    /// since composition only ever involves neighbours.
    @Test func skippedScalarsAreSafeInPairs() {
        let safe = (UInt32(0)...0xFFFF).filter { !PersianText.needsCompatibility($0) }.compactMap(
            Unicode.Scalar.init)
        #expect(safe.count > 400)
        for a in safe {
            let single = String(Character(a))
            #expect(
                PersianText.nfkc(single).unicodeScalars.map { PersianText.map($0.value) } == [
                    PersianText.map(a.value)
                ],
                "U+\(String(a.value, radix: 16))")
        }
        var failures = 0
        for a in safe {
            var pair = String.UnicodeScalarView([a, a])
            for b in safe {
                pair.replaceSubrange(
                    pair.index(after: pair.startIndex)..., with: CollectionOfOne(b))
                let text = String(pair)
                if PersianText.fold(text, keepSpaces: true)
                    != PersianText.fold(text, keepSpaces: true, forceCompatibility: true)
                {
                    failures += 1
                }
            }
        }
        #expect(failures == 0)
    }

    @Test func normalizeIsIdempotent() throws {
        var g = SplitMix64(seed: 42)
        let inputs =
            try pairs().map(\.input)
            + (0..<3000).map { _ in randomText(Int.random(in: 0...16, using: &g), using: &g) }
        for text in inputs {
            let once = PersianText.normalize(text)
            #expect(
                PersianText.normalize(once) == once,
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            // Scalar-wise: Foundation's string search would treat a space before a combining mark as one character.
            let scalars = Array(once.unicodeScalars)
            #expect(
                PersianText.compactKey(text).unicodeScalars.elementsEqual(
                    scalars.filter { $0 != " " }))
            #expect(scalars.first != " " && scalars.last != " ")
            #expect(!zip(scalars, scalars.dropFirst()).contains { $0 == " " && $1 == " " })
        }
    }

    @Test func compositionBlockedByDeletedMarkStaysIdempotent() {
        // "A", inverted damma, ring above: NFKC cannot compose across the damma, which step 3 then deletes.
        let text = "A\u{0657}\u{030A}"
        let once = PersianText.normalize(text)
        #expect(PersianText.normalize(once) == once)
        #expect(once == "\u{00E5}")
    }

    @Test func composingMarksFollowCompatibilityFirst() {
        // NFKC composes before step 3 deletes the marks, so madda on alef survives as آ.
        #expect(PersianText.normalize("\u{0627}\u{0653}") == "آ")
        #expect(PersianText.normalize("\u{064A}\u{0654}") == "ئ")
        #expect(PersianText.normalize("\u{0627}\u{064E}\u{0654}") == "ا")
        #expect(PersianText.normalize("\u{0648}\u{0654}") == "و")
    }

    @Test func optionalRowsAreNotApplied() {
        #expect(PersianText.normalize("قائم") == "قائم")
        #expect(PersianText.normalize("۴٪") == "4٪")
        #expect(PersianText.normalize("۳٫۵") == "3٫5")
        #expect(PersianText.normalize("می¬شود") == "می¬شود")
    }

    @Test func emptyAndBlank() {
        #expect(PersianText.normalize("") == "")
        #expect(PersianText.normalize(" \u{200C}\u{200F} ") == "")
        #expect(PersianText.compactKey("\u{FEFF}") == "")
    }
}

@Suite struct PhraseMatcherTests {
    private func matches(_ phrases: [String], _ text: String) -> [Int] {
        PhraseMatcher(phrases: phrases).matches(in: NormalizedText(text))
    }

    @Test func wordBoundaries() {
        #expect(matches(["وام"], "درخواست وام مسکن") == [0])
        #expect(matches(["وام"], "وامدار هستم") == [])
        #expect(matches(["وام"], "من بدهکار وام هستم") == [0])
        #expect(matches(["وام"], "پیگیری وام") == [0])
        #expect(matches(["دار"], "وامدار") == [])
        #expect(matches(["مسکن"], "ودیعه‌مسکن") == [0])
    }

    @Test func punctuationAndDigitsSplitWords() {
        #expect(matches(["وام"], "وام، اقساط") == [0])
        #expect(matches(["وام"], "(وام)") == [0])
        #expect(matches(["وام"], "وام۵۰ میلیونی") == [0])
        #expect(matches(["اقساط"], "وام،اقساط") == [0])
        #expect(matches(["ره"], "امام خمینی (ره)") == [0])
        #expect(matches(["چی شد؟"], "وام چی شد؟") == [0])
    }

    @Test func separatorsInsideWordsDoNotMatter() {
        let phrases = ["می‌شود", "میشود", "می شود"]
        for text in [
            "کی درست می‌شود", "کی درست میشود", "کی درست می شود", "کی درست می\u{200D}شود",
            "کی درست می\u{00A0}\u{200C}شود",
        ] {
            #expect(matches(phrases, text) == [0, 1, 2], "\(text)")
        }
        #expect(matches(["اجاره بها"], "اجاره‌بها را نمی‌دهد") == [0])
        #expect(matches(["سرمایه‌گذاری"], "موانع سرمایه گذاری") == [0])
    }

    @Test func arabicLettersAndDigits() {
        #expect(matches(["بانک ملی"], "از بانك ملي وام گرفتم") == [0])
        #expect(matches(["وديعة مسكن"], "ودیعه مسکن") == [0])
        #expect(matches(["تأمین اجتماعی"], "بیمه تامین اجتماعی") == [0])
        #expect(matches(["۱۱۱"], "تماس با ١١١") == [0])
        #expect(matches(["111"], "تماس با ۱۱۱") == [0])
        #expect(matches(["11"], "تماس با ۱۱۱") == [])
        #expect(matches(["SAMAD"], "samad 111") == [0])
    }

    @Test func multipleAndOverlappingPhrases() {
        let phrases = ["وام", "وام مسکن", "مسکن", "ودیعه مسکن", "وام ودیعه مسکن", "ودیعه", "بانک"]
        #expect(matches(phrases, "درخواست وام ودیعه مسکن دارم") == [0, 2, 3, 4, 5])
        #expect(matches(phrases, "وام مسکن") == [0, 1, 2])
        #expect(matches(phrases, "وام وام وام") == [0])
        #expect(matches(["ab", "b", "abc", "bc", "c"], "abc") == [2])
        #expect(matches(["ab", "b", "abc", "bc", "c"], "a bc") == [2, 3])
        #expect(matches(["ab", "b", "abc", "bc", "c"], "ab c") == [0, 2, 4])
        #expect(matches(["aa", "a", "aaa"], "a a a") == [0, 1, 2])
    }

    @Test func duplicateAndEmptyPhrases() {
        #expect(matches(["وام", "", "وام", "\u{200C}"], "وام") == [0, 2])
        #expect(matches([], "وام") == [])
        #expect(PhraseMatcher(phrases: []).count == 0)
    }

    @Test func emptyTextAndLongPhrases() {
        #expect(matches(["وام"], "") == [])
        #expect(matches(["وام"], "   ") == [])
        #expect(matches(["وام ودیعه مسکن"], "وام") == [])
        #expect(matches(["وام ودیعه مسکن"], "وام ودیعه") == [])
    }

    @Test func otherQueries() {
        let m = PhraseMatcher(phrases: ["مسکن", "وام", "برق"])
        let text = NormalizedText("درخواست وام مسکن")
        #expect(m.firstMatch(in: text) == 0)
        #expect(m.firstMatch(in: NormalizedText("قطعی برق")) == 2)
        #expect(m.firstMatch(in: NormalizedText("آب")) == nil)
        #expect(m.containsAny(in: text))
        #expect(!m.containsAny(in: NormalizedText("")))
        #expect(m.contains(1, in: text))
        #expect(!m.contains(2, in: text))
    }

    @Test func phrasesWithScalarsBeyondArabic() {
        let m = PhraseMatcher(phrases: ["⚡ برق", "€", "بانک"])
        #expect(m.matches(in: NormalizedText("قطعی ⚡ برق و €")) == [0, 1])
        #expect(m.matches(in: NormalizedText("⚡⚡")) == [])
    }

    // MARK: Differential test against a naive reference

    /// Naive reference: split the canonical form into words as documented on `NormalizedText`,
    /// and try every contiguous run of words against every phrase's compact key.
    private static func naiveMatches(_ phrases: [String], _ text: String) -> [Int] {
        func kind(_ s: Unicode.Scalar) -> Int {
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter,
                .otherLetter,
                .nonspacingMark, .spacingMark, .enclosingMark:
                return 1
            case .decimalNumber, .letterNumber, .otherNumber: return 2
            default: return 3
            }
        }
        var tokens: [String] = []
        for word in PersianText.normalize(text).split(separator: " ") {
            var current = String.UnicodeScalarView()
            var last = 0
            for s in word.unicodeScalars {
                let k = kind(s)
                if !current.isEmpty, k != last || k == 3 {
                    tokens.append(String(current))
                    current = String.UnicodeScalarView()
                }
                current.append(s)
                last = k
            }
            if !current.isEmpty { tokens.append(String(current)) }
        }
        var result: [Int] = []
        for (index, phrase) in phrases.enumerated() {
            let key = PersianText.compactKey(phrase)
            guard !key.isEmpty else { continue }
            search: for i in tokens.indices {
                var run = ""
                for j in i..<tokens.count {
                    run += tokens[j]
                    if run == key {
                        result.append(index)
                        break search
                    }
                    if run.unicodeScalars.count >= key.unicodeScalars.count { break }
                }
            }
        }
        return result
    }

    @Test func agreesWithNaiveReference() {
        let words = [
            "وام", "وامدار", "دار", "مسکن", "مسكن", "می", "شود", "میشود", "ودیعه", "ودیعهٔ", "وديعة",
            "بانک",
            "بانك", "ملی", "ملي", "۵۰", "50", "٥٠", "میلیون", "،", "؟", "(", ")", "ا", "ام", "ه",
            "a", "ab", "B",
        ]
        let separators = [" ", "\u{200C}", "", "  ", "\u{00A0}", "\u{200D}", "\u{0650}"]
        var g = SplitMix64(seed: 2024)
        func sentence(_ count: Int) -> String {
            var s = ""
            for i in 0..<count {
                if i > 0 { s += separators.randomElement(using: &g)! }
                s += words.randomElement(using: &g)!
            }
            return s
        }
        var checked = 0
        for _ in 0..<300 {
            let phrases = (0..<Int.random(in: 0...12, using: &g)).map { _ in
                sentence(Int.random(in: 1...3, using: &g))
            }
            let matcher = PhraseMatcher(phrases: phrases)
            for _ in 0..<10 {
                let text = sentence(Int.random(in: 0...12, using: &g))
                let expected = Self.naiveMatches(phrases, text)
                #expect(
                    matcher.matches(in: NormalizedText(text)) == expected, "\(phrases) in \(text)")
                #expect(matcher.firstMatch(in: NormalizedText(text)) == expected.first)
                checked += expected.count
            }
        }
        #expect(checked > 500)
    }

    // MARK: Category keywords

    @Test func categoryKeywordsMatchTypingVariants() throws {
        let keywords = try fixtureRows("categories.tsv").flatMap {
            $0[4].split(separator: "|").map(String.init)
        }
        #expect(keywords.count > 300)
        let matcher = PhraseMatcher(phrases: keywords)
        var g = SplitMix64(seed: 311)
        for (index, keyword) in keywords.enumerated() {
            for _ in 0..<4 {
                var variant = String.UnicodeScalarView()
                for s in keyword.unicodeScalars {
                    switch (s, Int.random(in: 0..<3, using: &g)) {
                    case ("ی", 0): variant.append("\u{064A}")
                    case ("ک", 0): variant.append("\u{0643}")
                    case (" ", 0), ("\u{200C}", 0): variant.append("\u{200C}")
                    case (" ", 1), ("\u{200C}", 1): variant.append(" ")
                    case (" ", 2), ("\u{200C}", 2): break
                    default: variant.append(s)
                    }
                }
                let text = NormalizedText("سلام، درباره‌ی \(String(variant)) سؤال داشتم.")
                #expect(
                    matcher.matches(in: text).contains(index), "\(keyword) as \(String(variant))")
            }
        }
    }
}
