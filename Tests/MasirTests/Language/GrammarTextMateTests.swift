import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// grammar/masir.tmLanguage.json, the editors' highlighting, must stay in step with the language.
@Suite struct GrammarTextMateTests {
    struct Pattern {
        var scope: String?
        var regexes: [String]
        var repository: String?
    }

    /// The grammar file as JSON, and every pattern in it with the repository entry it sits in.
    static func load() throws -> (json: [String: Any], patterns: [Pattern]) {
        let data = try Data(contentsOf: Repository.url("grammar/masir.tmLanguage.json"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: data) as? [String: Any], "not a JSON object")
        var patterns: [Pattern] = []
        func collect(_ value: Any, in repository: String?) {
            if let list = value as? [Any] { list.forEach { collect($0, in: repository) } }
            guard let object = value as? [String: Any] else { return }
            let regexes = ["match", "begin", "end"].compactMap { object[$0] as? String }
            if !regexes.isEmpty {
                patterns.append(
                    Pattern(
                        scope: object["name"] as? String, regexes: regexes, repository: repository))
            }
            if let nested = object["patterns"] { collect(nested, in: repository) }
        }
        collect(json["patterns"] ?? [], in: nil)
        for (name, entry) in (json["repository"] as? [String: Any]) ?? [:] {
            collect(entry, in: name)
        }
        return (json, patterns)
    }

    static func wholeMatch(_ regex: String, _ text: String) throws -> Bool {
        let expression = try NSRegularExpression(pattern: regex)
        let range = NSRange(text.startIndex..., in: text)
        return expression.firstMatch(in: text, range: range)?.range == range
    }

    @Test func isAGrammarForMasirFiles() throws {
        let (json, _) = try Self.load()
        #expect(json["scopeName"] as? String == "source.masir")
        #expect((json["fileTypes"] as? [String]) == ["masir"])
        // Every `#name` include points at a repository entry.
        let repository = try #require(json["repository"] as? [String: Any])
        let text = try Repository.read("grammar/masir.tmLanguage.json")
        let includes = try NSRegularExpression(pattern: "\"include\": \"#([^\"]+)\"")
        for match in includes.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let name = String(text[Range(match.range(at: 1), in: text)!])
            #expect(repository[name] != nil, "#\(name) is not in the repository")
        }
    }

    @Test func everyRegexCompiles() throws {
        for pattern in try Self.load().patterns {
            for regex in pattern.regexes {
                #expect(throws: Never.self, "\(pattern.scope ?? "?"): \(regex)") {
                    _ = try NSRegularExpression(pattern: regex)
                }
            }
        }
    }

    @Test func everyKeywordIsHighlighted() throws {
        let keywordPatterns = try Self.load().patterns.filter { $0.repository == "keywords" }
        for keyword in Parser.keywords.sorted() {
            let covering = try keywordPatterns.filter { pattern in
                try pattern.regexes.contains { try Self.wholeMatch($0, keyword) }
            }
            #expect(!covering.isEmpty, "`\(keyword)` is a keyword but not highlighted")
            #expect(
                covering.allSatisfy {
                    ["keyword.", "storage.", "constant."].contains(
                        where: ($0.scope ?? "").hasPrefix)
                })
        }
    }

    @Test(arguments: ["caller", "end_date", "rulebooks", "whenever", "مسکن", "ریالی", "x1"])
    func idsAreNotKeywords(_ id: String) throws {
        for pattern in try Self.load().patterns where pattern.repository == "keywords" {
            for regex in pattern.regexes {
                let expression = try NSRegularExpression(pattern: regex)
                #expect(
                    expression.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) == nil,
                    "\(regex) matches inside `\(id)`")
            }
        }
    }

    @Test(arguments: [
        ("constant.numeric.integer.masir", ["5", "5,000,000", "۵٬۰۰۰", "٣٤", "۱2٣"]),
        ("constant.numeric.date.masir", ["1403/07/01", "۱۴۰۳/۷/۱", "2024-09-22"]),
        ("constant.numeric.time.masir", ["07:30", "۸:۳۰"]),
        ("constant.numeric.duration.masir", ["5 working days", "48 hours", "1 minute", "۳ days"]),
        ("constant.numeric.money.masir", ["5,000,000 rials", "12 ریال", "1 rial"]),
        ("comment.line.documentation.masir", ["## Needy callers go to relief."]),
        ("comment.line.number-sign.masir", ["# a comment", "## also a comment"]),
        ("invalid.illegal.operator.masir", ["==", "!=", "="]),
        ("invalid.illegal.character.masir", ["،", "\u{200C}", "“"]),
    ])
    func literalsAreHighlighted(_ scope: String, _ samples: [String]) throws {
        let patterns = try Self.load().patterns.filter { $0.scope == scope }
        try #require(!patterns.isEmpty, "no pattern named \(scope)")
        for sample in samples {
            #expect(
                try patterns.contains { try Self.wholeMatch($0.regexes[0], sample) },
                "`\(sample)` is not \(scope)")
        }
    }

    @Test func stringsOpenAndCloseLikeTheLexer() throws {
        let strings = try Self.load().patterns.filter {
            $0.repository == "strings" && $0.regexes.count == 2
        }
        let quoted = try #require(strings.first { $0.scope == "string.quoted.double.masir" })
        let guillemet = try #require(
            strings.first { $0.scope == "string.quoted.other.guillemet.masir" })
        #expect(quoted.regexes[0] == "\"" && guillemet.regexes[0] == "«")
        // A text ends at its closing quote or, unterminated, at the end of the line.
        #expect(try Self.wholeMatch(quoted.regexes[1], "\""))
        #expect(try Self.wholeMatch(guillemet.regexes[1], "»"))
        let escapes = try Self.load().patterns.filter {
            $0.scope == "constant.character.escape.masir"
        }
        for escape in ["\\\"", "\\\\", "\\n"] {
            #expect(try escapes.contains { try Self.wholeMatch($0.regexes[0], escape) })
        }
    }
}
