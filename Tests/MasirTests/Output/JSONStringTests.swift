import Foundation
import Testing
import Yams

@testable import Masir

@Suite struct JSONStringTests {
    /// Every control character, then what else an escaper might get wrong.
    static let awkward =
        (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined()
        + "\"\\/\u{7F}\u{85}\u{2028}\u{2029}«ز\u{200C}ی»\u{1F600}"

    static func escaped(_ text: String, _ escapes: JSONString.Escapes) -> String {
        var bytes: [UInt8] = []
        JSONString.append(text, to: &bytes, escaping: escapes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func jsonIsWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let encoded = String(decoding: try encoder.encode([Self.awkward]), as: UTF8.self)
        #expect("[" + Self.escaped(Self.awkward, .json) + "]" == encoded)
    }

    @Test func linesAlsoEscapeLineSeparators() {
        #expect(
            Self.escaped("a\u{8}\u{C}\u{1F}\u{2028}b\u{2029}\u{200C}\n", .lines)
                == "\"a\\u0008\\u000c\\u001f\\u2028b\\u2029\u{200C}\\n\"")
    }

    /// The REPL writes cases as YAML with JSON's escapes in double quotes: whatever a text
    /// holds, control characters included, reads back the same.
    @Test func theREPLsQuotedTextsReadBackAsTheyWere() throws {
        for text in [
            "a\u{1}b", "tab\there", "«ز»\u{200C}ی", "quote \" and \\", "bell\u{7}", "line\nbreak",
        ] {
            #expect(Session.needsQuotes(text) || !text.unicodeScalars.contains { $0.value < 0x20 })
            let document = try #require(
                try CaseReader.yamlDocuments("text: " + Session.quoted(text)).first)
            #expect(document["text"]?.string == text, "\(text.debugDescription)")
        }
    }
}
