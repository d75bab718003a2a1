extension Checker {
    /// An optional field without a default may be absent; a condition that uses it without a
    /// presence test (`x is present and …`), a default (`x ?? …`) or an earlier guard is undecided
    /// for such cases, and the rule is skipped and reported at run time.
    static let checkUnguardedOptionals: Check = { book, _, diagnostics in
        var reported = Set<String>()
        // The condition as written, so the finding points at the field to guard.
        var written: Expr?
        func visit(_ expr: TypedExpr, guarded: Set<Int>, origin: Origin, owner: String) {
            switch expr {
            case .field(let slot, let path, _):
                let field = book.fields[slot]
                let mayBeAbsent =
                    field.mayBeAbsent || (field.inferFrom != nil && field.defaultValue == nil)
                if mayBeAbsent, !guarded.contains(slot),
                    reported.insert("\(owner)|\(path)").inserted
                {
                    let place = Origin(
                        file: origin.file,
                        range: written.flatMap { firstUse(of: path, in: $0) } ?? origin.range)
                    diagnostics.append(
                        .at(
                            place, .optionalWithoutGuard,
                            "\(owner) uses `\(path)`, which a case may leave out, without checking that it is present",
                            help:
                                "write `\(path) is present and …`, or give a default with `\(path) ?? …`, or declare a default in the schema"
                        ))
                }
            case .constant: break
            case .presence(.field, _): break
            case .and(let a, let b):
                visit(a, guarded: guarded, origin: origin, owner: owner)
                let guards = present(when: true, a)
                visit(b, guarded: guarded.union(guards), origin: origin, owner: owner)
            case .or(let a, let b):
                visit(a, guarded: guarded, origin: origin, owner: owner)
                let guards = present(when: false, a)
                visit(b, guarded: guarded.union(guards), origin: origin, owner: owner)
            case .coalesce(let a, let b):
                visit(a, guarded: guarded.union(fields(a)), origin: origin, owner: owner)
                visit(b, guarded: guarded, origin: origin, owner: owner)
            case .not(let e), .presence(let e, _), .under(let e, _), .mentions(let e, _, _, _):
                visit(e, guarded: guarded, origin: origin, owner: owner)
            case .compare(_, let a, let b):
                visit(a, guarded: guarded, origin: origin, owner: owner)
                visit(b, guarded: guarded, origin: origin, owner: owner)
            case .list(let items, _):
                items.forEach { visit($0, guarded: guarded, origin: origin, owner: owner) }
            case .call(_, let arguments):
                arguments.forEach { visit($0, guarded: guarded, origin: origin, owner: owner) }
            }
        }
        for group in book.groups {
            for rule in group.rules {
                written = rule.conditionSyntax
                visit(
                    rule.condition, guarded: [], origin: rule.origin,
                    owner: "rule `\(group.id).\(rule.id)`")
            }
        }
        written = nil
        for ladder in book.ladders {
            for level in ladder.levels {
                if let condition = level.condition {
                    visit(
                        condition, guarded: [], origin: level.origin,
                        owner: "level `\(ladder.id).\(level.id)`")
                }
            }
        }
    }

    /// Fields that must be present when `expr` is `truth`. Both sides of an `and` that is true
    /// (of an `or` that is false) have that value; of the other two, only one side need have it.
    static func present(when truth: Bool, _ expr: TypedExpr) -> Set<Int> {
        switch expr {
        case .presence(.field(let slot, _, _), truth): [slot]
        case .and(let a, let b) where truth, .or(let a, let b) where !truth:
            present(when: truth, a).union(present(when: truth, b))
        case .and(let a, let b), .or(let a, let b):
            present(when: truth, a).intersection(present(when: truth, b))
        case .not(let e): present(when: !truth, e)
        default: []
        }
    }

    /// Where `path` is first written in `expr`.
    static func firstUse(of path: String, in expr: Expr) -> SourceRange? {
        switch expr {
        case .path(let p): return p.dotted == path ? p.range : nil
        case .list(let items, _), .call(_, let items, _):
            return items.lazy.compactMap { firstUse(of: path, in: $0) }.first
        case .not(let e, _), .presence(let e, _, _), .under(let e, _, _):
            return firstUse(of: path, in: e)
        case .binary(_, let a, let b, _), .mentions(let a, _, let b, _):
            return firstUse(of: path, in: a) ?? firstUse(of: path, in: b)
        default: return nil
        }
    }

    static func fields(_ expr: TypedExpr) -> Set<Int> {
        if case .field(let slot, _, _) = expr { return [slot] }
        return []
    }
}
