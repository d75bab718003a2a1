import Masir

extension VerifyRenderer {
    /// What the proofs leave out of a rulebook with named SLA targets: properties read
    /// `decision.sla`, the primary target, so the named ones are said not to be modelled rather than
    /// taken as proved.
    package static func unmodelledTargets(_ book: Rulebook) -> String? {
        var names: [String] = []
        for group in book.groups {
            let outcomes = group.rules.map(\.outcome) + (group.fallback.map { [$0] } ?? [])
            for outcome in outcomes {
                var ids = outcome.targets.map(\.id)
                for part in outcome.conditional {
                    if case .target(let id, _) = part.kind { ids.append(id) }
                }
                for id in ids where !names.contains(id) { names.append(id) }
            }
        }
        guard !names.isEmpty else { return nil }
        return
            "  not modelled: the SLA targets \(names.map { "`\($0)`" }.joined(separator: ", ")) and their clocks; properties speak of `decision.sla`, the primary target"
    }
}
