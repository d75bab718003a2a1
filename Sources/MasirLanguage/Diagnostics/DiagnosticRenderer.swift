import Foundation

/// Renders diagnostics for people (file:line:col, the source line, a caret under the range)
/// and as JSON for editors, the server and the playground.
public enum DiagnosticRenderer {
    /// The human form shows at most this many; past that the first mistakes are what matter, and
    /// a file pasted onto one line could otherwise print megabytes.
    public static let maximumShown = 100

    /// The human form; `sources` maps file names to their text so lines can be quoted.
    /// The human form; `sources` maps file names to their text so lines can be quoted. In
    /// Persian, positions, codes and ids are bidi-isolated so right-to-left text cannot reorder
    /// them.
    public static func render(
        _ diagnostics: [Diagnostic], sources: [String: SourceFile], colour: Bool = false,
        language: DiagnosticLanguage = .english
    ) -> String {
        var locators: [String: Locator] = [:]
        let sorted = diagnostics.sortedByPosition().groupingRepeats()
        var text = ""
        for diagnostic in sorted.prefix(maximumShown) {
            let source = sources[diagnostic.file]
            if let source, locators[diagnostic.file] == nil {
                locators[diagnostic.file] = Locator(source)
            }
            text += render(
                diagnostic, source: source, locator: &locators[diagnostic.file], colour: colour,
                language: language)
        }
        if sorted.count > maximumShown {
            text += "… and \(sorted.count - maximumShown) more not shown\n"
        }
        return text
    }

    public static func render(
        _ diagnostic: Diagnostic, source: SourceFile?, colour: Bool = false,
        language: DiagnosticLanguage = .english
    ) -> String {
        var locator = source.map(Locator.init)
        return render(
            diagnostic, source: source, locator: &locator, colour: colour, language: language)
    }

    private static func render(
        _ diagnostic: Diagnostic, source: SourceFile?, locator: inout Locator?, colour: Bool,
        language: DiagnosticLanguage
    ) -> String {
        let words = RenderedWords(diagnostic, language: language)
        let bold = colour ? "\u{1B}[1m" : "", reset = colour ? "\u{1B}[0m" : ""
        let tint =
            colour
            ? (diagnostic.severity == .error
                ? "\u{1B}[31m" : diagnostic.severity == .warning ? "\u{1B}[33m" : "\u{1B}[36m") : ""
        guard let source else {
            var text =
                "\(bold)\(words.position(diagnostic.file)): \(tint)\(words.severity)[\(words.code)]\(reset)\(bold): \(words.message)\(reset)\n"
            if let help = words.help { text += "  = \(words.helpLabel): \(help)\n" }
            return text
        }
        guard var lines = locator else { return "" }
        defer { locator = lines }
        let start = lines.location(of: diagnostic.range.lower)
        var text =
            "\(bold)\(words.position("\(source.name):\(start.line):\(start.column)")): \(tint)\(words.severity)[\(words.code)]\(reset)\(bold): \(words.message)\(reset)\n"
        let gutterWidth = String(start.line).count + 1
        let blankGutter = String(repeating: " ", count: gutterWidth + 1) + "|"
        if start.line > 1, !source.line(start.line - 1).trimmingCharacters(in: .whitespaces).isEmpty
        {
            let previous = Echo(source.line(start.line - 1), around: 1)
            text += gutter(start.line - 1, width: gutterWidth) + previous.text + "\n"
        }
        let fullLine = source.line(start.line)
        // The underline stops at the end of the first line of a multi-line range.
        let end = lines.location(of: diagnostic.range.upper)
        let endColumn = end.line == start.line ? end.column : fullLine.count + 1
        let echo = Echo(fullLine, around: start.column)
        let line = echo.text
        text += gutter(start.line, width: gutterWidth) + line + "\n"
        let column = start.column - echo.shift
        let width = max(1, min(endColumn - start.column, line.count + 1 - column))
        let indentation = String(line.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
        text +=
            blankGutter + " " + indentation + tint + "^" + String(repeating: "~", count: width - 1)
            + reset + "\n"
        for note in diagnostic.notes {
            let message = words.note(note.message)
            if let range = note.range, note.file == nil || note.file == source.name {
                text +=
                    blankGutter
                    + " \(words.noteLabel): \(message) (\(words.line) \(lines.location(of: range.lower).line))\n"
            } else {
                text += blankGutter + " \(words.noteLabel): \(message)\n"
            }
        }
        if let help = words.help {
            text +=
                String(repeating: " ", count: gutterWidth + 1) + "= \(words.helpLabel): \(help)\n"
        }
        if language == .persian, diagnostic.persianMessage == nil {
            // Without a Persian sentence the headline is the code's title; the English message
            // keeps what only this finding says (which token was expected, which was found).
            text +=
                String(repeating: " ", count: gutterWidth + 1)
                + "= en: \(Bidi.ltr(diagnostic.message))\n"
        }
        return text
    }

    /// The words of one rendered finding: English as written, Persian from the catalog with
    /// left-to-right parts isolated.
    private struct RenderedWords {
        let severity, code, message: String
        let help: String?
        let helpLabel, noteLabel, line: String
        let language: DiagnosticLanguage

        init(_ diagnostic: Diagnostic, language: DiagnosticLanguage) {
            self.language = language
            severity = language.name(of: diagnostic.severity)
            switch language {
            case .english:
                (code, message, help) = (
                    diagnostic.code.rawValue, Echo.clippingSpans(diagnostic.message),
                    diagnostic.help.map(Echo.clippingSpans)
                )
                (helpLabel, noteLabel, line) = ("help", "note", "line")
            case .persian:
                code = Bidi.ltr(diagnostic.code.rawValue)
                message = Bidi.isolatingCodeSpans(
                    Echo.clippingSpans(diagnostic.message(in: language)))
                help = diagnostic.help(in: language).map {
                    Bidi.isolatingCodeSpans(Echo.clippingSpans($0))
                }
                (helpLabel, noteLabel, line) = ("راهنما", "یادداشت", "سطر")
            }
        }

        func position(_ text: String) -> String { language == .english ? text : Bidi.ltr(text) }

        /// In Persian, the catalog's sentence for the note; a note it cannot say stays in English,
        /// isolated as a whole so its order survives.
        func note(_ text: String) -> String {
            guard language == .persian else { return text }
            guard let sentence = PersianMessages.sentence(for: text) else { return Bidi.ltr(text) }
            return Bidi.isolatingCodeSpans(Echo.clippingSpans(sentence))
        }
    }

    /// The widest stretch of a source line a finding quotes, in characters.
    public static let maximumEchoColumns = 200

    /// A source line as quoted under a message: at most `maximumEchoColumns` characters around
    /// the column of interest, with `…` where it was cut, and characters that would reorder the
    /// reader's terminal (direction overrides, isolates and marks) shown as `�`, one for one so
    /// the caret stays under its column.
    struct Echo {
        let text: String
        /// How many characters before the column were left out (the `…` takes one of them).
        let shift: Int

        init(_ line: String, around column: Int) {
            var characters = Array(line)
            for i in characters.indices where characters[i].unicodeScalars.count == 1 {
                if Echo.reorders(characters[i].unicodeScalars.first!) { characters[i] = "\u{FFFD}" }
            }
            let limit = DiagnosticRenderer.maximumEchoColumns
            guard characters.count > limit else {
                (text, shift) = (String(characters), 0)
                return
            }
            // The caret's column sits a quarter of the way in, so what precedes it shows too.
            let first = max(0, min(column - 1 - limit / 4, characters.count - limit))
            let last = min(characters.count, first + limit)
            var window = first > 0 ? "…" : ""
            window += String(
                characters[
                    (first > 0 ? first + 1 : first)..<(last < characters.count ? last - 1 : last)])
            if last < characters.count { window += "…" }
            (text, shift) = (window, first)
        }

        /// `text` with every `…` span longer than `Diagnostic.longestEcho` cut short: ids and
        /// values come from the author's file and may be any length.
        static func clippingSpans(_ text: String) -> String {
            guard text.count > Diagnostic.longestEcho else { return text }
            let parts = text.split(separator: "`", omittingEmptySubsequences: false)
            return parts.enumerated().map {
                $0.offset % 2 == 1 ? Diagnostic.clipped(String($0.element)) : String($0.element)
            }.joined(separator: "`")
        }

        static func reorders(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
            case 0x00...0x08, 0x0B...0x1F, 0x7F: true
            default: false
            }
        }
    }

    private static func gutter(_ line: Int, width: Int) -> String {
        let number = String(line)
        return String(repeating: " ", count: width - number.count) + number + " | "
    }

    /// One JSON object per diagnostic, with 1-based line/column for editors.
    public static func jsonObjects(
        _ diagnostics: [Diagnostic], sources: [String: SourceFile]
    ) -> [[String: Any]] {
        var locators: [String: Locator] = [:]
        return diagnostics.sortedByPosition().map { diagnostic in
            var object: [String: Any] = [
                "code": diagnostic.code.rawValue, "severity": diagnostic.severity.rawValue,
                "message": diagnostic.message, "file": diagnostic.file,
                "range": ["start": diagnostic.range.lower, "end": diagnostic.range.upper],
            ]
            if let source = sources[diagnostic.file] {
                var lines = locators[diagnostic.file] ?? Locator(source)
                defer { locators[diagnostic.file] = lines }
                let start = lines.location(of: diagnostic.range.lower),
                    end = lines.location(of: diagnostic.range.upper)
                object["line"] = start.line
                object["column"] = start.column
                object["endLine"] = end.line
                object["endColumn"] = end.column
            }
            if let help = diagnostic.help { object["help"] = help }
            if !diagnostic.notes.isEmpty { object["notes"] = diagnostic.notes.map { $0.message } }
            if !diagnostic.fixIts.isEmpty {
                object["fixes"] = diagnostic.fixIts.map {
                    ["start": $0.range.lower, "end": $0.range.upper, "replacement": $0.replacement]
                }
            }
            return object
        }
    }

    /// The JSON form of `jsonObjects`, encoded with `Codable` (Foundation's JSONSerialization is
    /// an order of magnitude slower on Linux, which shows on files with many mistakes).
    /// Messages and advice are in `language`; JSON carries no bidi isolates, since its readers
    /// place the text themselves.
    public static func json(
        _ diagnostics: [Diagnostic], sources: [String: SourceFile],
        language: DiagnosticLanguage = .english
    ) -> String {
        var locators: [String: Locator] = [:]
        let records = diagnostics.sortedByPosition().map { diagnostic -> JSONRecord in
            var record = JSONRecord(
                code: diagnostic.code.rawValue, severity: diagnostic.severity.rawValue,
                message: diagnostic.message(in: language),
                messageEn: language == .english ? nil : diagnostic.message,
                file: diagnostic.file,
                range: .init(start: diagnostic.range.lower, end: diagnostic.range.upper),
                help: diagnostic.help(in: language),
                notes: diagnostic.notes.isEmpty
                    ? nil : diagnostic.notes.map { $0.message(in: language) },
                fixes: diagnostic.fixIts.isEmpty
                    ? nil
                    : diagnostic.fixIts.map {
                        .init(
                            start: $0.range.lower, end: $0.range.upper, replacement: $0.replacement)
                    })
            if let source = sources[diagnostic.file] {
                var lines = locators[diagnostic.file] ?? Locator(source)
                let start = lines.location(of: diagnostic.range.lower),
                    end = lines.location(of: diagnostic.range.upper)
                locators[diagnostic.file] = lines
                (record.line, record.column, record.endLine, record.endColumn) = (
                    start.line, start.column, end.line, end.column
                )
            }
            if !diagnostic.notes.isEmpty {
                record.related = diagnostic.notes.map { note in
                    let file = note.file ?? diagnostic.file
                    var related = Related(
                        message: note.message(in: language), file: file,
                        range: note.range.map { .init(start: $0.lower, end: $0.upper) })
                    if let range = note.range, let source = sources[file] {
                        var lines = locators[file] ?? Locator(source)
                        let start = lines.location(of: range.lower),
                            end = lines.location(of: range.upper)
                        locators[file] = lines
                        (related.line, related.column, related.endLine, related.endColumn) = (
                            start.line, start.column, end.line, end.column
                        )
                    }
                    return related
                }
            }
            return record
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(records)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// One diagnostic in the JSON form; the same keys as `jsonObjects`.
    private struct JSONRecord: Encodable {
        struct Span: Encodable { var start, end: Int }
        struct Fix: Encodable { var start, end: Int; var replacement: String }
        var code, severity, message: String
        /// The English message, beside a message in another language.
        var messageEn: String?
        var file: String
        var range: Span
        var help: String?
        var notes: [String]?
        /// The notes again with where each points, in the order of `notes`.
        var related: [Related]?
        var fixes: [Fix]?
        var line, column, endLine, endColumn: Int?
    }

    /// A note with its position, when it has one.
    private struct Related: Encodable {
        var message: String
        var file: String
        var range: JSONRecord.Span?
        var line, column, endLine, endColumn: Int?
    }
}

/// `SourceFile.location(of:)` for many offsets: each line's character boundaries are found once,
/// instead of decoding the line up to every offset (quadratic on a long line full of mistakes).
struct Locator {
    let source: SourceFile
    /// Per 0-based line: the UTF-8 offsets at which its characters start.
    private var characterStarts: [Int: [Int]] = [:]

    init(_ source: SourceFile) { self.source = source }

    /// Equal to `source.location(of:)`: a prefix of a line splits into the line's characters up to
    /// the offset, plus one for a character the offset falls inside.
    mutating func location(of offset: Int) -> SourceLocation {
        var clamped = min(max(0, offset), source.bytes.count)
        // Inside a multi-byte character the decoded prefix ends in one replacement character.
        var partial = 0
        while clamped < source.bytes.count, clamped > 0, source.bytes[clamped] & 0xC0 == 0x80 {
            clamped -= 1
            partial = 1
        }
        let line = source.lineIndex(of: clamped)
        let starts = characterStarts[line] ?? startsOfCharacters(onLineContaining: clamped)
        characterStarts[line] = starts
        var low = 0, high = starts.count  // the number of starts below `clamped`
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] < clamped { low = mid + 1 } else { high = mid }
        }
        return SourceLocation(line: line + 1, column: low + 1 + partial)
    }

    private func startsOfCharacters(onLineContaining offset: Int) -> [Int] {
        let bytes = source.bytes
        var lineStart = offset
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        var lineEnd = offset
        while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        var starts: [Int] = []
        var position = lineStart
        for character in source.decode(lineStart..<lineEnd) {
            starts.append(position)
            position += character.utf8.count
        }
        return starts
    }
}

extension DiagnosticRenderer {
    /// SARIF 2.1.0, so editors and CI code-scanning tools show the findings.
    public static func sarif(_ diagnostics: [Diagnostic], sources: [String: SourceFile]) -> String {
        let codes = Array(Set(diagnostics.map(\.code))).sorted { $0.rawValue < $1.rawValue }
        let rules: [[String: Any]] = codes.map { code in
            let (summary, _) = code.explanation
            return [
                "id": code.rawValue, "shortDescription": ["text": summary],
                "fullDescription": ["text": code.documentation],
                "defaultConfiguration": ["level": level(code.defaultSeverity)],
            ]
        }
        let results: [[String: Any]] = diagnostics.sortedByPosition().map { d in
            var region: [String: Any] = [:]
            if let source = sources[d.file] {
                let start = source.location(of: d.range.lower),
                    end = source.location(of: d.range.upper)
                region = [
                    "startLine": start.line, "startColumn": start.column, "endLine": end.line,
                    "endColumn": max(
                        end.column, start.line == end.line ? start.column + 1 : end.column),
                ]
            }
            var result: [String: Any] = [
                "ruleId": d.code.rawValue, "level": level(d.severity),
                "message": ["text": d.message + (d.help.map { " (\($0))" } ?? "")],
                "locations": [
                    ["physicalLocation": ["artifactLocation": ["uri": d.file], "region": region]]
                ],
            ]
            if !d.fixIts.isEmpty, let source = sources[d.file] {
                result["fixes"] = [
                    [
                        "description": ["text": d.help ?? "apply the suggested change"],
                        "artifactChanges": [
                            [
                                "artifactLocation": ["uri": d.file],
                                "replacements": d.fixIts.map { fix -> [String: Any] in
                                    let s = source.location(of: fix.range.lower),
                                        e = source.location(of: fix.range.upper)
                                    return [
                                        "deletedRegion": [
                                            "startLine": s.line, "startColumn": s.column,
                                            "endLine": e.line, "endColumn": e.column,
                                        ],
                                        "insertedContent": ["text": fix.replacement],
                                    ]
                                },
                            ]
                        ],
                    ]
                ]
            }
            return result
        }
        let log: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [
                [
                    "tool": [
                        "driver": [
                            "name": "masir", "informationUri": "https://github.com/masir/masir",
                            "rules": rules,
                        ]
                    ], "results": results,
                ]
            ],
        ]
        let data =
            (try? JSONSerialization.data(
                withJSONObject: log,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }
}
