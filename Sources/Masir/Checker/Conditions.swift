/// Exact reasoning about when rule conditions are true, over the finite domains (booleans, enums,
/// categories with their hierarchy, counties, agencies) and integer intervals (numbers, money,
/// dates, instants) of the language. A condition becomes a union of boxes; a box constrains each
/// field to a set of values, where "absent" is one more value. Conditions that use what cannot be
/// decided this way (`mentions`, sets, functions, `??`, field-to-field comparisons) give nil.
struct Conditions {
    let book: Rulebook
    /// Every field's universe, worked out once: a category field's is as large as the hierarchy.
    private let universes: [Domain?]
    /// The work `uncovered` may still do, shared by every question one analysis asks.
    let budget: AnalysisBudget
    /// The most boxes one condition may expand to before the analysis gives up on it.
    static let boxLimit = 512

    init(book: Rulebook, budget: AnalysisBudget = AnalysisBudget()) {
        self.book = book
        self.budget = budget
        universes = book.fields.indices.map { Conditions.universe($0, of: book) }
    }

    /// The values a field may take in one box.
    enum Domain: Hashable {
        /// Symbol ids from the field's finite universe; `absent` tracked separately.
        case symbols(Set<String>, absent: Bool)
        /// Disjoint, sorted, closed integer intervals; `absent` tracked separately.
        case intervals([ClosedRange<Int64>], absent: Bool)

        var isEmpty: Bool {
            switch self {
            case .symbols(let s, let absent): s.isEmpty && !absent
            case .intervals(let i, let absent): i.isEmpty && !absent
            }
        }

        var allowsAbsent: Bool {
            switch self {
            case .symbols(_, let a), .intervals(_, let a): a
            }
        }
    }

    typealias Box = [Int: Domain]

    // MARK: - Universes

    /// Every value a field can take in a valid case.
    func universe(_ slot: Int) -> Domain? {
        universes.indices.contains(slot) ? universes[slot] : nil
    }

    private static func universe(_ slot: Int, of book: Rulebook) -> Domain? {
        let field = book.fields[slot]
        let absent = field.mayBeAbsent || (field.inferFrom != nil && field.defaultValue == nil)
        switch field.type {
        case .bool: return .symbols(["yes", "no"], absent: absent)
        case .category: return .symbols(Set(book.categories.map(\.id)), absent: absent)
        case .county: return .symbols(Set(book.counties.map(\.id)), absent: absent)
        case .agency: return .symbols(Set(book.agencies.map(\.id)), absent: absent)
        case .priority: return .symbols(Set(Priority.allCases.map(\.name)), absent: absent)
        case .enumeration(let id):
            return .symbols(Set(book.enumeration(id)?.values ?? []), absent: absent)
        case .int, .money, .date, .datetime:
            return .intervals([Int64.min...Int64.max], absent: absent)
        default: return nil
        }
    }

    func intersect(_ a: Domain, _ b: Domain) -> Domain {
        switch (a, b) {
        case (.symbols(let x, let ax), .symbols(let y, let ay)):
            return .symbols(x.intersection(y), absent: ax && ay)
        case (.intervals(let x, let ax), .intervals(let y, let ay)):
            var result: [ClosedRange<Int64>] = []
            for r in x {
                for s in y where r.overlaps(s) {
                    result.append(max(r.lowerBound, s.lowerBound)...min(r.upperBound, s.upperBound))
                }
            }
            return .intervals(result.sorted { $0.lowerBound < $1.lowerBound }, absent: ax && ay)
        default:
            return .symbols([], absent: false)
        }
    }

    func subtract(_ a: Domain, _ b: Domain) -> Domain {
        switch (a, b) {
        case (.symbols(let x, let ax), .symbols(let y, let ay)):
            return .symbols(x.subtracting(y), absent: ax && !ay)
        case (.intervals(let x, let ax), .intervals(let y, let ay)):
            var pieces = x
            for s in y {
                var next: [ClosedRange<Int64>] = []
                for r in pieces {
                    guard r.overlaps(s) else { next.append(r); continue }
                    if r.lowerBound < s.lowerBound {
                        next.append(r.lowerBound...(s.lowerBound - 1))
                    }
                    if r.upperBound > s.upperBound {
                        next.append((s.upperBound + 1)...r.upperBound)
                    }
                }
                pieces = next
            }
            return .intervals(pieces, absent: ax && !ay)
        default:
            return a
        }
    }

    func isSubset(_ a: Domain, _ b: Domain) -> Bool { subtract(a, b).isEmpty }

    /// Whether two domains share a value, without building their intersection.
    func meets(_ a: Domain, _ b: Domain) -> Bool {
        switch (a, b) {
        case (.symbols(let x, let ax), .symbols(let y, let ay)):
            return (ax && ay) || !x.isDisjoint(with: y)
        case (.intervals(let x, let ax), .intervals(let y, let ay)):
            return (ax && ay) || x.contains { r in y.contains { r.overlaps($0) } }
        default:
            return false
        }
    }

    /// Whether two boxes share a case: `intersect(a, b) != nil`, without building it.
    func meets(_ a: Box, _ b: Box) -> Bool {
        for (slot, domain) in b {
            if let other = a[slot], !meets(other, domain) { return false }
            if a[slot] == nil, domain.isEmpty { return false }
        }
        return true
    }

    func intersect(_ a: Box, _ b: Box) -> Box? {
        var result = a
        for (slot, domain) in b {
            let merged = result[slot].map { intersect($0, domain) } ?? domain
            if merged.isEmpty { return nil }
            result[slot] = merged
        }
        return result
    }

    // MARK: - Conditions to boxes

    /// The boxes in which `expr` is true, or nil when the analysis cannot decide it.
    func boxes(_ expr: TypedExpr, negated: Bool = false) -> [Box]? {
        switch expr {
        case .and(let a, let b):
            return negated
                ? union(boxes(a, negated: true), boxes(b, negated: true))
                : product(boxes(a), boxes(b))
        case .or(let a, let b):
            return negated
                ? product(boxes(a, negated: true), boxes(b, negated: true))
                : union(boxes(a), boxes(b))
        case .not(let inner):
            return boxes(inner, negated: !negated)
        case .constant(.bool(let value), _):
            return value != negated ? [[:]] : []
        default:
            guard let (slot, domain) = atom(expr), let universe = universe(slot) else { return nil }
            var present = universe
            switch present {
            case .symbols(let s, _): present = .symbols(s, absent: false)
            case .intervals(let i, _): present = .intervals(i, absent: false)
            }
            // A negated test is true only where the field is present and the test is false
            // (Kleene `not` keeps "undecided" undecided), except for presence tests themselves.
            let result: Domain
            if case .presence = expr {
                // `x is absent` is never true of a field that always has a value.
                result = negated ? subtract(universe, domain) : intersect(domain, universe)
            } else {
                result = negated ? subtract(present, domain) : intersect(domain, present)
            }
            return result.isEmpty ? [] : [[slot: result]]
        }
    }

    func union(_ a: [Box]?, _ b: [Box]?) -> [Box]? {
        guard let a, let b, a.count + b.count <= Conditions.boxLimit else { return nil }
        return a + b
    }

    func product(_ a: [Box]?, _ b: [Box]?) -> [Box]? {
        guard let a, let b, a.count * b.count <= Conditions.boxLimit * 4 else { return nil }
        var result: [Box] = []
        for x in a { for y in b { if let z = intersect(x, y) { result.append(z) } } }
        return result.count <= Conditions.boxLimit ? result : nil
    }

    /// A single test of one field, as the set of values for which it is true.
    func atom(_ expr: TypedExpr) -> (Int, Domain)? {
        switch expr {
        case .field(let slot, _, .bool):
            return (slot, .symbols(["yes"], absent: false))
        case .presence(.field(let slot, _, _), let present):
            guard let universe = universe(slot) else { return nil }
            switch universe {
            case .symbols(let s, _):
                return (slot, present ? .symbols(s, absent: false) : .symbols([], absent: true))
            case .intervals(let i, _):
                return (slot, present ? .intervals(i, absent: false) : .intervals([], absent: true))
            }
        case .under(.field(let slot, _, _), let category):
            return (
                slot,
                .symbols(Set(book.categoryIDs(under: category)), absent: false)
            )
        case .compare(.isIn, .field(let slot, _, _), .list(let items, _)),
            .compare(.notIn, .field(let slot, _, _), .list(let items, _)):
            var values: [Value] = []
            for item in items {
                guard case .constant(let v, _) = item else { return nil }
                values.append(v)
            }
            guard let domain = domain(slot, values), let universe = universe(slot) else {
                return nil
            }
            if case .compare(.notIn, _, _) = expr {
                return (slot, subtract(presentPart(universe), domain))
            }
            return (slot, domain)
        case .compare(let op, .constant(let value, let t), .field(let slot, let path, let type)):
            let mirror: BinaryOperator =
                switch op {
                case .less: .greater
                case .lessEqual: .greaterEqual
                case .greater: .less
                case .greaterEqual: .lessEqual
                default: op
                }
            return atom(
                .compare(mirror, .field(slot: slot, path: path, type: type), .constant(value, t)))
        case .compare(let op, .field(let slot, _, _), .constant(let value, _)):
            guard let universe = universe(slot) else { return nil }
            if case .symbols = universe {
                guard let single = domain(slot, [value]) else { return nil }
                switch op {
                case .isEqual: return (slot, single)
                case .isNotEqual: return (slot, subtract(presentPart(universe), single))
                default: return nil
                }
            }
            guard let k = Conditions.number(value) else { return nil }
            let range: [ClosedRange<Int64>]
            switch op {
            case .isEqual: range = [k...k]
            case .isNotEqual:
                range =
                    (k == .min ? [] : [Int64.min...(k - 1)])
                    + (k == .max ? [] : [(k + 1)...Int64.max])
            case .less: range = k == .min ? [] : [Int64.min...(k - 1)]
            case .lessEqual: range = [Int64.min...k]
            case .greater: range = k == .max ? [] : [(k + 1)...Int64.max]
            case .greaterEqual: range = [k...Int64.max]
            default: return nil
            }
            return (slot, .intervals(range, absent: false))
        default:
            return nil
        }
    }

    func presentPart(_ domain: Domain) -> Domain {
        switch domain {
        case .symbols(let s, _): .symbols(s, absent: false)
        case .intervals(let i, _): .intervals(i, absent: false)
        }
    }

    func domain(_ slot: Int, _ values: [Value]) -> Domain? {
        guard let universe = universe(slot) else { return nil }
        switch universe {
        case .symbols:
            var set = Set<String>()
            for value in values {
                switch value {
                case .symbol(let s): set.insert(s)
                case .bool(let b): set.insert(b ? "yes" : "no")
                default: return nil
                }
            }
            return .symbols(set, absent: false)
        case .intervals:
            let numbers = values.compactMap(Conditions.number)
            guard numbers.count == values.count else { return nil }
            return .intervals(numbers.sorted().map { $0...$0 }, absent: false)
        }
    }

    static func number(_ value: Value) -> Int64? {
        switch value {
        case .int(let v), .money(let v), .date(let v): v
        case .datetime(let instant): instant.secondsSinceEpoch
        default: nil
        }
    }

    // MARK: - Coverage

    /// A part of `box` that no box of `cover` contains (a counter-example region), or nil when
    /// `cover` covers it all. Splits the box along the covering boxes' constraints, so the answer
    /// is exact; `budget` bounds the steps of this question, and the analysis' `AnalysisBudget`
    /// the boxes compared in all (nil, undecided, once either runs out).
    func uncovered(_ box: Box, by cover: [Box], budget: inout Int) -> Box?? {
        budget -= 1
        if budget < 0 || !self.budget.spend(cover.count) { return nil }
        let relevant = cover.filter { meets(box, $0) }
        if relevant.isEmpty { return .some(box) }
        // A covering box that contains this one entirely settles it.
        for b in relevant
        where b.allSatisfy({ slot, domain in isSubset(box[slot] ?? universe(slot)!, domain) }) {
            return .some(nil)
        }
        // Split along the first constraint that cuts the box (fields in schema order, so the
        // counter-example reported is the same from run to run).
        for b in relevant {
            for slot in b.keys.sorted() {
                let domain = b[slot]!
                let current = box[slot] ?? universe(slot)!
                let inside = intersect(current, domain)
                let outside = subtract(current, domain)
                guard !inside.isEmpty, !outside.isEmpty else { continue }
                var first = box, second = box
                first[slot] = inside
                second[slot] = outside
                // The parts of the box meet only the covering boxes that meet the box.
                guard let a = uncovered(first, by: relevant, budget: &budget) else { return nil }
                if let found = a { return .some(found) }
                return uncovered(second, by: relevant, budget: &budget)
            }
        }
        return .some(nil)
    }
}
