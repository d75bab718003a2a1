import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// A large routing group is typed in runs on several cores. The rulebook must come out exactly
/// as when its rules are typed one after another: the same typed conditions and outcomes in the
/// same order, and the same diagnostics in source order.
@Suite struct ParallelTypingTests {
    static func rules(_ count: Int, broken: Bool, _ g: inout SplitMix64) -> [String] {
        (0..<count).map { i in
            var text = "  rule r\(i)\n"
            if broken, i % 131 == 0 { text += "    valid from 1403/08/05 until 1403/08/01\n" }
            switch broken ? i % 97 : -1 {
            case 0: text += "    when no_such_field is yes\n"
            case 1: text += "    when amount > \"many\"\n"
            default: text += "    when \(RandomRulebook.condition(2, &g))\n"
            }
            text +=
                "    refer to \(RandomRulebook.pick(broken ? ["a1", "a2", "body", "nobody"] : ["a1", "a2", "a3", "body"], &g))\n"
            text += "    because \"دلیل\"\n"
            return text
        }
    }

    /// The rules as one group (typed in parallel) and as three groups too small to be split.
    static func load(
        broken: Bool, seed: UInt64
    ) -> (whole: Loader.Result, split: Loader.Result, count: Int) {
        var g = SplitMix64(seed: seed)
        let count = 3 * Resolver.parallelTypingRules / 2
        let rules = Self.rules(count, broken: broken, &g)
        let whole = RandomRulebook.header + "routing big first match\n" + rules.joined() + "end\n"
        let third = count / 3
        var split = RandomRulebook.header
        for part in 0..<3 {
            split +=
                "routing g\(part) first match\n"
                + rules[(part * third)..<((part + 1) * third)].joined() + "end\n"
        }
        return (
            Loader.memory(["r.masir": whole]).load("r.masir"),
            Loader.memory(["r.masir": split]).load("r.masir"), count
        )
    }

    @Test func aLargeGroupTypesAsItsRulesDoOneByOne() {
        let (a, b, count) = Self.load(broken: false, seed: 20_261_205)
        guard let bookA = a.rulebook, let bookB = b.rulebook else {
            Issue.record(
                "the generated rulebooks should load: \(a.diagnostics.prefix(3)) \(b.diagnostics.prefix(3))"
            )
            return
        }
        func typed(_ rules: [Rule]) -> [String] {
            rules.map { "\($0.id) \($0.condition) \($0.outcome)" }
        }
        #expect(bookA.groups[0].rules.count == count)
        #expect(typed(bookA.groups[0].rules) == typed(bookB.groups.flatMap(\.rules)))
    }

    @Test func aLargeGroupReportsItsMistakesInRuleOrder() {
        let (a, b, count) = Self.load(broken: true, seed: 20_261_206)
        let messages = { (d: [Diagnostic]) in d.map { "\($0.code) \($0.message)" } }
        #expect(a.rulebook == nil)
        #expect(messages(a.diagnostics) == messages(b.diagnostics))
        #expect(a.diagnostics.count > 2 * count / 97, "each broken rule reported")
    }

    /// A large rulebook's digest is computed beside its resolution; it is still the digest of its text.
    @Test func aLargeRulebooksDigestIsItsTexts() throws {
        var g = SplitMix64(seed: 20_261_209)
        let text =
            RandomRulebook.header + "routing big first match\n"
            + Self.rules(3_000, broken: false, &g).joined() + "end\n"
        #expect(text.utf8.count > Resolver.backgroundDigestBytes)
        guard let book = Loader.memory(["r.masir": text]).load("r.masir").rulebook else {
            Issue.record("the generated rulebook should load")
            return
        }
        #expect(book.digest == SHA256.hex(Data(text.utf8) + Data([0])))
        #expect(book.groups[0].rules.count >= Resolver.parallelTypingRules)
    }
}
