/// What a rulebook promises for every case: for each case its condition holds for (every case
/// when it has none), its claim holds. The claim, and the condition, may read the decision through
/// `decisionFields`. `masir verify` proves properties with a solver; `holds` is the reference
/// answer for one case, which every counter-example the solver finds is checked against.
public struct Property: Sendable {
    public var id: String
    public var label: String?
    public var doc: [String]
    public var condition: TypedExpr?
    public var claim: TypedExpr
    var conditionSyntax: Expr?
    var claimSyntax: Expr
    public var origin: Origin
    /// The rulebook that declared (or last replaced) the property.
    public var rulebook: String

    public var conditionText: String? { conditionSyntax.map { Formatter.expressionText($0) } }
    public var claimText: String { Formatter.expressionText(claimSyntax) }

    /// What a property may read of the decision, as fields that follow the case's own: the
    /// primary referral, every agency referred to, the agencies copied (and not referred to), the
    /// priority, the SLA as written in the outcome that set it, and the primary agency's `kind`.
    /// Absent when the decision has none, so `decision.referral is present` says "refers".
    public static let decisionFields: [(path: String, type: ValueType, optional: Bool)] = [
        ("decision.referral", .agency, true),
        ("decision.referrals", .set(.agency), false),
        ("decision.copies", .set(.agency), false),
        ("decision.priority", .priority, false),
        ("decision.sla", .duration, true),
        ("decision.referral_kind", .text, true),
    ]

    /// `book`'s schema with the decision's fields after the case's, for typing properties.
    static func scopeBook(_ book: Rulebook) -> Rulebook {
        var extended = book
        for (path, type, optional) in decisionFields where extended.fieldIndex[path] == nil {
            extended.fieldIndex[path] = extended.fields.count
            extended.fields.append(
                Field(
                    path: path, type: type, isOptional: optional, defaultValue: nil,
                    inferFrom: nil, label: nil, origin: Origin(file: "", range: .empty)))
        }
        return extended
    }

    /// The values of the decision's fields, in `decisionFields` order.
    static func decisionValues(_ decision: Decision, book: Rulebook) -> [Value?] {
        let primary = decision.referrals.first { $0.role == "primary" }?.agency
        let referred = decision.referrals.filter { $0.role != "copy" }.map(\.agency).sorted()
        let copies = decision.referrals.filter { $0.role == "copy" }.map(\.agency).sorted()
        let priority = Priority(word: decision.priority.level) ?? .normal
        return [
            primary.map(Value.symbol),
            .set(referred.map(Value.symbol)),
            .set(copies.map(Value.symbol)),
            .symbol(priority.name),
            decision.sla.flatMap { duration($0.duration) },
            primary.flatMap { book.agency($0)?.kind }.map(Value.text),
        ]
    }

    /// Reads back `Formatter.durationText` (`5 working days`, `48 hours`).
    static func duration(_ text: String) -> Value? {
        let words = text.split(separator: " ")
        guard let amount = words.first.flatMap({ Int64($0) }), let last = words.last else {
            return nil
        }
        let unit: DurationLiteral.Unit? =
            last.hasPrefix("day")
            ? .days : last.hasPrefix("hour") ? .hours : last.hasPrefix("minute") ? .minutes : nil
        guard let unit else { return nil }
        return .duration(unit, amount: amount, working: words.contains("working"))
    }

    /// For one case and the decision the evaluator made for it: nil when the property does not
    /// speak of the case (its condition does not hold, or cannot be decided), else whether the
    /// claim holds. A claim that cannot be decided (it reads something absent) does not hold.
    public func holds(for subject: Case, decision: Decision, in book: Rulebook) -> Bool? {
        var values = subject.values
        let extra = Property.decisionValues(decision, book: book)
        // The decision's fields sit where `scopeBook` put them: after the schema, or in place of
        // a schema field of the same name.
        let scope = Property.scopeBook(book)
        if values.count < scope.fields.count {
            values += [Value?](repeating: nil, count: scope.fields.count - values.count)
        }
        for (index, field) in Property.decisionFields.enumerated() {
            if let slot = scope.fieldIndex[field.path], slot >= book.fields.count {
                values[slot] = extra[index]
            }
        }
        var extended = Case(id: subject.id, values: values, history: subject.history)
        extended.inferredCategory = subject.inferredCategory
        let expressions = ExpressionEvaluator(book: scope, subject: extended)
        if let condition {
            guard case .value(.bool(true)) = expressions.evaluate(condition) else { return nil }
        }
        if case .value(.bool(true)) = expressions.evaluate(claim) { return true }
        return false
    }
}
