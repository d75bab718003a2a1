import Foundation

/// A decision's trace ordered as an answer to "why did the case go there": the rules that
/// decided it, then why the rules a reader would expect did not (rules about the same category,
/// rules referring to the same agency, rules that could not be decided), then the rest, which a
/// reader rarely needs. Positions index `decision.trace`; the playground and the REPL's
/// `:explain` both show traces in this order.
package struct TraceAnswer: Sendable, Encodable, Equatable {
    /// The matched rules, the one behind the primary referral first.
    package var deciding: [Int] = []
    /// Unmatched rules about the decided category or agency, and undetermined ones.
    package var whyNot: [Int] = []
    /// Every other rule, in trace order.
    package var others: [Int] = []

    package init(_ decision: Decision, rulebook: Rulebook) {
        guard let trace = decision.trace else { return }
        let primary = decision.referrals.first { $0.role == "primary" }
        let agencies = Set(decision.referrals.map(\.agency))
        let categories = decision.category.map { TraceAnswer.related(to: $0.id, in: rulebook) }
        var outcomes: [String: ResolvedOutcome] = [:]
        var conditions: [String: String] = [:]
        for group in rulebook.groups {
            for rule in group.rules {
                outcomes["\(group.id).\(rule.id)"] = rule.outcome
                conditions["\(group.id).\(rule.id)"] = rule.conditionText
            }
            if let fallback = group.fallback { outcomes["\(group.id).otherwise"] = fallback }
        }
        for (index, entry) in trace.enumerated() {
            let name = "\(entry.group).\(entry.rule)"
            if entry.result == "matched" {
                if primary.map({ $0.group == entry.group && $0.rule == entry.rule }) == true {
                    deciding.insert(index, at: 0)
                } else {
                    deciding.append(index)
                }
                continue
            }
            var expected = entry.result == "undetermined"
            if case .agency(let id)? = outcomes[name]?.referTo, agencies.contains(id) {
                expected = true
            }
            if let categories, let condition = conditions[name],
                !categories.isDisjoint(with: TraceAnswer.words(condition))
            {
                expected = true
            }
            if expected { whyNot.append(index) } else { others.append(index) }
        }
    }

    /// The category, the categories it is under, and those under it: a rule naming any of them
    /// is about the decided category.
    static func related(to category: String, in rulebook: Rulebook) -> Set<String> {
        Set(
            rulebook.categories.map(\.id).filter {
                rulebook.category(category, isUnder: $0) || rulebook.category($0, isUnder: category)
            } + [category])
    }

    static func words(_ text: String) -> Set<String> {
        Set(
            text.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
    }
}
