import Masir

/// A value of an expression under every case at once: `defined` is the Bool that says it is
/// decided (a field it reads is present), `value` what it is when decided.
struct Symbolic {
    enum Value {
        /// A Bool or Int term (yes/no, numbers, dates, times, durations in seconds, ids).
        case term(String)
        /// A set: membership of each element, by the element's number.
        case members([Int64: String])
        /// A text field, by path: only `mentions` looks inside it.
        case text(String)
        /// A text constant, or a value the model does not follow.
        case other(String)
    }
    var defined: String
    var value: Value

    var term: String? {
        if case .term(let term) = value { return term }
        return nil
    }
}

/// What a rulebook decides for every case, as solver terms over a shared `CaseSpace`: the
/// primary referral, the agencies referred to and copied, the priority and the SLA. Follows
/// `Evaluator.decide` step by step; the tests hold the two to the same answers.
struct SymbolicRulebook {
    let book: Rulebook
    /// Names this rulebook's definitions apart from another's in the same script.
    let side: String

    /// The agency number of the primary referral, or -1.
    private(set) var primary = SMT.none
    /// Per agency number: referred to (primary or also), and copied without being referred to.
    private(set) var referred: [Int64: String] = [:]
    private(set) var copied: [Int64: String] = [:]
    /// Priority rank, 1 (urgent) to 4 (low).
    private(set) var priority = "3"
    /// The SLA's number in `slaKinds`, or -1 when no outcome sets one.
    private(set) var sla = SMT.none
    /// Per kind of time (`SLAKind.family`), the shortest SLA of that kind set, or -1.
    private(set) var shortest: [String] = []
    /// Per routing group and rule, whether the rule decides (for properties about rules).
    private(set) var decides: [String: String] = [:]
    /// Per routing group and rule, whether the rule matches (in force, condition true, the agency
    /// to refer to given), whether or not the group applies it.
    private(set) var matches: [String: String] = [:]

    init(_ book: Rulebook, side: String, space: inout CaseSpace, slaKinds: inout [SLAKind]) {
        self.book = book
        self.side = side
        var encoder = ExpressionEncoder(book: book, side: side)
        encoder.prepareInference(&space)
        var contributions: [(selected: String, outcome: ResolvedOutcome)] = []
        for (g, group) in book.groups.enumerated() {
            var matched: [String] = []
            for (r, rule) in group.rules.enumerated() {
                var parts: [String] = []
                if let from = rule.validFrom {
                    parts.append("(<= \(SMT.int(from)) \(space.today))")
                }
                if let until = rule.validUntil {
                    parts.append("(< \(space.today) \(SMT.int(until)))")
                }
                let condition = encoder.encode(rule.condition, &space)
                parts.append(condition.defined)
                parts.append(condition.term ?? "false")
                if case .field(_, let path)? = rule.outcome.referTo {
                    parts.append(encoder.field(path, &space).defined)
                }
                matched.append(space.script.define("\(side)m\(g).\(r)", "Bool", SMT.and(parts)))
                matches["\(group.id).\(rule.id)"] = matched.last
            }
            let anyMatched = space.script.define("\(side)any\(g)", "Bool", SMT.or(matched))
            var selected: [String] = []
            switch group.policy {
            case .firstMatch:
                var earlier = "false"
                for m in matched {
                    selected.append(
                        space.script.define("\(side)s\(g)", "Bool", SMT.and([m, SMT.not(earlier)])))
                    earlier = space.script.define("\(side)e\(g)", "Bool", SMT.or([earlier, m]))
                }
            case .highestPriority:
                // Most urgent wins, ties to the earlier rule; a conditional priority ranks as it
                // applies to the case, so ranks may be terms.
                let ranks = group.rules.map {
                    Self.rank(Self.applied($0.outcome, side: side, encoder: encoder, &space))
                }
                for (i, m) in matched.enumerated() {
                    var beaten: [String] = []
                    for (j, other) in matched.enumerated() where j != i {
                        let ahead = Self.ahead(ranks[j], of: ranks[i], strictly: j > i)
                        beaten.append(SMT.and([other, ahead]))
                    }
                    selected.append(
                        space.script.define(
                            "\(side)s\(g)", "Bool", SMT.and([m, SMT.not(SMT.or(beaten))])))
                }
            case .allMatches:
                selected = matched
            }
            for (rule, s) in zip(group.rules, selected) {
                contributions.append((s, rule.outcome))
                decides["\(group.id).\(rule.id)"] = s
            }
            if let fallback = group.fallback {
                contributions.append((SMT.not(anyMatched), fallback))
                decides["\(group.id).otherwise"] = SMT.not(anyMatched)
            }
        }
        assemble(contributions, encoder: &encoder, space: &space, slaKinds: &slaKinds)
    }

    private mutating func assemble(
        _ contributions: [(selected: String, outcome: ResolvedOutcome)],
        encoder: inout ExpressionEncoder, space: inout CaseSpace, slaKinds: inout [SLAKind]
    ) {
        var targets: [(referred: String, agency: String)] = []
        for (selected, outcome) in contributions {
            switch outcome.referTo {
            case .agency(let id)?:
                targets.append((selected, String(space.symbol("agency", id))))
            case .field(_, let path)?:
                let field = encoder.field(path, &space)
                targets.append((SMT.and([selected, field.defined]), field.term ?? SMT.none))
            case nil: break
            }
        }
        let parts = contributions.map {
            (
                selected: $0.selected,
                parts: Self.applied($0.outcome, side: side, encoder: encoder, &space)
            )
        }
        var chain = SMT.none
        for target in targets.reversed() { chain = SMT.ite(target.referred, target.agency, chain) }
        primary = space.script.define("\(side)primary", "Int", chain)
        let agencies = (space.symbols["agency"] ?? []).map { space.symbol("agency", $0) }
        for number in agencies {
            let to = SMT.or(
                targets.map { SMT.and([$0.referred, SMT.equal($0.agency, String(number))]) })
            let id = space.id("agency", number) ?? ""
            let copies = SMT.or(
                parts.flatMap { contribution in
                    contribution.parts.copies.filter { $0.agency == id }.map {
                        SMT.and([contribution.selected, $0.when])
                    }
                })
            referred[number] = space.script.define("\(side)ref", "Bool", to)
            copied[number] = space.script.define(
                "\(side)copy", "Bool", SMT.and([copies, SMT.not(referred[number]!)]))
        }
        var rank = "3"
        for level in Priority.allCases.reversed() {
            let sets = parts.flatMap { contribution in
                contribution.parts.priority.filter { $0.level == level }.map {
                    SMT.and([contribution.selected, $0.when])
                }
            }
            rank = SMT.ite(SMT.or(sets), String(level.rawValue), rank)
        }
        priority = space.script.define("\(side)priority", "Int", rank)
        // The evaluator keeps the deadline that falls first. Within one kind of time (calendar
        // time, working hours, working days) the shorter falls first; across kinds it depends on
        // the calendar and the hour, so the model keeps the shortest of each kind, and the
        // decision's SLA is one of those.
        var byKind: [[Int: [String]]] = [[:], [:], [:]]
        for contribution in parts {
            for (sla, when) in contribution.parts.sla {
                let kind = SLAKind(sla)
                if !slaKinds.contains(kind) { slaKinds.append(kind) }
                byKind[kind.family][slaKinds.firstIndex(of: kind)!, default: []].append(
                    SMT.and([contribution.selected, when]))
            }
        }
        let start = ["referred", "opened"].compactMap { path -> String? in
            guard space.fields[path]?.field.type == .datetime else { return nil }
            return space.fields[path]?.present
        }
        shortest = byKind.enumerated().map { family, kinds in
            var chain = SMT.none
            for index in kinds.keys.sorted(by: { slaKinds[$0] > slaKinds[$1] }) {
                chain = SMT.ite(SMT.or(kinds[index]!), String(index), chain)
            }
            return space.script.define(
                "\(side)sla\(family)", "Int", SMT.ite(SMT.or(start), chain, SMT.none))
        }
        sla = "|\(side)sla|"
        space.script.declare(sla, "Int")
        var choices = [
            SMT.and([SMT.equal(sla, SMT.none)] + shortest.map { SMT.equal($0, SMT.none) })
        ]
        for term in shortest {
            choices.append(SMT.and([SMT.not(SMT.equal(term, SMT.none)), SMT.equal(sla, term)]))
        }
        space.script.assert(SMT.or(choices))
    }
}

/// An outcome's parts as they apply to a case: each with the term that says it applies. Follows
/// `ResolvedOutcome.applying`: every `copy … when` that holds adds its agencies; of the priorities
/// and deadlines, the first conditional one that holds wins, else the unconditional one. A
/// condition that cannot be decided (an absent field) does not hold.
struct AppliedParts {
    var copies: [(agency: String, when: String)] = []
    /// Mutually exclusive: at most one applies.
    var priority: [(level: Priority, when: String)] = []
    var sla: [(duration: DurationLiteral, when: String)] = []
}

extension SymbolicRulebook {
    static func applied(
        _ outcome: ResolvedOutcome, side: String, encoder: ExpressionEncoder,
        _ space: inout CaseSpace
    ) -> AppliedParts {
        var parts = AppliedParts()
        parts.copies = outcome.copies.map { ($0, "true") }
        var priorityTaken = "false"
        var slaTaken = "false"
        for part in outcome.conditional {
            let condition = encoder.encode(part.condition, &space)
            let holds = space.script.define(
                "\(side)h", "Bool", SMT.and([condition.defined, condition.term ?? "false"]))
            switch part.kind {
            case .copy(let agencies):
                parts.copies += agencies.map { ($0, holds) }
            case .priority(let level):
                parts.priority.append((level, SMT.and([holds, SMT.not(priorityTaken)])))
                priorityTaken = SMT.or([priorityTaken, holds])
            case .sla(let duration):
                parts.sla.append((duration, SMT.and([holds, SMT.not(slaTaken)])))
                slaTaken = SMT.or([slaTaken, holds])
            case .because, .target:
                // A named target is not `decision.sla`, the primary target properties read.
                break
            }
        }
        if let level = outcome.priority { parts.priority.append((level, SMT.not(priorityTaken))) }
        if let sla = outcome.sla { parts.sla.append((sla, SMT.not(slaTaken))) }
        return parts
    }

    /// The rank a `highest priority` group sorts by: the priority that applies, 99 without one.
    static func rank(_ parts: AppliedParts) -> String {
        var rank = "99"
        for (level, when) in parts.priority.reversed() {
            rank = SMT.ite(when, String(level.rawValue), rank)
        }
        return rank
    }

    /// Whether rank `a` goes before rank `b` (`strictly`: a tie does not).
    static func ahead(_ a: String, of b: String, strictly: Bool) -> String {
        if let x = Int(a), let y = Int(b) {
            return (strictly ? x < y : x <= y) ? "true" : "false"
        }
        return "(\(strictly ? "<" : "<=") \(a) \(b))"
    }
}

/// A deadline as the model compares them: its family of time and its nominal length.
struct SLAKind: Hashable, Comparable {
    /// 0 calendar time, 1 working hours and minutes, 2 working days: within a family a shorter
    /// deadline always falls first, across families it depends on the calendar and the hour.
    var family: Int
    var seconds: Int64
    var text: String

    init(_ literal: DurationLiteral) {
        family = literal.working ? (literal.unit == .days ? 2 : 1) : 0
        seconds = literal.unit.seconds(literal.amount)
        text = Formatter.durationText(literal)
    }

    static func == (a: SLAKind, b: SLAKind) -> Bool {
        a.family == b.family && a.seconds == b.seconds
    }
    func hash(into hasher: inout Hasher) {
        hasher.combine(family)
        hasher.combine(seconds)
    }
    static func < (a: SLAKind, b: SLAKind) -> Bool { (a.seconds, a.family) < (b.seconds, b.family) }
}
