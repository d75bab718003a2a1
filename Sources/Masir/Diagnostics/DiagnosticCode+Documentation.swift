/// What each finding means, with an example: `masir check --explain CODE` prints it, and
/// docs/diagnostics.md is generated from it (a test keeps the file current).
extension DiagnosticCode {
    public var documentation: String {
        let (summary, example) = explanation
        return "\(rawValue) (\(defaultSeverity.rawValue))\n\n\(summary)\n\nExample:\n\n" + example.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    var explanation: (String, String) {
        switch self {
        case .unterminatedString: ("A quoted text must close on the same line.", "agency relief \"کمیته امداد")
        case .unknownEscape: ("Inside quotes only \\\", \\\\ and \\n are escapes.", "because \"a \\t b\"")
        case .curlyQuotes: ("Word processors turn straight quotes into curly ones; Masir wants \"…\" or «…».", "agency relief “کمیته امداد”")
        case .persianComma: ("The Persian comma ، separates nothing in Masir; use the Latin comma between items.", "refer to relief copy inspection، governor")
        case .unexpectedCharacter: ("A character that no part of the language uses.", "when amount > 5 ;")
        case .strayJoiner: ("A half-space (ZWNJ) outside quotes; ids are ASCII words joined with _.", "agency کمیته‌امداد \"…\"")
        case .mixedIndentation: ("A line indented with both tabs and spaces looks different in every editor; `masir fmt` fixes it.", "\t  rule a")
        case .expectedRulebook: ("Every rulebook file begins with `rulebook <id>`.", "agency relief \"کمیته امداد\"   # first line")
        case .expectedToken: ("A keyword or symbol the grammar needs at this point is missing.", "rule a when caller.needy refer relief   # `refer to`")
        case .expectedName: ("An id (a word without quotes) is needed here.", "agency \"relief\" \"کمیته امداد\"")
        case .expectedLabel: ("A quoted text is needed here, usually the Persian name.", "agency relief kind support")
        case .expectedExpression: ("A condition or value is needed here.", "rule a when refer to relief")
        case .expectedEnd: ("Blocks (`case`, `calendar`, `routing`, `escalation`) close with `end`.", "routing r first match\n  rule a when yes refer to relief\nagency x \"…\"")
        case .unknownDeclaration: ("A top-level line must start a declaration.", "agnecy relief \"کمیته امداد\"")
        case .unknownClause: ("A word that starts no clause of the rule, group or ladder.", "rule a when yes prioirty high")
        case .duplicateClause: ("A clause given twice; the second would silently win.", "rule a when yes refer to relief refer to welfare")
        case .equalsOperator: ("Masir compares with `is` and `is not`.", "when status == resolved")
        case .chainedComparison: ("Comparisons do not chain; join them with `and`.", "when 10 < amount < 20")
        case .durationWithoutUnit: ("A duration needs a unit.", "sla 5")
        case .unknownUnit: ("Units are days, hours and minutes, optionally working.", "sla 2 weeks")
        case .unknownHitPolicy: ("A routing group's policy is `first match`, `highest priority` or `all matches`.", "routing r first-match")
        case .unknownAction: ("Ladder actions: remind, escalate to, notify, raise priority to.", "then email governor")
        case .invalidDate: ("Dates are year/month/day and must exist in their calendar.", "effective 1403/13/01")
        case .invalidTime: ("Times run from 00:00 to 24:00.", "saturday 07:30-25:00")
        case .numberTooLarge: ("Numbers must fit in 64 bits.", "amount > 99999999999999999999 rials")
        case .tooDeep: ("Conditions nest at most 64 levels.", "when ((((((((…))))))))")
        case .ruleWithoutCondition: ("A rule needs `when`; cases no rule matches take the group's `otherwise`.", "rule a refer to relief")
        case .ruleWithoutOutcome: ("A rule must say something: refer to, priority, sla or because.", "rule a when caller.needy")
        case .reservedWord: ("yes, no, true and false are values, not ids.", "agency yes \"…\"")
        case .unknownAgency, .unknownCategory, .unknownCounty, .unknownCalendar, .unknownLadder, .unknownField, .unknownType, .unknownValue,
            .unknownWeekday, .unknownFunction, .unknownPriority, .unknownRule, .unknownLevel:
            ("A name that nothing declares; the message suggests the nearest declared name.", "refer to releif   # did you mean `relief`?")
        case .duplicateName: ("Two declarations with one name; to change an inherited one write `replace`.", "agency relief \"…\"   # already in national")
        case .overrideOfMissing: ("`replace` and `disable` need an inherited declaration of that name.", "disable rule neddy")
        case .unknownParent: ("`extends X` looks for X/rulebook.masir or X.masir in this folder and above.", "rulebook hamedan extends natonal")
        case .inheritanceCycle: ("Rulebooks (or categories) that extend each other in a circle.", "rulebook a extends b   # and b extends a")
        case .importFailed: ("An imported or named file could not be read.", "import \"missing.masir\"")
        case .holidayFile: ("A holiday table that cannot be read or has malformed rows.", "holidays from \"holidays.tsv\"")
        case .typeMismatch: ("Values of different types cannot be compared or combined.", "when amount > 1000   # money needs `rials`")
        case .notBoolean: ("A condition must be yes or no.", "when description")
        case .optionalWithoutGuard: ("An optional field without a default may be absent; using it without `is present`, `??` or a default leaves the rule undecided for such cases, and the interpreter skips and reports it.", "when amount > 1,000 rials   # write: amount is present and amount > 1,000 rials")
        case .wrongArguments: ("A built-in function called with the wrong kinds of values.", "when count(description) > 2")
        case .invalidSchema: ("The case schema is inconsistent.", "field category : category infer from amount")
        case .invalidCalendar: ("A calendar clause that cannot be right (periods ending before they start, unknown zones).", "saturday 14:30-07:30")
        case .ruleShadowed: ("In a first-match group the rules above this one already match every case it matches, so it never decides anything.", "rule loans when category under bank_facilities refer to bank\nrule deposit when category is housing_deposit refer to roads_urban   # never fires")
        case .ruleUnsatisfiable: ("The rule's condition can never be true, so the rule never fires.", "rule a when amount > 10 rials and amount < 5 rials refer to relief")
        case .notAnalysed: ("Rules whose conditions use `mentions`, sets, functions or `??` are outside what the checker decides exactly; cover them with tests.", "rule a when description mentions \"فوری\" priority urgent")
        case .groupGap: ("A group without `otherwise` lets some valid cases through without a referral; the message gives one.", "routing r first match\n  rule a when caller.needy refer to relief\nend   # needy: no matches nothing")
        case .ruleOverlap: ("Two rules of a highest-priority group with the same priority can both match; which wins is left to their order.", "rule a when caller.needy priority high\nrule b when caller.disabled priority high")
        case .redundantOverride: ("A `replace rule` that restates the inherited rule changes no decision.", "replace rule loans when category under bank_facilities refer to bank   # same as national")
        case .deadInheritedRule: ("Every rulebook that extends this one replaces or disables the rule, so no case is ever decided by it.", "rule old when … refer to …   # replaced in all 31 provinces")
        case .unusedAgency: ("An agency nothing refers to, copies, escalates to or is supervised by.", "agency old_office \"…\"")
        case .unusedCategory: ("A category without keywords that no rule tests.", "category misc \"سایر\"")
        case .unusedLadder: ("A ladder that no rule names and that is not the default.", "escalation spare … end")
        case .ladderOrder: ("Levels on the same anchor should have increasing thresholds.", "level a after 5 working days since referred …\nlevel b after 3 working days since referred …")
        case .levelUnreachable: ("A level whose condition is never true never fires.", "level a at sla when calls > 3 and calls < 2 then notify governor")
        case .escalateToHolder: ("Escalating to the agency that already holds the case does nothing.", "rule r when … refer to inspection\nlevel l at sla then escalate to inspection")
        case .supervisorCycle: ("Supervising agencies that supervise each other leave escalations nowhere to go.", "agency a \"…\" supervisor b\nagency b \"…\" supervisor a")
        case .holidayCoverage: ("The holiday table must cover the year from the rulebook's effective date, or deadlines silently ignore holidays.", "effective 1407/01/01   # iran-official covers 1402–1406")
        case .weekdayUndeclared: ("A weekday neither given hours nor marked off.", "calendar c\n  saturday to wednesday 07:30-14:30\nend   # thursday and friday?")
        case .noWorkingHours: ("A calendar with no working hours makes every working-time deadline impossible.", "calendar c\n  saturday to friday off\nend")
        }
    }
}
