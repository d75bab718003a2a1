extension Plan {
    // MARK: - Encoding cases

    /// Lays a decoded case out for this plan; done once per case, before any rule runs.
    public func encode(_ subject: Case) -> CompiledCase {
        var values = [Int64](repeating: 0, count: slotCount)
        var present = [Bool](repeating: false, count: slotCount)
        var sets = [[Int64]](repeating: [], count: slotCount)
        for slot in 0..<slotCount {
            guard let value = subject.values[slot] else { continue }
            present[slot] = true
            switch value {
            case .int(let v), .money(let v), .date(let v): values[slot] = v
            case .datetime(let instant): values[slot] = instant.secondsSinceEpoch
            case .bool(let b): values[slot] = b ? 1 : 0
            case .symbol(let s), .text(let s): values[slot] = symbols[s] ?? Int64(symbols.count)
            case .duration: values[slot] = value.ordinal ?? 0
            case .set(let items):
                sets[slot] = items.map { item in
                    switch item {
                    case .symbol(let s), .text(let s): symbols[s] ?? Int64(symbols.count)
                    default: item.ordinal ?? (item == .bool(true) ? 1 : 0)
                    }
                }
            }
        }
        var hits = [[Bool]](repeating: [], count: slotCount)
        for (slot, matcher) in mentionSlots {
            var row = [Bool](repeating: false, count: matcher.count)
            if let text = subject.normalized[slot] {
                for index in matcher.matches(in: text) { row[index] = true }
            }
            hits[slot] = row
        }
        return CompiledCase(values: values, present: present, hits: hits, sets: sets, source: subject)
    }

    // MARK: - Conditions

    /// 0 no, 1 yes, 2 undecided (a field it needs is absent).
    @inline(__always)
    func evaluateFlat(_ start: Int32, _ end: Int32, _ c: borrowing CompiledCase) -> UInt8 {
        var undecided = false
        return predicates.withUnsafeBufferPointer { preds in
            c.values.withUnsafeBufferPointer { values in
                c.present.withUnsafeBufferPointer { present in
                    var i = Int(start)
                    let stop = Int(end)
                    while i < stop {
                        let p = preds[i]
                        i += 1
                        let slot = Int(p.slot)
                        let holds: Bool
                        switch p.kind {
                        case .constant:
                            holds = p.k == 1
                        case .present:
                            holds = present[slot]
                        case .absent:
                            holds = !present[slot]
                        case .compare:
                            guard present[slot] else { undecided = true; continue }
                            let v = values[slot]
                            switch p.op {
                            case .eq: holds = v == p.k
                            case .ne: holds = v != p.k
                            case .lt: holds = v < p.k
                            case .le: holds = v <= p.k
                            case .gt: holds = v > p.k
                            case .ge: holds = v >= p.k
                            }
                        case .inList:
                            guard present[slot] else { undecided = true; continue }
                            let v = values[slot]
                            var found = false
                            for j in Int(p.aux)..<Int(p.aux + p.count) where constants[j] == v { found = true; break }
                            holds = found == (p.op == .eq)
                        case .under:
                            guard present[slot] else { undecided = true; continue }
                            let v = Int(values[slot])
                            let inside = v < categoryCount && under[v * categoryCount + Int(p.aux)]
                            holds = inside == (p.op == .eq)
                        case .setContains:
                            guard present[slot] else { undecided = true; continue }
                            holds = c.sets[slot].contains(p.k) == (p.op == .eq)
                        case .mentionsAny, .mentionsAll:
                            // A present text field always has its normalised form.
                            guard present[slot] else { undecided = true; continue }
                            let row = c.hits[slot]
                            var any = false, all = p.count > 0
                            for j in Int(p.aux)..<Int(p.aux + p.count) {
                                if row[Int(constants[j])] { any = true } else { all = false }
                            }
                            holds = (p.kind == .mentionsAny ? any : all) == (p.op == .eq)
                        }
                        if !holds { return 0 }
                    }
                    return undecided ? 2 : 1
                }
            }
        }
    }

    func evaluate(_ node: Node, _ c: borrowing CompiledCase) -> UInt8 {
        switch node {
        case .flat(let start, let end):
            return evaluateFlat(start, end, c)
        case .and(let parts):
            var undecided = false
            for part in parts {
                switch evaluate(part, c) {
                case 0: return 0
                case 2: undecided = true
                default: break
                }
            }
            return undecided ? 2 : 1
        case .or(let parts):
            var undecided = false
            for part in parts {
                switch evaluate(part, c) {
                case 1: return 1
                case 2: undecided = true
                default: break
                }
            }
            return undecided ? 2 : 0
        case .not(let inner):
            let value = evaluate(inner, c)
            return value == 2 ? 2 : 1 - value
        case .tree(let expr):
            switch ExpressionEvaluator(book: rulebook, subject: c.source).evaluate(expr) {
            case .value(.bool(true)): return 1
            case .absent: return 2
            default: return 0
            }
        }
    }

    @inline(__always)
    func evaluate(rule number: Int, _ c: borrowing CompiledCase) -> UInt8 {
        let rule = rules[number]
        if rule.tree >= 0 { return evaluate(trees[Int(rule.tree)], c) }
        return evaluateFlat(rule.start, rule.end, c)
    }

    // MARK: - Selection

    /// The outcomes that apply, exactly as the reference evaluator chooses them: `matched` gets
    /// (group, rule) pairs (rule -1 for a fallback) and `undecided` the rules whose condition
    /// could not be decided or whose referral field is absent. Both are cleared first.
    func select(_ c: borrowing CompiledCase, day: Int64, into matched: inout [(group: Int, rule: Int)], undecided: inout [(group: Int, rule: Int, fieldAbsent: Bool)]) {
        matched.removeAll(keepingCapacity: true)
        undecided.removeAll(keepingCapacity: true)
        for g in groups.indices {
            let indexSlot = Int(groups[g].indexSlot)
            let policy = groups[g].policy
            let before = matched.count
            var best = -1, bestPriority = Int.max
            let indexed = indexSlot >= 0 && c.present[indexSlot]
            var range = groups[g].first..<(groups[g].first + groups[g].count)
            if indexed {
                let group = groups[g]
                let symbolLimit = Int64(group.firstIndex.count - 1)
                let a = Int(group.firstIndex[Int(min(max(0, c.values[indexSlot]), symbolLimit))])
                let secondSlot = Int(group.secondSlot)
                if secondSlot >= 0, c.present[secondSlot] {
                    let b = Int(group.secondIndex[Int(min(max(0, c.values[secondSlot]), symbolLimit))])
                    range = group.ranges2[a * Int(group.secondCount) + b]
                } else {
                    range = group.ranges[a]
                }
            }
            groups[g].candidates.withUnsafeBufferPointer { candidates in
                rules.withUnsafeBufferPointer { rules in
                    var position = range.lowerBound
                    while position < range.upperBound {
                        let number = indexed ? Int(candidates[Int(position)]) : Int(position)
                        position += 1
                        let rule = rules[number]
                        if day < rule.validFrom || day >= rule.validUntil { continue }
                        let result = rule.tree >= 0 ? evaluate(trees[Int(rule.tree)], c) : evaluateFlat(rule.start, rule.end, c)
                        if result == 2 {
                            undecided.append((g, Int(rule.index), false))
                            continue
                        }
                        guard result == 1 else { continue }
                        let agencySlot = outcomes[number].agencySlot
                        if agencySlot >= 0, !c.present[agencySlot] {
                            undecided.append((g, Int(rule.index), true))
                            continue
                        }
                        if policy == .firstMatch {
                            matched.append((g, Int(rule.index)))
                            return
                        } else if policy == .highestPriority {
                            if rule.priority < bestPriority { best = Int(rule.index); bestPriority = rule.priority }
                        } else {
                            matched.append((g, Int(rule.index)))
                        }
                    }
                }
            }
            if best >= 0 { matched.append((g, best)) }
            if matched.count == before, fallbacks[g] != nil { matched.append((g, -1)) }
        }
    }

    // MARK: - Decisions

    /// The full decision, identical to `Evaluator.decide`; with `explain` the reference evaluator
    /// builds the trace, so tracing costs nothing when it is not asked for.
    public func decide(_ subject: Case, at instant: Instant, explain: Bool = false) -> Decision {
        let reference = Evaluator(rulebook: rulebook)
        if explain { return reference.decide(subject, at: instant, explain: true) }
        let c = encode(subject)
        var matched: [(group: Int, rule: Int)] = []
        var undecided: [(group: Int, rule: Int, fieldAbsent: Bool)] = []
        select(c, day: Int64(instant.civilDate().dayNumber), into: &matched, undecided: &undecided)
        let contributions = matched.map { m -> Evaluator.Contribution in
            let group = rulebook.groups[m.group]
            if m.rule < 0 { return .init(group: group.id, rule: "otherwise", outcome: group.fallback!) }
            let rule = group.rules[m.rule]
            return .init(group: group.id, rule: rule.id, outcome: rule.outcome)
        }
        let expressions = ExpressionEvaluator(book: rulebook, subject: subject)
        let errors = undecided.map { u -> Decision.RuleError in
            let group = rulebook.groups[u.group], rule = group.rules[u.rule]
            if u.fieldAbsent, case .field(_, let path)? = rule.outcome.referTo {
                return .init(group: group.id, rule: rule.id, message: "the rule matched but `\(path)`, the agency to refer to, is absent", field: path)
            }
            if case .absent(let path) = expressions.evaluate(rule.condition) {
                return .init(group: group.id, rule: rule.id, message: "`\(path)` is absent, so the condition could not be decided", field: path)
            }
            return .init(group: group.id, rule: rule.id, message: "the condition could not be decided", field: nil)
        }
        return reference.assemble(subject, at: instant, contributions: contributions, errors: errors, trace: nil)
    }

    /// Reusable buffers for `decideCompact`, so a batch allocates nothing per decision.
    public struct Scratch: Sendable {
        var matched: [(group: Int, rule: Int)] = []
        var undecided: [(group: Int, rule: Int, fieldAbsent: Bool)] = []
        public init() {
            matched.reserveCapacity(8)
            undecided.reserveCapacity(8)
        }
    }

    /// The essentials of a decision with no strings built: the hot path for batches and services.
    public func decideCompact(_ c: borrowing CompiledCase, at instant: Instant, day: Int64, scratch: inout Scratch) -> CompactDecision {
        // Status histories (pauses and stops) take the full path; the common case is arithmetic.
        if !c.source.history.isEmpty { return compact(decide(c.source, at: instant)) }
        select(c, day: day, into: &scratch.matched, undecided: &scratch.undecided)
        var result = CompactDecision(rule: -2, group: -1, agencyName: nil, priority: Priority.normal.rawValue, slaDue: nil, fired: 0, undecided: !scratch.undecided.isEmpty)
        var best = Int.max
        var ladder = -1
        var agency: Int64 = -1
        for m in scratch.matched {
            let number = m.rule < 0 ? -1 : Int(groups[m.group].first) + m.rule
            let outcome = number < 0 ? fallbacks[m.group]! : outcomes[number]
            if agency < 0 {
                if outcome.agency >= 0 {
                    agency = outcome.agency
                } else if outcome.agencySlot >= 0 {
                    agency = c.values[outcome.agencySlot]
                }
                if agency >= 0 {
                    result.group = Int32(m.group)
                    result.rule = Int32(number)
                }
            }
            if outcome.priority > 0, outcome.priority < best { best = outcome.priority }
            if ladder < 0 { ladder = outcome.ladder }
        }
        if agency >= 0 { result.agencyName = agency < names.count ? names[Int(agency)] : c.source.values[Int(outcomes[Int(result.rule)].agencySlot)]?.plainText }
        if best != .max { result.priority = best }
        if ladder < 0 { ladder = defaultLadder }
        let start: Int64? = referred.flatMap { c.present[$0] ? c.values[$0] : nil } ?? opened.flatMap { c.present[$0] ? c.values[$0] : nil }
        if let start {
            for m in scratch.matched {
                let outcome = m.rule < 0 ? fallbacks[m.group]! : outcomes[Int(groups[m.group].first) + m.rule]
                let due: Int64?
                switch outcome.slaKind {
                case 0: continue
                case 1: due = start + outcome.slaAmount
                default:
                    let calendar = ladder >= 0 ? ladders[ladder].calendar ?? defaultCalendar : defaultCalendar
                    let amount: ClockAmount = outcome.slaKind == 2 ? .workingDays(Int(outcome.slaAmount)) : .workingSeconds(outcome.slaAmount)
                    due = calendar?.deadline(start: Instant(secondsSinceEpoch: start), amount: amount, pauses: [])?.secondsSinceEpoch
                }
                if let due, result.slaDue == nil || due < result.slaDue! { result.slaDue = due }
            }
        }
        guard ladder >= 0 else { return result }
        let compiledLadder = ladders[ladder]
        let pausedNow = compiledLadder.pauses && statusSlot.map { c.present[$0] && rulebook.ladders[ladder].pauseWhile.contains(names[Int(c.values[$0])]) } == true
        if compiledLadder.hasWorkingLevels || pausedNow { return compact(decide(c.source, at: instant)) }
        if let slot = statusSlot, c.present[slot], compiledLadder.stopStatuses.contains(c.values[slot]) { return result }
        let now = instant.secondsSinceEpoch
        for i in compiledLadder.levels.indices {
            let level = compiledLadder.levels[i]
            let anchor: Int64? = level.anchorSlot < 0 ? result.slaDue : (c.present[level.anchorSlot] ? c.values[level.anchorSlot] : nil)
            guard let anchor, let after = level.afterSeconds, anchor + after <= now else { continue }
            if let condition = level.condition, evaluate(condition, c) != 1 { continue }
            result.fired |= 1 << UInt64(i)
        }
        return result
    }

    /// The compact form of a full decision, for the paths that need the reference clock.
    func compact(_ decision: Decision) -> CompactDecision {
        let primary = decision.referrals.first { $0.role == "primary" }
        var result = CompactDecision(rule: -2, group: -1, agencyName: primary?.agency, priority: decision.priority.value,
            slaDue: decision.sla?.due.flatMap { Instant(iso8601: $0.iso)?.secondsSinceEpoch }, fired: 0, undecided: !decision.errors.isEmpty)
        if let primary, let g = rulebook.groups.firstIndex(where: { $0.id == primary.group }) {
            result.group = Int32(g)
            if primary.rule == "otherwise" { result.rule = -1 } else if let r = rulebook.groups[g].rules.firstIndex(where: { $0.id == primary.rule }) {
                result.rule = groups[g].first + Int32(r)
            }
        }
        result.fired = (decision.escalation?.levels ?? []).enumerated().reduce(0) { $0 | ($1.element.fired ? 1 << UInt64($1.offset) : 0) }
        return result
    }

    /// The id of a compact decision's rule (`otherwise` for a fallback).
    public func ruleID(of decision: CompactDecision) -> String? {
        if decision.rule == -1 { return "otherwise" }
        guard decision.rule >= 0 else { return nil }
        let rule = rules[Int(decision.rule)]
        return rulebook.groups[Int(rule.group)].rules[Int(rule.index)].id
    }
}

extension Plan {
    /// Approximate memory held by the plan's own tables (not the rulebook it was built from).
    public var estimatedBytes: Int {
        predicates.count * MemoryLayout<Predicate>.stride + constants.count * 8 + under.count
            + rules.count * MemoryLayout<CompiledRule>.stride
            + groups.reduce(0) { $0 + $1.candidates.count * 4 + $1.ranges.count * MemoryLayout<Range<Int32>>.stride }
            + symbols.reduce(0) { $0 + $1.key.utf8.count + 24 }
    }
}
