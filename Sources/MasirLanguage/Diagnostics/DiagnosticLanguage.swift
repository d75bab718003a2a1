/// The language findings are told in. Rulebook authors read Persian first; English stays the
/// default for tools, logs and the existing goldens.
public enum DiagnosticLanguage: String, Sendable, Hashable, CaseIterable {
    case english = "en"
    case persian = "fa"

    /// A language tag such as `fa`, `fa-IR` or `en_US.UTF-8`; nil for a language Masir does not
    /// speak.
    public init?(tag: some StringProtocol) {
        let primary = tag.trimmingCharacters(in: .whitespaces).lowercased()
            .prefix { $0.isLetter }
        switch primary {
        case "fa", "fas", "per": self = .persian
        case "en", "eng": self = .english
        default: return nil
        }
    }

    /// The language an HTTP `Accept-Language` header prefers most among those Masir speaks
    /// (highest weight first, earlier first among equals); nil when it names none of them.
    public init?(acceptLanguage header: String) {
        var best: (language: DiagnosticLanguage, weight: Double)?
        for range in header.split(separator: ",") {
            let parts = range.split(separator: ";")
            guard let tag = parts.first, let language = DiagnosticLanguage(tag: tag) else {
                continue
            }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix("q="), let q = Double(pair.dropFirst(2)) { weight = q }
            }
            if weight > 0, weight > best?.weight ?? 0 { best = (language, weight) }
        }
        guard let best else { return nil }
        self = best.language
    }

    /// The name of a severity as a reader of this language sees it.
    func name(of severity: Severity) -> String {
        switch (self, severity) {
        case (.english, _): severity.rawValue
        case (.persian, .error): "خطا"
        case (.persian, .warning): "هشدار"
        case (.persian, .note): "یادداشت"
        }
    }
}

/// Unicode bidi isolates: in right-to-left text, an id, a code span or a file position wrapped in
/// them keeps its own direction and cannot reorder the words around it.
enum Bidi {
    static let leftToRight = "\u{2066}", firstStrong = "\u{2068}", pop = "\u{2069}"

    /// Left-to-right text (file positions, codes) isolated.
    static func ltr(_ text: String) -> String { leftToRight + text + pop }

    /// Every `…` span of `text` isolated with its own direction (ids may be Persian).
    static func isolatingCodeSpans(_ text: String) -> String {
        var result = "", open = false
        for character in text {
            if character == "`" {
                result += open ? "`" + pop : firstStrong + "`"
                open.toggle()
            } else {
                result.append(character)
            }
        }
        return open ? result + pop : result
    }

    /// The contents of the `…` spans of `text`, in order.
    static func codeSpans(_ text: String) -> [Substring] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map(\.element)
    }
}

extension Diagnostic {
    /// The headline in `language`. In Persian it is the catalog's Persian sentence for the
    /// message; for a message the catalog cannot yet say, the code's title followed by the ids
    /// and values the English message names, so the specifics are not lost.
    public func message(in language: DiagnosticLanguage) -> String {
        switch language {
        case .english: return message
        case .persian:
            if let sentence = persianMessage { return sentence }
            let named = Bidi.codeSpans(message)
            let title = code.persian.title
            return named.isEmpty
                ? title : title + ": " + named.map { "`\($0)`" }.joined(separator: "، ")
        }
    }

    /// The advice in `language`: in Persian the catalog's fix for the code, keeping a
    /// did-you-mean suggestion when the English advice has one.
    public func help(in language: DiagnosticLanguage) -> String? {
        switch language {
        case .english: return help
        case .persian:
            if let help, help.hasPrefix("did you mean `"),
                let suggestion = Bidi.codeSpans(help).first
            {
                return "منظورتان `\(suggestion)` بود؟"
            }
            return code.persian.explanation.fix
        }
    }
}

extension Diagnostic.Note {
    /// The note in `language`: in Persian the catalog's sentence, or the English note when the
    /// catalog cannot say it.
    public func message(in language: DiagnosticLanguage) -> String {
        guard language == .persian else { return message }
        return PersianMessages.sentence(for: message) ?? message
    }
}

/// The fixed words of `--explain` and of the generated reference, per language.
struct DocumentationWords {
    let why: String, fix: String, example: String, severity: String, introduction: String
    /// What ends the page: the Persian one closes its right-to-left block.
    var closing: String { language == .persian ? "\n</div>\n" : "" }
    private let language: DiagnosticLanguage

    init(_ language: DiagnosticLanguage) {
        self.language = language
        switch language {
        case .english:
            (why, fix, example, severity) = (
                "Why it matters", "How to fix it", "Example", "Severity"
            )
            introduction = """
                # Diagnostics

                <!-- Generated from Sources/MasirLanguage/Diagnostics/DiagnosticCode+Documentation.swift; do not edit.
                     Regenerate with: MASIR_RECORD=1 swift test --filter DiagnosticsDoc -->

                Every finding of `masir check` has a stable code. This page explains each one: what it means,
                why it matters to the people who write the policy, how to fix it, and a short rulebook
                fragment that makes the mistake. `masir check --explain CODE` prints the same text.
                The same reference in Persian is docs/diagnostics.fa.md (`masir check --lang fa`).

                Findings in Persian (`--lang fa`, `MASIR_LANG=fa`, an HTTP `Accept-Language: fa`, the
                playground): each message is a whole Persian sentence built from the same ids, found text
                and values as the English one, with ids, code spans and file positions bidi-isolated.
                `--format json` then gives the Persian sentence as `message` and the English one as
                `messageEn`. Notes beside a finding (“first declared here”) are said in Persian too. Should a
                message have no Persian sentence, the code's Persian title shows with its ids, and the
                English message on an `= en:` line.

                Severities:

                - **error**: the rulebook does not load until it is fixed (for the checker's errors, it loads
                  but `masir check` fails).
                - **warning**: the rulebook loads and works, but very likely not as its author meant.
                  `masir check` exits with status 1 when there are errors or warnings; `--strict` reports
                  warnings as errors.
                - **note**: information only; it does not change the exit status.

                Codes are stable: tools, editors and CI configurations may refer to them.

                """
        case .persian:
            (why, fix, example, severity) = ("چرا مهم است", "چگونه درست کنیم", "نمونه", "شدت")
            introduction = """
                <div dir="rtl">

                # پیام‌های بررسی

                <!-- Generated from Sources/MasirLanguage/Diagnostics/DiagnosticCode+Persian.swift; do not edit.
                     Regenerate with: MASIR_RECORD=1 swift test --filter DiagnosticsDoc -->

                هر یافتهٔ `masir check` کدی پایدار دارد. این صفحه هر کد را توضیح می‌دهد: معنایش، چرا برای
                نویسندگان سیاست مهم است، چگونه درستش کنیم، و تکه‌ای از دفترچه که این اشتباه را دارد.
                `masir check --explain CODE --lang fa` همین متن را چاپ می‌کند و `masir check --lang fa`
                (یا `MASIR_LANG=fa`) یافته‌ها را به فارسی نشان می‌دهد. نسخهٔ انگلیسی: docs/diagnostics.md.
                پیام هر یافته جمله‌ای کامل به فارسی است با همان شناسه‌ها و مقدارهای پیام انگلیسی؛ در خروجی
                `--format json` جملهٔ فارسی در `message` و جملهٔ انگلیسی در `messageEn` می‌آید. یادداشت‌های
                کنار هر یافته (مانند «نخستین بار اینجا تعریف شده است») نیز به فارسی است.

                شدت‌ها:

                - **خطا**: دفترچه تا درست نشود بار نمی‌شود.
                - **هشدار**: دفترچه بار می‌شود و کار می‌کند، اما به احتمال زیاد نه چنان که نویسنده می‌خواست.
                - **یادداشت**: فقط برای آگاهی است و وضعیت خروج را عوض نمی‌کند.

                کدها پایدارند و ابزارها و ویرایشگرها می‌توانند به آن‌ها اشاره کنند.

                """
        }
    }

    func section(_ english: String) -> String {
        guard language == .persian else { return english }
        switch english {
        case "Syntax and layout": return "نحو و چیدمان"
        case "Names and files": return "نام‌ها و فایل‌ها"
        case "Types": return "نوع‌ها"
        default: return "بررسی‌کننده"
        }
    }
}
