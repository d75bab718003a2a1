/// The result of evaluating an expression: a value, or the field whose absence left it undecided.
enum Outcome3: Sendable {
    case value(Value)
    case absent(String)

    var bool: Bool? {
        if case .value(.bool(let b)) = self { return b }
        return nil
    }
}

/// Tree-walking evaluation of typed expressions: the reference semantics.
///
/// Missing data is explicit: a comparison with an absent field is undecided, and `and`/`or`
/// follow Kleene's three-valued logic, so `no and <undecided>` is `no` but `yes and <undecided>`
/// stays undecided.
struct ExpressionEvaluator {
    let book: Rulebook
    let subject: Case

    func evaluate(_ expr: TypedExpr) -> Outcome3 {
        switch expr {
        case .constant(let value, _):
            return .value(value)
        case .field(let slot, let path, _):
            guard let value = subject.values[slot] else { return .absent(path) }
            return .value(value)
        case .list(let items, _):
            var values: [Value] = []
            for item in items {
                switch evaluate(item) {
                case .value(let v): values.append(v)
                case .absent(let path): return .absent(path)
                }
            }
            return .value(.set(values))
        case .not(let operand):
            switch evaluate(operand) {
            case .value(.bool(let b)): return .value(.bool(!b))
            case let other: return other
            }
        case .and(let left, let right):
            return kleene(left, right, decidedBy: false)
        case .or(let left, let right):
            return kleene(left, right, decidedBy: true)
        case .coalesce(let left, let right):
            if case .value(let v) = evaluate(left) { return .value(v) }
            return evaluate(right)
        case .presence(let operand, let present):
            if case .absent = evaluate(operand) { return .value(.bool(!present)) }
            return .value(.bool(present))
        case .under(let operand, let category):
            switch evaluate(operand) {
            case .value(.symbol(let id)): return .value(.bool(book.category(id, isUnder: category)))
            case .value: return .value(.bool(false))
            case let absent: return absent
            }
        case .mentions(let operand, let mode, let phrases, let matcher):
            let normalized: NormalizedText
            if case .field(let slot, let path, _) = operand {
                guard let text = subject.normalized[slot] else { return .absent(path) }
                normalized = text
            } else {
                guard case .value(.text(let text)) = evaluate(operand) else {
                    return .value(.bool(false))
                }
                normalized = NormalizedText(text)
            }
            let found = matcher.matches(in: normalized)
            return .value(
                .bool(
                    mode == .all
                        ? found.count == Set(phrases.indices).count && !phrases.isEmpty
                        : !found.isEmpty))
        case .compare(let op, let left, let right):
            let l = evaluate(left)
            guard case .value(let a) = l else { return l }
            let r = evaluate(right)
            guard case .value(let b) = r else { return r }
            return .value(.bool(ExpressionEvaluator.compare(op, a, b)))
        case .call(let builtin, let arguments):
            var values: [Value] = []
            for argument in arguments {
                switch evaluate(argument) {
                case .value(let v): values.append(v)
                case .absent(let path): return .absent(path)
                }
            }
            return .value(ExpressionEvaluator.call(builtin, values))
        }
    }

    /// `and` (decided by false) or `or` (decided by true): either side with the deciding value
    /// decides, even when the other is undecided; otherwise an absent side leaves it undecided.
    func kleene(_ left: TypedExpr, _ right: TypedExpr, decidedBy decisive: Bool) -> Outcome3 {
        let l = evaluate(left)
        if l.bool == decisive { return .value(.bool(decisive)) }
        let r = evaluate(right)
        if r.bool == decisive { return .value(.bool(decisive)) }
        if case .absent = l { return l }
        if case .absent = r { return r }
        return .value(.bool(!decisive))
    }

    static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Bool {
        switch op {
        case .isEqual: return a == b
        case .isNotEqual: return a != b
        case .less, .lessEqual, .greater, .greaterEqual:
            guard let x = a.ordinal, let y = b.ordinal else { return false }
            switch op {
            case .less: return x < y
            case .lessEqual: return x <= y
            case .greater: return x > y
            default: return x >= y
            }
        case .isIn, .notIn:
            guard case .set(let items) = b else { return false }
            return items.contains(a) == (op == .isIn)
        case .contains:
            guard case .set(let items) = a else { return false }
            return items.contains(b)
        case .intersects:
            guard case .set(let x) = a, case .set(let y) = b else { return false }
            return x.contains { y.contains($0) }
        case .and, .or, .coalesce:
            return false
        }
    }

    static func call(_ builtin: Builtin, _ values: [Value]) -> Value {
        switch builtin {
        case .count:
            if case .set(let items) = values[0] { return .int(Int64(items.count)) }
            return .int(0)
        case .length:
            if case .text(let text) = values[0] { return .int(Int64(text.count)) }
            return .int(0)
        case .lower:
            if case .text(let text) = values[0] { return .text(text.lowercased()) }
            return values[0]
        case .daysBetween:
            return .int(dayNumber(values[1]) - dayNumber(values[0]))
        case .hoursBetween:
            guard case .datetime(let a) = values[0], case .datetime(let b) = values[1] else {
                return .int(0)
            }
            return .int((b.seconds - a.seconds) / 3_600)
        }
    }

    static func dayNumber(_ value: Value) -> Int64 {
        switch value {
        case .date(let days): days
        case .datetime(let instant): instant.localDay
        default: 0
        }
    }

    /// The first part of a failed condition and the field values it saw, for "why not".
    func explainFailure(_ expr: TypedExpr) -> (TypedExpr, [String: String]) {
        var current = expr
        while case .and(let left, let right) = current {
            current = evaluate(left).bool == true ? right : left
        }
        var saw: [String: String] = [:]
        collectFields(current, into: &saw)
        return (current, saw)
    }

    private func collectFields(_ expr: TypedExpr, into saw: inout [String: String]) {
        switch expr {
        case .field(let slot, let path, _):
            saw[path] = subject.values[slot]?.display ?? "absent"
        case .constant: break
        case .list(let items, _): items.forEach { collectFields($0, into: &saw) }
        case .not(let e), .presence(let e, _), .under(let e, _), .mentions(let e, _, _, _):
            collectFields(e, into: &saw)
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b),
            .coalesce(let a, let b):
            collectFields(a, into: &saw)
            collectFields(b, into: &saw)
        case .call(_, let arguments): arguments.forEach { collectFields($0, into: &saw) }
        }
    }
}

extension Value {
    /// How a value reads in traces and the REPL.
    public var display: String {
        switch self {
        case .text(let text): "«\(text)»"
        default: description
        }
    }
}

extension TypedExpr {
    /// Source-like text, for traces.
    public var text: String { text(minimum: 0) }

    private var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .not: 3
        case .compare, .presence, .under, .mentions: 4
        case .coalesce: 5
        default: 6
        }
    }

    private func text(minimum: Int) -> String {
        let body: String
        switch self {
        case .constant(let value, _): body = value.description
        case .field(_, let path, _): body = path
        case .list(let items, _):
            body = "[" + items.map { $0.text(minimum: 0) }.joined(separator: ", ") + "]"
        case .not(let e): body = "not " + e.text(minimum: e.precedence <= 4 ? 5 : 3)
        case .and(let a, let b): body = a.text(minimum: 2) + " and " + b.text(minimum: 3)
        case .or(let a, let b): body = a.text(minimum: 1) + " or " + b.text(minimum: 2)
        case .compare(let op, let a, let b):
            body = a.text(minimum: 5) + " \(op.rawValue) " + b.text(minimum: 5)
        case .coalesce(let a, let b): body = a.text(minimum: 5) + " ?? " + b.text(minimum: 6)
        case .presence(let e, let present):
            body = e.text(minimum: 5) + (present ? " is present" : " is absent")
        case .under(let e, let category): body = e.text(minimum: 5) + " under \(category)"
        case .mentions(let e, let mode, let phrases, _):
            let list =
                phrases.count == 1 && mode == .any
                ? "\"\(phrases[0])\""
                : "[" + phrases.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
            body =
                e.text(minimum: 5) + " mentions "
                + (phrases.count == 1 && mode == .any ? "" : mode.rawValue + " ") + list
        case .call(let builtin, let arguments):
            body =
                builtin.rawValue + "("
                + arguments.map { $0.text(minimum: 0) }.joined(separator: ", ") + ")"
        }
        return precedence < minimum ? "(\(body))" : body
    }
}
