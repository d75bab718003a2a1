/// A rulebook compiled for fast evaluation: fields are slots of 64-bit values, ids are interned
/// integers, most conditions are flat runs of simple predicates, and each group is indexed on
/// the key most of its rules test (usually the category), so a case tries only its candidate
/// rules — in the original order. The reference `Evaluator` defines the semantics; this must agree
/// with it on every case (property-tested).
package struct Plan: Sendable {
    package let rulebook: Rulebook
    let symbols: [String: Int64]
    let predicates: [Predicate]
    let constants: [Int64]
    /// The category hierarchy, categories numbered as their symbol ids: `under` is two comparisons.
    let categoryTree: CategoryTree
    let categoryCount: Int
    let rules: [CompiledRule]
    let trees: [Node]
    let groups: [CompiledGroup]
    let buckets: [Bucket]
    let filters: [Filter]
    /// Lookup tables, each `names.count + 1` long: a slot's value (a symbol id, clamped) → a dense value.
    let valueIndex: [Int32]
    let candidates: [Int32]
    let filterBits: [UInt64]
    let outcomes: [OutcomeSummary]
    let fallbacks: [OutcomeSummary?]
    let parts: [[CompiledPart]]
    /// The agencies (symbol ids) of each outcome's unconditional `copy`, by `OutcomeSummary.copies`.
    let copyLists: [[Int64]]
    /// Symbol ids back to their text.
    let names: [String]
    let defaultLadder: Int
    let defaultCalendar: WorkingCalendar?
    /// Phrase matchers per text slot used with `mentions`.
    let mentionSlots: [Int: PhraseMatcher]
    let textSlots: [Int]
    let setSlots: [Int]
    let ladders: [CompiledLadder]
    let slotCount: Int
    let statusSlot: Int?
    let opened: Int?
    let referred: Int?
    /// Marks the cases this plan encoded (`CompiledCase.Header.plan`).
    let identity: Identity

    final class Identity: Sendable {}

    /// A simple test of one slot; `kind` selects which fields matter.
    struct Predicate: Sendable {
        enum Kind: UInt8, Sendable {
            case compare, inList, under, present, absent, mentionsAny, mentionsAll, setContains,
                constant
        }
        enum Op: UInt8, Sendable { case eq, ne, lt, le, gt, ge }
        var kind: Kind
        var op: Op
        var slot: Int32
        /// Where the predicate's list starts in `constants` (its values for `inList`, its phrase
        /// numbers for `mentions`), or the ancestor category for `under`; and how many entries
        /// of `constants` the list has.
        var offset, count: Int32
        /// The value compared with (`compare`), looked for (`setContains`), or the result of a
        /// `constant` predicate (1 for yes).
        var operand: Int64
    }

    struct CompiledRule: Sendable {
        var group, index: Int32
        var validFrom, validUntil: Int64
        var start, end: Int32
        /// Index into `trees` for conditions that are not a flat conjunction; -1 when flat.
        var tree: Int32
        /// -1 when a conditional part sets it, so it depends on the case.
        var priority: Int
    }

    /// Kleene's three truth values, as conditions evaluate: a test of an absent field is
    /// undecided, and `and`/`or` decide around it when they can.
    enum Truth: UInt8, Sendable {
        case no, yes, undecided

        var negated: Truth {
            switch self {
            case .no: .yes
            case .yes: .no
            case .undecided: .undecided
            }
        }
    }

    /// The rule number `select` gives a group's `otherwise`.
    static let fallbackRule = -1

    /// What an outcome does, as plain numbers, for the compact path.
    struct OutcomeSummary: Sendable {
        /// Symbol id of the agency referred to; -1 for none.
        var agency: Int64 = -1
        /// Slot of an agency field referred to; -1 for none.
        var agencySlot: Int = -1
        /// 0 when the outcome sets no priority.
        var priority: Int = 0
        var sla: ClockAmount?
        var ladder: Int = -1
        /// Index in `parts` of the outcome's conditional parts; -1 for none, the common case.
        var parts: Int32 = -1
        /// Index in `copyLists` of the outcome's copies; -1 for none.
        var copies: Int32 = -1
        /// Whether the outcome sets named SLA targets, which only the reference clock counts.
        var targets = false
    }

    /// A conditional part of an outcome, for the compact path (copies and reasons only decide
    /// whether the case had undecided parts).
    struct CompiledPart: Sendable {
        enum Kind: UInt8, Sendable { case copy, priority, sla, because, target }
        var kind: Kind
        var condition: Node
        var priority: Int = 0
        var sla: ClockAmount?
        /// The agencies (symbol ids) a `copy … when` adds.
        var copies: [Int64] = []
    }

    /// A group's rules, bucketed on the symbolic slot most of them test (usually the category);
    /// within a bucket, bitsets over the candidates per value of up to `maxFilters` further
    /// symbolic or yes/no slots (county, subcategory, flags) leave only the rules whose tests on
    /// those slots can hold, so a case evaluates few rules — still in rule order.
    struct CompiledGroup: Sendable {
        var policy: HitPolicy
        var first, count: Int32
        /// The slot whose value picks the bucket; -1 when the group has a single bucket.
        var indexSlot: Int32
        /// Offset in `valueIndex` of the index slot's table (symbol id → bucket number).
        var indexTable: Int32
        /// Buckets: one per dense value of the index slot and one for "none of them", then the
        /// last one, holding every rule, for a case where the slot is absent.
        var bucketStart, bucketCount: Int32
        var filterStart, filterCount: Int32
    }

    /// Candidate rule numbers `candidates[start..<start+count]` (rule order) and their filter
    /// bits: for filter f and dense value v, `filterBits[bits + (row(f) + v) * words ..< +words]`.
    struct Bucket: Sendable {
        var start, count: Int32
        var bits: Int
        var words: Int32
    }

    /// A slot filtered by bitsets; `table` is its offset in `valueIndex` (symbol id → dense value)
    /// and `row` the sum of the dense value counts of the group's earlier filters.
    struct Filter: Sendable {
        var slot: Int32
        var table: Int32
        var row: Int32
    }

    static let maxFilters = 6

    /// A condition tree for what does not flatten.
    indirect enum Node: Sendable {
        case flat(Int32, Int32)
        case and([Node])
        case or([Node])
        case not(Node)
        /// Evaluated by the reference evaluator on the case.
        case tree(TypedExpr)
    }

    struct CompiledLadder: Sendable {
        var id: String
        var levels: [CompiledLevel]
        var pauses: Bool
        var stopStatuses: [Int64]
        var calendar: WorkingCalendar?
        var hasWorkingLevels: Bool
        /// Named targets' clocks, shares of a target, re-opening or re-classification: the
        /// reference clock decides such ladders.
        var hasTargetClocks = false
    }

    struct CompiledLevel: Sendable {
        var afterSeconds: Int64?
        var working: DurationLiteral?
        /// -1 for the SLA deadline.
        var anchorSlot: Int
        var condition: Node?
        var raise: Priority?
    }
}

/// A case laid out for a plan in one allocation: a 64-bit value per slot, then a byte per slot
/// saying whether it is present, then the interned elements of set slots (whose value holds
/// `offset << 32 | count`). One block per case keeps a batch's cases dense in memory and makes
/// handing a case over cost one reference count. Never mutated after `Plan.encode`.
package struct CompiledCase: @unchecked Sendable {
    struct Header {
        /// Identifies the plan that laid the case out; another plan re-encodes it.
        let plan: ObjectIdentifier
        let slots: Int
        let id: String?
        let hasHistory: Bool
        let origin: Origin
        /// Phrase hits per slot (by the slot's matcher's phrase index); empty unless some rule uses `mentions`.
        let hits: [[Bool]]
        /// The case's own evaluation instant (seconds since the epoch), when it carries one.
        var evaluatedAt: Int64? = nil
    }

    /// Where the case came from: a decoded `Case`, or a JSON line the `LineDecoder` laid out
    /// directly (the `Case` is rebuilt from it only when a rare path asks).
    enum Origin {
        case decoded(Case)
        case line(LineSource)
    }

    let storage: ManagedBuffer<Header, Int64>

    /// The original case, for the parts a plan hands to the reference evaluator.
    package var source: Case {
        switch storage.header.origin {
        case .decoded(let subject): subject
        case .line(let line): line.subject
        }
    }

    /// The case's name (`id`), if it has one.
    package var id: String? { storage.header.id }

    /// The instant the case says it is to be judged at, if it carries one.
    package var evaluatedAt: Instant? {
        storage.header.evaluatedAt.map { Instant(secondsSinceEpoch: $0) }
    }

    /// Lays out a case: one block of `header.slots` values, a presence byte per slot, then
    /// `elements` set elements; `fill` writes into it through a `Builder`. The one way a case is
    /// laid out, whether from a decoded `Case` or straight from a JSON line.
    @inline(__always)
    static func build(
        _ header: Header, elements: Int, _ fill: (inout Builder) -> Void
    ) -> CompiledCase {
        let slots = header.slots
        let presentWords = (slots + 7) / 8
        let count = slots + presentWords + elements
        let storage = ManagedBuffer<Header, Int64>.create(minimumCapacity: count) { _ in header }
        storage.withUnsafeMutablePointerToElements { base in
            base.initialize(repeating: 0, count: count)
            var builder = Builder(
                values: base,
                present: UnsafeMutableRawPointer(base + slots).assumingMemoryBound(to: UInt8.self),
                next: slots + presentWords)
            fill(&builder)
        }
        return CompiledCase(storage: storage)
    }

    /// Writes a case's slots while `build` lays it out.
    struct Builder {
        let values: UnsafeMutablePointer<Int64>
        let present: UnsafeMutablePointer<UInt8>
        /// Where the next set's elements go.
        var next: Int

        @inline(__always)
        func set(_ slot: Int, _ value: Int64) {
            present[slot] = 1
            values[slot] = value
        }

        /// A set slot: its elements are written after the presence bytes, in slot order, and
        /// the slot holds `offset << 32 | count`.
        @inline(__always)
        mutating func set(_ slot: Int, elements count: Int, _ element: (Int) -> Int64) {
            set(slot, Int64(next) << 32 | Int64(count))
            for i in 0..<count { values[next + i] = element(i) }
            next += count
        }
    }

    @inline(__always)
    func withLayout<R>(_ body: (UnsafePointer<Int64>, UnsafePointer<UInt8>) -> R) -> R {
        let slots = storage.header.slots
        return storage.withUnsafeMutablePointerToElements { base in
            body(
                UnsafePointer(base),
                UnsafeRawPointer(base + slots).assumingMemoryBound(to: UInt8.self))
        }
    }

    @inline(__always)
    func value(_ slot: Int) -> Int64 { withLayout { values, _ in values[slot] } }

    @inline(__always)
    func has(_ slot: Int) -> Bool { withLayout { _, present in present[slot] != 0 } }

    /// A present slot's value, or nil.
    @inline(__always)
    func valueIfPresent(_ slot: Int) -> Int64? {
        withLayout { values, present in present[slot] != 0 ? values[slot] : nil }
    }
}

/// The essentials of a decision without strings: what services and batch runs need per case.
package struct CompactDecision: Sendable, Hashable {
    /// `rule` when a group's `otherwise` made the primary referral.
    package static let fallbackRule: Int32 = -1
    /// `rule` when nothing made a primary referral.
    package static let noRule: Int32 = -2

    /// Global rule number of the primary referral's rule, or `fallbackRule` or `noRule`.
    package var rule: Int32
    package var group: Int32
    package var agency: String? { agencyName }
    var agencyName: String?
    package var priority: Int
    package var slaDue: Int64?
    /// Bit i set when level i of the decision's ladder has fired.
    package var fired: UInt64
    package var undecided: Bool
    /// The agencies sent a copy (symbol ids), in the full decision's order; empty for most cases.
    var copyIDs: [Int64] = []
    /// The escalation ladder's number in the rulebook; -1 when none applies.
    var ladder: Int32 = -1
}

extension Plan {
    /// The agencies a compact decision sends a copy to, by id.
    package func copies(of decision: CompactDecision) -> [String] {
        decision.copyIDs.map { names[Int($0)] }
    }
}
