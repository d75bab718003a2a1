extension Checker {
    /// A conditional part (`priority high when …`) whose condition never holds, or always holds,
    /// for the cases its rule matches: the first is dead policy, the second a `when` that only
    /// misleads the reader.
    static let checkConditionalParts: Check = { book, deadline, diagnostics in
        let conditions = Conditions(book: book, budget: AnalysisBudget(deadline: deadline))
        for group in book.groups {
            var outcomes = group.rules.map {
                (name: "rule `\(group.id).\($0.id)`", rule: $0 as Rule?, outcome: $0.outcome)
            }
            if let fallback = group.fallback {
                outcomes.append(
                    (name: "the `otherwise` of `\(group.id)`", rule: nil, outcome: fallback))
            }
            for (name, rule, outcome) in outcomes where !outcome.conditional.isEmpty {
                // An `otherwise` applies to cases no rule took: any case, as far as this goes.
                guard let applies = rule.map({ Checker.applies($0, conditions) }) ?? [[:]] else {
                    continue
                }
                for part in outcome.conditional {
                    guard let holds = conditions.boxes(part.condition) else { continue }
                    let written = "`\(part.text) when \(part.conditionText)`"
                    if conditions.product(applies, holds)?.isEmpty == true {
                        diagnostics.append(
                            .at(
                                part.origin, .partNeverHolds,
                                "\(written) never applies: its condition is never true when \(name) matches",
                                help: "correct the condition, or remove the part"))
                        continue
                    }
                    var steps = 20_000
                    let always = applies.allSatisfy {
                        if case .some(nil) = conditions.uncovered($0, by: holds, budget: &steps) {
                            return true
                        }
                        return false
                    }
                    if always, !applies.isEmpty {
                        diagnostics.append(
                            .at(
                                part.origin, .partAlwaysHolds,
                                "\(written) always applies: its condition holds for every case \(name) matches",
                                help:
                                    "drop `when \(part.conditionText)` and write the part unconditionally"
                            ))
                    }
                }
            }
        }
    }
}
