extension ResolvedOutcome {
    /// How one conditional part fared for a case.
    enum PartResult {
        case applied
        case notApplied
        /// A field the condition needs is absent.
        case undetermined(String)
        /// An earlier part of the same kind applied, so this one was not tried.
        case passedOver
    }

    /// The outcome as it applies to one case: every conditional part decided in order, the copies
    /// that hold added, and the first priority, deadline and reason that hold put in place of the
    /// unconditional ones. `record` hears each part's result.
    func applying(
        _ expressions: ExpressionEvaluator, record: (Int, PartResult) -> Void = { _, _ in }
    ) -> ResolvedOutcome {
        var result = self
        result.conditional = []
        var chosePriority = false, choseSLA = false, choseReason = false
        var choseTargets: Set<String> = []
        for (index, part) in conditional.enumerated() {
            let taken: Bool
            switch part.kind {
            case .copy: taken = false
            case .priority: taken = chosePriority
            case .sla: taken = choseSLA
            case .because: taken = choseReason
            case .target(let id, _): taken = choseTargets.contains(id)
            }
            if taken {
                record(index, .passedOver)
                continue
            }
            switch expressions.evaluate(part.condition) {
            case .value(.bool(true)): break
            case .absent(let path):
                record(index, .undetermined(path))
                continue
            default:
                record(index, .notApplied)
                continue
            }
            record(index, .applied)
            switch part.kind {
            case .copy(let agencies): result.copies += agencies
            case .priority(let p): result.priority = p; chosePriority = true
            case .sla(let d): result.sla = d; choseSLA = true
            case .because(let text): result.because = text; choseReason = true
            case .target(let id, let d):
                // In place of the unconditional setting, or first among the targets if none.
                if let at = result.targets.firstIndex(where: { $0.id == id }) {
                    result.targets[at].duration = d
                } else {
                    result.targets.append(TargetSetting(id: id, duration: d))
                }
                choseTargets.insert(id)
            }
        }
        return result
    }
}

extension Evaluator {
    /// Decides the conditional parts of every contribution: the outcomes as they apply to the
    /// case, and an error for each part whose condition needs an absent field.
    func applyParts(
        _ contributions: [Contribution], _ subject: Case
    ) -> ([Contribution], [Decision.RuleError]) {
        guard contributions.contains(where: { !$0.outcome.conditional.isEmpty }) else {
            return (contributions, [])
        }
        let expressions = ExpressionEvaluator(book: rulebook, subject: subject)
        var errors: [Decision.RuleError] = []
        let applied = contributions.map { contribution in
            guard !contribution.outcome.conditional.isEmpty else { return contribution }
            var result = contribution
            let parts = contribution.outcome.conditional
            result.outcome = contribution.outcome.applying(expressions) { index, outcome in
                guard case .undetermined(let path) = outcome else { return }
                errors.append(
                    .init(
                        group: contribution.group, rule: contribution.rule,
                        message:
                            "`\(path)` is absent, so `\(parts[index].text) when \(parts[index].conditionText)` could not be decided",
                        field: path))
            }
            return result
        }
        return (applied, errors)
    }

    /// What the trace says of a matched outcome's conditional parts.
    func partEntries(
        _ outcome: ResolvedOutcome, expressions: ExpressionEvaluator
    ) -> [Decision.PartEntry]? {
        guard !outcome.conditional.isEmpty else { return nil }
        var entries: [Decision.PartEntry] = []
        _ = outcome.applying(expressions) { index, result in
            let part = outcome.conditional[index]
            var entry = Decision.PartEntry(
                part: part.text, condition: part.conditionText, result: "applied", failed: nil,
                saw: nil)
            switch result {
            case .applied: break
            case .passedOver: entry.result = "passed over"
            case .notApplied, .undetermined:
                if case .undetermined = result {
                    entry.result = "undetermined"
                } else {
                    entry.result = "not applied"
                }
                let (failed, saw) = expressions.explainFailure(part.condition)
                entry.failed = failed.text
                entry.saw = saw
            }
            entries.append(entry)
        }
        return entries
    }
}
