/// An expression with names resolved and types known: fields are slots, ids are values.
/// The reference evaluator walks this tree; the compiled plan is lowered from it.
public indirect enum TypedExpr: Sendable {
    case constant(Value, ValueType)
    /// A case field by slot; `path` for messages.
    case field(slot: Int, path: String, type: ValueType)
    case list([TypedExpr], ValueType)
    case not(TypedExpr)
    case and(TypedExpr, TypedExpr)
    case or(TypedExpr, TypedExpr)
    case compare(BinaryOperator, TypedExpr, TypedExpr)
    case coalesce(TypedExpr, TypedExpr)
    case presence(TypedExpr, present: Bool)
    case under(TypedExpr, category: String)
    /// `mentions`: `phrases` index into the rule's own matcher built at load time.
    case mentions(TypedExpr, MentionMode, phrases: [String], matcher: PhraseMatcher)
    case call(Builtin, [TypedExpr])

    public var type: ValueType {
        switch self {
        case .constant(_, let type), .field(_, _, let type), .list(_, let type): type
        case .not, .and, .or, .compare, .presence, .under, .mentions: .bool
        case .coalesce(let left, _): left.type
        case .call(let builtin, _): builtin.resultType
        }
    }
}

/// The pure built-in functions.
public enum Builtin: String, Sendable, CaseIterable {
    case count, length, lower
    case daysBetween = "days_between"
    case hoursBetween = "hours_between"

    var resultType: ValueType {
        switch self {
        case .count, .length, .daysBetween, .hoursBetween: .int
        case .lower: .text
        }
    }

    var signature: String {
        switch self {
        case .count: "count(set)"
        case .length: "length(text)"
        case .lower: "lower(text)"
        case .daysBetween: "days_between(date or datetime, date or datetime)"
        case .hoursBetween: "hours_between(datetime, datetime)"
        }
    }
}
