extension Diagnostic {
    /// A rule of a first-match group that the rules above it always beat, as the built-in
    /// analysis and the solver both report it; `example` is a case they take from it.
    package static func shadowed(
        _ rule: Rule, of group: String, in book: Rulebook, by blockers: [Rule],
        example: String = "", extraNotes: [Note] = []
    ) -> Diagnostic {
        let context = rule.origin.file == book.file ? "" : "in rulebook `\(book.id)`, "
        let who =
            blockers.count == 1
            ? "rule `\(blockers[0].id)` above it matches" : "the rules above it match"
        return Diagnostic(
            .ruleShadowed,
            "\(context)rule `\(group).\(rule.id)` can never fire: \(who) every case it matches\(example)",
            file: rule.origin.file, at: rule.origin.range,
            help: rule.origin.file == book.file
                ? "move it above \(blockers.map { "`\($0.id)`" }.joined(separator: ", ")), narrow the earlier rule, or remove it"
                : "write `disable rule \(rule.id)` in `\(book.id)`'s `\(group)` group, or narrow the rules that take its cases",
            notes: blockers.map {
                .init("`\($0.id)` matches first here", file: $0.origin.file, range: $0.origin.range)
            } + extraNotes)
    }
}

extension Checker {
    /// The boxes in which a rule applies: its condition true and, for a referral to an agency
    /// field, that field present (otherwise the rule is skipped).
    static func applies(_ rule: Rule, _ conditions: Conditions) -> [Conditions.Box]? {
        guard var boxes = conditions.boxes(rule.condition) else { return nil }
        if case .field(let slot, _)? = rule.outcome.referTo,
            let universe = conditions.universe(slot)
        {
            let present = conditions.presentPart(universe)
            boxes = boxes.compactMap { conditions.intersect($0, [slot: present]) }
        }
        return boxes
    }

    /// Whether rule `a` is in force whenever rule `b` is.
    static func inForceWhenever(_ a: Rule, _ b: Rule) -> Bool {
        (a.validFrom ?? .min) <= (b.validFrom ?? .min)
            && (a.validUntil ?? .max) >= (b.validUntil ?? .max)
    }

    /// A rule whose condition can never be true never fires; in a first-match group, a rule
    /// whose every matching case is already taken by rules above it never fires either.
    static let checkRuleReachability: Check = { book, deadline, diagnostics in
        let budget = AnalysisBudget(deadline: deadline)
        let conditions = Conditions(book: book, budget: budget)
        for group in book.groups {
            var analysed: [(rule: Rule, boxes: [Conditions.Box])] = []
            var skipped: [String] = []
            // Rules whose shadowing the budget or the deadline left undecided.
            var leftOut: [String] = []
            for rule in group.rules {
                guard let boxes = applies(rule, conditions) else {
                    skipped.append(rule.id)
                    continue
                }
                if boxes.isEmpty {
                    diagnostics.append(
                        .at(
                            rule.origin, .ruleUnsatisfiable,
                            "rule `\(group.id).\(rule.id)` can never fire: its condition is never true",
                            help:
                                "two parts of `\(rule.conditionText)` exclude each other; correct the condition or remove the rule"
                        ))
                    continue
                }
                if group.policy == .firstMatch {
                    guard budget.spend(analysed.count) else {
                        leftOut.append(rule.id)
                        analysed.append((rule, boxes))
                        continue
                    }
                    let earlier = analysed.filter { inForceWhenever($0.rule, rule) }
                    let cover = earlier.flatMap(\.boxes)
                    var steps = 20_000
                    let found = boxes.lazy.map {
                        conditions.uncovered($0, by: cover, budget: &steps)
                    }.first(where: { $0 != .some(nil) })
                    if budget.isExhausted, found == .some(nil) { leftOut.append(rule.id) }
                    if case .some(nil) = found ?? .some(nil) {
                        let blockers = earlier.filter { entry in
                            boxes.contains { b in
                                entry.boxes.contains { conditions.intersect(b, $0) != nil }
                            }
                        }.map(\.rule)
                        diagnostics.append(
                            .shadowed(rule, of: group.id, in: book, by: blockers))
                    }
                }
                analysed.append((rule, boxes))
            }
            if !skipped.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        .notAnalysed,
                        "\(skipped.count) rule\(skipped.count == 1 ? "" : "s") of `\(group.id)` use\(skipped.count == 1 ? "s" : "") conditions the checker cannot decide (`mentions`, texts, sets, functions, `??`, or one field compared with another): \(skipped.prefix(6).map { "`\($0)`" }.joined(separator: ", "))\(skipped.count > 6 ? ", …" : "")",
                        file: group.origin.file, at: group.origin.range,
                        help:
                            "shadowing, gaps and overlaps involving these rules were not checked; cover them with rulebook tests"
                    ))
            }
            if !leftOut.isEmpty {
                diagnostics.append(
                    .notAnalysed(
                        group, budget,
                        "whether \(leftOut.count) rule\(leftOut.count == 1 ? " is" : "s are") shadowed by the rules above",
                        leftOut))
            }
        }
    }
}
