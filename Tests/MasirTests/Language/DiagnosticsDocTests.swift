import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// docs/diagnostics.md is generated from the codes' documentation, and every code is explained.
@Suite struct DiagnosticsDocTests {
    static let regenerate = "MASIR_RECORD=1 swift test --filter DiagnosticsDoc"

    @Test(arguments: DiagnosticLanguage.allCases)
    func theReferenceIsCurrent(_ language: DiagnosticLanguage) throws {
        let expected = DiagnosticCode.markdownReference(in: language)
        let name = language == .english ? "docs/diagnostics.md" : "docs/diagnostics.fa.md"
        let document = Repository.url(name)
        if Golden.recording {
            try expected.write(to: document, atomically: true, encoding: .utf8)
            return
        }
        let actual = try? String(contentsOf: document, encoding: .utf8)
        #expect(actual != nil, "\(name) is missing; create it with `\(Self.regenerate)`")
        guard let actual else { return }
        let differing = LineDiff.firstDifference(expected: expected, actual: actual)
        #expect(
            actual == expected,
            """
            \(name) differs from DiagnosticCode.markdownReference(in: .\(language)) from line \(differing.line):
              file: \(differing.actual ?? "<end>")
              code: \(differing.expected ?? "<end>");
            regenerate it with `\(Self.regenerate)` and commit the result
            """)
    }

    @Test(arguments: DiagnosticCode.allCases)
    func everyCodeSaysWhatWhyAndHow(_ code: DiagnosticCode) {
        let e = code.details
        for (part, text) in [("meaning", e.meaning), ("why", e.why), ("fix", e.fix)] {
            #expect(text.count >= 20, "\(code.rawValue): the \(part) is too thin")
            #expect(
                text.last == "." || text.last == ")",
                "\(code.rawValue): the \(part) should be written as sentences")
            #expect(
                text.first?.isUppercase == true || text.first == "`" || text.first == "“",
                "\(code.rawValue): the \(part) should start a sentence")
        }
        #expect(!e.example.isEmpty)
        #expect(!e.example.hasSuffix("\n"))
        let documentation = code.documentation
        #expect(
            documentation.hasPrefix(
                "\(code.rawValue) (\(code.defaultSeverity.rawValue))\n\n\(e.meaning)\n\nWhy it matters: "
            ))
        #expect(documentation.contains("\nHow to fix it: \(e.fix)\n\nExample:\n\n    "))
        let reference = DiagnosticCode.markdownReference
        #expect(
            reference.contains(
                "\n### `\(code.rawValue)`\n\nSeverity: **\(code.defaultSeverity.rawValue)**\n\n\(e.meaning)\n"
            ))
        #expect(reference.contains("```masir\n\(e.example)\n```\n"))
        #expect(reference.contains("- [`\(code.rawValue)`](#\(code.anchor))"))
    }

    @Test func noTwoCodesShareAnExplanation() {
        var seen: [String: DiagnosticCode] = [:]
        for code in DiagnosticCode.allCases {
            if let other = seen[code.details.meaning] {
                Issue.record("\(code.rawValue) and \(other.rawValue) share their explanation")
            }
            seen[code.details.meaning] = code
        }
    }

    @Test func theReferenceListsEveryCodeOnceInItsSection() {
        let reference = DiagnosticCode.markdownReference
        for code in DiagnosticCode.allCases {
            #expect(reference.components(separatedBy: "\n### `\(code.rawValue)`\n").count == 2)
        }
        let sections = reference.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(
            sections == ["## Syntax and layout", "## Names and files", "## Types", "## Checker"])
        // Every fence opens and closes.
        #expect(reference.components(separatedBy: "```").count % 2 == 1)
    }
}
