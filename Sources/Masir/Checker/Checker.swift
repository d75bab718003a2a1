/// Finds the mistakes policy staff make that still load: rules that can never fire, gaps and
/// overlaps, optional fields used without a guard, ladders that cannot work, unused
/// declarations. Each check is a function in `Checks/`, listed in `checks`; each reports
/// diagnostics with a stable code, a range and a suggested fix, and none throws.
public enum Checker {
    /// A check reads the rulebook and the caller's deadline, and adds its findings.
    typealias Check = @Sendable (Rulebook, CheckDeadline, inout [Diagnostic]) -> Void

    static let checks: [Check] = [
        checkUnguardedOptionals,
        checkRuleReachability,
        checkConditionalParts,
        checkGapsAndOverlaps,
        checkLadders,
        checkSupervisorCycles,
        checkUnused,
        checkCalendars,
    ]

    /// Every finding for one resolved rulebook, sorted by position.
    ///
    /// The analyses that compare rules pairwise (shadowing, gaps, overlaps) each have a work
    /// budget, and stop early once `deadline` has passed; what they leave out is reported as
    /// `check.not-analysed` at its group, so the findings are never silently incomplete.
    public static func check(_ book: Rulebook, deadline: CheckDeadline = .none) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for check in checks { check(book, deadline, &diagnostics) }
        return diagnostics.sortedByPosition()
    }

    /// Findings that need several rulebooks at once: a national rule every province replaces or
    /// disables is dead in practice, and a `replace rule` that restates its parent's rule (the
    /// parent must be among `books`) changes nothing.
    public static func checkTree(_ books: [Rulebook]) -> [Diagnostic] {
        var diagnostics = redundantOverrides(books)
        let children = books.filter { $0.lineage.count > 1 }
        for parent in books where !children.isEmpty {
            let descendants = children.filter { $0.lineage.dropFirst().contains(parent.id) }
            guard descendants.count >= 2 else { continue }
            for group in parent.groups {
                for rule in group.rules where rule.rulebook == parent.id {
                    let alive = descendants.contains { child in
                        child.groups.first { $0.id == group.id }?.rules.contains {
                            $0.id == rule.id && $0.rulebook == parent.id
                        } ?? false
                    }
                    if !alive {
                        diagnostics.append(
                            Diagnostic(
                                .deadInheritedRule,
                                "rule `\(group.id).\(rule.id)` is replaced or disabled in every rulebook that extends `\(parent.id)`",
                                file: rule.origin.file, at: rule.origin.range,
                                help:
                                    "no case is ever decided by it; remove it, or keep it in the provinces that still need it"
                            ))
                    }
                }
            }
        }
        return diagnostics
    }
}

extension Checker {
    /// `replace rule` entries that restate the rule they replace: same condition (as written,
    /// after formatting), same dates of validity, same outcome, same place in the group.
    static func redundantOverrides(_ books: [Rulebook]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for child in books where child.lineage.count > 1 {
            guard let parent = books.first(where: { $0.id == child.lineage[1] }) else { continue }
            for group in child.groups {
                guard let inherited = parent.groups.first(where: { $0.id == group.id }) else {
                    continue
                }
                let inheritedIDs = Set(inherited.rules.map(\.id))
                // The order of the rules both share: a rule disabled and declared again moves to the front.
                let shared = group.rules.map(\.id).filter { inheritedIDs.contains($0) }
                let sharedInParent = inherited.rules.map(\.id).filter { shared.contains($0) }
                for rule in group.rules where rule.rulebook == child.id {
                    guard let original = inherited.rules.first(where: { $0.id == rule.id }),
                        shared.firstIndex(of: rule.id) == sharedInParent.firstIndex(of: rule.id),
                        rule.conditionText == original.conditionText,
                        rule.validFrom == original.validFrom,
                        rule.validUntil == original.validUntil,
                        rule.outcome.priority == original.outcome.priority,
                        sameApartFromPriority(rule.outcome, original.outcome)
                    else { continue }
                    diagnostics.append(
                        .at(
                            rule.origin, .redundantOverride,
                            "`replace rule \(rule.id)` restates the rule `\(group.id).\(rule.id)` of `\(parent.id)` unchanged",
                            help: "remove the `replace rule`; the inherited rule applies as it is",
                            notes: [
                                .init(
                                    "the inherited rule is here", file: original.origin.file,
                                    range: original.origin.range)
                            ]))
                }
            }
        }
        return diagnostics
    }
}

extension Diagnostic {
    /// A note that an analysis of `group` stopped early: `what` was not analysed, for `rules`.
    static func notAnalysed(
        _ group: RuleGroup, _ budget: AnalysisBudget, _ what: String, _ rules: [String] = []
    ) -> Diagnostic {
        let named =
            rules.isEmpty
            ? ""
            : ": " + rules.prefix(6).map { "`\($0)`" }.joined(separator: ", ")
                + (rules.count > 6 ? ", …" : "")
        return Diagnostic(
            .notAnalysed,
            "\(budget.reason), so \(what) in `\(group.id)` was not analysed\(named)",
            file: group.origin.file, at: group.origin.range,
            help:
                "split the group into smaller ones, or cover these rules with rulebook tests; the rest of the check is complete"
        )
    }

    /// A finding at a rule, with the rule named so the message stands alone in lists.
    static func at(
        _ origin: Origin, _ code: DiagnosticCode, _ message: String, help: String? = nil,
        notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(code, message, file: origin.file, at: origin.range, help: help, notes: notes)
    }
}
