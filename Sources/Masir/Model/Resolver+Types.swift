/// What names mean inside one expression.
struct Scope {
    var book: Rulebook
    var file: String
}

extension Resolver {
    mutating func typeCondition(_ expr: Expr, scope: inout Scope) -> TypedExpr {
        let typed = typeExpression(expr, expected: .bool, scope: &scope)
        if typed.type != .bool, !isError(typed) {
            report(
                .notBoolean, "a condition must be yes or no, but this is a \(typed.type)",
                file: scope.file, at: expr.range,
                help: "compare it with something: `… is …`, `… > …`, `… is present`")
        }
        return typed
    }

    /// Placeholder for a subexpression that already produced a diagnostic; it never matches.
    static let errorNode = TypedExpr.constant(.bool(false), .emptySet)

    func isError(_ expr: TypedExpr) -> Bool {
        if case .constant(.bool(false), .emptySet) = expr { return true }
        return false
    }

    /// Types the operand of a construct that needs a value of `type`, reporting it (with
    /// `need`, what the construct needs) when it is of another type.
    mutating func typeOperand(
        _ operand: Expr, as type: ValueType, _ need: String, scope: inout Scope
    ) -> TypedExpr {
        let typed = typeExpression(operand, expected: type, scope: &scope)
        if !isError(typed), typed.type != type {
            report(
                .typeMismatch,
                "\(need), but `\(Formatter.expressionText(operand))` is a \(typed.type)",
                file: scope.file, at: operand.range)
        }
        return typed
    }

    /// Types `expr`; `expected` lets a bare name resolve as a value of that type
    /// (`status is resolved`, `caller.support_body is relief`).
    mutating func typeExpression(
        _ expr: Expr, expected: ValueType?, scope: inout Scope
    ) -> TypedExpr {
        let file = scope.file
        switch expr {
        case .text(let literal): return .constant(.text(literal.value), .text)
        case .integer(let value, _): return .constant(.int(value), .int)
        case .money(let value, _): return .constant(.money(value), .money)
        case .boolean(let value, _): return .constant(.bool(value), .bool)
        case .date(let literal):
            if let time = literal.time {
                guard let instant = Instant(localDate: literal.date, time: time) else {
                    report(
                        .invalidDate, "`\(literal.date) \(time)` is not a valid date and time",
                        file: file, at: literal.range)
                    return Resolver.errorNode
                }
                return .constant(.datetime(instant), .datetime)
            }
            guard let days = dateValue(literal, file: file) else { return Resolver.errorNode }
            if expected == .datetime, let instant = Instant(localDate: literal.date, time: "00:00")
            {
                return .constant(.datetime(instant), .datetime)
            }
            return .constant(.date(days), .date)
        case .duration(let literal):
            return .constant(
                .duration(literal.unit, amount: literal.amount, working: literal.working), .duration
            )
        case .missing:
            return Resolver.errorNode
        case .path(let path):
            return typePath(path, expected: expected, scope: &scope)
        case .list(let items, let range):
            let elementExpected: ValueType? =
                if case .set(let element)? = expected { element } else { nil }
            var typed: [TypedExpr] = []
            var elementType: ValueType? = elementExpected
            for item in items {
                let t = typeExpression(item, expected: elementType, scope: &scope)
                if isError(t) { continue }
                if let known = elementType, !known.accepts(t.type) {
                    report(
                        .typeMismatch,
                        "a list holds values of one type; this is a \(t.type) among \(known) values",
                        file: file, at: item.range)
                    continue
                }
                elementType = elementType ?? t.type
                typed.append(t)
            }
            _ = range
            return .list(typed, elementType.map { .set($0) } ?? .emptySet)
        case .call(let name, let arguments, let range):
            return typeCall(name, arguments, range: range, scope: &scope)
        case .not(let operand, _):
            return .not(typeBoolean(operand, scope: &scope))
        case .binary(.and, let left, let right, _):
            return .and(typeBoolean(left, scope: &scope), typeBoolean(right, scope: &scope))
        case .binary(.or, let left, let right, _):
            return .or(typeBoolean(left, scope: &scope), typeBoolean(right, scope: &scope))
        case .binary(.coalesce, let left, let right, _):
            let l = typeExpression(left, expected: expected, scope: &scope)
            let r = typeExpression(right, expected: l.type, scope: &scope)
            if !isError(l), !isError(r), !l.type.accepts(r.type) {
                report(
                    .typeMismatch,
                    "`??` gives a default of the same type: `\(Formatter.expressionText(left))` is a \(l.type), the default a \(r.type)",
                    file: file, at: right.range)
            }
            return .coalesce(l, r)
        case .binary(let op, let left, let right, let range):
            return typeComparison(op, left, right, range: range, scope: &scope)
        case .presence(let operand, let present, _):
            let typed = typeExpression(operand, expected: nil, scope: &scope)
            return .presence(typed, present: present)
        case .under(let operand, let category, _):
            let typed = typeOperand(
                operand, as: .category, "`under` applies to a category", scope: &scope)
            if scope.book.category(category.text) == nil {
                unknown(
                    .unknownCategory, "category", category, file: file,
                    candidates: scope.book.categories.map(\.id))
            }
            return .under(typed, category: category.text)
        case .mentions(let operand, let mode, let phrases, _):
            let typed = typeOperand(operand, as: .text, "`mentions` searches text", scope: &scope)
            var list: [String] = []
            switch phrases {
            case .text(let literal): list = [literal.value]
            case .list(let items, _):
                for item in items {
                    if case .text(let literal) = item {
                        list.append(literal.value)
                    } else {
                        report(
                            .typeMismatch, "`mentions` takes quoted phrases", file: file,
                            at: item.range)
                    }
                }
            default:
                report(
                    .typeMismatch, "`mentions` takes a quoted phrase or a list of them", file: file,
                    at: phrases.range,
                    help:
                        "write `description mentions \"وام\"` or `description mentions any [\"وام\", \"قرض\"]`"
                )
            }
            if mode == .single, list.count > 1 {
                report(
                    .typeMismatch,
                    "say `mentions any [...]` or `mentions all [...]` for a list of phrases",
                    file: file, at: phrases.range)
            }
            return .mentions(
                typed, mode == .single ? .any : mode, phrases: list,
                matcher: PhraseMatcher(phrases: list))
        }
    }

    mutating func typeBoolean(_ expr: Expr, scope: inout Scope) -> TypedExpr {
        let typed = typeExpression(expr, expected: .bool, scope: &scope)
        if !isError(typed), typed.type != .bool {
            report(
                .notBoolean,
                "`\(Formatter.expressionText(expr))` is a \(typed.type), not yes or no",
                file: scope.file, at: expr.range,
                help: "compare it with something: `… is …`, `… > …`, `… is present`")
        }
        return typed
    }

    mutating func typePath(_ path: FieldPath, expected: ValueType?, scope: inout Scope) -> TypedExpr
    {
        let book = scope.book
        let dotted = path.dotted
        // Where the context expects an id (`status is referred`), an id of that kind wins over a
        // field of the same name.
        if path.segments.count == 1, let expected, expected.isSymbolic,
            symbolExists(dotted, of: expected, in: book)
        {
            return .constant(.symbol(dotted), expected)
        }
        if let index = book.fieldIndex[dotted] {
            return .field(slot: index, path: dotted, type: book.fields[index].type)
        }
        if path.segments.count == 1 {
            let id = dotted
            if let expected, expected.isSymbolic {
                if symbolExists(id, of: expected, in: book) {
                    return .constant(.symbol(id), expected)
                }
                let candidates = symbols(of: expected, in: book)
                unknown(
                    code(for: expected), kindName(expected), Name(id, path.range), file: scope.file,
                    candidates: candidates)
                if expected == .county, let home = CountyProvinces.province[id] {
                    // The author most likely copied a rule from another province's rulebook.
                    diagnostics[diagnostics.count - 1].message =
                        "unknown county `\(id)`, which is in the province of `\(home.id)` (\(home.persian))"
                    if diagnostics[diagnostics.count - 1].help == nil {
                        diagnostics[diagnostics.count - 1].help =
                            "a county is tested in its own province's rulebook; write this rule in `\(home.id)`, or name a county of this rulebook"
                    }
                }
                return Resolver.errorNode
            }
            if case .set(let element)? = expected, element.isSymbolic,
                symbolExists(id, of: element, in: book)
            {
                return .constant(.symbol(id), element)
            }
            // Without an expected type, a unique symbol of any kind.
            let kinds: [ValueType] =
                [.agency, .category, .county] + book.enumerations.map { .enumeration($0.id) } + [
                    .priority
                ]
            let matches = kinds.filter { symbolExists(id, of: $0, in: book) }
            if matches.count == 1 { return .constant(.symbol(id), matches[0]) }
        }
        unknown(
            .unknownField, "field", Name(dotted, path.range), file: scope.file,
            candidates: book.fields.map(\.path),
            help: "fields are declared in the rulebook's `case` block")
        return Resolver.errorNode
    }

    func symbolExists(_ id: String, of type: ValueType, in book: Rulebook) -> Bool {
        switch type {
        case .agency: book.agency(id) != nil
        case .category: book.category(id) != nil
        case .county: book.county(id) != nil
        case .priority: Priority(word: id) != nil
        case .enumeration(let name): book.enumeration(name)?.values.contains(id) ?? false
        default: false
        }
    }

    func symbols(of type: ValueType, in book: Rulebook) -> [String] {
        switch type {
        case .agency: book.agencies.map(\.id)
        case .category: book.categories.map(\.id)
        case .county: book.counties.map(\.id)
        case .priority: Priority.allCases.map(\.name)
        case .enumeration(let name): book.enumeration(name)?.values ?? []
        default: []
        }
    }

    func code(for type: ValueType) -> DiagnosticCode {
        switch type {
        case .agency: .unknownAgency
        case .category: .unknownCategory
        case .county: .unknownCounty
        case .priority: .unknownPriority
        default: .unknownValue
        }
    }

    func kindName(_ type: ValueType) -> String {
        switch type {
        case .enumeration(let name): "\(name) value"
        default: type.description
        }
    }

    mutating func typeComparison(
        _ op: BinaryOperator, _ left: Expr, _ right: Expr, range: SourceRange, scope: inout Scope
    ) -> TypedExpr {
        let file = scope.file
        // A bare name on the left (`relief in caller.programs`) takes its type from the right.
        var l = typeExpression(left, expected: nil, scope: &scope)
        let rightExpected: ValueType?
        switch op {
        case .isIn, .notIn: rightExpected = l.type == .emptySet ? nil : .set(l.type)
        case .contains:
            if case .set(let element) = l.type {
                rightExpected = element
            } else {
                rightExpected = nil
            }
        default: rightExpected = l.type
        }
        var r = typeExpression(right, expected: isError(l) ? nil : rightExpected, scope: &scope)
        if isError(l) || isError(r) { return .compare(op, l, r) }
        // A datetime compared with a date literal means midnight in Tehran at the start of that date.
        if l.type == .datetime, case .constant(.date, _) = r, case .date(let literal) = right,
            let instant = Instant(localDate: literal.date, time: "00:00")
        {
            r = .constant(.datetime(instant), .datetime)
        }
        if r.type == .datetime, case .constant(.date, _) = l, case .date(let literal) = left,
            let instant = Instant(localDate: literal.date, time: "00:00")
        {
            l = .constant(.datetime(instant), .datetime)
        }
        // Written out only for a message: formatting every comparison showed when typing 20,000 rules.
        func leftText() -> String { Formatter.expressionText(left) }
        func rightText() -> String { Formatter.expressionText(right) }
        switch op {
        case .less, .lessEqual, .greater, .greaterEqual:
            if !l.type.isOrdered || l.type != r.type {
                var help: String?
                if l.type == .money, r.type == .int {
                    help = "write the amount in rials: `\(rightText()) rials`"
                }
                if l.type == .int, r.type == .money {
                    help = "`\(leftText())` is a number, not money"
                }
                report(
                    .typeMismatch,
                    "cannot compare `\(leftText())` (\(l.type)) with `\(rightText())` (\(r.type)) using `\(op.rawValue)`",
                    file: file, at: range, help: help)
            }
        case .isEqual, .isNotEqual:
            if !(l.type.accepts(r.type) || r.type.accepts(l.type)) {
                report(
                    .typeMismatch,
                    "`\(leftText())` is a \(l.type) and `\(rightText())` a \(r.type); they can never be equal",
                    file: file, at: range)
            }
        case .isIn, .notIn:
            if case .set(let element) = r.type, !element.accepts(l.type) {
                report(
                    .typeMismatch,
                    "`\(rightText())` holds \(element) values, but `\(leftText())` is a \(l.type)",
                    file: file, at: range)
            } else if r.type != .emptySet, !isSet(r.type) {
                report(
                    .typeMismatch,
                    "`in` needs a list or set on its right, but `\(rightText())` is a \(r.type)",
                    file: file, at: right.range,
                    help: "write `\(leftText()) in [a, b]`")
            }
        case .contains:
            if case .set(let element) = l.type {
                if !element.accepts(r.type) {
                    report(
                        .typeMismatch,
                        "`\(leftText())` holds \(element) values, but `\(rightText())` is a \(r.type)",
                        file: file, at: range)
                }
            } else {
                report(
                    .typeMismatch,
                    "`contains` needs a set on its left, but `\(leftText())` is a \(l.type)",
                    file: file, at: left.range,
                    help: l.type == .text ? "to search text, use `mentions`" : nil)
            }
        case .intersects:
            if !isSet(l.type) || !isSet(r.type)
                || !(l.type.accepts(r.type) || r.type.accepts(l.type))
            {
                report(
                    .typeMismatch,
                    "`intersects` compares two sets of the same kind; found \(l.type) and \(r.type)",
                    file: file, at: range)
            }
        case .and, .or, .coalesce:
            break
        }
        return .compare(op, l, r)
    }

    func isSet(_ type: ValueType) -> Bool {
        if case .set = type { return true }
        return type == .emptySet
    }

    mutating func typeCall(
        _ name: Name, _ arguments: [Expr], range: SourceRange, scope: inout Scope
    ) -> TypedExpr {
        guard let builtin = Builtin(rawValue: name.text) else {
            unknown(
                .unknownFunction, "function", name, file: scope.file,
                candidates: Builtin.allCases.map(\.rawValue),
                help: "the functions are "
                    + Builtin.allCases.map { "`\($0.signature)`" }.joined(separator: ", "))
            return Resolver.errorNode
        }
        let typed = arguments.map { typeExpression($0, expected: nil, scope: &scope) }
        let types = typed.map(\.type)
        let ok: Bool
        switch builtin {
        case .count: ok = types.count == 1 && isSet(types[0])
        case .length, .lower: ok = types == [.text]
        case .daysBetween:
            ok = types.count == 2 && types.allSatisfy { $0 == .date || $0 == .datetime }
        case .hoursBetween: ok = types == [.datetime, .datetime]
        }
        if !ok, !typed.contains(where: isError) {
            report(
                .wrongArguments,
                "`\(name.text)` takes \(builtin.signature), not (\(types.map(\.description).joined(separator: ", ")))",
                file: scope.file, at: range)
            return Resolver.errorNode
        }
        return .call(builtin, typed)
    }
}
