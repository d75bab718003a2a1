/// Finds the mistakes policy staff make that still load: rules that can never fire, gaps and
/// overlaps, optional fields used without a guard, ladders that cannot work, unused
/// declarations. Each check is a function in `Checks/`, listed in `checks`; each reports
/// diagnostics with a stable code, a range and a suggested fix, and none throws.
public enum Checker {
    typealias Check = @Sendable (Rulebook, inout [Diagnostic]) -> Void

    static let checks: [Check] = [
        checkUnguardedOptionals,
        checkRuleReachability,
        checkGapsAndOverlaps,
        checkLadders,
        checkSupervisorCycles,
        checkUnused,
        checkCalendars,
    ]

    /// Every finding for one resolved rulebook, sorted by position.
    public static func check(_ book: Rulebook) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for check in checks { check(book, &diagnostics) }
        return diagnostics.sortedByPosition()
    }

    /// Findings that need several rulebooks at once: a national rule every province replaces or
    /// disables is dead in practice.
    public static func checkTree(_ books: [Rulebook]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let children = books.filter { $0.lineage.count > 1 }
        for parent in books where !children.isEmpty {
            let descendants = children.filter { $0.lineage.dropFirst().contains(parent.id) }
            guard descendants.count >= 2 else { continue }
            for group in parent.groups {
                for rule in group.rules where rule.rulebook == parent.id {
                    let alive = descendants.contains { child in
                        child.groups.first { $0.id == group.id }?.rules.contains { $0.id == rule.id && $0.rulebook == parent.id } ?? false
                    }
                    if !alive {
                        diagnostics.append(Diagnostic(
                            .deadInheritedRule, "rule `\(group.id).\(rule.id)` is replaced or disabled in every rulebook that extends `\(parent.id)`",
                            file: rule.origin.file, at: rule.origin.range,
                            help: "no case is ever decided by it; remove it, or keep it in the provinces that still need it"))
                    }
                }
            }
        }
        return diagnostics
    }
}

extension Diagnostic {
    /// A finding at a rule, with the rule named so the message stands alone in lists.
    static func at(_ origin: Origin, _ code: DiagnosticCode, _ message: String, help: String? = nil, notes: [Note] = []) -> Diagnostic {
        Diagnostic(code, message, file: origin.file, at: origin.range, help: help, notes: notes)
    }
}
