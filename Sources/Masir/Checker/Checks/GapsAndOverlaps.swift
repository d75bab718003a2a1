extension Checker {
    /// A region of cases that no rule of a group without `otherwise` matches.
    struct Gap {
        var group: RuleGroup
        /// The uncovered region; `counterExample` picks one case from it.
        var region: Conditions.Box
    }

    /// Two rules of a highest-priority group, of equal priority, that can both match.
    struct Overlap {
        var group: RuleGroup
        var first: Rule
        var second: Rule
        /// Cases that both rules match.
        var region: Conditions.Box
    }

    /// The gaps of every group whose rules the analysis decides, one region per group.
    static func gaps(in book: Rulebook) -> [Gap] {
        gapAnalysis(book, budget: AnalysisBudget()).gaps
    }

    /// The gaps, and the groups `budget` ran out before deciding.
    static func gapAnalysis(
        _ book: Rulebook, budget: AnalysisBudget
    ) -> (gaps: [Gap], leftOut: [RuleGroup]) {
        let conditions = Conditions(book: book, budget: budget)
        var result: [Gap] = []
        var leftOut: [RuleGroup] = []
        // An `all matches` group adds to a decision (copies, alerts): matching nothing is normal there.
        for group in book.groups where group.fallback == nil && group.policy != .allMatches {
            guard let all = analysedRules(group, conditions) else { continue }
            // Rules with dates of validity do not always apply, so they cannot close a gap.
            let cover = all.filter { $0.rule.validFrom == nil && $0.rule.validUntil == nil }
                .flatMap(\.boxes)
            var steps = 50_000
            let found = conditions.uncovered([:], by: cover, budget: &steps)
            if case .some(.some(let hole)) = found {
                result.append(Gap(group: group, region: hole))
            } else if found == nil, budget.isExhausted {
                leftOut.append(group)
            }
        }
        return (result, leftOut)
    }

    /// Overlapping pairs of equal priority in highest-priority groups (at most ten per group).
    static func overlaps(in book: Rulebook) -> [Overlap] {
        overlapAnalysis(book, budget: AnalysisBudget()).overlaps
    }

    /// The overlaps, and per group the first rule from which `budget` ran out before comparing
    /// it with every later one.
    static func overlapAnalysis(
        _ book: Rulebook, budget: AnalysisBudget
    ) -> (overlaps: [Overlap], leftOut: [(group: RuleGroup, rules: [String])]) {
        let conditions = Conditions(book: book, budget: budget)
        var result: [Overlap] = []
        var leftOut: [(group: RuleGroup, rules: [String])] = []
        for group in book.groups where group.policy == .highestPriority {
            // Rules the analysis cannot decide are left out; the reachability check notes them.
            let all = group.rules.compactMap { rule in
                applies(rule, conditions).map { (rule: rule, boxes: $0) }
            }
            var reported = 0
            for i in all.indices {
                // Ten overlaps are enough to show the group needs work; the rest go unsaid.
                guard reported < 10 else { break }
                guard budget.spend(all.count - i) else {
                    leftOut.append((group, all[i...].map(\.rule.id)))
                    break
                }
                for j in all.indices where j > i && reported < 10 {
                    let a = all[i], b = all[j]
                    // Equal priorities matter only when the outcomes differ in something else.
                    guard a.rule.outcome.priority == b.rule.outcome.priority,
                        !sameApartFromPriority(a.rule.outcome, b.rule.outcome)
                    else { continue }
                    // Rules never in force on the same day never compete.
                    guard
                        max(a.rule.validFrom ?? .min, b.rule.validFrom ?? .min)
                            < min(a.rule.validUntil ?? .max, b.rule.validUntil ?? .max)
                    else { continue }
                    guard budget.spend(a.boxes.count * b.boxes.count),
                        let both = a.boxes.lazy.flatMap({ x in
                            b.boxes.lazy.compactMap { conditions.intersect(x, $0) }
                        }).first
                    else { continue }
                    reported += 1
                    result.append(
                        Overlap(group: group, first: a.rule, second: b.rule, region: both))
                }
            }
        }
        return (result, leftOut)
    }

    /// Every rule of `group` with the boxes in which it applies, or nil when one of them is
    /// beyond the analysis.
    static func analysedRules(
        _ group: RuleGroup, _ conditions: Conditions
    ) -> [(rule: Rule, boxes: [Conditions.Box])]? {
        var all: [(rule: Rule, boxes: [Conditions.Box])] = []
        for rule in group.rules {
            guard let boxes = applies(rule, conditions) else { return nil }
            all.append((rule, boxes))
        }
        return all
    }

    /// A group without a fallback should match every valid case (report one that falls through);
    /// in a highest-priority group, two rules of equal priority that can both match leave the
    /// choice to their order (report a case that triggers both).
    static let checkGapsAndOverlaps: Check = { book, deadline, diagnostics in
        let gapBudget = AnalysisBudget(deadline: deadline)
        let (gaps, gapsLeftOut) = gapAnalysis(book, budget: gapBudget)
        for group in gapsLeftOut {
            diagnostics.append(
                .notAnalysed(group, gapBudget, "whether some cases match none of its rules"))
        }
        let overlapBudget = AnalysisBudget(deadline: deadline)
        let (overlaps, overlapsLeftOut) = overlapAnalysis(book, budget: overlapBudget)
        for (group, rules) in overlapsLeftOut {
            diagnostics.append(
                .notAnalysed(
                    group, overlapBudget,
                    "whether \(rules.count) rule\(rules.count == 1 ? "" : "s") overlap later rules of equal priority",
                    rules))
        }
        for gap in gaps {
            diagnostics.append(
                Diagnostic(
                    .groupGap,
                    "some cases match no rule of `\(gap.group.id)`, which has no `otherwise`; for example \(exampleText(gap.region, book: book))",
                    file: gap.group.origin.file, at: gap.group.origin.range,
                    help: "add `otherwise refer to …` to the group, or a rule for such cases"))
        }
        for overlap in overlaps {
            let (a, b) = (overlap.first, overlap.second)
            diagnostics.append(
                .at(
                    b.origin, .ruleOverlap,
                    "rules `\(a.id)` and `\(b.id)` of `\(overlap.group.id)` have the same priority and can both match, e.g. \(exampleText(overlap.region, book: book))",
                    help:
                        "give one of them a different priority, or make their conditions exclusive; otherwise the earlier rule wins silently",
                    notes: [.init("`\(a.id)` is here", file: a.origin.file, range: a.origin.range)])
            )
        }
    }

    /// Whether two outcomes decide the same apart from their priority (durations compared by
    /// value, not by where they are written).
    package static func sameApartFromPriority(_ a: ResolvedOutcome, _ b: ResolvedOutcome) -> Bool {
        func sla(_ o: ResolvedOutcome) -> String? {
            o.sla.map { "\($0.amount) \($0.working) \($0.unit)" }
        }
        return a.referTo == b.referTo && a.copies == b.copies && sla(a) == sla(b)
            && a.because == b.because && a.ladder == b.ladder
    }

    static func exampleText(_ box: Conditions.Box, book: Rulebook) -> String {
        let example = counterExample(box, book: book)
        return example.isEmpty
            ? "any case" : example.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
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
                let value =
                    range.lowerBound == .min
                    ? (range.upperBound == .max ? 0 : range.upperBound) : range.lowerBound
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
        counterExample(box, book: book).filter { $0.1 != "absent" }.map { "\($0.0): \"\($0.1)\"" }
            .joined(separator: "\n")
    }
}
