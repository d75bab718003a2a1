// The parser's messages, in alphabetical order.

extension Diagnostic {
    /// How a token is named in "found …".
    static func describe(_ token: Token, _ source: SourceFile) -> String {
        switch token.kind {
        case .endOfFile: "the end of the file"
        case .word: "`\(clipped(token.value))`"
        case .string: "the text \"\(clipped(token.value))\""
        case .number: "the number `\(clipped(source.text(of: token.range)))`"
        case .date: "the date `\(source.text(of: token.range))`"
        case .time: "the time `\(token.value)`"
        case .symbol, .invalid: "`\(clipped(source.text(of: token.range)))`"
        }
    }

    /// The longest run of the author's text a message repeats: the line is quoted below the
    /// message anyway, and a pasted megabyte must not come back in every finding.
    static let longestEcho = 40

    /// `text`, cut to `longestEcho` characters with an ellipsis.
    static func clipped(_ text: String) -> String {
        text.count <= longestEcho ? text : text.prefix(longestEcho - 1) + "…"
    }

    /// A keyword written in Persian where Masir's English one is meant.
    static func persianKeyword(_ token: Token, english: String) -> Diagnostic {
        Diagnostic(
            .persianKeyword, "`\(token.value)` is `\(english)` written in Persian",
            at: token.range,
            help: "keywords are written in English: `\(english)`", replacement: english)
    }

    /// A file that starts like YAML (`key: value`), which authors used to other tools write.
    static func looksLikeYAML(_ token: Token) -> Diagnostic {
        Diagnostic(
            .expectedRulebook,
            "this file looks like YAML (`key: value` lines), not a Masir rulebook",
            at: token.range,
            help:
                "a rulebook starts with `rulebook <id>` on its first line, then declares `agency`, `category` and `routing` blocks in Masir's own syntax; see docs/guide.md"
        )
    }

    /// `mentions ""`: a phrase no description contains.
    static func emptyPhrase(_ literal: SourceRange, removing: SourceRange) -> Diagnostic {
        Diagnostic(
            .emptyText, "empty keyword phrase: no description can contain it", at: literal,
            help: "write the phrase between the quotes, or remove it",
            fixIts: [FixIt(range: removing, replacement: "")])
    }

    /// A zero-width range just after the previous token reads better than one on the next line,
    /// so "expected" messages point at the token found.
    static func chainedComparison(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .chainedComparison, "comparisons cannot be chained", at: range,
            help: "join two comparisons with `and`: `amount > 10 and amount < 20`")
    }

    static func dateOutOfRange(_ token: Token) -> Diagnostic {
        let jalali = LiteralLimits.jalaliYears, gregorian = LiteralLimits.gregorianYears
        return Diagnostic(
            .outOfRange, "the date `\(token.value)` is outside the years a rulebook may name",
            at: token.range,
            help:
                "write a date in Jalali years \(jalali.lowerBound)–\(jalali.upperBound) (`1403/07/01`) or Gregorian years \(gregorian.lowerBound)–\(gregorian.upperBound) (`2024-09-22`); look for a mistyped year"
        )
    }

    static func duplicateClause(_ token: Token) -> Diagnostic {
        Diagnostic(
            .duplicateClause, "`\(token.value)` is given twice", at: token.range,
            help: "keep one `\(token.value)` clause; the second would silently win")
    }

    static func durationOutOfRange(_ literal: DurationLiteral) -> Diagnostic {
        let limit = LiteralLimits.maximumDuration(in: literal.unit)
        let unit = "\(literal.working ? "working " : "")\(literal.unit.rawValue)"
        return Diagnostic(
            .outOfRange,
            "the duration `\(literal.amount) \(unit)` is longer than the longest allowed, \(Formatter.grouped(limit)) \(unit)",
            at: literal.range,
            help:
                "durations run from 0 to \(Formatter.grouped(LiteralLimits.maximumDurationDays)) days (\(Formatter.grouped(LiteralLimits.maximumDuration(in: .hours))) hours, \(Formatter.grouped(LiteralLimits.maximumDuration(in: .minutes))) minutes); look for extra digits or a wrong unit"
        )
    }

    static func percentOutOfRange(_ literal: PercentLiteral) -> Diagnostic {
        Diagnostic(
            .outOfRange, "the share `\(literal.value)%` is not between 1% and 100%",
            at: literal.range,
            help:
                "a level fires when a share of the SLA's time has run: `at 50% of sla`, `at 75% of sla`; `at sla` is 100%"
        )
    }

    static func durationWithoutUnit(range: SourceRange, amount: Int64, working: Bool) -> Diagnostic
    {
        Diagnostic(
            .durationWithoutUnit, "duration `\(amount)\(working ? " working" : "")` has no unit",
            at: range,
            help:
                "say `\(amount) working days`, `\(amount) working hours`, `\(amount) days` or `\(amount) hours`",
            fixIts: [
                .init(
                    range: SourceRange(range.upper, range.upper),
                    replacement: working ? " days" : " working days")
            ])
    }

    static func equalsOperator(_ token: Token) -> Diagnostic {
        let replacement = token.value == "!=" ? "is not" : "is"
        return Diagnostic(
            .equalsOperator, "`\(token.value)` is not an operator in Masir", at: token.range,
            help: "write `\(replacement)` to compare: `status \(replacement) resolved`",
            replacement: replacement)
    }

    static func expected(
        _ what: String, context: String, found: Token, source: SourceFile, help: String? = nil
    ) -> Diagnostic {
        Diagnostic(
            .expectedToken, "expected \(what) \(context), found \(describe(found, source))",
            at: found.range, help: help)
    }

    static func expectedEnd(
        block: String, found: Token, opened: SourceRange?, source: SourceFile
    ) -> Diagnostic {
        Diagnostic(
            .expectedEnd,
            "expected `end` to close the `\(block)` block, found \(describe(found, source))",
            at: found.range,
            help: "every `\(block)` block ends with a line that says `end`",
            notes: opened.map { [.init("the `\(block)` block begins here", range: $0)] } ?? [])
    }

    static func expectedExpression(found: Token, source: SourceFile) -> Diagnostic {
        Diagnostic(
            .expectedExpression, "expected a condition or value, found \(describe(found, source))",
            at: found.range,
            help: found.kind == .endOfFile
                ? nil : "a condition compares a field with a value: `caller.needy is yes`")
    }

    static func expectedLabel(_ what: String, found: Token, source: SourceFile) -> Diagnostic {
        Diagnostic(
            .expectedLabel, "expected \(what) in quotes, found \(describe(found, source))",
            at: found.range,
            help: found.kind == .word
                ? "put the text in quotes: \"\(found.value)\""
                : "write it in quotes, like \"کمیته امداد\"")
    }

    static func expectedName(_ what: String, found: Token, source: SourceFile) -> Diagnostic {
        Diagnostic(
            .expectedName, "expected \(what), found \(describe(found, source))", at: found.range,
            help: found.kind == .string
                ? "ids are written without quotes, with `_` between words: `housing_deposit`" : nil)
    }

    static func expectedRulebook(found: Token, source: SourceFile) -> Diagnostic {
        Diagnostic(
            .expectedRulebook,
            "a rulebook file must begin with `rulebook`, found \(describe(found, source))",
            at: found.range,
            help: "start the file with `rulebook <id>`, e.g. `rulebook hamedan extends national`")
    }

    static func invalidDate(_ token: Token) -> Diagnostic {
        Diagnostic(
            .invalidDate, "`\(token.value)` is not a valid date", at: token.range,
            help: "dates are year/month/day: `1403/07/01` or `2024-09-22`")
    }

    static func invalidTime(_ token: Token) -> Diagnostic {
        Diagnostic(
            .invalidTime, "`\(token.value)` is not a valid time of day", at: token.range,
            help: "times are hours and minutes from 00:00 to 24:00")
    }

    static func numberOutOfRange(_ value: Int64, range: SourceRange, money: Bool) -> Diagnostic {
        Diagnostic(
            .outOfRange,
            "\(money ? "the amount" : "the number") `\(Formatter.grouped(value))\(money ? " rials" : "")` is larger than the largest allowed, \(Formatter.grouped(LiteralLimits.maximumNumber))",
            at: range,
            help:
                "\(money ? "amounts" : "numbers") run from 0 to \(Formatter.grouped(LiteralLimits.maximumNumber))\(money ? " rials" : ""); look for extra digits"
        )
    }

    static func numberTooLarge(_ token: Token) -> Diagnostic {
        Diagnostic(
            .numberTooLarge, "the number `\(token.value)` is too large", at: token.range,
            help: "numbers must be below 9,223,372,036,854,775,807")
    }

    static func otherwiseNotLast(
        found: Token, otherwise: SourceRange, source: SourceFile
    ) -> Diagnostic {
        Diagnostic(
            .otherwiseNotLast, "\(describe(found, source)) comes after the fallback `otherwise`",
            at: found.range,
            help:
                "`otherwise` says what happens when no rule matched, so it is the last item before `end`; move it down",
            notes: [.init("the fallback is here", range: otherwise)])
    }

    static func reservedWord(_ token: Token) -> Diagnostic {
        Diagnostic(
            .reservedWord, "`\(token.value)` is a yes/no value and cannot be used as an id",
            at: token.range, help: "choose another id")
    }

    static func ruleWithoutCondition(rule: Name, found: Token, source: SourceFile) -> Diagnostic {
        Diagnostic(
            .ruleWithoutCondition,
            "rule `\(rule.text)` has no `when` condition, found \(describe(found, source))",
            at: found.range,
            help:
                "write the condition after the rule's name: `rule \(rule.text) when …`; for cases no rule matches, use `otherwise`"
        )
    }

    /// Points at the rule's name: the token after the condition is usually the next rule, and a
    /// caret there blames the wrong rule.
    static func ruleWithoutOutcome(rule: Name) -> Diagnostic {
        Diagnostic(
            .ruleWithoutOutcome,
            "rule `\(rule.text)` has a condition but says nothing about the case", at: rule.range,
            help:
                "after the condition, add `refer to <agency>`, `priority`, `sla`, `because` or `ladder`"
        )
    }

    static func tooDeep(_ token: Token) -> Diagnostic {
        Diagnostic(
            .tooDeep, "the condition is nested more than \(Parser.maximumDepth) levels deep",
            at: token.range,
            help: "split it into several rules, or remove redundant parentheses")
    }

    static func tooLong(_ token: Token) -> Diagnostic {
        Diagnostic(
            .tooDeep, "the condition is too long: more than \(Parser.maximumHeight) operators deep",
            at: token.range,
            help:
                "split it into several rules; to test many alternatives, use a list: `county in [malayer, nahavand]`"
        )
    }

    static func unknownAction(found: Token, source: SourceFile) -> Diagnostic {
        let suggestion =
            found.kind == .word
            ? Suggestions.closest(to: found.value, in: ["remind", "escalate", "notify", "raise"])
            : nil
        return Diagnostic(
            .unknownAction, "expected an action, found \(describe(found, source))", at: found.range,
            help: Suggestions.help(for: suggestion)
                ?? "actions are `remind assignee`, `escalate to <agency>`, `notify <agency>` and `raise priority to <priority>`"
        )
    }

    static func unknownClause(
        found: Token, in context: String, candidates: [String], source: SourceFile
    ) -> Diagnostic {
        let suggestion =
            found.kind == .word ? Suggestions.closest(to: found.value, in: candidates) : nil
        return Diagnostic(
            .unknownClause, "unexpected \(describe(found, source)) in \(context)", at: found.range,
            help: Suggestions.help(for: suggestion)
                ?? "expected one of \(candidates.sorted().map { "`\($0)`" }.joined(separator: ", "))",
            replacement: suggestion)
    }

    static func unknownDeclaration(found: Token, source: SourceFile) -> Diagnostic {
        let suggestion =
            found.kind == .word
            ? Suggestions.closest(to: found.value, in: Parser.declarationStarters) : nil
        return Diagnostic(
            .unknownDeclaration, "expected a declaration, found \(describe(found, source))",
            at: found.range,
            help: Suggestions.help(for: suggestion)
                ?? "declarations begin with `agency`, `category`, `county`, `enum`, `case`, `calendar`, `routing`, `escalation`, `import`, `replace` or `disable`",
            replacement: suggestion)
    }

    static func unknownHitPolicy(
        range: SourceRange, text: String, suggestion: HitPolicy
    ) -> Diagnostic {
        Diagnostic(
            .unknownHitPolicy, "`\(text)` is not a conflict policy", at: range,
            help:
                "did you mean `\(suggestion.rawValue)`? the policies are `first match`, `highest priority` and `all matches`",
            replacement: suggestion.rawValue)
    }

    static func unknownUnit(_ token: Token, amount: Int64) -> Diagnostic {
        let known = ["days", "hours", "minutes"]
        var help = Suggestions.help(
            for: Suggestions.closest(to: token.value, in: known + ["working"]))
        if token.value.hasPrefix("week") {
            help =
                "weeks are not a unit; write `\(amount * 7) days` or `\(amount * 5) working days`"
        }
        if token.value.hasPrefix("month") {
            help = "months vary in length; write the number of days"
        }
        return Diagnostic(
            .unknownUnit, "`\(token.value)` is not a unit of time", at: token.range,
            help: help
                ?? "the units are `days`, `hours` and `minutes`, optionally with `working` before them"
        )
    }
}
