import Masir

/// What the comparison looks at in a decision: the primary referral, the other agencies referred
/// to, the agencies copied, the priority and the SLA.
package struct Observed: Sendable, Hashable, CustomStringConvertible {
    package var primary: String?
    package var also: [String]
    package var copies: [String]
    package var priority: String
    /// The SLA's duration as written (`5 working days`), nil when no outcome sets one.
    package var sla: String?
    /// For a prediction: the deadlines the decision's SLA may be (the shortest of each family).
    var slaChoices: [String]?

    /// What the evaluator decided; `kinds` resolves the deciding rule's SLA to its kind.
    init(_ decision: Decision, book: Rulebook) {
        primary = decision.referrals.first { $0.role == "primary" }?.agency
        also = decision.referrals.filter { $0.role == "also" }.map(\.agency).sorted()
        copies = decision.referrals.filter { $0.role == "copy" }.map(\.agency).sorted()
        priority = decision.priority.level
        // As the deciding outcome applied to the case: a conditional `sla … when` may have won.
        sla = decision.sla.flatMap { SLAKind.parse($0.duration) != nil ? $0.duration : nil }
    }

    /// What the model predicts, read from the solver's values.
    init(
        _ model: SymbolicRulebook, values: [String: SExpr], space: CaseSpace, slaKinds: [SLAKind]
    ) {
        func number(_ name: String) -> Int64 { SMT.constant(name) ?? values[name]?.integer ?? -1 }
        func flag(_ name: String) -> Bool { name == "true" || values[name]?.boolean == true }
        let primaryNumber = number(model.primary)
        primary = space.id("agency", primaryNumber)
        also = model.referred.filter { $0.key != primaryNumber && flag($0.value) }
            .compactMap { space.id("agency", $0.key) }.sorted()
        copies = model.copied.filter { flag($0.value) }.compactMap { space.id("agency", $0.key) }
            .sorted()
        priority = Priority(rawValue: Int(number(model.priority)))?.name ?? "normal"
        func kind(_ name: String) -> SLAKind? {
            let index = number(name)
            return index >= 0 && index < slaKinds.count ? slaKinds[Int(index)] : nil
        }
        sla = kind(model.sla)?.text
        slaChoices = model.shortest.compactMap(kind).map(\.text)
    }

    /// Same decision: deadlines of one family and length are one deadline (`48 hours` is
    /// `2 days`).
    func agrees(with other: Observed) -> Bool {
        var a = self
        var b = other
        a.sla = a.sla.flatMap(Self.key)
        b.sla = b.sla.flatMap(Self.key)
        a.slaChoices = nil
        b.slaChoices = nil
        return a == b
    }

    /// Whether the evaluator's `decided` is one this prediction allows.
    func admits(_ decided: Observed) -> Bool {
        var a = self
        a.sla = decided.sla
        if let choices = slaChoices, let sla = decided.sla.flatMap(Self.key) {
            guard choices.compactMap(Self.key).contains(sla) else { return false }
        } else if slaChoices?.isEmpty == false || decided.sla != nil {
            return false
        }
        return a.agrees(with: decided)
    }

    static func key(_ text: String) -> String? {
        SLAKind.parse(text).map { "\($0.family) \($0.seconds)" }
    }

    package var description: String {
        var parts = ["refer to " + (primary ?? "nobody")]
        if !also.isEmpty { parts.append("also " + also.joined(separator: ", ")) }
        if !copies.isEmpty { parts.append("copy " + copies.joined(separator: ", ")) }
        parts.append("priority " + priority)
        parts.append("sla " + (sla ?? "none"))
        return parts.joined(separator: "; ")
    }
}

extension SLAKind {
    /// Reads back `SLAKind.text` (`5 working days`, `48 hours`).
    static func parse(_ text: String) -> (family: Int, seconds: Int64)? {
        let words = text.split(separator: " ")
        guard let amount = words.first.flatMap({ Int64($0) }), let last = words.last else {
            return nil
        }
        let unit: DurationLiteral.Unit? =
            last.hasPrefix("day")
            ? .days
            : last.hasPrefix("hour")
                ? .hours
                : last.hasPrefix("minute") ? .minutes : nil
        guard let unit else { return nil }
        let family = words.contains("working") ? (unit == .days ? 2 : 1) : 0
        return (family, unit.seconds(amount))
    }
}
