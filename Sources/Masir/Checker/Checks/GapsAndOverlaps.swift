extension Checker {
    /// A group without a fallback should match every valid case (report one that falls through);
    /// in a highest-priority group, two rules of equal priority that can both match leave the
    /// choice to their order (report a case that triggers both).
    static let checkGapsAndOverlaps: Check = { book, diagnostics in
        let conditions = Conditions(book: book)
        for group in book.groups {
            var all: [(rule: Rule, boxes: [Conditions.Box])] = []
            var decidable = true
            for rule in group.rules {
                guard let boxes = applies(rule, conditions) else { decidable = false; continue }
                all.append((rule, boxes))
            }
            if group.fallback == nil, decidable {
                // Rules with dates of validity do not always apply, so they cannot close a gap.
                let cover = all.filter { $0.rule.validFrom == nil && $0.rule.validUntil == nil }.flatMap(\.boxes)
                var budget = 50_000
                if case .some(.some(let hole)) = conditions.uncovered([:], by: cover, budget: &budget) {
                    let example = counterExample(hole, book: book)
                    diagnostics.append(Diagnostic(.groupGap,
                        "some cases match no rule of `\(group.id)`, which has no `otherwise`; for example \(example.map { "\($0.0): \($0.1)" }.joined(separator: ", "))",
                        file: group.origin.file, at: group.origin.range,
                        help: "add `otherwise refer to …` to the group, or a rule for such cases"))
                }
            }
            guard group.policy == .highestPriority else { continue }
            var reported = 0
            for i in all.indices {
                for j in all.indices where j > i && reported < 10 {
                    let a = all[i], b = all[j]
                    // Equal priorities matter only when the outcomes differ in something else.
                    guard a.rule.outcome.priority == b.rule.outcome.priority, !sameApartFromPriority(a.rule.outcome, b.rule.outcome) else { continue }
                    guard let both = a.boxes.lazy.flatMap({ x in b.boxes.lazy.compactMap { conditions.intersect(x, $0) } }).first else { continue }
                    let example = counterExample(both, book: book)
                    reported += 1
                    diagnostics.append(.at(b.rule.origin, .ruleOverlap,
                        "rules `\(a.rule.id)` and `\(b.rule.id)` of `\(group.id)` have the same priority and can both match, e.g. \(example.map { "\($0.0): \($0.1)" }.joined(separator: ", "))",
                        help: "give one of them a different priority, or make their conditions exclusive; otherwise the earlier rule wins silently",
                        notes: [.init("`\(a.rule.id)` is here", file: a.rule.origin.file, range: a.rule.origin.range)]))
                }
            }
        }
    }

    static func sameApartFromPriority(_ a: ResolvedOutcome, _ b: ResolvedOutcome) -> Bool {
        a.referTo == b.referTo && a.copies == b.copies && a.sla == b.sla && a.because == b.because && a.ladder == b.ladder
    }

    /// One concrete value per constrained field of a box, as a case would give it.
    static func counterExample(_ box: Conditions.Box, book: Rulebook) -> [(String, String)] {
        box.keys.sorted().map { slot in
            let field = book.fields[slot]
            switch box[slot]! {
            case .symbols(let values, let absent):
                if let value = values.sorted().first { return (field.path, value) }
                return (field.path, absent ? "absent" : "?")
            case .intervals(let ranges, let absent):
                guard let range = ranges.first else { return (field.path, absent ? "absent" : "?") }
                let value = range.lowerBound == .min ? (range.upperBound == .max ? 0 : range.upperBound) : range.lowerBound
                switch field.type {
                case .money: return (field.path, Formatter.grouped(value) + " rials")
                case .date: return (field.path, CivilDate(dayNumber: Int(value)).jalali.description)
                case .datetime: return (field.path, Instant(secondsSinceEpoch: value).jalaliText())
                default: return (field.path, String(value))
                }
            }
        }
    }

    /// A counter-example as a case document, for tests that re-evaluate it.
    static func counterExampleYAML(_ box: Conditions.Box, book: Rulebook) -> String {
        counterExample(box, book: book).filter { $0.1 != "absent" }.map { "\($0.0): \"\($0.1)\"" }.joined(separator: "\n")
    }
}
