extension Plan.Builder {
    typealias Predicate = Plan.Predicate

    /// Whether a predicate depends only on one symbolic or yes/no slot's value, so which values
    /// let it hold can be tabulated.
    func isIndexable(_ p: Predicate, _ kinds: [SlotKind]) -> Bool {
        switch p.kind {
        case .under, .inList: return kinds[Int(p.slot)] == .symbolic
        case .compare: return (p.op == .eq || p.op == .ne) && kinds[Int(p.slot)] != .other
        default: return false
        }
    }

    enum SlotKind { case symbolic, bool, other }

    var slotKinds: [SlotKind] {
        book.fields.map { $0.type.isSymbolic ? .symbolic : $0.type == .bool ? .bool : .other }
    }

    /// Whether an indexable test holds when its slot has `value`.
    func holds(_ p: Predicate, value: Int64) -> Bool {
        let n = Int64(book.categories.count)
        switch p.kind {
        case .compare: return (value == p.operand) == (p.op == .eq)
        case .under:
            let inside =
                value >= 0 && value < n && categoryTree.contains(Int(value), under: Int(p.offset))
            return inside == (p.op == .eq)
        case .inList:
            return constants[Int(p.offset)..<Int(p.offset + p.count)].contains(value)
                == (p.op == .eq)
        default: return true
        }
    }

    /// The only values for which an indexable test can hold, when the test names them (`is`,
    /// `under`, `in` without `not`); nil when it holds for values it does not name.
    func namedValues(_ p: Predicate) -> [Int64]? {
        switch p.kind {
        case .compare where p.op == .eq: return [p.operand]
        case .under where p.op == .eq:
            let category = Int(p.offset)
            guard category >= 0, category < book.categories.count else { return [] }
            return categoryTree.subtree(category).map { Int64($0) }
        case .inList where p.op == .eq:
            return Array(constants[Int(p.offset)..<Int(p.offset + p.count)])
        default: return nil
        }
    }

    /// Per slot in `slots`, the mask of the dense values (`values[i]`) for which every indexable
    /// test of the rule on that slot holds. A rule whose mask misses a case's value is false for
    /// that case, not undecided, since one false conjunct decides a conjunction.
    func admitted(
        rule number: Int, slots: [Int32], values: [[Int64]], kinds: [SlotKind],
        into masks: inout [UInt64]
    ) {
        for list in values {
            masks.append(list.count >= 64 ? UInt64.max : (1 << UInt64(list.count)) - 1)
        }
        let rule = rules[number]
        guard rule.tree < 0, !slots.isEmpty else { return }
        let base = masks.count - slots.count
        for p in predicates[Int(rule.start)..<Int(rule.end)] where isIndexable(p, kinds) {
            guard let f = slots.firstIndex(of: p.slot) else { continue }
            for (v, value) in values[f].enumerated() where !holds(p, value: value) {
                masks[base + f] &= ~(1 << UInt64(v))
            }
        }
    }

    /// The dense values of a slot (its type's ids; 0 and 1 for yes/no) and a lookup table from
    /// a clamped value to its dense number, with `values.count` for anything else.
    mutating func table(for slot: Int32) -> (offset: Int32, values: [Int64]) {
        let type = book.fields[Int(slot)].type
        let values = type == .bool ? [0, 1] : domain(of: type).sorted()
        let offset = Int32(valueIndex.count)
        var lookup = [Int32](repeating: Int32(values.count), count: symbols.count + 1)
        for (i, v) in values.enumerated() where v < Int64(lookup.count) {
            lookup[Int(v)] = Int32(i)
        }
        valueIndex += lookup
        // One value that no test names stands for every unknown one.
        return (offset, values + [Int64(symbols.count)])
    }

    /// Buckets group `g` on its most tested symbolic slot, adds bitset filters for the next most
    /// tested ones, and puts each rule's tests on those slots last, since the filters have
    /// usually settled them.
    mutating func index(group g: Int) {
        let first = Int(groups[g].first), count = Int(groups[g].count)
        let kinds = slotKinds
        // Rules testing each slot (a rule testing a slot twice counts once).
        var tested = [Int](repeating: 0, count: kinds.count)
        var lastRule = [Int](repeating: -1, count: kinds.count)
        for number in first..<(first + count) where rules[number].tree < 0 {
            for p in predicates[Int(rules[number].start)..<Int(rules[number].end)]
            where isIndexable(p, kinds) && lastRule[Int(p.slot)] != number {
                lastRule[Int(p.slot)] = number
                tested[Int(p.slot)] += 1
            }
        }
        let ranked = tested.indices.filter { tested[$0] > 0 }.sorted {
            (tested[$0], -$0) > (tested[$1], -$1)
        }.map { Int32($0) }
        let bucketSlot = ranked.first { kinds[Int($0)] == .symbolic }
        var filterSlots: [Int32] = []
        for slot in ranked where slot != bucketSlot && filterSlots.count < Plan.maxFilters {
            if kinds[Int(slot)] == .bool || domain(of: book.fields[Int(slot)].type).count < 64 {
                filterSlots.append(slot)
            }
        }

        groups[g].filterStart = Int32(filters.count)
        var filterValues: [[Int64]] = []
        var row: Int32 = 0
        for slot in filterSlots {
            let (offset, values) = table(for: slot)
            filters.append(Plan.Filter(slot: slot, table: offset, row: row))
            filterValues.append(values)
            row += Int32(values.count)
        }
        groups[g].filterCount = Int32(filterSlots.count)

        // Which dense values of each filter slot every rule admits, as a mask.
        var masks: [UInt64] = []
        masks.reserveCapacity(count * filterSlots.count)
        for number in first..<(first + count) {
            admitted(
                rule: number, slots: filterSlots, values: filterValues, kinds: kinds, into: &masks)
        }

        var members: [[Int32]] = []
        if let bucketSlot {
            groups[g].indexSlot = bucketSlot
            let (offset, values) = table(for: bucketSlot)
            groups[g].indexTable = offset
            members = values.map { _ in [] }
            let dense = Dictionary(
                values.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            for number in first..<(first + count) {
                let tests =
                    rules[number].tree < 0
                    ? predicates[Int(rules[number].start)..<Int(rules[number].end)].filter {
                        $0.slot == bucketSlot && isIndexable($0, kinds)
                    } : []
                // A test naming its values bounds the rule's buckets to those, so a rule costs
                // what it names rather than every value of the slot.
                var named: [Int64]?
                for test in tests where named == nil { named = namedValues(test) }
                let candidates =
                    named.map { Set($0.compactMap { dense[$0] }).sorted() }
                    ?? Array(values.indices)
                for v in candidates where tests.allSatisfy({ holds($0, value: values[v]) }) {
                    members[v].append(Int32(number))
                }
            }
        }
        members.append((first..<(first + count)).map { Int32($0) })
        groups[g].bucketStart = Int32(buckets.count)
        groups[g].bucketCount = Int32(members.count)
        let rows = filterSlots.indices.map { Int(filters[Int(groups[g].filterStart) + $0].row) }
        for list in members {
            let words = (list.count + 63) / 64
            let bits = filterBits.count
            filterBits += [UInt64](repeating: 0, count: words * Int(row))
            filterBits.withUnsafeMutableBufferPointer { filterBits in
                for (position, number) in list.enumerated() {
                    let bit: UInt64 = 1 << UInt64(position % 64)
                    for f in filterSlots.indices {
                        var mask = masks[(Int(number) - first) * filterSlots.count + f]
                        while mask != 0 {
                            let v = mask.trailingZeroBitCount
                            mask &= mask - 1
                            filterBits[bits + (rows[f] + v) * words + position / 64] |= bit
                        }
                    }
                }
            }
            buckets.append(
                Plan.Bucket(
                    start: Int32(candidates.count), count: Int32(list.count), bits: bits,
                    words: Int32(words)))
            candidates += list
        }

        // Evaluation order inside a rule does not change its value (false wins over undecided),
        // so the tests most likely to fail go first and the indexed ones last.
        let indexed = Set(filterSlots + [bucketSlot].compactMap { $0 })
        func rank(_ p: Predicate) -> Int {
            if indexed.contains(p.slot) && isIndexable(p, kinds) { return 9 }
            switch p.kind {
            case .setContains, .mentionsAny, .mentionsAll: return 0
            case .compare where p.op == .eq: return 1
            case .inList, .under: return 2
            case .compare: return 3
            default: return 4
            }
        }
        // A stable insertion sort in place: runs are a handful of tests, and sorting copies cost more.
        var ordered = predicates
        for number in first..<(first + count)
        where rules[number].tree < 0 && rules[number].end - rules[number].start > 1 {
            let start = Int(rules[number].start), end = Int(rules[number].end)
            for i in (start + 1)..<end {
                let p = ordered[i]
                let r = rank(p)
                var j = i
                while j > start, rank(ordered[j - 1]) > r {
                    ordered[j] = ordered[j - 1]
                    j -= 1
                }
                ordered[j] = p
            }
        }
        predicates = ordered
    }
}
