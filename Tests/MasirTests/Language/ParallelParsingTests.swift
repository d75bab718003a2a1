import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// A very large routing group is parsed in runs on every core; the tree and the diagnostics must
/// be exactly those of parsing item after item, whatever the text holds (mistakes, a misplaced
/// `otherwise`, `rule` beginning a line inside a condition).
@Suite struct ParallelParsingTests {
    static func text(_ g: inout SplitMix64, rules: Int, mistakes: Bool) -> String {
        var text =
            RandomRulebook.header
            + "routing small first match\n  rule s1\n    when needy\n    refer to a1\nend\n\n"
        text += "## The big one.\nrouting big first match\n"
        for i in 0..<rules {
            text +=
                "  ## Rule \(i).\n  rule r\(i)\n    when \(RandomRulebook.condition(2, &g))\n    refer to a\(1 + g.next() % 3)\n"
            guard mistakes, g.next() % 40 == 0 else { continue }
            text += RandomRulebook.pick(
                [
                    "  otherwise refer to a4\n",
                    "  rule broken\n    when needy\n    refr to a1\n",
                    "  rule split\n    when needy or\nrule is yes\n    refer to a1\n",
                    "  rule nothing\n",
                    "end\nrouting again first match\n",
                    "  rule r\(i)b when (needy\n    refer to a2\n",
                ], &g)
        }
        return text
            + "end\n\nescalation quick2\n  level q1 after 6 hours since opened then remind assignee\nend\n"
    }

    @Test func aLargeGroupParsesAsItemAfterItem() {
        var g = SplitMix64(seed: 20_261_207)
        var onEveryCore = 0
        for round in 0..<12 {
            let mistakes = round % 3 != 0
            let source = SourceFile(
                name: "r.masir",
                text: Self.text(&g, rules: 300 + Int(g.next() % 200), mistakes: mistakes))
            let parallel = Parser.parse(source, parallelAbove: 1_000)
            let sequential = Parser.parse(source, parallelAbove: .max)
            #expect(sequential.groupsOnEveryCore == 0)
            #expect(parallel.file.syntax == sequential.file.syntax, "round \(round)")
            #expect(parallel.file.diagnostics == sequential.file.diagnostics, "round \(round)")
            if !mistakes { #expect(sequential.file.diagnostics.isEmpty) }
            onEveryCore += parallel.groupsOnEveryCore
        }
        // Clean groups take the parallel path (on a machine with more than one core).
        if Parallel.cores > 1 { #expect(onEveryCore >= 4) }
    }
}

/// Large files are lexed in runs of lines on every core; joined, they must be exactly one pass.
@Suite struct ParallelLexingTests {
    static func same(_ text: String) -> Bool {
        let source = SourceFile(name: "t.masir", text: text)
        let runs = Lexer.lex(source, parallelAbove: 0), one = Lexer.lex(source, parallelAbove: .max)
        return runs.tokens == one.tokens && runs.comments == one.comments
            && runs.diagnostics == one.diagnostics
    }

    @Test func everyShippedFileLexesTheSameInRuns() throws {
        let root = Repository.url("rules").path
        let files = try Corpus.names(
            in: URL(fileURLWithPath: root), suffix: ".masir", recursive: true)
        #expect(files.count > 30)
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            #expect(Self.same(text), "\(file)")
        }
    }

    @Test func brokenTextsLexTheSameInRuns() {
        var g = SplitMix64(seed: 20_261_208)
        let pieces = [
            "rule r1\n", "\t  when x\n", "  \"open text\n", "## doc\n", "« باز\n", "“curly”\r\n",
            "1403/08/\n", "a\u{200C}\n",
            "\"esc \\q\"\n", "\u{FEFF}x\n", "   \n", "\t\t# tabbed\n", "12:3\n", "ﻼ٬۱۲\n", "\\\n",
            "\n", "x ?? y ?. z\n",
        ]
        for _ in 0..<300 {
            var text = (0..<(1 + Int(g.next() % 40))).map { _ in RandomRulebook.pick(pieces, &g) }
                .joined()
            if g.next() % 3 == 0 { text = String(text.dropLast()) }
            #expect(Self.same(text), "\(text.debugDescription)")
        }
    }
}
