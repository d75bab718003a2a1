extension Checker {
    /// Declarations nothing refers to are usually leftovers or misspellings. Agencies are not
    /// reported when some rule refers to an agency field, since then any agency may be chosen by
    /// the case; categories with keywords are used by inference.
    static let checkUnused: Check = { book, _, diagnostics in
        var agencies = Set<String>(), categories = Set<String>(), ladders = Set<String>()
        var dynamicReferral = false
        func visit(_ expr: TypedExpr) {
            switch expr {
            case .constant(.symbol(let id), let type):
                if type == .agency { agencies.insert(id) }
                if type == .category { categories.insert(id) }
            case .under(let e, let category):
                categories.insert(category)
                visit(e)
            case .not(let e), .presence(let e, _), .mentions(let e, _, _, _): visit(e)
            case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b),
                .coalesce(let a, let b):
                visit(a)
                visit(b)
            case .list(let items, _): items.forEach(visit)
            case .call(_, let arguments): arguments.forEach(visit)
            default: break
            }
        }
        func use(_ outcome: ResolvedOutcome) {
            switch outcome.referTo {
            case .agency(let id)?: agencies.insert(id)
            case .field?: dynamicReferral = true
            case nil: break
            }
            outcome.copies.forEach { agencies.insert($0) }
            for part in outcome.conditional {
                visit(part.condition)
                if case .copy(let ids) = part.kind { ids.forEach { agencies.insert($0) } }
            }
            if let ladder = outcome.ladder { ladders.insert(ladder) }
        }
        for group in book.groups {
            for rule in group.rules {
                visit(rule.condition)
                use(rule.outcome)
            }
            if let fallback = group.fallback { use(fallback) }
        }
        for ladder in book.ladders {
            for level in ladder.levels {
                level.condition.map(visit)
                level.actions.forEach { agencies.insert($0.target) }
            }
        }
        for agency in book.agencies {
            if let supervisor = agency.supervisor { agencies.insert(supervisor) }
        }
        if let ladder = book.defaultLadder { ladders.insert(ladder) }
        if !dynamicReferral {
            for agency in book.agencies
            where !agencies.contains(agency.id) && agency.origin.file == book.file {
                diagnostics.append(
                    .at(
                        agency.origin, .unusedAgency,
                        "agency `\(agency.id)` is never referred to, copied, escalated to or supervising",
                        help: "remove it, or use it in a rule"))
            }
        }
        let parents = Set(book.categories.compactMap(\.parent))
        for category in book.categories
        where category.origin.file == book.file && category.keywords.isEmpty
            && !categories.contains(category.id)
        {
            if !parents.contains(category.id) {
                diagnostics.append(
                    .at(
                        category.origin, .unusedCategory,
                        "category `\(category.id)` has no keywords and no rule tests it",
                        help:
                            "add `mentions` phrases so cases can be recognised as it, or use it in a rule"
                    ))
            }
        }
        for ladder in book.ladders
        where ladder.origin.file == book.file && !ladders.contains(ladder.id) {
            diagnostics.append(
                .at(
                    ladder.origin, .unusedLadder, "escalation ladder `\(ladder.id)` is never used",
                    help:
                        "name it in a rule (`ladder \(ladder.id)`) or as the rulebook's `default ladder`"
                ))
        }
    }
}
