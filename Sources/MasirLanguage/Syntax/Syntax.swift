// The syntax tree: value types, each node with the source range it came from.
// Ranges are layout; `SyntaxDump` leaves them out so trees can be compared modulo layout.

/// An identifier as written, with its range.
public struct Name: Sendable, Hashable {
    public var text: String
    public var range: SourceRange

    public init(_ text: String, _ range: SourceRange = .empty) {
        self.text = text
        self.range = range
    }
}

/// A quoted text, without quotes.
public struct TextLiteral: Sendable, Hashable {
    public var value: String
    public var range: SourceRange
}

/// A date, optionally with a time of day, as written (`1403/07/01 10:00`, `2024-09-22`).
public struct DateLiteral: Sendable, Hashable {
    public var date: String
    public var time: String?
    public var range: SourceRange
}

/// A dotted field path such as `caller.needy`; `optionalAfter` marks segments reached with `?.`.
public struct FieldPath: Sendable, Hashable {
    public var segments: [Name]
    /// Indices of segments preceded by `?.` rather than `.`.
    public var optionalSegments: Set<Int>
    public var range: SourceRange

    public var dotted: String {
        segments.count == 1 ? segments[0].text : segments.map(\.text).joined(separator: ".")
    }
}

/// `3 working days`, `48 hours`, `30 minutes`.
public struct DurationLiteral: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case days, hours, minutes
    }
    public var amount: Int64
    public var working: Bool
    public var unit: Unit
    public var range: SourceRange
}

/// The rulebook file: its header and declarations.
public struct RulebookSyntax: Sendable, Hashable {
    public var header: Header
    public var declarations: [Declaration]
    public var range: SourceRange
}

public struct Header: Sendable, Hashable {
    public var doc: [String]
    public var id: Name
    public var extends: Name?
    public var title: TextLiteral?
    /// The province's Persian name, for provincial rulebooks.
    public var province: TextLiteral?
    public var english: TextLiteral?
    /// The landline area code callers from the province dial from, e.g. "081".
    public var areaCode: TextLiteral?
    public var version: TextLiteral?
    public var effective: DateLiteral?
    public var defaultCalendar: Name?
    public var defaultLadder: Name?
    public var range: SourceRange

    package init(doc: [String], id: Name, range: SourceRange) {
        self.doc = doc
        self.id = id
        self.range = range
    }
}

/// A top-level declaration with its doc comment.
public struct Declaration: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case importFile(TextLiteral)
        case agency(AgencyDecl)
        case category(CategoryDecl)
        case county(CountyDecl)
        case enumeration(EnumDecl)
        case schema(SchemaDecl)
        case calendar(CalendarDecl)
        case routing(RoutingDecl)
        case escalation(LadderDecl)
        /// `property …`: what must hold for every case, proved by `masir verify`.
        case property(PropertyDecl)
        /// `replace agency …`: the inherited declaration of that name is replaced by this one.
        case replace(Declaration)
        /// `disable agency x`: the inherited declaration is removed.
        case disable(kind: Name, name: Name)
    }

    public var doc: [String]
    public var kind: Kind
    public var range: SourceRange
}

public struct AgencyDecl: Sendable, Hashable {
    public var name: Name
    public var label: TextLiteral
    public var english: TextLiteral?
    public var kind: Name?
    public var supervisor: Name?
}

public struct CategoryDecl: Sendable, Hashable {
    public var name: Name
    public var label: TextLiteral
    public var parent: Name?
    public var keywords: [TextLiteral]
}

public struct CountyDecl: Sendable, Hashable {
    public var name: Name
    public var label: TextLiteral
    public var english: TextLiteral?
}

public struct EnumDecl: Sendable, Hashable {
    public struct Value: Sendable, Hashable {
        public var name: Name
        public var label: TextLiteral?
    }
    public var name: Name
    public var label: TextLiteral?
    public var values: [Value]
}

public struct SchemaDecl: Sendable, Hashable {
    public var fields: [FieldDecl]
}

public struct FieldDecl: Sendable, Hashable {
    public var doc: [String]
    public var path: FieldPath
    /// A type name, or the element type of `set of T`.
    public var type: Name
    public var isSet: Bool
    public var isOptional: Bool
    public var defaultValue: Expr?
    public var inferFrom: FieldPath?
    public var label: TextLiteral?
    public var range: SourceRange
}

public struct CalendarDecl: Sendable, Hashable {
    public struct TimeRangeSyntax: Sendable, Hashable {
        public var from: String
        public var to: String
        public var range: SourceRange
    }
    public enum Clause: Sendable, Hashable {
        case zone(TextLiteral)
        /// `saturday to wednesday 07:30-14:30` or `friday off` (empty hours).
        case weekdays(first: Name, last: Name?, hours: [TimeRangeSyntax], range: SourceRange)
        case holidays(TextLiteral)
        case closed(from: DateLiteral, to: DateLiteral?, reason: TextLiteral?, range: SourceRange)
        case seasonal(
            hours: [TimeRangeSyntax], from: DateLiteral, to: DateLiteral, range: SourceRange)
    }
    public var name: Name
    public var label: TextLiteral?
    public var clauses: [Clause]
}

public enum HitPolicy: String, Sendable, Hashable, Codable {
    case firstMatch = "first match"
    case highestPriority = "highest priority"
    case allMatches = "all matches"
}

public struct RoutingDecl: Sendable, Hashable {
    public var name: Name
    public var label: TextLiteral?
    public var policy: HitPolicy?
    public var policyRange: SourceRange?
    public var items: [RoutingItem]
    public var otherwise: Outcome?
    public var otherwiseRange: SourceRange?
}

public struct RoutingItem: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case rule(RuleDecl)
        case replace(RuleDecl)
        case disable(Name)
    }
    public var doc: [String]
    public var kind: Kind
    public var range: SourceRange
}

public struct RuleDecl: Sendable, Hashable {
    public var name: Name
    public var label: TextLiteral?
    public var validFrom: DateLiteral?
    public var validUntil: DateLiteral?
    public var condition: Expr?
    public var outcome: Outcome
}

/// Where a case goes and how urgently; every part is optional so groups can contribute parts.
public struct Outcome: Sendable, Hashable {
    /// An agency id, or a field of agency type for referrals decided by the case (`caller.bank`).
    public var referTo: FieldPath?
    public var copies: [Name] = []
    public var priority: Name?
    public var sla: DurationLiteral?
    public var because: TextLiteral?
    public var ladder: Name?
    /// `copy …`, `priority …`, `sla …` and `because …` written with `when`, in source order.
    public var conditional: [ConditionalPart] = []
    /// `sla first_answer 2 working days`: further deadlines, each named and with its own clock.
    public var targets: [TargetClause] = []

    public var isEmpty: Bool {
        referTo == nil && copies.isEmpty && priority == nil && sla == nil && because == nil
            && ladder == nil && conditional.isEmpty && targets.isEmpty
    }
}

/// `sla first_answer 2 working days`: a named SLA target and its duration.
public struct TargetClause: Sendable, Hashable {
    public var name: Name
    public var duration: DurationLiteral
}

/// A part of an outcome that applies only to the cases its condition holds for.
public struct ConditionalPart: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case copy([Name])
        case priority(Name)
        case sla(DurationLiteral)
        case because(TextLiteral)
        /// `sla first_answer 1 working day when …`.
        case target(Name, DurationLiteral)
    }
    public var kind: Kind
    public var condition: Expr
    public var range: SourceRange
}

/// `property id "label" [when <condition>] expect <claim>`: for every case the condition holds
/// for, the claim, which may read the decision (`decision.referral`, `decision.sla`, …), holds.
public struct PropertyDecl: Sendable, Hashable {
    public var name: Name
    public var label: TextLiteral?
    /// Which cases the property speaks of; nil for every case.
    public var condition: Expr?
    public var claim: Expr
}

public struct LadderDecl: Sendable, Hashable {
    public var name: Name
    public var label: TextLiteral?
    public var calendar: Name?
    public var pauseWhile: [Name]
    public var stopWhen: [Name]
    public var items: [LevelItem]
    /// `on reopen …`, `on reclassify …` and the clauses of one named target
    /// (`sla first_answer stop when answered`), in source order.
    public var clocks: [ClockClause] = []
}

/// A clause of an SLA clock: for every target of the ladder, or for the one named.
public struct ClockClause: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case pause([Name])
        case stop([Name])
        case reopen(ReopenPolicy)
        case reclassify(ReclassifyPolicy)
    }
    /// The named target the clause is for (`sla first_answer …`); nil for every target.
    public var target: Name?
    public var kind: Kind
    public var range: SourceRange
}

/// What a re-opened case does to a clock: count the whole duration again from the re-opening,
/// carry on from where it stopped, or keep the first round as it ended and add a new one.
public enum ReopenPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    case restart, resume
    case newTarget = "new target"
}

/// What a change of category after the referral does to a clock: count again from the change,
/// or keep counting from the original start.
public enum ReclassifyPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    case restart
    case keepStart = "keep start"
}

/// `75%` in `at 75% of sla`.
public struct PercentLiteral: Sendable, Hashable {
    public var value: Int64
    public var range: SourceRange
}

public struct LevelItem: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case level(LevelDecl)
        case replace(LevelDecl)
        case disable(Name)
    }
    public var doc: [String]
    public var kind: Kind
    public var range: SourceRange
}

public struct LevelDecl: Sendable, Hashable {
    public enum Anchor: Sendable, Hashable {
        case sla(SourceRange)
        case field(FieldPath)
    }
    public var name: Name
    public var label: TextLiteral?
    /// `after <duration> since <anchor>`; nil for `at <anchor>`.
    public var after: DurationLiteral?
    public var anchor: Anchor
    public var condition: Expr?
    public var actions: [Action]
    /// The named target of an `sla` anchor (`at sla first_answer`); nil for the primary one.
    public var target: Name? = nil
    /// `at 75% of sla`: the instant that share of the target's time has run.
    public var percent: PercentLiteral? = nil
}

public struct Action: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case remind, escalate, notify, raisePriority = "raise priority"
    }
    public var kind: Kind
    public var target: Name
    public var range: SourceRange
}

/// An expression. Every case carries its range so messages can point into it.
public indirect enum Expr: Sendable, Hashable {
    case text(TextLiteral)
    case integer(Int64, SourceRange)
    case money(Int64, SourceRange)
    case boolean(Bool, SourceRange)
    case date(DateLiteral)
    case duration(DurationLiteral)
    case path(FieldPath)
    case list([Expr], SourceRange)
    case call(Name, [Expr], SourceRange)
    case not(Expr, SourceRange)
    case binary(BinaryOperator, Expr, Expr, SourceRange)
    /// `x is present` / `x is absent`.
    case presence(Expr, present: Bool, SourceRange)
    /// `x under category`.
    case under(Expr, Name, SourceRange)
    /// `x mentions [any|all] y`.
    case mentions(Expr, MentionMode, Expr, SourceRange)
    /// Stands where the parser found no expression; a diagnostic was already reported.
    case missing(SourceRange)

    public var range: SourceRange {
        switch self {
        case .text(let t): t.range
        case .integer(_, let r), .money(_, let r), .boolean(_, let r), .list(_, let r),
            .call(_, _, let r),
            .not(_, let r), .binary(_, _, _, let r), .presence(_, _, let r), .under(_, _, let r),
            .mentions(_, _, _, let r), .missing(let r):
            r
        case .date(let d): d.range
        case .duration(let d): d.range
        case .path(let p): p.range
        }
    }
}

public enum MentionMode: String, Sendable, Hashable {
    case single = "", any, all
}

public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or, and
    case coalesce = "??"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case isEqual = "is", isNotEqual = "is not"
    case isIn = "in", notIn = "not in"
    case contains, intersects

    /// Binding strength: higher binds tighter.
    var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .less, .lessEqual, .greater, .greaterEqual, .isEqual, .isNotEqual, .isIn, .notIn,
            .contains, .intersects:
            4
        case .coalesce: 5
        }
    }
}
