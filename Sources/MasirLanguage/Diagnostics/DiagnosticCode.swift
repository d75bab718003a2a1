/// Stable identifiers for every kind of finding; tools and docs key on the raw value.
public enum DiagnosticCode: String, Sendable, Hashable, Codable, CaseIterable {
    // Lexer
    case unterminatedString = "syntax.unterminated-string"
    case unknownEscape = "syntax.unknown-escape"
    case curlyQuotes = "syntax.curly-quotes"
    case persianComma = "syntax.persian-comma"
    case unexpectedCharacter = "syntax.unexpected-character"
    case strayJoiner = "syntax.stray-joiner"
    case invisibleCharacter = "syntax.invisible-character"
    case invalidEncoding = "syntax.invalid-encoding"
    case mixedIndentation = "style.mixed-indentation"
    // Parser
    case expectedRulebook = "syntax.expected-rulebook"
    case expectedToken = "syntax.expected"
    case expectedName = "syntax.expected-name"
    case expectedLabel = "syntax.expected-label"
    case expectedExpression = "syntax.expected-expression"
    case expectedEnd = "syntax.expected-end"
    case unknownDeclaration = "syntax.unknown-declaration"
    case unknownClause = "syntax.unknown-clause"
    case duplicateClause = "syntax.duplicate-clause"
    case equalsOperator = "syntax.equals-operator"
    case chainedComparison = "syntax.chained-comparison"
    case durationWithoutUnit = "syntax.duration-without-unit"
    case unknownUnit = "syntax.unknown-unit"
    case unknownHitPolicy = "syntax.unknown-hit-policy"
    case unknownAction = "syntax.unknown-action"
    case invalidDate = "syntax.invalid-date"
    case invalidTime = "syntax.invalid-time"
    case numberTooLarge = "syntax.number-too-large"
    case outOfRange = "syntax.out-of-range"
    case tooDeep = "syntax.too-deep"
    case ruleWithoutCondition = "syntax.rule-without-when"
    case ruleWithoutOutcome = "syntax.rule-without-outcome"
    case reservedWord = "syntax.reserved-word"
    case otherwiseNotLast = "syntax.otherwise-not-last"
    case persianKeyword = "syntax.persian-keyword"
    case emptyText = "syntax.empty-text"
    // Name resolution
    case unknownAgency = "name.unknown-agency"
    case unknownCategory = "name.unknown-category"
    case unknownCounty = "name.unknown-county"
    case unknownCalendar = "name.unknown-calendar"
    case unknownLadder = "name.unknown-ladder"
    case unknownField = "name.unknown-field"
    case unknownType = "name.unknown-type"
    case unknownValue = "name.unknown-value"
    case unknownWeekday = "name.unknown-weekday"
    case unknownFunction = "name.unknown-function"
    case unknownPriority = "name.unknown-priority"
    case unknownRule = "name.unknown-rule"
    case unknownLevel = "name.unknown-level"
    case duplicateName = "name.duplicate"
    case overrideOfMissing = "name.override-missing"
    case unknownParent = "name.unknown-rulebook"
    case inheritanceCycle = "name.inheritance-cycle"
    case importFailed = "name.import-failed"
    case holidayFile = "data.holiday-file"
    // Types
    case typeMismatch = "type.mismatch"
    case notBoolean = "type.not-boolean"
    case optionalWithoutGuard = "type.optional-unguarded"
    case wrongArguments = "type.arguments"
    case invalidSchema = "type.schema"
    case invalidCalendar = "type.calendar"
    // Checker
    case ruleShadowed = "check.rule-shadowed"
    case ruleUnsatisfiable = "check.rule-unsatisfiable"
    case partNeverHolds = "check.part-never-holds"
    case partAlwaysHolds = "check.part-always-holds"
    case notAnalysed = "check.not-analysed"
    case groupGap = "check.gap"
    case ruleOverlap = "check.overlap"
    case redundantOverride = "check.redundant-override"
    case deadInheritedRule = "check.dead-inherited-rule"
    case unusedAgency = "check.unused-agency"
    case unusedCategory = "check.unused-category"
    case unusedLadder = "check.unused-ladder"
    case ladderOrder = "check.ladder-order"
    case levelUnreachable = "check.level-unreachable"
    case escalateToHolder = "check.escalate-to-holder"
    case supervisorCycle = "check.supervisor-cycle"
    case holidayCoverage = "check.holiday-coverage"
    case weekdayUndeclared = "check.weekday-undeclared"
    case noWorkingHours = "check.no-working-hours"
}

extension DiagnosticCode {
    /// Severity unless a message says otherwise.
    public var defaultSeverity: Severity {
        switch self {
        case .mixedIndentation, .ruleShadowed, .ruleUnsatisfiable, .partNeverHolds,
            .partAlwaysHolds, .groupGap, .ruleOverlap,
            .redundantOverride, .deadInheritedRule,
            .unusedAgency, .unusedCategory, .unusedLadder, .ladderOrder, .levelUnreachable,
            .escalateToHolder, .holidayCoverage,
            .weekdayUndeclared, .optionalWithoutGuard, .emptyText:
            .warning
        case .notAnalysed: .note
        default: .error
        }
    }
}

extension DiagnosticCode {
    /// The checker's findings (`masir check`), beyond syntax, names and types.
    static let checkerCodes: [DiagnosticCode] = [
        .ruleShadowed, .ruleUnsatisfiable, .partNeverHolds, .partAlwaysHolds, .notAnalysed,
        .groupGap, .ruleOverlap,
        .redundantOverride, .deadInheritedRule,
        .unusedAgency, .unusedCategory, .unusedLadder, .ladderOrder, .levelUnreachable,
        .escalateToHolder,
        .supervisorCycle, .holidayCoverage, .weekdayUndeclared, .noWorkingHours,
        .optionalWithoutGuard,
    ]
}
