import Masir

/// Translates typed conditions of one rulebook to solver terms, following `ExpressionEvaluator`:
/// Kleene's logic for undecided (absent) operands, `under` as membership of the category's
/// subtree, `mentions` as the phrases' flags.
struct ExpressionEncoder {
    let book: Rulebook
    let side: String
    /// Fields whose value this rulebook computes (a category inferred from its keywords).
    private var computed: [String: Symbolic] = [:]
    /// For properties: the decision, read through `Property.decisionFields`.
    private var decision: SymbolicRulebook?
    private var slaKinds: [SLAKind] = []

    init(book: Rulebook, side: String) {
        self.book = book
        self.side = side
    }

    init(decision: SymbolicRulebook, slaKinds: [SLAKind], side: String) {
        self.init(book: decision.book, side: side)
        self.decision = decision
        self.slaKinds = slaKinds
    }

    private func decisionField(_ path: String, _ space: inout CaseSpace) -> Symbolic? {
        guard let decision, path.hasPrefix("decision.") else { return nil }
        switch path {
        case "decision.referral":
            return Symbolic(
                defined: SMT.not(SMT.equal(decision.primary, SMT.none)),
                value: .term(decision.primary))
        case "decision.copies":
            return Symbolic(defined: "true", value: .members(decision.copied))
        case "decision.priority":
            return Symbolic(defined: "true", value: .term(decision.priority))
        case "decision.sla":
            var chain = "0"
            for (index, kind) in slaKinds.enumerated().reversed() {
                chain = SMT.ite(
                    SMT.equal(decision.sla, String(index)), SMT.int(kind.seconds), chain)
            }
            return Symbolic(
                defined: SMT.not(SMT.equal(decision.sla, SMT.none)),
                value: .term(space.script.define("\(side)slas", "Int", chain)))
        default:
            return nil
        }
    }

    /// `decision.referral_kind is "bank"`: whether the primary referral is an agency of that kind.
    private func referralKind(
        _ op: BinaryOperator, _ left: TypedExpr, _ right: TypedExpr, _ space: inout CaseSpace
    ) -> Symbolic? {
        guard let decision, case .field(_, "decision.referral_kind", _) = left,
            case .constant(.text(let kind), _) = right, op == .isEqual || op == .isNotEqual
        else { return nil }
        let agencies = book.agencies.filter { $0.kind == kind }.map {
            space.symbol("agency", $0.id)
        }
        let value = SMT.or(agencies.map { SMT.equal(decision.primary, String($0)) })
        let hasKind = SMT.or(
            book.agencies.filter { $0.kind != nil }.map {
                SMT.equal(decision.primary, String(space.symbol("agency", $0.id)))
            })
        return Symbolic(defined: hasKind, value: .term(op == .isEqual ? value : SMT.not(value)))
    }

    /// A category left out of the case is inferred from the keywords its text mentions: the
    /// deepest category, and among equally deep ones the first declared (`CaseDecoder`).
    mutating func prepareInference(_ space: inout CaseSpace) {
        for field in book.fields where field.type == .category {
            guard let source = field.inferFrom, let given = space.fields[field.path],
                given.field.defaultValue == nil,
                let text = space.fields[source], text.field.type == .text
            else { continue }
            let ranked = book.categories.enumerated().sorted {
                ($0.element.depth, -$0.offset) > ($1.element.depth, -$1.offset)
            }
            var chain = SMT.none
            var mentioned: [String] = []
            for (_, category) in ranked.reversed() {
                let flags = category.keywords.map { space.phrase(source, $0) }
                let any = SMT.or(flags)
                mentioned.append(any)
                chain = SMT.ite(any, String(space.symbol("category", category.id)), chain)
            }
            let inferred = SMT.and([text.present, SMT.or(mentioned)])
            let present = space.script.define(
                "\(side)cat?", "Bool", SMT.or([given.present, inferred]))
            let value = space.script.define(
                "\(side)cat", "Int", SMT.ite(given.present, given.value ?? SMT.none, chain))
            computed[field.path] = Symbolic(defined: present, value: .term(value))
        }
    }

    func field(_ path: String, _ space: inout CaseSpace) -> Symbolic {
        if let value = computed[path] { return value }
        if let value = decisionField(path, &space) { return value }
        guard let variables = space.fields[path] else {
            return Symbolic(defined: "false", value: .other(path))
        }
        if let value = variables.value {
            return Symbolic(defined: variables.present, value: .term(value))
        }
        if case .set(let element) = variables.field.type, CaseSpace.kind(of: element) != nil {
            return Symbolic(defined: variables.present, value: .members(variables.members))
        }
        if variables.field.type == .text {
            return Symbolic(defined: variables.present, value: .text(path))
        }
        return Symbolic(defined: variables.present, value: .other(path))
    }

    func encode(_ expr: TypedExpr, _ space: inout CaseSpace) -> Symbolic {
        switch expr {
        case .constant(let value, let type):
            return Symbolic(defined: "true", value: constant(value, type, &space))
        case .field(_, let path, _):
            return field(path, &space)
        case .list(let items, _):
            var members: [Int64: String] = [:]
            var defined: [String] = []
            for item in items {
                let encoded = encode(item, &space)
                defined.append(encoded.defined)
                guard let term = encoded.term, let number = SMT.constant(term) else {
                    return opaque(expr, &space)
                }
                members[number] = "true"
            }
            return Symbolic(defined: SMT.and(defined), value: .members(members))
        case .not(let operand):
            let inner = encode(operand, &space)
            return Symbolic(defined: inner.defined, value: .term(SMT.not(inner.term ?? "false")))
        case .and(let left, let right), .or(let left, let right):
            let isAnd: Bool
            if case .and = expr { isAnd = true } else { isAnd = false }
            let l = encode(left, &space)
            let r = encode(right, &space)
            let lv = l.term ?? "false"
            let rv = r.term ?? "false"
            func holds(_ side: Symbolic, _ v: String) -> String {
                SMT.and([side.defined, isAnd ? SMT.not(v) : v])
            }
            let defined = SMT.or([SMT.and([l.defined, r.defined]), holds(l, lv), holds(r, rv)])
            let value =
                isAnd
                ? SMT.and([l.defined, lv, r.defined, rv])
                : SMT.or([SMT.and([l.defined, lv]), SMT.and([r.defined, rv])])
            return Symbolic(
                defined: space.script.define("\(side)d", "Bool", defined),
                value: .term(space.script.define("\(side)v", "Bool", value)))
        case .coalesce(let left, let right):
            let l = encode(left, &space)
            let r = encode(right, &space)
            let defined = SMT.or([l.defined, r.defined])
            switch (l.value, r.value) {
            case (.term(let a), .term(let b)):
                return Symbolic(defined: defined, value: .term(SMT.ite(l.defined, a, b)))
            case (.members(let a), .members(let b)):
                var members: [Int64: String] = [:]
                for key in Set(a.keys).union(b.keys) {
                    members[key] = SMT.ite(l.defined, a[key] ?? "false", b[key] ?? "false")
                }
                return Symbolic(defined: defined, value: .members(members))
            default:
                return opaque(expr, &space)
            }
        case .presence(let operand, let present):
            let inner = encode(operand, &space)
            return Symbolic(
                defined: "true", value: .term(present ? inner.defined : SMT.not(inner.defined)))
        case .under(let operand, let category):
            let inner = encode(operand, &space)
            guard let term = inner.term else { return opaque(expr, &space) }
            let below = (space.symbols["category"] ?? []).filter {
                book.category($0, isUnder: category)
            }
            let value = SMT.or(below.map { SMT.equal(term, String(space.symbol("category", $0))) })
            return Symbolic(defined: inner.defined, value: .term(value))
        case .mentions(let operand, let mode, let phrases, _):
            let inner = encode(operand, &space)
            guard case .text(let path) = inner.value, case .field = operand else {
                // The evaluator reads anything but a text field's own value as a fresh text,
                // and an absent one as mentioning nothing.
                return Symbolic(defined: "true", value: .term(space.opaque(expr.text, "Bool")))
            }
            let flags = phrases.map { space.phrase(path, $0) }
            let value = mode == .all ? (flags.isEmpty ? "false" : SMT.and(flags)) : SMT.or(flags)
            return Symbolic(defined: inner.defined, value: .term(value))
        case .compare(let op, let left, let right):
            if let kind = referralKind(op, left, right, &space) { return kind }
            let l = encode(left, &space)
            let r = encode(right, &space)
            guard let value = compare(op, l.value, r.value) else { return opaque(expr, &space) }
            return Symbolic(defined: SMT.and([l.defined, r.defined]), value: .term(value))
        case .call(let builtin, let arguments):
            let encoded = arguments.map { encode($0, &space) }
            let defined = SMT.and(encoded.map(\.defined))
            if builtin == .count, case .members(let members)? = encoded.first?.value {
                let terms = members.keys.sorted().map { "(ite \(members[$0]!) 1 0)" }
                let sum =
                    terms.isEmpty
                    ? "0" : terms.count == 1 ? terms[0] : "(+ \(terms.joined(separator: " ")))"
                return Symbolic(defined: defined, value: .term(sum))
            }
            return Symbolic(defined: defined, value: .term(space.opaque(expr.text, "Int")))
        }
    }

    private func opaque(_ expr: TypedExpr, _ space: inout CaseSpace) -> Symbolic {
        let sort = expr.type == .bool ? "Bool" : "Int"
        var reads: [String] = []
        Self.collectFields(expr, into: &reads)
        let defined = SMT.and(reads.map { field($0, &space).defined })
        return Symbolic(defined: defined, value: .term(space.opaque(expr.text, sort)))
    }

    static func collectFields(_ expr: TypedExpr, into paths: inout [String]) {
        switch expr {
        case .field(_, let path, _): paths.append(path)
        case .constant: break
        case .list(let items, _): items.forEach { Self.collectFields($0, into: &paths) }
        case .not(let e), .under(let e, _), .mentions(let e, _, _, _):
            Self.collectFields(e, into: &paths)
        case .presence: break
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b),
            .coalesce(let a, let b):
            Self.collectFields(a, into: &paths)
            Self.collectFields(b, into: &paths)
        case .call(_, let arguments): arguments.forEach { Self.collectFields($0, into: &paths) }
        }
    }

    private func constant(
        _ value: Value, _ type: ValueType, _ space: inout CaseSpace
    ) -> Symbolic.Value {
        switch value {
        case .bool(let b): return .term(b ? "true" : "false")
        case .int(let n), .money(let n), .date(let n): return .term(SMT.int(n))
        case .datetime(let instant): return .term(SMT.int(instant.secondsSinceEpoch))
        case .duration(let unit, let amount, _): return .term(SMT.int(unit.seconds(amount)))
        case .symbol(let id):
            guard let kind = CaseSpace.kind(of: type) else { return .other(id) }
            return .term(String(space.symbol(kind, id)))
        case .set(let items):
            var members: [Int64: String] = [:]
            for item in items {
                var element = type
                if case .set(let inner) = type { element = inner }
                guard case .term(let term) = constant(item, element, &space),
                    let number = SMT.constant(term)
                else { return .other(value.description) }
                members[number] = "true"
            }
            return .members(members)
        case .text(let text): return .other(text)
        }
    }

    /// `nil` when the model does not follow the comparison (texts, durations of a field).
    private func compare(_ op: BinaryOperator, _ a: Symbolic.Value, _ b: Symbolic.Value) -> String?
    {
        switch (op, a, b) {
        case (.isEqual, .term(let x), .term(let y)): return SMT.equal(x, y)
        case (.isNotEqual, .term(let x), .term(let y)): return SMT.not(SMT.equal(x, y))
        case (.isEqual, .members(let x), .members(let y)),
            (.isNotEqual, .members(let x), .members(let y)):
            let same = SMT.and(
                Set(x.keys).union(y.keys).sorted().map { key in
                    SMT.equal(x[key] ?? "false", y[key] ?? "false")
                })
            return op == .isEqual ? same : SMT.not(same)
        case (.less, .term(let x), .term(let y)): return "(< \(x) \(y))"
        case (.lessEqual, .term(let x), .term(let y)): return "(<= \(x) \(y))"
        case (.greater, .term(let x), .term(let y)): return "(> \(x) \(y))"
        case (.greaterEqual, .term(let x), .term(let y)): return "(>= \(x) \(y))"
        case (.isIn, .term(let x), .members(let set)), (.notIn, .term(let x), .members(let set)):
            let found = SMT.or(
                set.keys.sorted().map { SMT.and([set[$0]!, SMT.equal(x, SMT.int($0))]) })
            return op == .isIn ? found : SMT.not(found)
        case (.contains, .members(let set), .term(let x)):
            return SMT.or(set.keys.sorted().map { SMT.and([set[$0]!, SMT.equal(x, SMT.int($0))]) })
        case (.intersects, .members(let x), .members(let y)):
            return SMT.or(
                Set(x.keys).intersection(y.keys).sorted().map { SMT.and([x[$0]!, y[$0]!]) })
        default: return nil
        }
    }
}
