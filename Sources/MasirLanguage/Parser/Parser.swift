/// A parsed file: the tree (partial where the text was malformed), its comments and diagnostics.
public struct ParsedFile: Sendable {
    public var source: SourceFile
    public var syntax: RulebookSyntax
    public var comments: [Comment]
    public var diagnostics: [Diagnostic]
}

/// Recursive-descent parser with contextual keywords and recovery at declaration and rule
/// boundaries, so that one mistake does not hide the next.
public struct Parser {
    /// Deeper nesting than this is refused rather than risking the stack.
    public static let maximumDepth = 64
    /// Taller expression trees are refused: `a or b or …` builds a tree as tall as the chain is
    /// long, and every later phase (and freeing the tree) recurses over it. No real condition
    /// comes near; a long list of alternatives reads better as `x in [a, b, …]`.
    public static let maximumHeight = 500

    /// Thrown to unwind to the nearest recovery point; the diagnostic is already recorded.
    struct Recover: Error {}

    let source: SourceFile
    var tokens: [Token]
    var comments: [Comment]
    var index = 0
    var depth = 0
    /// The height of the expression tree the last expression parse function returned.
    var height = 0
    var diagnostics: [Diagnostic] = []
    /// Routing groups in files with more tokens than this after them are parsed on every core.
    var parallelItemTokens = Parser.parallelItemTokens
    var groupsOnEveryCore = 0
    static let parallelItemTokens = 50_000

    /// Every word the grammar gives a meaning somewhere; all but `reservedWords` remain usable as
    /// ids elsewhere. `GrammarConformanceTests` requires this to equal the quoted words of
    /// grammar/masir.lark, so a keyword added to one and not the other fails the build.
    public static let keywords: Set<String> = [
        // header
        "rulebook", "extends", "title", "province", "english", "area", "code", "version",
        "effective", "default",
        // declarations
        "import", "replace", "disable", "agency", "kind", "supervisor", "category", "under",
        "mentions", "county",
        "enum", "case", "end", "field", "optional", "infer", "from", "set", "of",
        "calendar", "zone", "to", "off", "holidays", "closed", "because", "hours",
        // routing
        "routing", "first", "match", "highest", "priority", "all", "matches", "rule", "when",
        "valid", "until",
        "refer", "copy", "sla", "ladder", "otherwise",
        // escalation
        "escalation", "on", "pause", "while", "stop", "level", "then", "after", "since", "at",
        "remind", "escalate", "notify", "raise", "reopen", "reclassify", "restart", "resume",
        "new", "target", "keep", "start",
        // properties
        "property", "expect",
        // expressions and literals
        "or", "and", "not", "is", "present", "absent", "in", "contains", "intersects", "any",
        "working", "day", "days", "hour", "minute", "minutes", "rial", "rials", "ریال",
        "true", "false", "yes", "no",
    ]

    /// Words that begin a top-level declaration.
    static let declarationStarters: Set<String> = [
        "import", "agency", "category", "county", "enum", "case", "calendar", "routing",
        "escalation", "property",
        "replace", "disable",
    ]
    static let headerClauses: Set<String> = [
        "title", "province", "english", "area", "version", "effective", "default",
    ]
    static let ruleClauseStarters: Set<String> = [
        "when", "valid", "refer", "copy", "priority", "sla", "because", "ladder",
    ]
    static let routingItemStarters: Set<String> = [
        "rule", "replace", "disable", "otherwise", "end",
    ]
    static let ladderItemStarters: Set<String> = [
        "pause", "stop", "level", "replace", "disable", "end", "on", "sla",
    ]

    public static func parse(_ source: SourceFile) -> ParsedFile {
        parse(source, parallelAbove: parallelItemTokens).file
    }

    /// Also says how many routing groups were parsed on every core (for tests).
    static func parse(
        _ source: SourceFile, parallelAbove: Int
    ) -> (file: ParsedFile, groupsOnEveryCore: Int) {
        let lexed = Lexer.lex(source)
        // The lexer has reported every character no token starts with; parsing on as if it were
        // absent gives one message per mistake instead of a cascade.
        let tokens =
            lexed.tokens.contains { $0.kind == .invalid }
            ? lexed.tokens.filter { $0.kind != .invalid } : lexed.tokens
        var diagnostics = lexed.diagnostics
        let english = Parser.englishKeywords(tokens, source: source, diagnostics: &diagnostics)
        var parser = Parser(source: source, tokens: english, comments: lexed.comments)
        parser.diagnostics = diagnostics
        parser.parallelItemTokens = parallelAbove
        let syntax = parser.parseRulebook()
        return (
            ParsedFile(
                source: source, syntax: syntax, comments: lexed.comments,
                diagnostics: parser.diagnostics), parser.groupsOnEveryCore
        )
    }

    /// Keywords as a Persian keyboard gives them, with the English keyword each means.
    static let persianKeywords: [String: String] = [
        "دفترچه": "rulebook", "مسیریابی": "routing", "قاعده": "rule", "وقتی": "when",
        "اگر": "when", "ارجاع": "refer", "به": "to", "رونوشت": "copy", "اولویت": "priority",
        "وگرنه": "otherwise", "پایان": "end", "سطح": "level", "تقویم": "calendar", "و": "and",
        "یا": "or",
    ]

    /// `tokens` with keywords typed in Persian read as the English ones they mean, each
    /// reported with the English word as its fix, so the rest of the file parses as the author
    /// meant. A Persian word that the file declares as an id stays an id.
    static func englishKeywords(
        _ tokens: [Token], source: SourceFile, diagnostics: inout [Diagnostic]
    ) -> [Token] {
        // Nearly every file is ASCII outside its texts; this pass costs one byte test per word.
        guard
            tokens.contains(where: {
                $0.kind == .word && ($0.value.utf8.first ?? 0) >= 0x80
                    && persianKeywords[$0.value] != nil
            })
        else { return tokens }
        var declared = Set<String>()
        // Ids follow a declaring word, and enumeration values and list items follow `:`, `,` or
        // `[`, where no keyword stands.
        for (i, token) in tokens.enumerated().dropFirst() where token.kind == .word {
            let before = tokens[i - 1]
            if before.kind == .word && declarationWords.contains(before.value)
                || before.kind == .symbol && [":", ",", "["].contains(before.value)
            {
                declared.insert(token.value)
            }
        }
        var result = tokens
        for i in result.indices where result[i].kind == .word {
            guard let english = persianKeywords[result[i].value],
                !declared.contains(result[i].value)
            else { continue }
            var diagnostic = Diagnostic.persianKeyword(result[i], english: english)
            diagnostic.file = source.name
            diagnostics.append(diagnostic)
            result[i].value = english
        }
        return result
    }

    /// Words after which an id is declared.
    static let declarationWords: Set<String> = [
        "agency", "category", "county", "enum", "field", "calendar", "routing", "escalation",
        "rule", "level", "rulebook",
    ]

    // MARK: - Token access

    var current: Token { tokens[index] }
    var previous: Token { tokens[max(0, index - 1)] }
    var atEnd: Bool { current.kind == .endOfFile }

    func peek(_ offset: Int = 1) -> Token { tokens[min(tokens.count - 1, index + offset)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func report(_ diagnostic: Diagnostic) {
        var diagnostic = diagnostic
        diagnostic.file = source.name
        // One mistake can derail the parser for a while; a second message at the same place adds nothing.
        if let last = diagnostics.last, last.range.lower == diagnostic.range.lower,
            last.severity == .error
        {
            return
        }
        diagnostics.append(diagnostic)
    }

    mutating func fail(_ diagnostic: Diagnostic) -> Recover {
        report(diagnostic)
        return Recover()
    }

    mutating func accept(_ word: String) -> Token? {
        guard current.isWord(word) else { return nil }
        return advance()
    }

    mutating func acceptSymbol(_ symbol: String) -> Token? {
        guard current.isSymbol(symbol) else { return nil }
        return advance()
    }

    /// Consumes keyword `word` or reports what was expected in `context`.
    @discardableResult
    mutating func expect(_ word: String, _ context: String, help: String? = nil) throws -> Token {
        if let token = accept(word) { return token }
        throw fail(
            .expected("`\(word)`", context: context, found: current, source: source, help: help))
    }

    mutating func expectSymbol(
        _ symbol: String, _ context: String, help: String? = nil
    ) throws -> Token {
        if let token = acceptSymbol(symbol) { return token }
        throw fail(
            .expected("`\(symbol)`", context: context, found: current, source: source, help: help))
    }

    /// The current token if it is of `kind`, consumed; else the error naming what was expected.
    mutating func expectToken(
        _ kind: Token.Kind, _ expected: String, _ context: String, help: String? = nil
    ) throws -> Token {
        guard current.kind == kind else {
            throw fail(
                .expected(expected, context: context, found: current, source: source, help: help))
        }
        return advance()
    }

    static let reservedWords: Set<String> = ["true", "false", "yes", "no"]

    mutating func expectName(_ what: String) throws -> Name {
        guard current.kind == .word
        else {
            throw fail(lineEnded(.expectedName(what, found: current, source: source)))
        }
        if Parser.reservedWords.contains(current.value) {
            report(.reservedWord(current))
        }
        let token = advance()
        return Name(token.value, token.range)
    }

    mutating func expectLabel(_ what: String) throws -> TextLiteral {
        guard current.kind == .string else {
            throw fail(lineEnded(.expectedLabel(what, found: current, source: source)))
        }
        let token = advance()
        return TextLiteral(value: token.value, range: token.range)
    }

    mutating func optionalLabel() -> TextLiteral? {
        guard current.kind == .string else { return nil }
        let token = advance()
        return TextLiteral(value: token.value, range: token.range)
    }

    /// `diagnostic`, which points at the current token, moved onto the word that wanted
    /// something after it when the line ended first: the author left `mentions` or `supervisor`
    /// unfinished there, not on the next line's declaration.
    func lineEnded(_ diagnostic: Diagnostic) -> Diagnostic {
        guard index > 0, atLineStart || atEnd else { return diagnostic }
        var moved = diagnostic
        moved.range = previous.range
        moved.message =
            diagnostic.message.prefix { $0 != "," }
            + ", found the end of the line after `\(Diagnostic.clipped(source.text(of: previous.range)))`"
        moved.fixIts = []
        return moved
    }

    /// Whether the current token begins a new source line (recovery only trusts keywords there,
    /// since `category` is also a field name inside conditions).
    var atLineStart: Bool {
        let start = current.range.lower
        guard index > 0 else { return true }
        let previousEnd = tokens[index - 1].range.upper
        return source.bytes[previousEnd..<start].contains(UInt8(ascii: "\n"))
    }

    /// Skips to the next token satisfying `stop` that starts a line (or the end of the file).
    /// The item being recovered from began at token `start`: if it already consumed tokens, the
    /// token it failed at may itself be the next item (`end`, the next `rule`) and is kept;
    /// otherwise one token is consumed so recovery cannot loop.
    mutating func synchronize(from start: Int, _ stop: (Token) -> Bool) {
        if index == start, !atEnd { advance() }
        while !atEnd {
            if atLineStart && current.kind == .word && stop(current) { return }
            advance()
        }
    }

    /// Doc comments (`##`) directly above `offset`, with nothing but comments in between.
    /// Binary search from the previous token: scanning every comment for every declaration made
    /// parsing quadratic in the size of the file.
    func docComments(before offset: Int) -> [String] {
        let floor = index > 0 ? tokens[max(0, index - 1)].range.upper : 0
        let lower = floor <= offset ? floor : 0
        // INVARIANT: `comments` is in source order, as the lexer produced it.
        var low = 0, high = comments.count
        while low < high {
            let mid = (low + high) / 2
            if comments[mid].range.lower < lower { low = mid + 1 } else { high = mid }
        }
        var docs: [String] = []
        for comment in comments[low...] {
            guard comment.range.upper <= offset else { break }
            if comment.isDoc && !comment.isTrailing {
                docs.append(String(comment.text.dropFirst()).trimmingLeadingSpace())
            } else {
                docs.removeAll()
            }
        }
        return docs
    }
}

extension String {
    func trimmingLeadingSpace() -> String {
        String(drop(while: { $0 == " " }))
    }

    /// Whether the text is empty or only spaces and tabs: what `trimmingCharacters(in:
    /// .whitespaces).isEmpty` says, without building the trimmed copy for every keyword.
    var isBlank: Bool {
        unicodeScalars.allSatisfy { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }
}
