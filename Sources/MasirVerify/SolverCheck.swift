import Masir
import MasirLanguage

/// `masir check --verify`: each routing group the built-in analyses leave with a
/// `check.not-analysed` note is analysed again by the solver (`GroupAnalysis`); its findings join
/// the built-in ones, and the note goes once the solver has answered every question about the
/// group, or stays saying what is still open. Used through `CheckReport.check(refine:)`, one
/// rulebook at a time; a rulebook's groups are analysed in parallel.
package final class SolverCheck {
    package let solver: Solver
    /// Milliseconds the solver may spend on one question.
    package var timeout = 20_000
    /// Cases the model and the evaluator route differently: faults in the model, never hidden.
    package private(set) var disagreements: [String] = []
    /// Groups analysed, and those the solver fully decided.
    package private(set) var analysed = 0
    package private(set) var decided = 0
    /// A group inherited unchanged by many rulebooks is analysed once, keyed by all the analysis
    /// reads: the group and the declarations its conditions and the case schema name.
    private var answers: [String: GroupAnalysis.Result] = [:]

    package init(solver: Solver) { self.solver = solver }

    package func refine(_ book: Rulebook, _ findings: [Diagnostic]) -> [Diagnostic] {
        let notes = findings.filter { $0.code == .notAnalysed }
        guard !notes.isEmpty else { return findings }
        var refined = findings
        func notesAt(_ group: RuleGroup) -> [Diagnostic] {
            notes.filter { $0.file == group.origin.file && $0.range == group.origin.range }
        }
        // The groups not analysed yet, each once, asked of the solver side by side: each is a
        // solver process of its own.
        let declarations = Self.declarations(book)
        var keys: [String: String] = [:]
        var pending: [(key: String, group: RuleGroup)] = []
        for group in book.groups where !notesAt(group).isEmpty {
            let key = Self.signature(group, declarations)
            keys[group.id] = key
            if answers[key] == nil, !pending.contains(where: { $0.key == key }) {
                pending.append((key, group))
            }
        }
        let (solver, timeout) = (solver, timeout)
        let results = Parallel.map(pending.count) { index -> GroupAnalysis.Result in
            var analysis = GroupAnalysis(book: book, solver: solver)
            analysis.timeout = timeout
            do {
                return try analysis.run(group: pending[index].group.id, known: findings)
            } catch {
                var failed = GroupAnalysis.Result()
                failed.undecided = ["the solver could not be used: \(error)"]
                return failed
            }
        }
        for (item, result) in zip(pending, results) {
            answers[item.key] = result
            analysed += 1
            if result.decided { decided += 1 }
            disagreements += result.disagreements
        }
        for group in book.groups {
            let here = notesAt(group)
            guard !here.isEmpty, let key = keys[group.id], let result = answers[key] else {
                continue
            }
            refined += result.findings
            if result.decided {
                refined.removeAll { here.contains($0) }
            } else {
                let open =
                    result.undecided.isEmpty
                    ? ["the model and the evaluator disagree"] : result.undecided
                refined = refined.map { finding in
                    guard here.contains(finding) else { return finding }
                    var kept = finding
                    kept.notes.append(
                        .init(
                            "with --verify, the solver left open "
                                + open.prefix(4).joined(separator: "; ")
                                + (open.count > 4 ? "; and \(open.count - 4) more" : "")))
                    return kept
                }
            }
        }
        return refined
    }

    /// What the analysis of `group` reads: the group, and the rulebook's `declarations`.
    static func signature(_ group: RuleGroup, _ declarations: String) -> String {
        var parts = ["\(group.id) \(group.policy) \(group.fallback != nil)"]
        for rule in group.rules {
            parts.append(
                "\(rule.rulebook) \(rule.id) \(rule.validFrom ?? 0) \(rule.validUntil ?? 0) \(rule.conditionText) \(rule.outcome)"
            )
        }
        parts.append(declarations)
        return parts.joined(separator: "\n")
    }

    /// The declarations a group's analysis may read: the case schema, the categories and the ids
    /// of agencies, counties and enumerations.
    static func declarations(_ book: Rulebook) -> String {
        var parts = book.fields.map {
            "\($0.path) \($0.type) \($0.mayBeAbsent) \($0.defaultValue.map { "\($0)" } ?? "") \($0.inferFrom ?? "")"
        }
        parts += book.categories.map {
            "\($0.id) \($0.parent ?? "") \($0.keywords.joined(separator: ","))"
        }
        parts.append(book.agencies.map(\.id).joined(separator: ","))
        parts.append(book.counties.map(\.id).joined(separator: ","))
        parts += book.enumerations.map { "\($0.id) \($0.values.joined(separator: ","))" }
        return parts.joined(separator: "\n")
    }
}
