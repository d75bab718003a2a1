/// What changing a rulebook does to a set of cases: how many cases change where they go, how
/// urgent they are and when they are due, which moves they make, and which rules take cases
/// from which. Its JSON form is versioned (`format`).
public struct ImpactReport: Sendable, Codable, Hashable {
    public static let format = "masir.impact/1"

    public var format = ImpactReport.format
    public var old: SideSummary
    public var new: SideSummary
    /// The evaluation instant (rule validity and escalation depend on it).
    public var at: Decision.Moment
    /// The case files read, in order.
    public var inputs: [String]

    /// Every case document read.
    public var cases = 0
    /// Cases decided under both versions.
    public var compared = 0
    /// Compared cases with any difference below.
    public var changed = 0
    public var changes = Changes()

    /// Primary referral: agency → agency.
    public var referralMoves: [Move] = []
    /// Agencies (with their role) that the new version adds to or removes from cases' referrals.
    public var referralsAdded: [ReferralChange] = []
    public var referralsRemoved: [ReferralChange] = []
    public var priorityMoves: [Move] = []
    public var sla = SLAChanges()
    /// The rule that made the primary referral: `referrals.loan_no_bank` → `referrals.hamedan_x`.
    public var ruleMoves: [Move] = []
    /// The rule that set the priority.
    public var priorityRuleMoves: [Move] = []
    public var categoryMoves: [Move] = []
    public var ladderMoves: [Move] = []
    /// Compared cases in which some rule could not be decided for missing data.
    public var undecided = Undecided()

    /// Cases not compared, and why.
    public var notCompared = NotCompared()
    /// The first failures, up to the sample size per kind and side.
    public var failures: [Failure] = []

    public init(old: SideSummary, new: SideSummary, at: Instant, inputs: [String] = []) {
        self.old = old
        self.new = new
        self.at = Decision.Moment(at)
        self.inputs = inputs
    }

    public struct SideSummary: Sendable, Codable, Hashable {
        public var path: String
        /// `id version (digest prefix)` of each rulebook that loaded.
        public var rulebooks: [String]
        public var failedRulebooks: [ImpactSide.FailedRulebook]

        public init(_ side: ImpactSide) {
            path = side.path
            rulebooks = side.rulebookStamps
            failedRulebooks = side.failed
        }
    }

    /// How many compared cases changed in each respect (a case can count in several).
    public struct Changes: Sendable, Codable, Hashable {
        public var primaryReferral = 0
        /// The agencies referred to, with their roles (primary, also, copy).
        public var referrals = 0
        public var priority = 0
        public var slaDue = 0
        public var rule = 0
        public var priorityRule = 0
        public var category = 0
        public var ladder = 0
    }

    /// A move of some cases from one value to another, with a few of their ids.
    public struct Move: Sendable, Codable, Hashable {
        public var from: String
        public var to: String
        public var count: Int
        public var samples: [String]
    }

    /// An agency that some cases gain or lose as a referral in a role.
    public struct ReferralChange: Sendable, Codable, Hashable {
        public var agency: String
        /// `primary`, `also` or `copy`.
        public var role: String
        public var count: Int
        public var samples: [String]
    }

    public struct SLAChanges: Sendable, Codable, Hashable {
        public var earlier = Shift()
        public var later = Shift()
        /// Cases that now have a due instant and had none, and the reverse.
        public var appeared = Shift()
        public var disappeared = Shift()
    }

    public struct Shift: Sendable, Codable, Hashable {
        public var count = 0
        /// Mean size of the shift in seconds (calendar time), for earlier and later.
        public var meanSeconds: Int64 = 0
        public var maxSeconds: Int64 = 0
        public var samples: [String] = []
    }

    public struct PerSide: Sendable, Codable, Hashable {
        public var old = 0
        public var new = 0
        /// Under both versions (only for failures).
        public var both = 0

        public var total: Int { old + new + both }
    }

    public struct Undecided: Sendable, Codable, Hashable {
        public var old = 0
        public var new = 0
    }

    public struct NotCompared: Sendable, Codable, Hashable {
        /// A single provincial rulebook, and the case names another province.
        public var outOfScope = 0
        /// The case's rulebook failed to load (under that version; this reason comes first).
        public var rulebookFailed = PerSide()
        /// The case does not decode (unknown province, wrong value, missing field, bad syntax).
        public var decodeFailed = PerSide()

        public var total: Int { outOfScope + decodeFailed.total + rulebookFailed.total }
    }

    public struct Failure: Sendable, Codable, Hashable {
        /// `old`, `new` or `both`.
        public var side: String
        /// `decode` or `rulebook`.
        public var kind: String
        public var caseLabel: String
        public var message: String
    }
}
