extension Plan {
    /// Compiles a resolved rulebook. Pure and deterministic; cost grows linearly with the rules.
    package init(_ book: Rulebook) {
        var builder = Builder(book: book)
        builder.build()
        rulebook = book
        symbols = builder.symbols
        predicates = builder.predicates
        constants = builder.constants
        categoryCount = book.categories.count
        categoryTree = builder.categoryTree
        rules = builder.rules
        trees = builder.trees
        groups = builder.groups
        buckets = builder.buckets
        filters = builder.filters
        valueIndex = builder.valueIndex
        candidates = builder.candidates
        filterBits = builder.filterBits
        outcomes = builder.outcomes
        fallbacks = builder.fallbacks
        parts = builder.parts
        copyLists = builder.copyLists
        var names = [String](repeating: "", count: builder.symbols.count)
        for (name, id) in builder.symbols { names[Int(id)] = name }
        self.names = names
        defaultLadder =
            book.defaultLadder.flatMap { id in book.ladders.firstIndex { $0.id == id } } ?? -1
        defaultCalendar = book.defaultCalendar.flatMap { book.calendars[$0] }
        mentionSlots = builder.mentionMatchers
        textSlots = book.fields.indices.filter { book.fields[$0].type == .text }
        setSlots = book.fields.indices.filter {
            if case .set = book.fields[$0].type { return true } else { return false }
        }
        ladders = builder.ladders
        slotCount = book.fields.count
        statusSlot = book.fieldIndex["status"]
        opened = book.fieldIndex["opened"]
        referred = book.fieldIndex["referred"]
        identity = Identity()
    }

    struct Builder {
        let book: Rulebook
        var symbols: [String: Int64] = [:]
        var predicates: [Predicate] = []
        var constants: [Int64] = []
        var categoryTree = CategoryTree()
        var rules: [CompiledRule] = []
        var trees: [Node] = []
        var groups: [CompiledGroup] = []
        var buckets: [Bucket] = []
        var filters: [Filter] = []
        var valueIndex: [Int32] = []
        var candidates: [Int32] = []
        var filterBits: [UInt64] = []
        var outcomes: [OutcomeSummary] = []
        var fallbacks: [OutcomeSummary?] = []
        var parts: [[CompiledPart]] = []
        var copyLists: [[Int64]] = []
        var mentionPhrases: [Int: [String]] = [:]
        var mentionMatchers: [Int: PhraseMatcher] = [:]
        var ladders: [CompiledLadder] = []

        init(book: Rulebook) { self.book = book }

        mutating func intern(_ text: String) -> Int64 {
            if let id = symbols[text] { return id }
            let id = Int64(symbols.count)
            symbols[text] = id
            return id
        }

        mutating func build() {
            // Categories take ids 0..<n so the hierarchy can be indexed by id.
            for category in book.categories { _ = intern(category.id) }
            categoryTree =
                book.categoryTree.covers(book.categories.count)
                ? book.categoryTree
                : CategoryTree(
                    parents: book.categories.map { $0.parent.flatMap { book.categoryIndex[$0] } })
            for agency in book.agencies { _ = intern(agency.id) }
            for county in book.counties { _ = intern(county.id) }
            for enumeration in book.enumerations { enumeration.values.forEach { _ = intern($0) } }
            for priority in Priority.allCases { _ = intern(priority.name) }

            // Mention phrases are gathered first so every text slot gets one matcher.
            for group in book.groups {
                for rule in group.rules {
                    collectMentions(rule.condition)
                    rule.outcome.conditional.forEach { collectMentions($0.condition) }
                }
                group.fallback?.conditional.forEach { collectMentions($0.condition) }
            }
            for ladder in book.ladders {
                for level in ladder.levels { if let c = level.condition { collectMentions(c) } }
            }
            for (slot, phrases) in mentionPhrases {
                mentionMatchers[slot] = PhraseMatcher(phrases: phrases)
            }

            for (g, group) in book.groups.enumerated() {
                let first = Int32(rules.count)
                for (r, rule) in group.rules.enumerated() {
                    let start = Int32(predicates.count)
                    var tree: Int32 = -1
                    if !flatten(rule.condition) {
                        predicates.removeSubrange(Int(start)...)
                        tree = Int32(trees.count)
                        trees.append(node(rule.condition))
                    }
                    rules.append(
                        CompiledRule(
                            group: Int32(g), index: Int32(r), validFrom: rule.validFrom ?? .min,
                            validUntil: rule.validUntil ?? .max,
                            start: start, end: Int32(predicates.count), tree: tree,
                            priority: rule.outcome.conditional.contains {
                                if case .priority = $0.kind { true } else { false }
                            } ? -1 : rule.outcome.priority?.rawValue ?? 99))
                    outcomes.append(summary(rule.outcome))
                }
                fallbacks.append(group.fallback.map { summary($0) })
                groups.append(
                    CompiledGroup(
                        policy: group.policy, first: first, count: Int32(group.rules.count),
                        indexSlot: -1, indexTable: 0,
                        bucketStart: 0, bucketCount: 0, filterStart: 0, filterCount: 0))
            }
            for ladder in book.ladders {
                var levels: [CompiledLevel] = []
                for level in ladder.levels {
                    var afterSeconds: Int64? = 0
                    var working: DurationLiteral?
                    if let after = level.after {
                        if after.working {
                            working = after; afterSeconds = nil
                        } else {
                            afterSeconds =
                                Value.duration(after.unit, amount: after.amount, working: false)
                                .ordinal
                        }
                    }
                    let anchor: Int
                    switch level.anchor {
                    case .sla: anchor = -1
                    case .field(let slot, _): anchor = slot
                    }
                    let raise = level.actions.compactMap {
                        $0.kind == .raisePriority ? Priority(word: $0.target) : nil
                    }.min()
                    levels.append(
                        CompiledLevel(
                            afterSeconds: afterSeconds, working: working, anchorSlot: anchor,
                            condition: level.condition.map { node($0) }, raise: raise))
                }
                ladders.append(
                    CompiledLadder(
                        id: ladder.id, levels: levels, pauses: !ladder.pauseWhile.isEmpty,
                        stopStatuses: ladder.stopWhen.map { intern($0) },
                        calendar: book.calendars[ladder.calendar],
                        hasWorkingLevels: levels.contains { $0.working != nil },
                        hasTargetClocks: ladder.hasTargetClocks))
            }
            // Last, once every symbol is interned, so each lookup table covers them all.
            for g in groups.indices { index(group: g) }
        }

        mutating func summary(_ outcome: ResolvedOutcome) -> OutcomeSummary {
            var result = OutcomeSummary()
            switch outcome.referTo {
            case .agency(let id)?: result.agency = intern(id)
            case .field(let slot, _)?: result.agencySlot = slot
            case nil: break
            }
            result.priority = outcome.priority?.rawValue ?? 0
            result.sla = outcome.sla?.clockAmount
            result.targets =
                !outcome.targets.isEmpty
                || outcome.conditional.contains {
                    if case .target = $0.kind { true } else { false }
                }
            result.ladder =
                outcome.ladder.flatMap { id in book.ladders.firstIndex { $0.id == id } } ?? -1
            if !outcome.copies.isEmpty {
                result.copies = Int32(copyLists.count)
                copyLists.append(outcome.copies.map { intern($0) })
            }
            if !outcome.conditional.isEmpty {
                result.parts = Int32(parts.count)
                parts.append(
                    outcome.conditional.map { part in
                        var compiled = CompiledPart(kind: .copy, condition: node(part.condition))
                        switch part.kind {
                        case .copy(let agencies): compiled.copies = agencies.map { intern($0) }
                        case .priority(let p):
                            compiled.kind = .priority; compiled.priority = p.rawValue
                        case .sla(let d): compiled.kind = .sla; compiled.sla = d.clockAmount
                        case .because: compiled.kind = .because
                        case .target: compiled.kind = .target
                        }
                        return compiled
                    })
            }
            return result
        }

        mutating func collectMentions(_ expr: TypedExpr) {
            switch expr {
            case .mentions(.field(let slot, _, _), _, let phrases, _):
                for phrase in phrases where !(mentionPhrases[slot]?.contains(phrase) ?? false) {
                    mentionPhrases[slot, default: []].append(phrase)
                }
            case .not(let e), .presence(let e, _), .under(let e, _), .mentions(let e, _, _, _):
                collectMentions(e)
            case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b),
                .coalesce(let a, let b):
                collectMentions(a)
                collectMentions(b)
            case .list(let items, _): items.forEach { collectMentions($0) }
            case .call(_, let arguments): arguments.forEach { collectMentions($0) }
            case .constant, .field: break
            }
        }

        /// The 64-bit form of a constant, or nil for values that have none (sets).
        mutating func encode(_ value: Value) -> Int64? {
            switch value {
            case .int(let v), .money(let v), .date(let v): v
            case .datetime(let instant): instant.secondsSinceEpoch
            case .bool(let b): b ? 1 : 0
            case .symbol(let s), .text(let s): intern(s)
            case .duration: value.ordinal
            case .set: nil
            }
        }

        static func op(_ op: BinaryOperator) -> Predicate.Op? {
            switch op {
            case .isEqual: .eq
            case .isNotEqual: .ne
            case .less: .lt
            case .lessEqual: .le
            case .greater: .gt
            case .greaterEqual: .ge
            default: nil
            }
        }

        static func mirrored(_ op: Predicate.Op) -> Predicate.Op {
            switch op {
            case .lt: .gt
            case .le: .ge
            case .gt: .lt
            case .ge: .le
            default: op
            }
        }

        static func negated(_ op: Predicate.Op) -> Predicate.Op {
            switch op {
            case .eq: .ne
            case .ne: .eq
            case .lt: .ge
            case .le: .gt
            case .gt: .le
            case .ge: .lt
            }
        }

        static func isScalar(_ type: ValueType) -> Bool {
            switch type {
            case .set, .emptySet: false
            default: true
            }
        }

        /// Appends the predicates of a flat conjunction; false when `expr` is not one.
        mutating func flatten(_ expr: TypedExpr, negate: Bool = false) -> Bool {
            func add(
                _ kind: Predicate.Kind, _ op: Predicate.Op, _ slot: Int, offset: Int = 0,
                count: Int = 0, operand: Int64 = 0
            ) -> Bool {
                predicates.append(
                    Predicate(
                        kind: kind, op: op, slot: Int32(slot), offset: Int32(offset),
                        count: Int32(count), operand: operand))
                return true
            }
            let sign: Predicate.Op = negate ? .ne : .eq
            switch expr {
            case .and(let a, let b) where !negate:
                return flatten(a) && flatten(b)
            case .not(let inner):
                // A negated single test stays one predicate; Kleene `not` keeps undecided undecided.
                let before = predicates.count
                guard flatten(inner, negate: !negate), predicates.count == before + 1 else {
                    return false
                }
                return true
            case .field(let slot, _, .bool):
                return add(.compare, negate ? .ne : .eq, slot, operand: 1)
            case .constant(.bool(let b), _):
                return add(.constant, .eq, 0, operand: (b != negate) ? 1 : 0)
            case .compare(let binary, .field(let slot, _, let type), .constant(let value, _))
            where Builder.isScalar(type):
                guard var op = Builder.op(binary), let k = encode(value) else { break }
                if negate { op = Builder.negated(op) }
                return add(.compare, op, slot, operand: k)
            case .compare(let binary, .constant(let value, _), .field(let slot, _, let type))
            where Builder.isScalar(type):
                guard var op = Builder.op(binary), let k = encode(value) else { break }
                op = Builder.mirrored(op)
                if negate { op = Builder.negated(op) }
                return add(.compare, op, slot, operand: k)
            case .compare(let binary, .field(let slot, _, let type), .list(let items, _))
            where (binary == .isIn || binary == .notIn) && Builder.isScalar(type):
                var values: [Int64] = []
                for item in items {
                    guard case .constant(let value, _) = item, let k = encode(value) else {
                        return false
                    }
                    values.append(k)
                }
                let offset = constants.count
                constants += values
                let positive = (binary == .isIn) != negate
                return add(.inList, positive ? .eq : .ne, slot, offset: offset, count: values.count)
            case .compare(.contains, .field(let slot, _, _), .constant(let value, _)):
                guard let k = encode(value) else { break }
                return add(.setContains, sign, slot, operand: k)
            case .under(.field(let slot, _, _), let category):
                guard let ancestor = book.categoryIndex[category] else { break }
                return add(.under, sign, slot, offset: ancestor)
            case .presence(.field(let slot, _, _), let present):
                return add(present != negate ? .present : .absent, .eq, slot)
            case .mentions(.field(let slot, _, _), let mode, let phrases, _):
                guard let all = mentionPhrases[slot] else { break }
                let offset = constants.count
                for phrase in phrases { constants.append(Int64(all.firstIndex(of: phrase)!)) }
                return add(
                    mode == .all ? .mentionsAll : .mentionsAny, sign, slot, offset: offset,
                    count: phrases.count)
            default:
                break
            }
            return false
        }

        mutating func node(_ expr: TypedExpr) -> Node {
            let start = predicates.count
            if flatten(expr) { return .flat(Int32(start), Int32(predicates.count)) }
            predicates.removeSubrange(start...)
            switch expr {
            case .and(let a, let b): return .and([node(a), node(b)])
            case .or(let a, let b): return .or([node(a), node(b)])
            case .not(let inner): return .not(node(inner))
            default: return .tree(expr)
            }
        }

        /// The ids a symbolic type can take.
        func domain(of type: ValueType) -> [Int64] {
            let ids: [String]
            switch type {
            case .category: ids = book.categories.map(\.id)
            case .agency: ids = book.agencies.map(\.id)
            case .county: ids = book.counties.map(\.id)
            case .priority: ids = Priority.allCases.map(\.name)
            case .enumeration(let name): ids = book.enumeration(name)?.values ?? []
            default: ids = []
            }
            return Array(Set(ids.compactMap { symbols[$0] }))
        }
    }
}
