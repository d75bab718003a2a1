import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirLanguage

/// Findings in the author's language: how the language is chosen, the Persian half of the
/// catalog, and rendering that keeps left-to-right parts in order inside Persian text.
@Suite struct DiagnosticLanguageTests {
    static let isolates: Set<Character> = ["\u{2066}", "\u{2068}", "\u{2069}"]

    @Test func tagsAndAcceptLanguage() {
        #expect(DiagnosticLanguage(tag: "fa") == .persian)
        #expect(DiagnosticLanguage(tag: "fa-IR") == .persian)
        #expect(DiagnosticLanguage(tag: "en_US.UTF-8") == .english)
        #expect(DiagnosticLanguage(tag: "de") == nil)
        #expect(DiagnosticLanguage(acceptLanguage: "fa-IR,fa;q=0.9,en;q=0.8") == .persian)
        #expect(DiagnosticLanguage(acceptLanguage: "en-US,en;q=0.9,fa;q=0.5") == .english)
        #expect(DiagnosticLanguage(acceptLanguage: "de, fa;q=0.3, en;q=0.2") == .persian)
        #expect(DiagnosticLanguage(acceptLanguage: "fa;q=0, de") == nil)
        #expect(DiagnosticLanguage(acceptLanguage: "*") == nil)
    }

    @Test(arguments: DiagnosticCode.allCases)
    func everyCodeHasPersianTitleAndExplanation(_ code: DiagnosticCode) {
        let (title, e) = code.persian
        let persianLetter = { (text: String) in
            text.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) }
        }
        for (part, text) in [
            ("title", title), ("meaning", e.meaning), ("why", e.why), ("fix", e.fix),
        ] {
            #expect(persianLetter(text), "\(code.rawValue): the Persian \(part) is not in Persian")
        }
        for (part, text) in [("meaning", e.meaning), ("why", e.why), ("fix", e.fix)] {
            #expect(text.last == ".", "\(code.rawValue): the Persian \(part) should be a sentence")
        }
        #expect(e.example == code.details.example)
        let documentation = code.documentation(in: .persian)
        #expect(documentation.hasPrefix("\(code.rawValue) ("))
        #expect(documentation.contains("چگونه درست کنیم: "))
    }

    @Test func noTwoCodesShareAPersianTitle() {
        let titles = DiagnosticCode.allCases.map(\.persian.title)
        #expect(Set(titles).count == titles.count)
    }

    @Test func persianRenderingIsolatesPositionsCodesAndIds() {
        let text =
            "rulebook t\nagency relief \"کمیته امداد\"\nrouting main\n  rule a when yes refer to releif\nend\n"
        let loaded = Loader.memory(["t.masir": text]).load("t.masir")
        let diagnostics = loaded.diagnostics.filter { $0.code == .unknownAgency }
        #expect(diagnostics.count == 1)
        let sources = ["t.masir": SourceFile(name: "t.masir", text: text)]
        let lines = DiagnosticRenderer.render(diagnostics, sources: sources, language: .persian)
            .split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "\u{2066}t.masir:4:28\u{2069}: خطا[\u{2066}name.unknown-agency\u{2069}]: نهاد \u{2068}`releif`\u{2069} تعریف نشده است"
        )
        #expect(
            lines.suffix(1) == ["   = راهنما: منظورتان \u{2068}`relief`\u{2069} بود؟"])
        // English output is unchanged by the catalog.
        let english = DiagnosticRenderer.render(diagnostics, sources: sources)
        #expect(!english.contains { Self.isolates.contains($0) })
        #expect(english.hasPrefix("t.masir:4:28: error[name.unknown-agency]: "))
    }

    @Test func persianJSONCarriesPersianWordsWithoutIsolates() throws {
        let diagnostic = Diagnostic(
            .unknownCounty, "unknown county `malyer`", file: "f.masir", at: SourceRange(0, 1),
            help: "did you mean `malayer`?")
        let json = DiagnosticRenderer.json([diagnostic], sources: [:], language: .persian)
        let objects = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(objects.first?["message"] as? String == "شهرستان `malyer` تعریف نشده است")
        #expect(objects.first?["messageEn"] as? String == "unknown county `malyer`")
        #expect(objects.first?["help"] as? String == "منظورتان `malayer` بود؟")
        let record = DiagnosticRecord(diagnostic, source: nil, language: .persian)
        #expect(record.message == "شهرستان `malyer` تعریف نشده است")
    }

    @Test func checkTakesLangAndMasirLang() throws {
        let folder = try MasirBinary.folder([
            "t.masir": "rulebook t\nrouting main\n  rule a when yes refer to nobody\nend\n"
        ])
        let file = folder.appendingPathComponent("t.masir").path
        let persian = try MasirBinary.run(["check", "--lang", "fa", file])
        #expect(persian.output.contains("نهاد \u{2068}`nobody`\u{2069} تعریف نشده است"))
        let english = try MasirBinary.run(["check", file])
        #expect(english.output.contains("error[name.unknown-agency]"))
        let fromEnvironment = try Command.run(
            try MasirExecutable.require(), ["check", "--format", "json", file],
            environment: ["MASIR_LANG": "fa_IR.UTF-8"])
        #expect(fromEnvironment.output.contains("\"نهاد `nobody` تعریف نشده است\""))
        let explained = try MasirBinary.run(["check", "--explain", "check.gap", "--lang", "fa"])
        #expect(explained.output.contains("چگونه درست کنیم: \u{2068}`otherwise`\u{2069} بیفزایید"))
        let refused = try MasirBinary.run(["check", "--lang", "xx", file])
        #expect(refused.status == 2, "\(refused.errors)")
    }

    /// A message is said in Persian from the same arguments as the English one, phrases included.
    @Test func persianSentencesCarryTheEnglishArguments() {
        let expected = PersianMessages.sentence(
            for: "expected `to` after `refer`, found the text \"relief\"")
        #expect(expected == "پس از `refer`، `to` لازم است، اما متن `relief` آمده است")
        #expect(
            PersianMessages.sentence(
                for: "expected the agency to notify, found the end of the file")
                == "نهادی که آگاه شود لازم است، اما پایان فایل آمده است")
        #expect(
            PersianMessages.sentence(for: "rule `needy` is already declared in group `referrals`")
                == "قاعدهٔ `needy` پیش‌تر در گروه `referrals` تعریف شده است")
        // A phrase the catalog cannot say gives no sentence rather than a mixed one.
        #expect(PersianMessages.sentence(for: "expected a gizmo, found `x`") == nil)
        #expect(PersianMessages.hasEnglishWords("نهاد `relief` تعریف نشده است") == false)
        #expect(PersianMessages.hasEnglishWords("نهاد relief تعریف نشده است"))
    }

    /// Without a Persian sentence, the code's title and the English message still show.
    @Test func aMessageWithoutAPersianSentenceKeepsTheEnglishLine() {
        let diagnostic = Diagnostic(
            .unknownClause, "something only English says about `x`", file: "f.masir",
            at: SourceRange(0, 1))
        let rendered = DiagnosticRenderer.render([diagnostic], sources: [:], language: .persian)
        #expect(rendered.contains(DiagnosticCode.unknownClause.persian.title))
        #expect(diagnostic.persianMessage == nil)
    }
}
