/// What each finding means, why it matters to whoever writes the policy, how to fix it, and an
/// example: `masir check --explain CODE` prints it, SARIF carries it, and docs/diagnostics.md is
/// generated from it (`DiagnosticCode.markdownReference`; a test keeps the file current).
extension DiagnosticCode {
    /// The parts of a code's documentation, in plain English for policy staff.
    struct Explanation {
        /// What the finding means: one or two sentences, the first of which stands alone.
        var meaning: String
        /// Why it matters to the people who write and run the policy.
        var why: String
        /// How to fix it.
        var fix: String
        /// A short rulebook fragment that makes the mistake.
        var example: String
    }

    /// The text `masir check --explain CODE` prints.
    public var documentation: String { documentation(in: .english) }

    /// The text `masir check --explain CODE --lang …` prints.
    public func documentation(in language: DiagnosticLanguage) -> String {
        var e = explanation(in: language)
        if language == .persian {
            // Code spans in right-to-left sentences are isolated, as in rendered findings.
            e.meaning = Bidi.isolatingCodeSpans(e.meaning)
            e.why = Bidi.isolatingCodeSpans(e.why)
            e.fix = Bidi.isolatingCodeSpans(e.fix)
        }
        let words = DocumentationWords(language)
        return
            "\(rawValue) (\(language.name(of: defaultSeverity)))\n\n\(e.meaning)\n\n\(words.why): \(e.why)\n\n\(words.fix): \(e.fix)\n\n\(words.example):\n\n"
            + e.example.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
            .joined(separator: "\n")
    }

    /// The catalog's explanation of the code in `language`.
    func explanation(in language: DiagnosticLanguage) -> Explanation {
        switch language {
        case .english: details
        case .persian: persian.explanation
        }
    }

    /// The summary (what the finding means) and the example, as SARIF's rule descriptions use them.
    var explanation: (String, String) { (details.meaning, details.example) }

    /// The section of the reference a code belongs to.
    var section: String {
        switch rawValue.prefix(while: { $0 != "." }) {
        case "syntax", "style": "Syntax and layout"
        case "name", "data": "Names and files"
        case "type": "Types"
        default: "Checker"
        }
    }

    /// docs/diagnostics.md: every code, grouped by section, in the order they are declared.
    static var markdownReference: String { markdownReference(in: .english) }

    /// docs/diagnostics.md or, in Persian, docs/diagnostics.fa.md.
    static func markdownReference(in language: DiagnosticLanguage) -> String {
        let words = DocumentationWords(language)
        var text = words.introduction
        var sections: [String] = []
        for code in allCases where !sections.contains(code.section) {
            sections.append(code.section)
        }
        for section in sections {
            text += "\n## \(words.section(section))\n\n"
            text +=
                allCases.filter { $0.section == section }.map {
                    "- [`\($0.rawValue)`](#\($0.anchor)) (\(language.name(of: $0.defaultSeverity)))"
                }.joined(separator: "\n") + "\n"
            for code in allCases where code.section == section {
                let e = code.explanation(in: language)
                text += "\n### `\(code.rawValue)`\n\n"
                text += "\(words.severity): **\(language.name(of: code.defaultSeverity))**\n\n"
                text += "\(e.meaning)\n\n"
                text += "**\(words.why).** \(e.why)\n\n"
                text += "**\(words.fix).** \(e.fix)\n\n"
                text += "```masir\n\(e.example)\n```\n"
            }
        }
        return text + words.closing
    }

    /// The heading's anchor as GitHub and most Markdown renderers make it.
    var anchor: String { rawValue.filter { $0.isLetter || $0.isNumber || $0 == "-" } }

    var details: Explanation {
        switch self {
        // MARK: Syntax and layout
        case .unterminatedString:
            Explanation(
                meaning: "A quoted text is opened but not closed on the same line.",
                why:
                    "Everything after the opening quote is read as part of the text, so the rest of the line cannot be understood, and one missing quote can hide the mistakes after it.",
                fix:
                    #"Add the closing quote (`"` or `»`) before the end of the line. A text cannot run over several lines; write `\n` for a line break inside one."#,
                example: #"agency relief "کمیته امداد"#)
        case .unknownEscape:
            Explanation(
                meaning:
                    #"A backslash inside a quoted text is followed by a character that is not an escape. Only `\"` (a quote), `\\` (a backslash) and `\n` (a new line) are escapes."#,
                why:
                    "Masir cannot tell what the backslash was meant to do, and a guess could change the wording that staff and citizens see.",
                fix:
                    "Type the character itself (any Persian letter or symbol can be written directly), or double the backslash if you mean a backslash.",
                example: #"because "a \t b""#)
        case .curlyQuotes:
            Explanation(
                meaning:
                    "A text is enclosed in curly quotes (“…” or ‘…’), which word processors and messaging apps put in place of straight ones.",
                why:
                    #"Masir reads only straight quotes "…" and the guillemets «…» as the edges of a text, so the text and the rest of the line are not understood."#,
                fix:
                    #"Retype the quotes as "…" or «…»; the suggested fix does it. Rules copied from a document often bring curly quotes with them, so check pasted lines."#,
                example: "agency relief “کمیته امداد”")
        case .persianComma:
            Explanation(
                meaning:
                    "The Persian comma ، separates the items of a list, such as the agencies after `copy`.",
                why:
                    "Outside quotes only the Latin comma separates items, so the list is not understood and the agencies after the Persian comma would not be copied.",
                fix:
                    "Replace ، with , between items (the suggested fix does it). Inside quoted Persian text the Persian comma is fine.",
                example: "refer to relief copy inspection، governor")
        case .unexpectedCharacter:
            Explanation(
                meaning:
                    "A character appears that no part of the language uses, such as a semicolon or a stray symbol.",
                why:
                    "The clause cannot be read past it, so the rule or declaration it belongs to is not loaded.",
                fix:
                    "Remove the character. Clauses need no semicolon; a new line is enough. Symbols that are part of the wording belong inside quotes.",
                example: "when amount > 5 rials ;")
        case .strayJoiner:
            Explanation(
                meaning:
                    "An invisible half-space (ZWNJ) or another zero-width joiner appears outside quotes, usually inside an id typed on a Persian keyboard.",
                why:
                    "Ids are plain words; a hidden joiner makes two ids that look the same different, which shows up later as a confusing “unknown name”.",
                fix:
                    "Use `_` between the words of an id (the suggested fix does it); if it is Persian wording, put it in quotes.",
                example: "agency کمیته‌امداد \"کمیته امداد\"")
        case .invisibleCharacter:
            Explanation(
                meaning:
                    "An invisible character appears where it cannot be seen: a direction mark (LRM, RLM, ALM), a bidi embedding, override or isolate, a zero-width joiner or space outside quotes, or a control character such as NUL anywhere in the file.",
                why:
                    "Two ids that look the same differ by the hidden character, an override reverses the text after it in every editor and terminal, and a control character inside a text ends up in decisions citizens and other systems read.",
                fix:
                    "Delete the character (the suggested fix does it); the message names it, since it cannot be seen.",
                example: "agency relief\u{200F} \"کمیته امداد\"")
        case .invalidEncoding:
            Explanation(
                meaning:
                    "The file is not valid UTF-8 text; the message gives the byte offset of the first byte that is not.",
                why:
                    "Masir reads rulebooks as UTF-8 only; a file saved in another encoding (Windows-1256, UTF-16) or cut in the middle of a character cannot be read at all.",
                fix:
                    "Save the file as UTF-8 in your editor (\"Save with encoding: UTF-8\"), or remove the damaged bytes at the offset given.",
                example: "rulebook r\n# a byte 0xFF here: \\xFF")
        case .mixedIndentation:
            Explanation(
                meaning: "A line is indented with both tabs and spaces.",
                why:
                    "Editors show tabs at different widths, so colleagues see the same file nested differently and misread it in review. Indentation has no meaning in Masir, so this is only a warning.",
                fix: "Run `masir fmt` on the file; it re-indents everything with spaces.",
                example: "\t  rule a when caller.needy refer to relief")
        case .expectedRulebook:
            Explanation(
                meaning:
                    "The file does not begin with `rulebook <id>` (comments and blank lines may come first).",
                why:
                    "The header names the rulebook and the rulebook it extends; without it Masir does not know what the file is, and nothing in it is loaded.",
                fix:
                    "Start the file with `rulebook <id>`, followed by `extends <parent>` for a province: `rulebook hamedan extends national`.",
                example: "agency relief \"کمیته امداد\"   # the first line of the file")
        case .expectedToken:
            Explanation(
                meaning:
                    "A keyword or symbol that must come at this point is missing, for example `to` after `refer`, or `:` in a field declaration.",
                why:
                    "The rest of the clause cannot be read, so the rule or declaration is not loaded as written.",
                fix:
                    "Add the word or symbol the message names. A correct clause of the same kind in the national rulebook is a good model.",
                example: "rule a when caller.needy refer relief   # write: refer to relief")
        case .expectedName:
            Explanation(
                meaning:
                    "An id (a word without quotes) is needed here: the name of an agency, category, county, rule, field or ladder.",
                why:
                    "Rules refer to agencies, categories and each other by id; a quoted text or a number cannot serve as one, so the declaration cannot be used.",
                fix:
                    "Write the id as a plain word with `_` between its parts (`housing_deposit`), and give the Persian name in quotes after it.",
                example: "agency \"relief\" \"کمیته امداد\"")
        case .expectedLabel:
            Explanation(
                meaning:
                    "A quoted text is needed here, usually the Persian name of an agency, category or county.",
                why:
                    "The Persian name is what operators and citizens see in decisions and reports; a declaration without it is incomplete.",
                fix: "Add the name in quotes after the id: `agency relief \"کمیته امداد\"`.",
                example: "agency relief kind support")
        case .expectedExpression:
            Explanation(
                meaning:
                    "A condition or a value is needed here, but something else comes, for example nothing between `when` and `refer to`.",
                why:
                    "Without its condition Masir cannot tell when the rule applies, so the rule is not loaded.",
                fix:
                    "Write the condition after `when`, comparing a field of the case with a value: `when caller.needy is yes`, `when amount > 1,000,000 rials`.",
                example: "rule a when refer to relief")
        case .expectedEnd:
            Explanation(
                meaning:
                    "A block (`case`, `calendar`, `routing` or `escalation`) is not closed with `end` before the next declaration or the end of the file.",
                why:
                    "What follows is read as part of the open block, so later declarations are misplaced or rejected.",
                fix:
                    "Add a line saying `end` where the block finishes. `masir fmt` indents the inside of blocks, which makes a missing `end` easy to see.",
                example:
                    "routing r first match\n  rule a when caller.needy refer to relief\nagency welfare \"بهزیستی\""
            )
        case .unknownDeclaration:
            Explanation(
                meaning:
                    "A line at the top level of the file starts with a word that begins no declaration, often a misspelled keyword.",
                why:
                    "The whole declaration is skipped, so the agency, category or group you meant to add does not exist.",
                fix:
                    "Begin it with `agency`, `category`, `county`, `enum`, `case`, `calendar`, `routing`, `escalation`, `import`, `replace` or `disable`; the message suggests the nearest.",
                example: "agnecy relief \"کمیته امداد\"")
        case .unknownClause:
            Explanation(
                meaning:
                    "Inside a rule, group, ladder or calendar, a word starts no clause that may appear there, often a misspelled keyword such as `prioirty`.",
                why:
                    "The clause is not understood, so the rule would not do what its text seems to say, for example keep the normal priority.",
                fix:
                    "Correct the keyword; the message lists the clauses allowed at that point and suggests the nearest.",
                example: "rule a when caller.needy refer to relief prioirty high")
        case .duplicateClause:
            Explanation(
                meaning:
                    "A rule or outcome gives the same clause twice, such as two `refer to` or two `sla`.",
                why:
                    "Only one of them can take effect, and a reader cannot tell which the author meant; cases would go somewhere a reviewer does not expect.",
                fix:
                    "Keep one. To send a case to several agencies, write `refer to A copy B, C`, or add a rule in an `all matches` group.",
                example: "rule a when caller.needy refer to relief refer to welfare")
        case .equalsOperator:
            Explanation(
                meaning:
                    "`==`, `=` or `!=` is used to compare; Masir compares with `is` and `is not`.",
                why: "The condition cannot be read, so the rule is not loaded.",
                fix:
                    "Write `is` for equal and `is not` for different: `status is resolved`. The suggested fix does it.",
                example: "when status == resolved")
        case .chainedComparison:
            Explanation(
                meaning: "Two comparisons are chained, as in `10 < amount < 20`.",
                why:
                    "Chained comparisons mean different things in different languages and spreadsheets, and Masir does not guess.",
                fix:
                    "Join the two comparisons with `and`: `amount > 10 rials and amount < 20 rials`.",
                example: "when 10 rials < amount < 20 rials")
        case .durationWithoutUnit:
            Explanation(
                meaning: "A duration, such as an `sla`, has a number but no unit.",
                why:
                    "Five minutes and five working days are very different promises to a citizen; Masir does not assume one.",
                fix:
                    "Add the unit: `days`, `hours` or `minutes`, with `working` before it to count office hours only (`5 working days`).",
                example: "sla 5")
        case .unknownUnit:
            Explanation(
                meaning: "A duration uses a unit Masir does not have, such as weeks or months.",
                why:
                    "Weeks and months are ambiguous for deadlines (calendar or working time? which month?), so the deadline is not loaded.",
                fix:
                    "Write the duration in days, hours or minutes, with `working` for office time: two weeks are `14 days` or `10 working days`.",
                example: "sla 2 weeks")
        case .unknownHitPolicy:
            Explanation(
                meaning:
                    "A routing group's policy is not `first match`, `highest priority` or `all matches`.",
                why:
                    "The policy decides which of the matching rules wins; without a valid one the group is not loaded.",
                fix:
                    "Write one of the three policies (the message suggests the nearest); a group without one is `first match`.",
                example: "routing r first-match")
        case .unknownAction:
            Explanation(
                meaning: "A ladder level's `then` names an action that does not exist.",
                why: "The level would do nothing when it fires, so late cases would not be chased.",
                fix:
                    "Use `remind assignee`, `remind <agency>`, `escalate to <agency>`, `notify <agency>` or `raise priority to <priority>`.",
                example: "level late at sla then email governor")
        case .invalidDate:
            Explanation(
                meaning:
                    "A date does not exist (a 13th month, a day past the end of its month) or is not written as year/month/day.",
                why:
                    "A wrong date in `effective`, `valid from` or `until`, or a closure would start or stop rules, or close offices, on the wrong day.",
                fix:
                    "Write Jalali dates as `1403/07/01` or Gregorian ones as `2024-09-22`. Jalali months 1–6 have 31 days, 7–11 have 30, and Esfand 29 (30 in leap years).",
                example: "effective 1403/13/01")
        case .invalidTime:
            Explanation(
                meaning: "A time of day is outside 00:00–24:00 or has more than 59 minutes.",
                why:
                    "Working hours decide every working-time deadline; a wrong hour makes those deadlines wrong.",
                fix: "Write hours and minutes on the 24-hour clock, e.g. `07:30-14:30`.",
                example: "saturday 07:30-25:00")
        case .numberTooLarge:
            Explanation(
                meaning:
                    "A number does not fit in 64 bits (it is above 9,223,372,036,854,775,807).",
                why: "The value cannot be held exactly, so any comparison with it would be wrong.",
                fix:
                    "Look for extra digits: amounts are whole rials, and no real amount is this large.",
                example: "when amount > 99,999,999,999,999,999,999 rials")
        case .outOfRange:
            Explanation(
                meaning:
                    "A duration, amount, number or date lies outside the range a rulebook may use: durations up to \(Formatter.grouped(LiteralLimits.maximumDurationDays)) days (\(Formatter.grouped(LiteralLimits.maximumDuration(in: .hours))) hours, \(Formatter.grouped(LiteralLimits.maximumDuration(in: .minutes))) minutes), numbers and amounts up to \(Formatter.grouped(LiteralLimits.maximumNumber)), dates in Jalali years \(LiteralLimits.jalaliYears.lowerBound)–\(LiteralLimits.jalaliYears.upperBound) or Gregorian years \(LiteralLimits.gregorianYears.lowerBound)–\(LiteralLimits.gregorianYears.upperBound).",
                why:
                    "No real deadline, amount or date is that far out; such a value is a typing mistake, and deadlines or decision times computed from it could not be written down.",
                fix:
                    "Look for extra digits, a wrong unit or a mistyped year, and write the value inside the range.",
                example: "sla 999999999999999 days")
        case .tooDeep:
            Explanation(
                meaning:
                    "A condition is nested more than 64 levels deep, or chains more than 500 operators in a row.",
                why:
                    "A condition that deep cannot be reviewed by people and is almost always generated by mistake; the limit also keeps the service safe.",
                fix:
                    "Split the condition into several rules, remove parentheses that do not change its meaning, or use `in [...]` for many alternatives.",
                example: "when ((((((((((… caller.needy …))))))))))")
        case .persianKeyword:
            Explanation(
                meaning:
                    "A keyword is written in Persian, such as `قاعده` for `rule`, `وقتی` for `when` or `اولویت` for `priority`.",
                why:
                    "Masir's keywords are English words so that the structure of a rulebook reads the same in every editor; ids and texts may be Persian, keywords may not.",
                fix: "Write the English keyword the message names (the suggested fix does it).",
                example: "قاعده needy وقتی caller.needy refer to relief")
        case .emptyText:
            Explanation(
                meaning:
                    "A text that must say something is empty: a keyword phrase `mentions \"\"`, which no description can contain.",
                why:
                    "An empty phrase never matches, so a category that relies on it is never inferred, and nothing else says so.",
                fix:
                    "Write the phrase between the quotes, or remove it (the suggested fix does it).",
                example: "category loan \"وام\" mentions \"\"")
        case .otherwiseNotLast:
            Explanation(
                meaning: "A routing group's `otherwise` is followed by more rules.",
                why:
                    "The fallback applies only when no rule matched; written in the middle it reads as if it cut the group in two, which it does not.",
                fix: "Move `otherwise …` to the end of the group, just before `end`.",
                example:
                    "routing r first match\n  otherwise refer to inspection\n  rule a when caller.needy refer to relief\nend"
            )
        case .ruleWithoutCondition:
            Explanation(
                meaning: "A rule has no `when` condition.",
                why:
                    "Every rule must say when it applies; what should happen to all remaining cases is what a group's `otherwise` is for.",
                fix:
                    "Add `when …` after the rule's name, or move the outcome to the group's `otherwise`.",
                example: "rule a refer to relief")
        case .ruleWithoutOutcome:
            Explanation(
                meaning:
                    "A rule has a condition but no outcome: no `refer to`, `priority`, `sla`, `because` or `ladder`.",
                why:
                    "A rule that decides nothing changes no case, yet in a `first match` group it would still stop the rules below it from being tried.",
                fix:
                    "Say what should happen to the cases it matches, e.g. `refer to relief priority high`.",
                example: "rule a when caller.needy")
        case .reservedWord:
            Explanation(
                meaning: "`yes`, `no`, `true` or `false` is used as an id.",
                why:
                    "These words are the yes/no values, so something named after them could not be referred to without ambiguity.",
                fix: "Choose another id, such as `answered_no`.",
                example: "agency yes \"کمیته امداد\"")

        // MARK: Names and files
        case .unknownAgency:
            Explanation(
                meaning:
                    "A `refer to`, `copy`, ladder action or `supervisor` names an agency that the rulebook and its parents do not declare.",
                why:
                    "Cases would be sent to an office that is not in the directory, so the rulebook is not loaded.",
                fix:
                    "Correct the spelling (the message suggests the nearest agency and offers the fix), or declare the agency: `agency relief \"کمیته امداد\"`.",
                example: "rule needy when caller.needy refer to releif   # did you mean `relief`?")
        case .unknownCategory:
            Explanation(
                meaning:
                    "A condition, or a category's `under`, names a category that is not declared.",
                why: "Cases of the category the author had in mind would never match the rule.",
                fix:
                    "Correct the spelling (the message suggests the nearest category), or declare the category.",
                example: "when category under bank_facilitis")
        case .unknownCounty:
            Explanation(
                meaning: "A condition names a county that is not declared.",
                why: "Cases from the county the author had in mind would never match the rule.",
                fix:
                    "Correct the spelling (the message suggests the nearest county), or declare it: `county malayer \"ملایر\"`.",
                example: "when county is malyer")
        case .unknownCalendar:
            Explanation(
                meaning:
                    "The header or a ladder names a calendar that is not declared, or a working-time duration is used where no calendar applies.",
                why:
                    "Working days and hours are counted on a calendar; without one, deadlines cannot be computed.",
                fix:
                    "Correct the name or declare the calendar; for working-time SLAs add `default calendar <id>` to the rulebook's header.",
                example: "rulebook national\n  default calendar goverment")
        case .unknownLadder:
            Explanation(
                meaning: "The header or a rule names an escalation ladder that is not declared.",
                why:
                    "Late cases would follow no reminders or escalations, so the rulebook is not loaded.",
                fix:
                    "Correct the name (the message suggests the nearest ladder), or declare the ladder with `escalation <id> … end`.",
                example: "rulebook national\n  default ladder standrd")
        case .unknownField:
            Explanation(
                meaning:
                    "A condition or ladder level names a field that the case schema does not declare; a ladder that pauses or stops on statuses also needs a `status` field.",
                why: "No case could ever give a value for it, so the rule could never be decided.",
                fix:
                    "Correct the path (the message suggests the nearest field), or declare the field in the `case` block: `field caller.needy : bool default no`.",
                example: "when caller.neddy")
        case .unknownType:
            Explanation(
                meaning: "A field of the case schema is declared with a type that does not exist.",
                why:
                    "Values of an unknown type cannot be checked or read from cases, so the field is left out, and rules that use it fail too.",
                fix:
                    "Use text, int, money, bool, date, datetime, duration, category, agency, county, priority, a declared enum, or `set of` one of these.",
                example: "field amount : mony optional")
        case .unknownValue:
            Explanation(
                meaning:
                    "A value is not one of its enum's values, for example a status the `status` enum does not list, in a condition or in `pause while` / `stop when`.",
                why:
                    "A condition comparing with a value no case can have never matches, and a clock told to pause or stop on it never does.",
                fix: "Correct the value (the message suggests the nearest), or add it to the enum.",
                example: "when status is resolvd")
        case .unknownWeekday:
            Explanation(
                meaning: "A calendar names a weekday that does not exist.",
                why:
                    "The working hours of that day are lost, so working-time deadlines would be wrong.",
                fix:
                    "Use the English names saturday, sunday, monday, tuesday, wednesday, thursday and friday.",
                example: "saterday to wednesday 07:30-14:30")
        case .unknownFunction:
            Explanation(
                meaning: "A condition calls a function that Masir does not have.",
                why: "The condition cannot be evaluated, so the rule is not loaded.",
                fix:
                    "The functions are `count(set)`, `length(text)`, `lower(text)`, `days_between(a, b)` and `hours_between(a, b)`; the message suggests the nearest.",
                example: "when lenght(description) > 500")
        case .unknownPriority:
            Explanation(
                meaning:
                    "A rule or a ladder's `raise priority to` names a priority that does not exist.",
                why:
                    "The urgency the author meant cannot be applied, so the rulebook is not loaded.",
                fix:
                    "Use `urgent`, `high`, `normal` or `low` (or the numbers 1–4, 1 being the most urgent).",
                example: "rule needy when caller.needy refer to relief priority hgh")
        case .unknownRule:
            Explanation(
                meaning:
                    "A rule is named that its group does not have. Masir does not report this code yet: a `replace rule` or `disable rule` of a rule the parent lacks is reported as `name.override-missing`.",
                why: "The change meant for that rule is not made.",
                fix: "Check the rule's id in the rulebook that declares the group.",
                example: "disable rule neddy")
        case .unknownLevel:
            Explanation(
                meaning:
                    "A ladder level is named that its ladder does not have. Masir does not report this code yet: a `replace level` or `disable level` of a level the parent lacks is reported as `name.override-missing`.",
                why: "The change meant for that level is not made.",
                fix: "Check the level's id in the rulebook that declares the ladder.",
                example: "disable level fisrt")
        case .duplicateName:
            Explanation(
                meaning:
                    "Two declarations share one id (two agencies, two rules of a group, two fields, a value twice in an enum), a province declares again something it inherits, or it extends a group with a different policy.",
                why:
                    "Declarations are referred to by id; with two, no one can tell which a rule means, and an accidental redeclaration would silently change the national policy.",
                fix:
                    "Give one of them another id. To change an inherited declaration on purpose write `replace agency …`, `replace rule …` and so on; to extend an inherited group, leave its policy out.",
                example: "agency relief \"کمیته امداد استان\"   # already declared in national")
        case .overrideOfMissing:
            Explanation(
                meaning:
                    "`replace` or `disable` names an agency, category, county, calendar, group, ladder, rule or level that the rulebook does not inherit.",
                why:
                    "The change the province meant to make is not made, usually because of a typo in the id, so the national rule would still apply.",
                fix:
                    "Correct the id (the message suggests the nearest). Only declarations of the rulebooks this one extends can be replaced or disabled.",
                example: "routing referrals\n  disable rule neddy\nend")
        case .unknownParent:
            Explanation(
                meaning:
                    "`extends X` names a rulebook that cannot be found; Masir looks for `X/rulebook.masir` or `X.masir` in the rulebook's folder and every folder above it.",
                why:
                    "A province without its national rulebook is incomplete, so nothing in it is loaded or checked.",
                fix: "Correct the name, or put the parent rulebook where Masir looks for it.",
                example: "rulebook hamedan extends natonal")
        case .inheritanceCycle:
            Explanation(
                meaning:
                    "Rulebooks extend each other in a circle, or a category lies under itself through its parents.",
                why:
                    "There is no first rulebook to start from, or no top category, so the order of rules and the meaning of `under` would be undefined.",
                fix:
                    "Break the circle: the national rulebook extends nothing, and top-level categories have no `under`.",
                example: "category loans \"تسهیلات\" under loans")
        case .importFailed:
            Explanation(
                meaning:
                    "A file named by `import`, or the parent found by `extends`, cannot be read.",
                why: "The declarations in it are missing, so everything that uses them fails too.",
                fix:
                    "Check the path, which is relative to the folder of the rulebook that imports it, and that the file exists and can be read.",
                example: "import \"agencies.masir\"   # no such file next to the rulebook")
        case .holidayFile:
            Explanation(
                meaning:
                    #"A holiday table named by `holidays from "…"` cannot be read, or has a malformed row: a date that does not exist, a wrong number of columns, a weekday that does not match its date."#,
                why:
                    "Holidays move working-time deadlines; a wrong table would make deadlines fall on days the offices are closed.",
                fix:
                    #"Correct the line the message names. The table is tab-separated, with a header row and a `jalali` or `gregorian` column. For the official holidays use the built-in table, `holidays from "iran-official"`."#,
                example:
                    "holidays from \"holidays.tsv\"   # line 3: `1403/13/01` is not a Jalali date")

        // MARK: Types
        case .typeMismatch:
            Explanation(
                meaning:
                    "Values of different types are compared or combined: money with a plain number, a date with a text, a default of the wrong type, `mentions` on something other than text, a `refer to` a field that holds no agency. The same code reports a rule whose `until` is not after its `from`, and a rulebook too large to evaluate within its budget.",
                why:
                    "Such a condition could never mean what it seems to say, so the rulebook is not loaded.",
                fix:
                    "Write values in the field's type: amounts of money end in `rials` (`amount > 1,000,000 rials`), dates are year/month/day, agencies are ids. The message says which types met.",
                example: "when amount > 1000   # write: amount > 1000 rials")
        case .notBoolean:
            Explanation(
                meaning:
                    "A condition is a value, such as a text, a number or a date on its own, rather than a yes/no test.",
                why: "Masir cannot tell what about the value should make the rule apply.",
                fix:
                    "Compare it with something: `… is …`, `… > …`, `… mentions \"…\"`, `… is present`.",
                example: "when repeat_calls")
        case .optionalWithoutGuard:
            Explanation(
                meaning:
                    "A condition uses an optional field that has no default, without first testing that it is present.",
                why:
                    "When a case leaves the field out, the condition is undecided: the rule does not match, the decision lists it among its errors, and in a `first match` group a later rule or the `otherwise` takes the case instead.",
                fix:
                    "Test presence first (`amount is present and amount > 1,000,000 rials`), give a default in the condition (`(amount ?? 0 rials) > 1,000,000 rials`), or give the field a default in the schema.",
                example:
                    "field amount : money optional\n…\nrule big when amount > 1,000,000 rials refer to deputy_economic"
            )
        case .wrongArguments:
            Explanation(
                meaning:
                    "A built-in function is given the wrong number or kinds of values, such as `count` of a text.",
                why: "The function cannot compute anything from them, so the rule is not loaded.",
                fix:
                    "`count` takes a set, `length` and `lower` a text, `days_between` two dates or instants, `hours_between` two instants.",
                example: "when count(description) > 2")
        case .invalidSchema:
            Explanation(
                meaning:
                    "The case schema is inconsistent: a field that is not a category is inferred from a description, or a category is inferred from a field that is not text.",
                why:
                    "The category could never be inferred, so cases filed without one would stay uncategorised.",
                fix:
                    "Only a category field may say `infer from`, and it must name a text field of the schema: `field category : category optional infer from description`.",
                example: "field category : category optional infer from amount")
        case .invalidCalendar:
            Explanation(
                meaning:
                    "A calendar clause cannot be right: working hours that end before they start, a closure or seasonal hours that end before they start, or an unknown time zone.",
                why:
                    "Working-time deadlines are counted on these hours, so every such deadline would be wrong.",
                fix:
                    #"Correct the hours or dates the message points at; Iran's time zone is "Asia/Tehran"."#,
                example: "saturday to wednesday 14:30-07:30")

        // MARK: Checker
        case .ruleShadowed:
            Explanation(
                meaning:
                    "In a `first match` group, the rules above this one already match every case it matches, on every day it is in force, so it never decides anything.",
                why:
                    "The policy written in the rule is never applied: its cases go where the earlier rules send them, often to another agency or with another deadline, and no error ever shows it at run time.",
                fix:
                    "Move the more specific rule above the general one, narrow the earlier rule, or remove the rule that never fires. When the earlier rule is inherited, `disable` or `replace` it in the province.",
                example:
                    "rule loans when category under bank_facilities refer to bank_melli\nrule deposit when category is housing_deposit refer to housing_fund   # never fires"
            )
        case .ruleUnsatisfiable:
            Explanation(
                meaning:
                    "The rule's condition is never true for any valid case: two of its parts exclude each other, or it asks for a value the field never has.",
                why: "Whatever the rule was written to do never happens.",
                fix:
                    "Correct the condition (often an `and` that should be `or`, or bounds the wrong way round), or remove the rule.",
                example: "rule middle when amount > 10 rials and amount < 5 rials refer to relief")
        case .partNeverHolds:
            Explanation(
                meaning:
                    "A conditional part of an outcome (`copy …`, `priority …`, `sla …` or `because …` with `when`) has a condition that is false for every case its rule matches.",
                why:
                    "The copy, priority, deadline or reason it was written for is never given: the directive it encodes is silently not applied.",
                fix:
                    "Correct the condition (it often contradicts the rule's own condition), or remove the part.",
                example:
                    "rule small when amount < 100 rials\n  refer to bank\n  copy deputy_economic when amount >= 500 rials"
            )
        case .partAlwaysHolds:
            Explanation(
                meaning:
                    "A conditional part of an outcome has a condition that is true for every case its rule matches.",
                why:
                    "The `when` suggests that some of the rule's cases are treated differently, and none are; a reader, or a later edit, is misled.",
                fix:
                    "Drop the `when …` and write the part unconditionally, or correct the condition.",
                example:
                    "rule large when amount >= 1,000 rials\n  refer to bank\n  priority high when amount >= 500 rials"
            )
        case .notAnalysed:
            Explanation(
                meaning:
                    "Some rules of the group use conditions the checker does not reason about exactly: `mentions` phrases, sets, functions, `??` defaults, comparisons of two fields, or conditions too large to expand. The note lists them.",
                why:
                    "Shadowing, gaps and overlaps that involve these rules were not checked, so the absence of warnings says nothing about them.",
                fix:
                    "Nothing is wrong as such. `masir check --verify` puts the group to an SMT solver, whose findings carry the usual codes and whose answer removes the note; or cover these rules with rulebook tests (`masir test`) that show which cases they take and which they leave.",
                example: "rule urgent when description mentions \"فوری\" priority urgent")
        case .groupGap:
            Explanation(
                meaning:
                    "A `first match` or `highest priority` routing group has no `otherwise`, and some valid cases match none of its rules; the message gives one such case. `all matches` groups, which add copies and alerts, are not checked: matching nothing is normal there.",
                why:
                    "Those cases get nothing from the group; in the group that chooses the agency, that means no referral at all, which is noticed only when a citizen's case is stuck.",
                fix:
                    "Add `otherwise refer to …` to the group, or a rule for the kind of case in the example. Rules with dates of validity do not close a gap, since they do not always apply.",
                example:
                    "routing referrals first match\n  rule needy when caller.needy refer to relief\nend   # caller.needy: no matches nothing"
            )
        case .ruleOverlap:
            Explanation(
                meaning:
                    "In a `highest priority` group, two rules with the same priority but different outcomes can both match one case; the message gives such a case.",
                why:
                    "The group is meant to choose by urgency; with equal priorities the earlier rule wins by its position alone, so reordering the file would silently change where such cases go.",
                fix:
                    "Give one of the rules another priority, or make their conditions exclude each other.",
                example:
                    "rule needy when caller.needy refer to relief priority high\nrule disabled when caller.disabled refer to welfare priority high"
            )
        case .redundantOverride:
            Explanation(
                meaning:
                    "A province's `replace rule` restates the inherited rule unchanged: the same condition, dates and outcome, in the same place. It is found when the parent rulebook is checked in the same run.",
                why:
                    "It changes no decision, but it makes the province look different from the national policy, and it keeps later changes to the national rule from reaching the province.",
                fix: "Remove the `replace rule`; the inherited rule applies as it is.",
                example:
                    "replace rule needy when caller.needy refer to relief   # the same as in national"
            )
        case .deadInheritedRule:
            Explanation(
                meaning:
                    "Every rulebook that extends this one (at least two of them) replaces or disables the rule, so no case anywhere is decided by it.",
                why:
                    "The national rulebook states a policy that no province follows, which misleads anyone who reads it to learn the rules in force.",
                fix:
                    "Change the national rule to what the provinces need and remove their overrides, or remove the national rule.",
                example:
                    "rule old_disabled when caller.disabled refer to welfare   # replaced or disabled in all 31 provinces"
            )
        case .unusedAgency:
            Explanation(
                meaning:
                    "An agency is declared, but no rule refers cases or copies to it, no ladder escalates to, notifies or reminds it, and it supervises no agency.",
                why:
                    "It is usually a misspelling elsewhere, or an office left over after a reorganisation; dead entries make the directory harder to review.",
                fix:
                    "Use it where it was meant to be used, or remove it. (It is not reported when a rule refers to an agency the case names, since then any agency may be chosen.)",
                example: "agency old_office \"دفتر پیشین\"")
        case .unusedCategory:
            Explanation(
                meaning: "A category has no keywords, no sub-categories, and no rule tests it.",
                why:
                    "Operators can file cases under it, but nothing treats those cases differently, and it is never inferred from a description.",
                fix:
                    "Add `mentions` phrases so that descriptions are recognised as it, test it in a rule, or remove it.",
                example: "category misc \"سایر\"")
        case .unusedLadder:
            Explanation(
                meaning:
                    "An escalation ladder is declared, but no rule names it with `ladder …` and it is not the rulebook's `default ladder`.",
                why:
                    "Its levels never fire, so the reminders and escalations it describes never happen.",
                fix:
                    "Name it in the rules it is meant for, make it the `default ladder`, or remove it.",
                example: "escalation spare\n  level late at sla then notify governor\nend")
        case .ladderOrder:
            Explanation(
                meaning:
                    "In a ladder, a level counted from the same starting point as the level written before it is due no later than that level.",
                why:
                    "Levels read as successive steps; a later step due sooner usually means a mistyped duration, and the escalations would fire out of order.",
                fix:
                    "Order the levels from the earliest threshold to the latest, or correct the duration.",
                example:
                    "level remind after 5 days since opened then remind assignee\nlevel warn after 3 days since opened then notify governor"
            )
        case .levelUnreachable:
            Explanation(
                meaning: "A ladder level's `when` condition is never true.",
                why: "The level never fires, so the escalation it describes never happens.",
                fix:
                    "Correct the condition (often an `and` that should be `or`), or remove the level.",
                example:
                    "level insistent at sla when repeat_calls > 3 and repeat_calls < 2 then notify governor"
            )
        case .escalateToHolder:
            Explanation(
                meaning:
                    "A ladder level escalates to an agency that rules using this ladder already refer cases to.",
                why:
                    "For those cases the escalation goes to the very office that is late, which changes nothing for the citizen.",
                fix:
                    "Escalate to the agency's supervisor (the message names it), or give the rules that refer to that agency a ladder of their own.",
                example:
                    "otherwise refer to inspection sla 10 days\n…\nlevel first at sla then escalate to inspection"
            )
        case .supervisorCycle:
            Explanation(
                meaning: "Agencies' `supervisor` clauses form a circle.",
                why:
                    "Escalating up the chain of supervisors never reaches anyone with authority over the whole circle.",
                fix:
                    "Break the circle: one of the agencies must have no supervisor, or one outside the circle.",
                example:
                    "agency county_office \"فرمانداری\" supervisor province_office\nagency province_office \"استانداری\" supervisor county_office"
            )
        case .holidayCoverage:
            Explanation(
                meaning:
                    "A calendar's holiday table does not cover the whole year from the rulebook's `effective` date.",
                why:
                    "Deadlines past the end of the table are computed as if there were no holidays, so they can fall on days the offices are closed.",
                fix:
                    #"Extend the holiday table, or move `effective` into the years it covers. The built-in "iran-official" table covers 1402–1406."#,
                example:
                    "rulebook national\n  effective 1407/01/01   # iran-official covers 1402–1406")
        case .weekdayUndeclared:
            Explanation(
                meaning:
                    "A calendar gives some weekday neither hours nor `off`. Masir does not report this code yet, because a loaded calendar does not record which weekdays were written.",
                why:
                    "A weekday that is not listed counts as closed; if that was not meant, every working-time deadline comes out late.",
                fix: "List every weekday: give it hours, or mark it `off`.",
                example:
                    "calendar office\n  saturday to wednesday 07:30-14:30\nend   # thursday and friday?"
            )
        case .noWorkingHours:
            Explanation(
                meaning: "A calendar has no working hours on any weekday.",
                why:
                    "Working-time deadlines counted on it never fall due, so SLAs and escalations on it have no date.",
                fix:
                    "Give the working weekdays their hours, e.g. `saturday to wednesday 07:30-14:30`.",
                example: "calendar office\n  saturday to friday off\nend")
        }
    }
}
