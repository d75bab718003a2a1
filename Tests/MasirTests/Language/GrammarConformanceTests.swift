import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// The Swift parser and the normative grammar (grammar/masir.lark, run by Lark) must accept and
/// reject the same files, so neither can drift from the other unnoticed.
@Suite struct GrammarConformanceTests {
    @Test func larkCheckerRuns() throws {
        // Without this the tests below could not tell the parsers apart; a skip would hide that.
        if case .failure(let failure) = LarkChecker.corpus { Issue.record("\(failure)") }
    }

    @Test func corpusIsNotEmpty() throws {
        // Guards the file search itself: an empty list would make every test below vacuous.
        #expect(try Repository.validRulebooks().contains("grammar/examples/valid/tour.masir"))
        #expect(try Repository.validRulebooks().count >= 6)
        #expect(try Repository.invalidExamples().count >= 15)
    }

    @Test(arguments: try Repository.validRulebooks())
    func validRulebookIsAcceptedByBoth(_ path: String) throws {
        let parsed = parse(try Repository.read(path), name: path)
        #expect(parsed.errors.isEmpty, "the Swift parser rejects \(path):\n\(parsed.rendered)")
        switch LarkChecker.corpus {
        case .failure(let failure):
            Issue.record("\(failure)")
        case .success(let verdicts):
            let verdict = try #require(
                verdicts[path], "grammar/check.py gave no verdict for \(path)")
            #expect(verdict.ok, "the grammar rejects \(path): \(verdict.error)")
        }
    }

    /// Each example holds one mistake, named on its first line as `# expect: <code>`; the parser
    /// must report exactly that (no follow-on errors) and the grammar must reject the file.
    @Test(arguments: try Repository.invalidExamples())
    func invalidExampleIsRejectedByBoth(_ path: String) throws {
        let text = try Repository.read(path)
        let firstLine = text.prefix { $0 != "\n" }
        let expected = try #require(
            firstLine.hasPrefix("# expect: ")
                ? DiagnosticCode(rawValue: String(firstLine.dropFirst("# expect: ".count))) : nil,
            "\(path) must begin with `# expect: <diagnostic code>`")
        let parsed = parse(text, name: path)
        #expect(parsed.errors.map(\.code) == [expected], "\(path):\n\(parsed.rendered)")
        switch LarkChecker.corpus {
        case .failure(let failure):
            Issue.record("\(failure)")
        case .success(let verdicts):
            let verdict = try #require(
                verdicts[path], "grammar/check.py gave no verdict for \(path)")
            #expect(
                !verdict.ok,
                "the grammar accepts \(path), which the parser rejects with \(expected.rawValue)")
        }
    }

    /// The rulebook generator behind the property tests follows the grammar; if it ever produced
    /// something the grammar rejects, those tests would be exercising a different language.
    /// Fixed seeds keep this reproducible; the property tests draw fresh ones every run.
    @Test func generatedRulebooksAreAcceptedByBoth() throws {
        let folder = try Temporary.folder("masir-generated")
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for seed in UInt64(0)..<400 {
            let text = RulebookGenerator.rulebook(seed: seed).text
            let parsed = parse(text)
            #expect(parsed.errors.isEmpty, "seed \(seed):\n\(parsed.rendered)\n\(text)")
            let url = folder.appendingPathComponent("seed-\(seed).masir")
            try text.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        let verdicts = try LarkChecker.check(paths)
        for path in paths {
            let verdict = try #require(verdicts[path])
            #expect(
                verdict.ok,
                "the grammar rejects generated \(path): \(verdict.error)\n\((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")"
            )
        }
    }

    /// Every ```masir block in docs/language.md is valid to both parsers, so the reference cannot
    /// teach syntax that does not exist. A block not starting with `rulebook` is a declaration.
    @Test func documentationExamplesAreAcceptedByBoth() throws {
        let blocks = Self.masirBlocks(in: try Repository.read("docs/language.md"))
        #expect(blocks.count >= 15)
        let folder = try Temporary.folder("masir-docs")
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String: String] = [:]
        for (index, block) in blocks.enumerated() {
            let text = block.hasPrefix("rulebook") ? block : "rulebook doc\n" + block
            let parsed = parse(text)
            #expect(
                parsed.errors.isEmpty,
                "docs/language.md example \(index + 1):\n\(parsed.rendered)\n\(block)")
            let url = folder.appendingPathComponent("example-\(index + 1).masir")
            try text.write(to: url, atomically: true, encoding: .utf8)
            paths[url.path] = block
        }
        for (path, verdict) in try LarkChecker.check(Array(paths.keys)) {
            #expect(
                verdict.ok,
                "the grammar rejects this docs/language.md example: \(verdict.error)\n\(paths[path] ?? "")"
            )
        }
    }

    static func masirBlocks(in markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```masir" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n") + "\n")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test func keywordsMatchTheGrammar() throws {
        let grammarWords = Self.quotedWords(inGrammar: try Repository.read("grammar/masir.lark"))
        #expect(
            grammarWords.subtracting(Parser.keywords).isEmpty,
            "in masir.lark but not Parser.keywords")
        #expect(
            Parser.keywords.subtracting(grammarWords).isEmpty,
            "in Parser.keywords but not masir.lark")
    }

    @Test func parserWordListsAreKeywords() {
        // The recovery sets are spelt separately in the parser; a typo there would silently
        // weaken recovery rather than fail a parse.
        for set in [
            Parser.declarationStarters, Parser.ruleClauseStarters, Parser.routingItemStarters,
            Parser.ladderItemStarters,
            Parser.reservedWords, Parser.outcomeStarters,
        ] {
            #expect(set.isSubset(of: Parser.keywords), "\(set.subtracting(Parser.keywords))")
        }
    }

    @Test func keywordExtractionSkipsCommentsAndRegexes() {
        let grammar = #"""
            // "commented" is not a keyword
            rule: "when" NAME ":" "two words" | "and"
            STRING: /"(?:[^"\\]|\\["\\n])*"/ | /«[^»]*»/
            UNIT: "ریال"
            """#
        #expect(Self.quotedWords(inGrammar: grammar) == ["when", "and", "ریال"])
    }

    /// The words among the grammar's quoted literals, skipping `//` comments and `/…/` regexes.
    static func quotedWords(inGrammar grammar: String) -> Set<String> {
        let characters = Array(grammar)
        var words: Set<String> = []
        var index = 0
        func skip(until terminator: Character) {
            index += 1
            while index < characters.count, characters[index] != terminator {
                index += characters[index] == "\\" ? 2 : 1
            }
        }
        while index < characters.count {
            switch characters[index] {
            case "/" where index + 1 < characters.count && characters[index + 1] == "/":
                while index < characters.count, characters[index] != "\n" { index += 1 }
            case "/":
                skip(until: "/")
            case "\"":
                let start = index + 1
                skip(until: "\"")
                let literal = String(characters[start..<min(index, characters.count)])
                if !literal.isEmpty, literal.allSatisfy({ $0.isLetter || $0 == "_" }) {
                    words.insert(literal)
                }
            default:
                break
            }
            index += 1
        }
        return words
    }
}
