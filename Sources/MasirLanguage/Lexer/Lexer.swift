/// Turns source text into tokens and comments, reporting malformed text but never stopping.
public struct Lexer {
    public struct Output: Sendable {
        public var tokens: [Token]
        public var comments: [Comment]
        public var diagnostics: [Diagnostic]
    }

    private let source: SourceFile
    private let bytes: [UInt8]
    private var position = 0
    /// Where this lexer stops: the end of the file, or of its run of lines.
    private var end: Int
    private var tokens: [Token] = []
    private var comments: [Comment] = []
    private var diagnostics: [Diagnostic] = []
    private var codeOnCurrentLine = false

    /// Files this large are lexed in runs of lines on every core.
    static let parallelBytes = 512 << 10

    public static func lex(_ source: SourceFile) -> Output {
        lex(source, parallelAbove: parallelBytes)
    }

    /// No token spans a line (texts and comments end at the line's end), and a lexer at the start
    /// of a line is in the same state wherever it came from, so runs of whole lines lexed apart
    /// and joined in order give what one pass gives (tested).
    static func lex(_ source: SourceFile, parallelAbove: Int) -> Output {
        let bytes = source.bytes
        var starts = [0]
        if Parallel.cores > 1, bytes.count >= parallelAbove {
            bytes.withUnsafeBufferPointer { bytes in
                for run in 1..<Parallel.cores {
                    var i = max(starts.last!, bytes.count * run / Parallel.cores)
                    while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                    if i + 1 < bytes.count { starts.append(i + 1) }
                }
            }
        }
        let parts = Parallel.map(starts.count, jobs: starts.count) { run -> Output in
            var lexer = Lexer(
                source: source, from: starts[run],
                to: run + 1 < starts.count ? starts[run + 1] : bytes.count)
            lexer.run()
            return Output(
                tokens: lexer.tokens, comments: lexer.comments, diagnostics: lexer.diagnostics)
        }
        guard parts.count > 1 else { return parts[0] }
        var output = Output(tokens: [], comments: [], diagnostics: [])
        output.tokens.reserveCapacity(parts.reduce(0) { $0 + $1.tokens.count })
        for part in parts {
            output.tokens += part.tokens
            output.comments += part.comments
            output.diagnostics += part.diagnostics
        }
        return output
    }

    private init(source: SourceFile, from start: Int, to end: Int) {
        self.source = source
        self.bytes = source.bytes
        self.position = start
        self.end = end
        // Rulebooks run about one token per five bytes; growing the array by doubling instead
        // copied it a dozen times on a large file.
        tokens.reserveCapacity((end - start) / 4 + 16)
    }

    private mutating func run() {
        if position == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        checkIndentation(lineStart: position)
        while position < end {
            let start = position
            let scalar = scalarAt(position)
            switch scalar.value {
            case 0x0A:
                position += 1
                codeOnCurrentLine = false
                // The next run checks its own first line.
                if position < end { checkIndentation(lineStart: position) }
            case 0x20, 0x09, 0x0D, 0xFEFF:
                position += scalar.utf8Length
            case 0x23:  // '#'
                lexComment()
            case 0x22:  // '"'
                lexQuotedString()
            case 0xAB:  // '«'
                lexGuillemetString()
            case 0x201C, 0x201D:
                lexCurlyQuotedString()
            case 0x30...0x39:
                lexNumberDateOrTime()
            case 0x41...0x5A, 0x61...0x7A, 0x5F:
                lexWord()
            default:
                if Lexer.digitValue(scalar) != nil {
                    lexNumberDateOrTime()
                } else if Lexer.isIdentifierStart(scalar) {
                    lexWord()
                } else {
                    lexSymbol(scalar)
                }
            }
            if position > start, tokens.last?.range.lower == start { codeOnCurrentLine = true }
        }
        if end == bytes.count {
            tokens.append(
                Token(kind: .endOfFile, range: SourceRange(bytes.count, bytes.count), value: ""))
        }
    }

    // MARK: - Characters

    private func scalarAt(_ offset: Int) -> Unicode.Scalar {
        let lead = bytes[offset]
        if lead < 0x80 { return Unicode.Scalar(lead) }
        var length = 0
        var value: UInt32 = 0
        if lead & 0xE0 == 0xC0 {
            length = 2; value = UInt32(lead & 0x1F)
        } else if lead & 0xF0 == 0xE0 {
            length = 3; value = UInt32(lead & 0x0F)
        } else if lead & 0xF8 == 0xF0 {
            length = 4; value = UInt32(lead & 0x07)
        } else {
            return "\u{FFFD}"
        }
        guard offset + length <= bytes.count else { return "\u{FFFD}" }
        for i in 1..<length {
            let next = bytes[offset + i]
            guard next & 0xC0 == 0x80 else { return "\u{FFFD}" }
            value = (value << 6) | UInt32(next & 0x3F)
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// ASCII, Persian (U+06F0…) and Arabic-Indic (U+0660…) digits are all accepted.
    static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: Int(scalar.value - 0x30)
        case 0x6F0...0x6F9: Int(scalar.value - 0x6F0)
        case 0x660...0x669: Int(scalar.value - 0x660)
        default: nil
        }
    }

    /// A word is what the grammar's `NAME` matches, Python's `\w+`: letters, numbers and `_`.
    /// Combining marks are not word characters there, so ids cannot carry diacritics (texts can).
    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        isWordCharacter(scalar) && digitValue(scalar) == nil
    }

    static func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
        isWordCharacter(scalar)
    }

    /// `[A-Za-z0-9_]`. A comparison, not a table: a global table costs a lazy-initialisation
    /// check on every byte.
    @inline(__always)
    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return isASCIIWordByte(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return true
        default:
            // Python's str.isnumeric(): decimal digits, letter numbers, other numbers (², ½, …).
            return scalar.properties.numericType != nil
        }
    }

    private mutating func report(_ diagnostic: Diagnostic) {
        var diagnostic = diagnostic
        diagnostic.file = source.name
        diagnostics.append(diagnostic)
    }

    private mutating func add(_ kind: Token.Kind, from start: Int, value: String) {
        tokens.append(Token(kind: kind, range: SourceRange(start, position), value: value))
    }

    // MARK: - Layout

    /// Indentation carries no meaning, but a line indented with both tabs and spaces shows
    /// differently in every editor, so policy writers are told.
    private mutating func checkIndentation(lineStart: Int) {
        var offset = lineStart
        var sawTab = false, sawSpace = false
        while offset < bytes.count, bytes[offset] == 0x20 || bytes[offset] == 0x09 {
            if bytes[offset] == 0x09 { sawTab = true } else { sawSpace = true }
            offset += 1
        }
        if sawTab && sawSpace, offset < bytes.count, bytes[offset] != 0x0A {
            report(.lexical(.mixedIndentation, at: SourceRange(lineStart, offset)))
        }
    }

    private mutating func lexComment() {
        let start = position
        while position < bytes.count, bytes[position] != 0x0A { position += 1 }
        var end = position
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        let text = source.decode((start + 1)..<end)
        comments.append(
            Comment(range: SourceRange(start, end), text: text, isTrailing: codeOnCurrentLine))
    }

    // MARK: - Strings

    private mutating func lexQuotedString() {
        let start = position
        position += 1
        var value = ""
        var segmentStart = position
        while true {
            guard position < bytes.count, bytes[position] != 0x0A else {
                value += source.decode(segmentStart..<position)
                report(.unterminatedString(at: SourceRange(start, position), closing: "\""))
                add(.string, from: start, value: value)
                return
            }
            let byte = bytes[position]
            if byte == 0x22 {
                value += source.decode(segmentStart..<position)
                position += 1
                add(.string, from: start, value: value)
                return
            }
            if Lexer.isControl(byte) {
                // A NUL or other control byte would travel into decisions unseen; the text is
                // read without it, as the fix leaves it.
                value += source.decode(segmentStart..<position)
                report(
                    .invisibleCharacter(
                        at: SourceRange(position, position + 1),
                        scalar: Unicode.Scalar(byte), inText: true))
                position += 1
                segmentStart = position
                continue
            }
            if byte == 0x5C {  // backslash
                value += source.decode(segmentStart..<position)
                let escapeStart = position
                position += 1
                if position < bytes.count {
                    switch bytes[position] {
                    case 0x22: value += "\""; position += 1
                    case 0x5C: value += "\\"; position += 1
                    case 0x6E: value += "\n"; position += 1
                    default:
                        report(
                            .unknownEscape(
                                at: SourceRange(escapeStart, min(bytes.count, position + 1))))
                    }
                }
                segmentStart = position
                continue
            }
            position += 1
        }
    }

    private mutating func lexGuillemetString() {
        let start = position
        position += 2  // « is two bytes in UTF-8
        let contentStart = position
        var controls = false
        while position < bytes.count, bytes[position] != 0x0A {
            if scalarAt(position) == "»" {
                var value = source.decode(contentStart..<position)
                if controls {
                    value.unicodeScalars.removeAll {
                        $0.value < 0x80 && Lexer.isControl(UInt8($0.value))
                    }
                }
                position += 2
                add(.string, from: start, value: value)
                return
            }
            if Lexer.isControl(bytes[position]) {
                controls = true
                report(
                    .invisibleCharacter(
                        at: SourceRange(position, position + 1),
                        scalar: Unicode.Scalar(bytes[position]), inText: true))
            }
            position += scalarAt(position).utf8Length
        }
        report(.unterminatedString(at: SourceRange(start, position), closing: "»"))
        add(.string, from: start, value: source.decode(contentStart..<position))
    }

    /// Word processors turn straight quotes into curly ones; read the text anyway so one
    /// mistake gives one message.
    private mutating func lexCurlyQuotedString() {
        let start = position
        position += 3
        let contentStart = position
        while position < bytes.count, bytes[position] != 0x0A {
            let scalar = scalarAt(position)
            if scalar == "\u{201D}" || scalar == "\u{201C}" || scalar == "\"" {
                let value = source.decode(contentStart..<position)
                position += scalar.utf8Length
                report(.curlyQuotes(at: SourceRange(start, position), text: value))
                add(.string, from: start, value: value)
                return
            }
            position += scalar.utf8Length
        }
        report(.unterminatedString(at: SourceRange(start, position), closing: "\""))
        add(.string, from: start, value: source.decode(contentStart..<position))
    }

    // MARK: - Numbers, dates and times

    /// Reads a run of digits (any script) and returns them as ASCII.
    private mutating func digits(max: Int = .max) -> String {
        var ascii: [UInt8] = []
        while position < bytes.count, ascii.count < max {
            let byte = bytes[position]
            if byte >= 0x30 && byte <= 0x39 {
                ascii.append(byte)
                position += 1
                continue
            }
            let scalar = scalarAt(position)
            guard let digit = Lexer.digitValue(scalar) else { break }
            ascii.append(UInt8(0x30 + digit))
            position += scalar.utf8Length
        }
        return String(decoding: ascii, as: UTF8.self)
    }

    private func peekDigitCount(at offset: Int) -> Int {
        var count = 0
        var offset = offset
        while offset < bytes.count, Lexer.digitValue(scalarAt(offset)) != nil {
            count += 1
            offset += scalarAt(offset).utf8Length
        }
        return count
    }

    private func isASCIIDigits(_ offset: Int, count: Int) -> Bool {
        guard offset + count <= bytes.count else { return false }
        return bytes[offset..<(offset + count)].allSatisfy { (0x30...0x39).contains($0) }
    }

    private mutating func lexNumberDateOrTime() {
        let start = position
        let lead = digits()
        let next: Unicode.Scalar? = position < bytes.count ? scalarAt(position) : nil

        // Dates: 1403/07/01 (Jalali or any year) and 2024-09-22.
        if lead.count == 4, next == "/", peekDigitCount(at: position + 1) >= 1 {
            let save = position
            position += 1
            let month = digits(max: 2)
            if position < bytes.count, scalarAt(position) == "/",
                peekDigitCount(at: position + 1) >= 1
            {
                position += 1
                let day = digits(max: 2)
                add(.date, from: start, value: "\(lead)/\(month)/\(day)")
                return
            }
            position = save
        }
        // The ISO form is ASCII only, as the grammar's DATE says.
        if lead.count == 4, next == "-", position - start == 4,
            isASCIIDigits(position + 1, count: 2),
            position + 3 < bytes.count, bytes[position + 3] == UInt8(ascii: "-"),
            isASCIIDigits(position + 4, count: 2),
            !(position + 6 < bytes.count && Lexer.digitValue(scalarAt(position + 6)) != nil)
        {
            position += 1
            let month = digits(max: 2)
            position += 1
            let day = digits(max: 2)
            add(.date, from: start, value: "\(lead)-\(month)-\(day)")
            return
        }
        // Times: 07:30.
        if lead.count <= 2, next == ":", peekDigitCount(at: position + 1) >= 2 {
            position += 1
            let minutes = digits(max: 2)
            add(.time, from: start, value: "\(lead.count == 1 ? "0" : "")\(lead):\(minutes)")
            return
        }
        // Thousands separators: 5,000,000 or ۵٬۰۰۰٬۰۰۰; a group is exactly three digits.
        var value = lead
        if lead.count <= 3 {
            while position < bytes.count {
                let separator = scalarAt(position)
                guard separator == "," || separator == "\u{066C}" else { break }
                let afterSeparator = position + separator.utf8Length
                guard peekDigitCount(at: afterSeparator) >= 3 else { break }
                position = afterSeparator
                value += digits(max: 3)
            }
        }
        add(.number, from: start, value: value)
    }

    // MARK: - Words and symbols

    private mutating func lexWord() {
        let start = position
        var invisible = false
        while position < bytes.count {
            // ASCII first: nearly every id is ASCII, and Unicode properties are slow to look up.
            let byte = bytes[position]
            if byte < 0x80 {
                guard Lexer.isASCIIWordByte(byte) else { break }
                position += 1
                continue
            }
            let scalar = scalarAt(position)
            if Lexer.isIdentifierContinue(scalar) {
                position += scalar.utf8Length
            } else if Lexer.isJoiner(scalar), position + 3 < bytes.count,
                Lexer.isIdentifierContinue(scalarAt(position + 3))
            {
                // A half-space typed inside a Persian id: one mistake, so keep the id whole
                // rather than have the parser trip over its second half.
                report(.lexical(.strayJoiner, at: SourceRange(position, position + 3)))
                position += 3
            } else if Lexer.invisibleName(scalar) != nil, !Lexer.isControl(byte),
                position + scalar.utf8Length < bytes.count,
                Lexer.isIdentifierContinue(scalarAt(position + scalar.utf8Length))
            {
                // A direction mark or joiner typed inside an id: named and read as if deleted,
                // so the id is the one the author sees.
                report(
                    .invisibleCharacter(
                        at: SourceRange(position, position + scalar.utf8Length), scalar: scalar,
                        inText: false))
                invisible = true
                position += scalar.utf8Length
            } else if Lexer.isCombiningMark(scalar) {
                // A diacritic (تشدید، اعراب) is not a word character in the grammar; say so once
                // and keep the id whole.
                report(
                    .unexpectedCharacter(
                        at: SourceRange(position, position + scalar.utf8Length), character: scalar))
                position += scalar.utf8Length
            } else {
                break
            }
        }
        var value = source.decode(start..<position)
        if invisible {
            value.unicodeScalars.removeAll { Lexer.invisibleName($0) != nil }
        }
        add(.word, from: start, value: value)
    }

    /// C0 controls and DEL other than tab, line feed and carriage return.
    static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F
    }

    /// The name of a character that shows as nothing (or reorders what follows it), for messages
    /// that must say what cannot be seen; nil for every other character. ZWNJ is not here: it
    /// has its own finding, since Persian words need it inside texts.
    static func invisibleName(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x00: "the control character NUL"
        case 0x01..<0x20, 0x7F: "a control character"
        case 0x00AD: "a soft hyphen"
        case 0x061C: "an Arabic letter mark (ALM)"
        case 0x200B: "a zero-width space"
        case 0x200D: "a zero-width joiner (ZWJ)"
        case 0x200E: "a left-to-right mark (LRM)"
        case 0x200F: "a right-to-left mark (RLM)"
        case 0x202A: "a left-to-right embedding (LRE)"
        case 0x202B: "a right-to-left embedding (RLE)"
        case 0x202C: "a pop directional formatting (PDF)"
        case 0x202D: "a left-to-right override (LRO)"
        case 0x202E: "a right-to-left override (RLO)"
        case 0x2060: "a word joiner"
        case 0x2066: "a left-to-right isolate (LRI)"
        case 0x2067: "a right-to-left isolate (RLI)"
        case 0x2068: "a first-strong isolate (FSI)"
        case 0x2069: "a pop directional isolate (PDI)"
        default: nil
        }
    }

    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// ZWNJ, the half-space of Persian keyboards: invisible, so always worth a message outside
    /// texts. ZWJ and the direction marks are named by `invisibleName`.
    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{200C}"
    }

    private mutating func lexSymbol(_ scalar: Unicode.Scalar) {
        let start = position
        let next: Unicode.Scalar? = position + 1 < bytes.count ? scalarAt(position + 1) : nil
        switch scalar {
        case "(", ")", "[", "]", ",", ":", "-", ".", "%":
            position += 1
            add(.symbol, from: start, value: String(scalar))
        case "\u{066A}":  // the Arabic percent sign a Persian keyboard gives
            position += scalar.utf8Length
            add(.symbol, from: start, value: "%")
        case "?" where next == "." || next == "?":
            position += 2
            add(.symbol, from: start, value: "?" + String(next!))
        case "<", ">", "=", "!":
            position += 1
            var text = String(scalar)
            if next == "=" { position += 1; text += "=" }
            add(.symbol, from: start, value: text)
        case "\u{060C}":  // Persian comma
            position += scalar.utf8Length
            report(.lexical(.persianComma, at: SourceRange(start, position)))
            add(.symbol, from: start, value: ",")
        case ";", "\u{061B}":  // the Latin and the Persian semicolon
            position += scalar.utf8Length
            // At the end of a line it ends a clause, as in other languages, and is deleted;
            // between items a Persian keyboard gives `؛` where `,` was meant.
            if endsClause(after: position) {
                report(
                    .semicolon(
                        at: SourceRange(start, position), character: scalar, separator: false))
            } else {
                report(
                    .semicolon(at: SourceRange(start, position), character: scalar, separator: true)
                )
                add(.symbol, from: start, value: ",")
            }
        default:
            position += scalar.utf8Length
            if Lexer.isJoiner(scalar) {
                report(.lexical(.strayJoiner, at: SourceRange(start, position)))
            } else if Lexer.invisibleName(scalar) != nil {
                // Read as if deleted, which is the fix.
                report(
                    .invisibleCharacter(
                        at: SourceRange(start, position), scalar: scalar, inText: false))
            } else {
                report(.unexpectedCharacter(at: SourceRange(start, position), character: scalar))
                add(.invalid, from: start, value: String(scalar))
            }
        }
    }
}

extension Lexer {
    /// Whether only blanks and perhaps a comment follow `offset` on its line.
    fileprivate func endsClause(after offset: Int) -> Bool {
        var offset = offset
        while offset < bytes.count,
            bytes[offset] == 0x20 || bytes[offset] == 0x09 || bytes[offset] == 0x0D
        {
            offset += 1
        }
        return offset == bytes.count || bytes[offset] == 0x0A || bytes[offset] == 0x23
    }
}

extension Unicode.Scalar {
    var utf8Length: Int {
        switch value {
        case 0..<0x80: 1
        case 0x80..<0x800: 2
        case 0x800..<0x10000: 3
        default: 4
        }
    }
}
