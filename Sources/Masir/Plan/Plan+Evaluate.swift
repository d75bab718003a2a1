extension Plan {
    // MARK: - Encoding cases

    /// Lays a decoded case out for this plan; done once per case, before any rule runs.
    package func encode(_ subject: Case) -> CompiledCase {
        let slots = slotCount
        var elementCount = 0
        for slot in setSlots {
            if case .set(let items)? = subject.values[slot] { elementCount += items.count }
        }
        var hits: [[Bool]] = []
        if !mentionSlots.isEmpty {
            hits = [[Bool]](repeating: [], count: slots)
            for (slot, matcher) in mentionSlots {
                var row = [Bool](repeating: false, count: matcher.count)
                if let text = subject.normalized[slot] {
                    for index in matcher.matches(in: text) { row[index] = true }
                }
                hits[slot] = row
            }
        }
        let header = CompiledCase.Header(
            plan: ObjectIdentifier(identity), slots: slots, id: subject.id,
            hasHistory: !subject.history.isEmpty || !subject.reclassifications.isEmpty,
            origin: .decoded(subject), hits: hits,
            evaluatedAt: subject.evaluatedAt?.secondsSinceEpoch)
        return CompiledCase.build(header, elements: elementCount) { builder in
            func id(_ text: String) -> Int64 { symbols[text] ?? Int64(symbols.count) }
            for slot in 0..<slots {
                guard let value = subject.values[slot] else { continue }
                switch value {
                case .int(let v), .money(let v), .date(let v): builder.set(slot, v)
                case .datetime(let instant): builder.set(slot, instant.secondsSinceEpoch)
                case .bool(let b): builder.set(slot, b ? 1 : 0)
                case .symbol(let s), .text(let s): builder.set(slot, id(s))
                case .duration: builder.set(slot, value.ordinal ?? 0)
                case .set(let items):
                    builder.set(slot, elements: items.count) { i in
                        switch items[i] {
                        case .symbol(let s), .text(let s): id(s)
                        default: items[i].ordinal ?? (items[i] == .bool(true) ? 1 : 0)
                        }
                    }
                }
            }
        }
    }

    // MARK: - Conditions

    /// Whether a flat run of predicates holds: undecided when a field it needs is absent.
    @inline(__always)
    func evaluateFlat(_ start: Int32, _ end: Int32, _ c: borrowing CompiledCase) -> Truth {
        c.withLayout { values, present in evaluateFlat(start, end, values, present, c) }
    }

    /// The same, with the case's values already lent out, as `select` does once per case.
    @inline(__always)
    func evaluateFlat(
        _ start: Int32, _ end: Int32, _ values: UnsafePointer<Int64>,
        _ present: UnsafePointer<UInt8>, _ c: borrowing CompiledCase
    ) -> Truth {
        var undecided = false
        return predicates.withUnsafeBufferPointer { preds in
            var i = Int(start)
            let stop = Int(end)
            while i < stop {
                let p = preds[i]
                i += 1
                let slot = Int(p.slot)
                let holds: Bool
                switch p.kind {
                case .constant:
                    holds = p.operand == 1
                case .present:
                    holds = present[slot] != 0
                case .absent:
                    holds = present[slot] == 0
                case .compare:
                    guard present[slot] != 0 else { undecided = true; continue }
                    let v = values[slot]
                    switch p.op {
                    case .eq: holds = v == p.operand
                    case .ne: holds = v != p.operand
                    case .lt: holds = v < p.operand
                    case .le: holds = v <= p.operand
                    case .gt: holds = v > p.operand
                    case .ge: holds = v >= p.operand
                    }
                case .inList:
                    guard present[slot] != 0 else { undecided = true; continue }
                    let v = values[slot]
                    var found = false
                    for j in Int(p.offset)..<Int(p.offset + p.count) where constants[j] == v {
                        found = true; break
                    }
                    holds = found == (p.op == .eq)
                case .under:
                    guard present[slot] != 0 else { undecided = true; continue }
                    let v = Int(values[slot])
                    let inside =
                        v >= 0 && v < categoryCount
                        && categoryTree.contains(v, under: Int(p.offset))
                    holds = inside == (p.op == .eq)
                case .setContains:
                    guard present[slot] != 0 else { undecided = true; continue }
                    let packed = values[slot]
                    let elements = UnsafeBufferPointer(
                        start: values + Int(packed >> 32), count: Int(packed & 0xFFFF_FFFF))
                    holds = elements.contains(p.operand) == (p.op == .eq)
                case .mentionsAny, .mentionsAll:
                    // A present text field always has its normalised form.
                    guard present[slot] != 0 else { undecided = true; continue }
                    let row = c.storage.header.hits[slot]
                    var any = false, all = p.count > 0
                    for j in Int(p.offset)..<Int(p.offset + p.count) {
                        if row[Int(constants[j])] { any = true } else { all = false }
                    }
                    holds = (p.kind == .mentionsAny ? any : all) == (p.op == .eq)
                }
                if !holds { return .no }
            }
            return undecided ? .undecided : .yes
        }
    }

    func evaluate(_ node: Node, _ c: borrowing CompiledCase) -> Truth {
        switch node {
        case .flat(let start, let end):
            return evaluateFlat(start, end, c)
        case .and(let parts):
            return evaluate(parts, decidedBy: .no, c)
        case .or(let parts):
            return evaluate(parts, decidedBy: .yes, c)
        case .not(let inner):
            return evaluate(inner, c).negated
        case .tree(let expr):
            switch ExpressionEvaluator(book: rulebook, subject: c.source).evaluate(expr) {
            case .value(.bool(true)): return .yes
            case .absent: return .undecided
            default: return .no
            }
        }
    }

    /// `and` (decided by no) or `or` (decided by yes): the first deciding part decides, else an
    /// undecided part leaves it undecided. Inlined, so each use compiles to its own loop.
    @inline(__always)
    func evaluate(
        _ parts: [Node], decidedBy decisive: Truth, _ c: borrowing CompiledCase
    ) -> Truth {
        var undecided = false
        for part in parts {
            switch evaluate(part, c) {
            case decisive: return decisive
            case .undecided: undecided = true
            default: break
            }
        }
        return undecided ? .undecided : decisive.negated
    }

    @inline(__always)
    func evaluate(rule number: Int, _ c: borrowing CompiledCase) -> Truth {
        let rule = rules[number]
        if rule.tree >= 0 { return evaluate(trees[Int(rule.tree)], c) }
        return evaluateFlat(rule.start, rule.end, c)
    }

    // MARK: - Selection

    /// The outcomes that apply, exactly as the reference evaluator chooses them: `matched` gets
    /// (group, rule) pairs (rule -1 for a fallback) and `undecided` the rules whose condition
    /// could not be decided or whose referral field is absent. Both are cleared first.
    func select(
        _ c: borrowing CompiledCase, day: Int64, into matched: inout [(group: Int, rule: Int)],
        undecided: inout [(group: Int, rule: Int, fieldAbsent: Bool)]
    ) {
        matched.removeAll(keepingCapacity: true)
        undecided.removeAll(keepingCapacity: true)
        let symbolLimit = Int64(names.count)
        withTables(c) { t in
            let (rows, values, present, valueIndex, candidates, bits, rules) = (
                t.rows, t.values, t.present, t.valueIndex, t.candidates, t.filterBits, t.rules
            )
            func dense(_ table: Int32, _ slot: Int) -> Int {
                Int(valueIndex[Int(table) + Int(min(max(0, values[slot]), symbolLimit))])
            }
            for g in groups.indices {
                let group = groups[g]
                let before = matched.count
                var bucketNumber = Int(group.bucketStart + group.bucketCount) - 1
                if group.indexSlot >= 0, present[Int(group.indexSlot)] != 0 {
                    bucketNumber =
                        Int(group.bucketStart) + dense(group.indexTable, Int(group.indexSlot))
                }
                let bucket = buckets[bucketNumber]
                let words = Int(bucket.words)
                var active = 0
                for f in Int(group.filterStart)..<Int(group.filterStart + group.filterCount) {
                    let filter = filters[f]
                    // An absent value filters nothing: rules testing it are undecided, not false.
                    guard present[Int(filter.slot)] != 0 else { continue }
                    rows[active] =
                        bucket.bits + (Int(filter.row) + dense(filter.table, Int(filter.slot)))
                        * words
                    active += 1
                }
                var best = -1, bestPriority = Int.max
                scan: for w in 0..<words {
                    var mask: UInt64 = ~0
                    if w == words - 1, bucket.count % 64 != 0 {
                        mask = (1 << UInt64(bucket.count % 64)) - 1
                    }
                    for f in 0..<active { mask &= bits[rows[f] + w] }
                    while mask != 0 {
                        let position = w * 64 + mask.trailingZeroBitCount
                        mask &= mask - 1
                        let number = Int(candidates[Int(bucket.start) + position])
                        let rule = rules[number]
                        if day < rule.validFrom || day >= rule.validUntil { continue }
                        let result =
                            rule.tree >= 0
                            ? evaluate(trees[Int(rule.tree)], c)
                            : evaluateFlat(rule.start, rule.end, values, present, c)
                        if result == .undecided {
                            undecided.append((g, Int(rule.index), false))
                            continue
                        }
                        guard result == .yes else { continue }
                        let agencySlot = outcomes[number].agencySlot
                        if agencySlot >= 0, present[agencySlot] == 0 {
                            undecided.append((g, Int(rule.index), true))
                            continue
                        }
                        switch group.policy {
                        case .firstMatch:
                            matched.append((g, Int(rule.index)))
                            break scan
                        case .highestPriority:
                            var priority = rule.priority
                            if priority < 0 {
                                var undecidedPart = false
                                var copies: [Int64] = []
                                let applied = applying(
                                    outcomes[number], c, &undecidedPart, copies: &copies)
                                priority = applied.priority > 0 ? applied.priority : 99
                            }
                            if priority < bestPriority {
                                best = Int(rule.index); bestPriority = priority
                            }
                        case .allMatches:
                            matched.append((g, Int(rule.index)))
                        }
                    }
                }
                if best >= 0 { matched.append((g, best)) }
                if matched.count == before, fallbacks[g] != nil {
                    matched.append((g, Plan.fallbackRule))
                }
            }
        }
    }

    /// What `select` reads for one case, lent out once: the case's values and presence bytes, the
    /// plan's index tables, and room for the filter rows.
    struct Tables {
        var rows: UnsafeMutableBufferPointer<Int>
        var values: UnsafePointer<Int64>
        var present: UnsafePointer<UInt8>
        var valueIndex: UnsafeBufferPointer<Int32>
        var candidates: UnsafeBufferPointer<Int32>
        var filterBits: UnsafeBufferPointer<UInt64>
        var rules: UnsafeBufferPointer<CompiledRule>
    }

    @inline(__always)
    func withTables<R>(_ c: borrowing CompiledCase, _ body: (Tables) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: Plan.maxFilters) { rows in
            c.withLayout { values, present in
                valueIndex.withUnsafeBufferPointer { valueIndex in
                    candidates.withUnsafeBufferPointer { candidates in
                        filterBits.withUnsafeBufferPointer { bits in
                            rules.withUnsafeBufferPointer { rules in
                                body(
                                    Tables(
                                        rows: rows, values: values, present: present,
                                        valueIndex: valueIndex,
                                        candidates: candidates, filterBits: bits, rules: rules))
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: - Decisions

    /// The full decision, identical to `Evaluator.decide`; with `explain` the reference evaluator
    /// builds the trace, so tracing costs nothing when it is not asked for.
    package func decide(_ subject: Case, at instant: Instant, explain: Bool = false) -> Decision {
        let reference = Evaluator(rulebook: rulebook)
        if explain { return reference.decide(subject, at: instant, explain: true) }
        let c = encode(subject)
        var matched: [(group: Int, rule: Int)] = []
        var undecided: [(group: Int, rule: Int, fieldAbsent: Bool)] = []
        select(c, day: Int64(instant.civilDate().dayNumber), into: &matched, undecided: &undecided)
        let contributions = matched.map { m -> Evaluator.Contribution in
            let group = rulebook.groups[m.group]
            if m.rule == Plan.fallbackRule {
                return .init(group: group.id, rule: "otherwise", outcome: group.fallback!)
            }
            let rule = group.rules[m.rule]
            return .init(group: group.id, rule: rule.id, outcome: rule.outcome)
        }
        let expressions = ExpressionEvaluator(book: rulebook, subject: subject)
        let errors = undecided.map { u -> Decision.RuleError in
            let group = rulebook.groups[u.group], rule = group.rules[u.rule]
            if u.fieldAbsent, case .field(_, let path)? = rule.outcome.referTo {
                return .init(
                    group: group.id, rule: rule.id,
                    message: "the rule matched but `\(path)`, the agency to refer to, is absent",
                    field: path)
            }
            if case .absent(let path) = expressions.evaluate(rule.condition) {
                return .init(
                    group: group.id, rule: rule.id,
                    message: "`\(path)` is absent, so the condition could not be decided",
                    field: path)
            }
            return .init(
                group: group.id, rule: rule.id, message: "the condition could not be decided",
                field: nil)
        }
        return reference.assemble(
            subject, at: instant, contributions: contributions, errors: errors, trace: nil)
    }

    /// Reusable buffers for `decideCompact`, so a batch allocates nothing per decision.
    package struct Scratch: Sendable {
        var matched: [(group: Int, rule: Int)] = []
        var undecided: [(group: Int, rule: Int, fieldAbsent: Bool)] = []
        package init() {
            matched.reserveCapacity(8)
            undecided.reserveCapacity(8)
        }
    }

    /// The essentials of a decision with no strings built: the hot path for batches and services.
    package func decideCompact(
        _ c: borrowing CompiledCase, at instant: Instant, day: Int64, scratch: inout Scratch
    ) -> CompactDecision {
        // Symbol ids and slots are this plan's own: a case laid out by another is laid out again.
        guard c.storage.header.plan == ObjectIdentifier(identity) else {
            return decideCompact(encode(c.source), at: instant, day: day, scratch: &scratch)
        }
        // Status histories (pauses and stops) take the full path; the common case is arithmetic.
        if c.storage.header.hasHistory { return compact(decide(c.source, at: instant)) }
        select(c, day: day, into: &scratch.matched, undecided: &scratch.undecided)
        var result = CompactDecision(
            rule: CompactDecision.noRule, group: -1, agencyName: nil,
            priority: Priority.normal.rawValue, slaDue: nil, fired: 0,
            undecided: !scratch.undecided.isEmpty)
        var best = Int.max
        var ladder = -1
        var agency: Int64 = -1
        for m in scratch.matched {
            let number =
                m.rule == Plan.fallbackRule
                ? Int(CompactDecision.fallbackRule) : Int(groups[m.group].first) + m.rule
            var outcome = m.rule == Plan.fallbackRule ? fallbacks[m.group]! : outcomes[number]
            if outcome.copies >= 0 { result.copyIDs += copyLists[Int(outcome.copies)] }
            if outcome.parts >= 0 {
                outcome = applying(outcome, c, &result.undecided, copies: &result.copyIDs)
            }
            if agency < 0 {
                if outcome.agency >= 0 {
                    agency = outcome.agency
                } else if outcome.agencySlot >= 0 {
                    agency = c.value(outcome.agencySlot)
                }
                if agency >= 0 {
                    result.group = Int32(m.group)
                    result.rule = Int32(number)
                }
            }
            if outcome.priority > 0, outcome.priority < best { best = outcome.priority }
            if ladder < 0 { ladder = outcome.ladder }
            if outcome.targets { return compact(decide(c.source, at: instant)) }
        }
        if agency >= 0 {
            result.agencyName =
                agency < names.count
                ? names[Int(agency)]
                : c.source.values[Int(outcomes[Int(result.rule)].agencySlot)]?.plainText
        }
        if best != .max { result.priority = best }
        if !result.copyIDs.isEmpty { keepCopiesOnly(&result, c, scratch.matched) }
        if ladder < 0 { ladder = defaultLadder }
        let start: Int64? =
            referred.flatMap { c.valueIfPresent($0) } ?? opened.flatMap { c.valueIfPresent($0) }
        if let start {
            for m in scratch.matched {
                var outcome =
                    m.rule == Plan.fallbackRule
                    ? fallbacks[m.group]! : outcomes[Int(groups[m.group].first) + m.rule]
                if outcome.parts >= 0 {
                    var copies: [Int64] = []
                    outcome = applying(outcome, c, &result.undecided, copies: &copies)
                }
                guard let amount = outcome.sla else { continue }
                let due: Int64?
                if case .calendarSeconds(let seconds) = amount {
                    // `Clock.deadline` without pauses; inline, since copying the calendar out to
                    // call it retains everything the calendar holds, for a sum. Past what an
                    // instant holds there is no deadline, as there.
                    let (sum, overflow) = start.addingReportingOverflow(seconds)
                    due = overflow ? nil : sum
                } else {
                    let calendar =
                        ladder >= 0 ? ladders[ladder].calendar ?? defaultCalendar : defaultCalendar
                    due =
                        Clock.deadline(
                            from: Instant(secondsSinceEpoch: start), amount, calendar: calendar,
                            pauses: [])?.secondsSinceEpoch
                }
                if let due, result.slaDue == nil || due < result.slaDue! { result.slaDue = due }
            }
        }
        guard ladder >= 0 else { return result }
        result.ladder = Int32(ladder)
        // Fields are read in place: copying a ladder or level would retain everything it holds.
        let pausedNow =
            ladders[ladder].pauses
            && statusSlot.map {
                c.has($0) && rulebook.ladders[ladder].pauseWhile.contains(names[Int(c.value($0))])
            } == true
        if ladders[ladder].hasWorkingLevels || ladders[ladder].hasTargetClocks || pausedNow {
            return compact(decide(c.source, at: instant))
        }
        if let slot = statusSlot, let status = c.valueIfPresent(slot),
            ladders[ladder].stopStatuses.contains(status)
        {
            return result
        }
        let now = instant.secondsSinceEpoch
        for i in ladders[ladder].levels.indices {
            let anchorSlot = ladders[ladder].levels[i].anchorSlot
            let anchor: Int64? = anchorSlot < 0 ? result.slaDue : c.valueIfPresent(anchorSlot)
            // A level due past what an instant holds is never due.
            guard let anchor, let after = ladders[ladder].levels[i].afterSeconds,
                case (let due, false) = anchor.addingReportingOverflow(after), due <= now
            else { continue }
            if ladders[ladder].levels[i].condition != nil,
                evaluate(ladders[ladder].levels[i].condition!, c) != .yes
            {
                continue
            }
            result.fired |= 1 << UInt64(i)
        }
        return result
    }

    /// An outcome's priority and deadline as its conditional parts apply to the case, as
    /// `ResolvedOutcome.applying` decides them; `undecided` is set when a part tried needs an
    /// absent field.
    func applying(
        _ outcome: OutcomeSummary, _ c: borrowing CompiledCase, _ undecided: inout Bool,
        copies: inout [Int64]
    ) -> OutcomeSummary {
        var result = outcome
        var chosePriority = false, choseSLA = false, choseReason = false
        for part in parts[Int(outcome.parts)] {
            switch part.kind {
            case .priority where chosePriority, .sla where choseSLA, .because where choseReason:
                continue
            default: break
            }
            switch evaluate(part.condition, c) {
            case .yes: break
            case .undecided: undecided = true; continue
            case .no: continue
            }
            switch part.kind {
            case .copy: copies += part.copies
            case .priority: result.priority = part.priority; chosePriority = true
            case .sla: result.sla = part.sla; choseSLA = true
            case .because: choseReason = true
            case .target: break
            }
        }
        return result
    }

    /// Leaves in `copyIDs` only what the full decision lists with role `copy`: an agency once,
    /// and never one a matched outcome refers the case to.
    func keepCopiesOnly(
        _ result: inout CompactDecision, _ c: borrowing CompiledCase,
        _ matched: [(group: Int, rule: Int)]
    ) {
        var referred: [Int64] = []
        for m in matched {
            let outcome =
                m.rule == Plan.fallbackRule
                ? fallbacks[m.group]! : outcomes[Int(groups[m.group].first) + m.rule]
            if outcome.agency >= 0 {
                referred.append(outcome.agency)
            } else if outcome.agencySlot >= 0, let value = c.valueIfPresent(outcome.agencySlot) {
                referred.append(value)
            }
        }
        var kept: [Int64] = []
        for id in result.copyIDs where !referred.contains(id) && !kept.contains(id) {
            kept.append(id)
        }
        result.copyIDs = kept
    }

    /// The compact form of a full decision, for the paths that need the reference clock.
    func compact(_ decision: Decision) -> CompactDecision {
        let primary = decision.referrals.first { $0.role == "primary" }
        var result = CompactDecision(
            rule: CompactDecision.noRule, group: -1, agencyName: primary?.agency,
            priority: decision.priority.value,
            slaDue: decision.sla?.due?.instant.secondsSinceEpoch, fired: 0,
            undecided: !decision.errors.isEmpty)
        if let primary, let g = rulebook.groups.firstIndex(where: { $0.id == primary.group }) {
            result.group = Int32(g)
            if primary.rule == "otherwise" {
                result.rule = CompactDecision.fallbackRule
            } else if let r = rulebook.groups[g].rules.firstIndex(where: { $0.id == primary.rule })
            {
                result.rule = groups[g].first + Int32(r)
            }
        }
        result.copyIDs = decision.referrals.compactMap {
            $0.role == "copy" ? symbols[$0.agency] : nil
        }
        if let id = decision.escalation?.ladder, let index = rulebook.ladderIndex[id] {
            result.ladder = Int32(index)
        }
        result.fired = (decision.escalation?.levels ?? []).enumerated().reduce(0) {
            $0 | ($1.element.fired ? 1 << UInt64($1.offset) : 0)
        }
        return result
    }

    /// The id of a compact decision's rule (`otherwise` for a fallback).
    package func ruleID(of decision: CompactDecision) -> String? {
        if decision.rule == CompactDecision.fallbackRule { return "otherwise" }
        guard decision.rule >= 0 else { return nil }
        let rule = rules[Int(decision.rule)]
        return rulebook.groups[Int(rule.group)].rules[Int(rule.index)].id
    }
}

extension Plan {
    /// Approximate memory held by the plan's own tables (not the rulebook it was built from).
    package var estimatedBytes: Int {
        predicates.count * MemoryLayout<Predicate>.stride + constants.count * 8
            + categoryTree.order.count * 4 * MemoryLayout<Int>.stride
            + rules.count * MemoryLayout<CompiledRule>.stride
            + candidates.count * 4 + filterBits.count * 8 + valueIndex.count * 4 + buckets.count
            * MemoryLayout<Bucket>.stride
            + symbols.reduce(0) { $0 + $1.key.utf8.count + 24 }
    }
}
