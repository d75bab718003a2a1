/// A resolved rulebook: inheritance merged, names resolved, expressions typed.
/// Immutable and `Sendable`, so one instance serves every thread.
public struct Rulebook: Sendable {
    public var id: String
    public var title: String?
    public var version: String?
    /// Days since 1970-01-01 on which the rulebook takes effect.
    public var effective: Int64?
    public var province: String?
    public var english: String?
    public var areaCode: String?
    /// The chain of rulebook ids from this one up to the root (`["hamedan", "national"]`).
    public var lineage: [String]
    /// SHA-256 of the source texts that made this rulebook, in load order.
    public var digest: String
    /// The file that declares this rulebook (the last of its lineage).
    public var file: String = ""

    public var agencies: [Agency]
    public var categories: [Category]
    public var counties: [County]
    public var enumerations: [Enumeration]
    public var fields: [Field]
    public var calendars: [String: WorkingCalendar]
    /// Where each calendar was declared, and which weekdays it gave neither hours nor `off`.
    var calendarOrigins: [String: Origin] = [:]
    var undeclaredWeekdays: [String: [Weekday]] = [:]
    public var groups: [RuleGroup]
    public var ladders: [Ladder]
    /// What must hold for every case, for `masir verify` to prove.
    public var properties: [Property] = []
    public var defaultCalendar: String?
    public var defaultLadder: String?
    /// Static cost of evaluating one case: checked against the budget when the rulebook loads.
    public var cost: Int

    var agencyIndex: [String: Int] = [:]
    var categoryIndex: [String: Int] = [:]
    var countyIndex: [String: Int] = [:]
    package var fieldIndex: [String: Int] = [:]
    var ladderIndex: [String: Int] = [:]
    /// Normalised Persian labels (and English names) to ids, by kind, so operators may type either.
    var labelIndex: [String: [String: String]] = [:]
    /// Category keyword phrases, one matcher for the whole rulebook; phrase i belongs to
    /// category `keywordOwners[i]`.
    var keywordMatcher: PhraseMatcher
    var keywordOwners: [Int]
    /// The category hierarchy in depth-first order, for `under` at any depth.
    var categoryTree = CategoryTree()

    public func agency(_ id: String) -> Agency? { agencyIndex[id].map { agencies[$0] } }
    public func category(_ id: String) -> Category? { categoryIndex[id].map { categories[$0] } }
    public func county(_ id: String) -> County? { countyIndex[id].map { counties[$0] } }
    public func field(_ path: String) -> Field? { fieldIndex[path].map { fields[$0] } }
    public func ladder(_ id: String) -> Ladder? { ladderIndex[id].map { ladders[$0] } }
    public func enumeration(_ id: String) -> Enumeration? { enumerations.first { $0.id == id } }

    /// Whether category `id` is `ancestor` or lies below it.
    public func category(_ id: String, isUnder ancestor: String) -> Bool {
        if categoryTree.covers(categories.count) {
            guard let index = categoryIndex[id], let above = categoryIndex[ancestor] else {
                return id == ancestor
            }
            return categoryTree.contains(index, under: above)
        }
        var current: String? = id
        var steps = 0
        while let this = current, steps <= categories.count {
            if this == ancestor { return true }
            current = category(this)?.parent
            steps += 1
        }
        return false
    }

    /// The ids of `ancestor` and of every category below it, in depth-first order.
    func categoryIDs(under ancestor: String) -> [String] {
        guard categoryTree.covers(categories.count), let above = categoryIndex[ancestor] else {
            return categories.map(\.id).filter { category($0, isUnder: ancestor) }
        }
        return categoryTree.subtree(above).map { categories[$0].id }
    }

    /// The field that holds the case's status, if the schema has one.
    var statusField: Field? { field("status") }
}

/// Where a declaration came from, for messages.
public struct Origin: Sendable, Hashable {
    public var file: String
    public var range: SourceRange
}

public struct Agency: Sendable, Hashable {
    public var id: String
    public var name: String
    public var english: String?
    public var kind: String?
    public var supervisor: String?
    public var origin: Origin
}

public struct Category: Sendable, Hashable {
    public var id: String
    public var label: String
    public var parent: String?
    public var keywords: [String]
    /// Distance from the root: more specific categories win keyword inference.
    public var depth: Int
    public var origin: Origin
}

public struct County: Sendable, Hashable {
    public var id: String
    public var name: String
    public var english: String?
    public var origin: Origin
}

public struct Enumeration: Sendable, Hashable {
    public var id: String
    public var label: String?
    public var values: [String]
    public var labels: [String: String]
    public var origin: Origin
}

/// One field of the case schema.
public struct Field: Sendable, Hashable {
    public var path: String
    public var type: ValueType
    public var isOptional: Bool
    public var defaultValue: Value?
    /// For `category … infer from description`: the text field whose keywords decide it.
    public var inferFrom: String?
    public var label: String?
    public var origin: Origin

    /// A field with a default is never absent after decoding.
    public var mayBeAbsent: Bool { isOptional && defaultValue == nil }
}

public struct RuleGroup: Sendable {
    public var id: String
    public var label: String?
    public var policy: HitPolicy
    public var rules: [Rule]
    public var fallback: ResolvedOutcome?
    public var fallbackOrigin: Origin?
    public var origin: Origin
}

public struct Rule: Sendable {
    public var id: String
    public var label: String?
    public var doc: [String]
    public var validFrom: Int64?
    public var validUntil: Int64?
    public var condition: TypedExpr
    /// The condition as written (formatted), made when asked for: traces and listings need it,
    /// loading twenty thousand rules does not.
    public var conditionText: String { conditionSyntax.map { Formatter.expressionText($0) } ?? "" }
    var conditionSyntax: Expr?
    public var outcome: ResolvedOutcome
    public var origin: Origin
    /// The rulebook that declared (or last replaced) the rule.
    public var rulebook: String
}

public struct ResolvedOutcome: Sendable {
    public enum Target: Sendable, Hashable {
        case agency(String)
        /// A field of agency type, read from the case.
        case field(slot: Int, path: String)
    }
    public var referTo: Target?
    public var copies: [String] = []
    public var priority: Priority?
    public var sla: DurationLiteral?
    public var because: String?
    public var ladder: String?
    /// Parts written with `when`, in source order; empty for most outcomes.
    public var conditional: [ConditionalOutcomePart] = []
    /// Named SLA targets (`sla first_answer 2 working days`), in source order.
    public var targets: [TargetSetting] = []
}

/// A named SLA target an outcome sets, and its duration.
public struct TargetSetting: Sendable, Hashable {
    public var id: String
    public var duration: DurationLiteral
}

/// `copy …`, `priority …`, `sla …` or `because …` that applies only when its condition holds.
/// Parts of one kind are tried in order: every copy that holds is added; of the others the first
/// that holds wins over the outcome's unconditional part of that kind.
public struct ConditionalOutcomePart: Sendable {
    public enum Kind: Sendable {
        case copy([String])
        case priority(Priority)
        case sla(DurationLiteral)
        case because(String)
        /// `sla first_answer 1 working day when …`.
        case target(String, DurationLiteral)
    }
    public var kind: Kind
    public var condition: TypedExpr
    var conditionSyntax: Expr
    public var origin: Origin

    /// The part without its condition, as written: `priority high`.
    public var text: String {
        switch kind {
        case .copy(let agencies): "copy " + agencies.joined(separator: ", ")
        case .priority(let p): "priority \(p.name)"
        case .sla(let d): "sla \(Formatter.durationText(d))"
        case .because(let b): "because «\(b)»"
        case .target(let id, let d): "sla \(id) \(Formatter.durationText(d))"
        }
    }
    public var conditionText: String { Formatter.expressionText(conditionSyntax) }
}

public struct Ladder: Sendable {
    public var id: String
    public var label: String?
    public var calendar: String
    public var pauseWhile: [String]
    public var stopWhen: [String]
    public var levels: [Level]
    public var origin: Origin
    /// What re-opening the case and changing its category do to every target's clock, unless a
    /// target says otherwise; nil keeps the clock as if neither had happened.
    public var reopen: ReopenPolicy? = nil
    public var reclassify: ReclassifyPolicy? = nil
    /// The clauses named targets give their own clocks (`sla first_answer stop when answered`).
    public var targetClocks: [String: ClockPolicy] = [:]

    /// The clock of a target (nil for the primary one): its own clauses over the ladder's.
    public func clock(for target: String?) -> ClockPolicy {
        var policy = ClockPolicy(
            pauseWhile: pauseWhile, stopWhen: stopWhen, reopen: reopen, reclassify: reclassify)
        guard let target, let own = targetClocks[target] else { return policy }
        if let pause = own.pauseWhileOverride { policy.pauseWhile = pause }
        if let stop = own.stopWhenOverride { policy.stopWhen = stop }
        if let reopen = own.reopen { policy.reopen = reopen }
        if let reclassify = own.reclassify { policy.reclassify = reclassify }
        return policy
    }

    /// Whether anything here goes beyond one clock with pauses and stops: named targets' clauses,
    /// re-opening, re-classification, shares of a target or levels on a named target.
    public var hasTargetClocks: Bool {
        reopen != nil || reclassify != nil || !targetClocks.isEmpty
            || levels.contains { $0.target != nil || $0.percent != nil }
    }
}

/// How one target's clock runs: the statuses that pause and stop it, and what re-opening and
/// re-classifying do to it.
public struct ClockPolicy: Sendable, Hashable {
    public var pauseWhile: [String]
    public var stopWhen: [String]
    public var reopen: ReopenPolicy?
    public var reclassify: ReclassifyPolicy?
    /// For a target's own clauses: nil where the target follows the ladder.
    var pauseWhileOverride: [String]? = nil
    var stopWhenOverride: [String]? = nil
}

public struct Level: Sendable {
    public enum Anchor: Sendable, Hashable {
        case sla
        case field(slot: Int, path: String)
    }
    public var id: String
    public var label: String?
    public var after: DurationLiteral?
    public var anchor: Anchor
    public var condition: TypedExpr?
    public var conditionText: String?
    public var actions: [LevelAction]
    public var origin: Origin
    /// The named target an `sla` anchor is of; nil for the primary one.
    public var target: String? = nil
    /// `at 75% of sla`: the share of the target's time (1–100).
    public var percent: Int? = nil
}

public struct LevelAction: Sendable, Hashable {
    public var kind: Action.Kind
    /// An agency id, `assignee`, or a priority name for `raise priority`.
    public var target: String
    /// Where the target is written, for findings about it; not part of what the action is, so
    /// two rulebooks with the same action written in different places compare equal.
    public var range: SourceRange? = nil

    public static func == (a: LevelAction, b: LevelAction) -> Bool {
        a.kind == b.kind && a.target == b.target
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(target)
    }
}
