/// A rulebook compiled for fast evaluation: fields are slots of 64-bit values, ids are interned
/// integers, most conditions are flat runs of simple predicates, and each group is indexed on
/// the key most of its rules test (usually the category), so a case tries only its candidate
/// rules — in the original order. The reference `Evaluator` defines the semantics; this must agree
/// with it on every case (property-tested).
public struct Plan: Sendable {
    public let rulebook: Rulebook
    let symbols: [String: Int64]
    let predicates: [Predicate]
    let constants: [Int64]
    /// `under[category * categoryCount + ancestor]`: whether the category lies under the ancestor.
    let under: [Bool]
    let categoryCount: Int
    let rules: [CompiledRule]
    let trees: [Node]
    let groups: [CompiledGroup]
    let outcomes: [OutcomeSummary]
    let fallbacks: [OutcomeSummary?]
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

    /// A simple test of one slot; `kind` selects which fields matter.
    struct Predicate: Sendable {
        enum Kind: UInt8, Sendable { case compare, inList, under, present, absent, mentionsAny, mentionsAll, setContains, constant }
        enum Op: UInt8, Sendable { case eq, ne, lt, le, gt, ge }
        var kind: Kind
        var op: Op
        var slot: Int32
        /// Offset into `constants` (inList) or phrase indices (mentions); ancestor category (under).
        var aux: Int32
        var count: Int32
        var k: Int64
    }

    struct CompiledRule: Sendable {
        var group: Int32
        var index: Int32
        var validFrom: Int64
        var validUntil: Int64
        var start: Int32
        var end: Int32
        /// Index into `trees` for conditions that are not a flat conjunction; -1 when flat.
        var tree: Int32
        var priority: Int
    }

    /// What an outcome does, as plain numbers, for the compact path.
    struct OutcomeSummary: Sendable {
        /// Symbol id of the agency referred to; -1 for none.
        var agency: Int64 = -1
        /// Slot of an agency field referred to; -1 for none.
        var agencySlot: Int = -1
        /// 0 when the outcome sets no priority.
        var priority: Int = 0
        var slaKind: UInt8 = 0  // 0 none, 1 calendar seconds, 2 working days, 3 working seconds
        var slaAmount: Int64 = 0
        var ladder: Int = -1
    }

    /// A group's rules indexed on up to two symbolic slots (say category, then county): a case
    /// tries only the rules whose equality tests on those slots can hold, in rule order.
    struct CompiledGroup: Sendable {
        var policy: HitPolicy
        var first: Int32
        var count: Int32
        var indexSlot: Int32
        /// Symbol id (or `symbols.count` for unknown) → dense index of the first slot's value.
        var firstIndex: [Int32]
        /// Per dense first-slot value: a range into `candidates`.
        var ranges: [Range<Int32>]
        /// Candidate rule numbers (global), in rule order, for every indexed value.
        var candidates: [Int32]
        var secondSlot: Int32
        var secondIndex: [Int32]
        var secondCount: Int32
        /// Per (first value, second value): a range into `candidates`.
        var ranges2: [Range<Int32>]
    }

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

/// A case laid out for a plan: one 64-bit value per slot.
public struct CompiledCase: Sendable {
    var values: [Int64]
    var present: [Bool]
    /// Phrase hits per slot (by the slot's matcher's phrase index); empty for other slots.
    var hits: [[Bool]]
    /// Interned elements per set slot; empty for other slots.
    var sets: [[Int64]]
    /// The original case, for the parts a plan hands to the reference evaluator.
    public let source: Case
}

/// The essentials of a decision without strings: what services and batch runs need per case.
public struct CompactDecision: Sendable, Hashable {
    /// Global rule number of the primary referral's rule; -1 for a fallback, -2 for none.
    public var rule: Int32
    public var group: Int32
    public var agency: String? { agencyName }
    var agencyName: String?
    public var priority: Int
    public var slaDue: Int64?
    /// Bit i set when level i of the decision's ladder has fired.
    public var fired: UInt64
    public var undecided: Bool
}
