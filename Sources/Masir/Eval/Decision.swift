/// The answer for one case: where it goes, how urgent it is, when it is due and escalates, and why.
/// Its JSON form is versioned (`format`) and described by docs/decision.schema.json.
public struct Decision: Sendable, Codable, Hashable {
    public static let format = "masir.decision/1"

    public var format = Decision.format
    public var rulebook: RulebookStamp
    public var caseId: String?
    /// Digest of the decoded case, so a logged decision can be matched to its input.
    public var caseDigest: String
    public var at: Moment
    public var category: CategoryChoice?
    public var referrals: [Referral]
    public var priority: PriorityChoice
    public var sla: Deadline?
    /// Every SLA target of the case (the primary one first, as `sla`) with its own clock; absent
    /// when the rulebook gives the case only the one deadline.
    public var targets: [Target]? = nil
    public var reason: Reason?
    public var escalation: Escalation?
    /// Rules that could not be decided because of missing data, and similar problems.
    public var errors: [RuleError]
    /// Every rule considered, when an explanation was asked for.
    public var trace: [TraceEntry]?

    public struct RulebookStamp: Sendable, Codable, Hashable {
        public var id: String
        public var version: String?
        public var digest: String
        public var lineage: [String]
    }

    /// An instant in both calendars people here use. The texts are made when read or encoded,
    /// not when a decision is assembled: batch routing writes them straight into its output.
    public struct Moment: Sendable, Codable, Hashable {
        public var instant: Instant
        /// ISO 8601 in Tehran time: `2024-10-23T09:30:00+03:30`.
        public var iso: String { instant.isoText }
        /// Jalali local time: `1403/08/02 09:30`.
        public var jalali: String { instant.jalaliDescription }

        public init(_ instant: Instant) { self.instant = instant }

        enum CodingKeys: String, CodingKey { case iso, jalali }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let text = try container.decode(String.self, forKey: .iso)
            guard let instant = Instant(iso8601: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .iso, in: container,
                    debugDescription: "`\(text)` is not an ISO 8601 instant")
            }
            self.instant = instant
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(iso, forKey: .iso)
            try container.encode(jalali, forKey: .jalali)
        }
    }

    public struct CategoryChoice: Sendable, Codable, Hashable {
        public var id: String
        public var label: String
        /// `given` by the operator or `inferred` from the description's keywords.
        public var source: String
        public var keywords: [String]?
    }

    public struct Referral: Sendable, Codable, Hashable {
        public var agency: String
        public var name: String
        /// `primary`, `also` (another referral) or `copy`.
        public var role: String
        public var group: String
        /// The rule that chose it, or `otherwise` for a group's fallback.
        public var rule: String
    }

    public struct PriorityChoice: Sendable, Codable, Hashable {
        public var level: String
        public var value: Int
        public var label: String
        /// The rule that set it; nil when no rule did and the default applies.
        public var rule: String?
    }

    public struct Deadline: Sendable, Codable, Hashable {
        public var duration: String
        public var start: Moment
        public var due: Moment?
        public var rule: String
        /// Why no due instant could be computed, if none was.
        public var note: String?
        /// Time left until `due` at the evaluation instant (or past it); absent when there is no
        /// due instant or the clock has stopped.
        public var remaining: Remaining? = nil
    }

    /// One SLA target at the evaluation instant: its deadline, its clock and the time left.
    public struct Target: Sendable, Codable, Hashable {
        /// The target's id; `sla` for the primary one.
        public var target: String
        public var duration: String
        public var start: Moment
        public var due: Moment?
        public var rule: String
        public var note: String?
        /// `running`, `paused` or `stopped`.
        public var clock: String
        /// When the clock stopped, if the history says.
        public var stopped: Moment? = nil
        /// For a stopped clock with a deadline: whether it stopped by the deadline.
        public var met: Bool? = nil
        /// 2 and up for the rounds `on reopen new target` adds; absent for the first.
        public var round: Int? = nil
        public var remaining: Remaining? = nil

        /// The target's deadline alone.
        public var deadline: Deadline {
            Deadline(
                duration: duration, start: start, due: due, rule: rule, note: note,
                remaining: remaining)
        }
    }

    /// Time between the evaluation instant and a due instant, in calendar time and in the
    /// working time of the ladder's calendar; `overdue` when the due instant has passed, and
    /// then the times say by how much.
    public struct Remaining: Sendable, Codable, Hashable {
        public var overdue: Bool
        /// Whole minutes of calendar time.
        public var calendarMinutes: Int64
        /// `6 days 3 hours 30 minutes`.
        public var calendar: String
        /// Whole minutes of working time on the calendar; absent without a calendar.
        public var workingMinutes: Int64?
        /// `27 working hours 30 minutes`.
        public var working: String?

        /// The time from `now` to `due`, working time counted on `calendar`.
        public init(from now: Instant, to due: Instant, calendar workCalendar: WorkingCalendar?) {
            overdue = due < now
            let (early, late) = overdue ? (due, now) : (now, due)
            calendarMinutes = early.distance(to: late) / 60
            calendar = Remaining.calendarText(minutes: calendarMinutes)
            if let workCalendar {
                let minutes = workCalendar.workingSeconds(from: early, to: late) / 60
                workingMinutes = minutes
                working = Remaining.workingText(minutes: minutes)
            }
        }

        /// `2 days 4 hours`, to the minute.
        public static func calendarText(minutes: Int64) -> String {
            let days = minutes / 1440, hours = minutes % 1440 / 60, rest = minutes % 60
            var parts: [String] = []
            if days > 0 { parts.append("\(days) day\(days == 1 ? "" : "s")") }
            if hours > 0 { parts.append("\(hours) hour\(hours == 1 ? "" : "s")") }
            if rest > 0 || parts.isEmpty { parts.append("\(rest) minute\(rest == 1 ? "" : "s")") }
            return parts.joined(separator: " ")
        }

        /// `27 working hours 30 minutes`: a working day has no fixed length, so hours are not
        /// gathered into days.
        public static func workingText(minutes: Int64) -> String {
            let hours = minutes / 60, rest = minutes % 60
            var parts: [String] = []
            if hours > 0 { parts.append("\(hours) working hour\(hours == 1 ? "" : "s")") }
            if rest > 0 || parts.isEmpty {
                parts.append(
                    "\(rest) \(hours > 0 ? "" : "working ")minute\(rest == 1 ? "" : "s")")
            }
            return parts.joined(separator: " ")
        }
    }

    public struct Reason: Sendable, Codable, Hashable {
        public var text, rule: String
    }

    public struct Escalation: Sendable, Codable, Hashable {
        public var ladder: String
        /// `running`, `paused` or `stopped`.
        public var clock: String
        public var levels: [LevelState]
        /// The last level that fired.
        public var current: String?
        /// The next level to fire and when, so services need no polling loop.
        public var next: LevelState?
        /// The priority after `raise priority` actions of fired levels.
        public var effectivePriority: String
    }

    public struct LevelState: Sendable, Codable, Hashable {
        public var level: String
        public var label: String?
        public var due: Moment?
        public var fired: Bool
        public var actions: [String]
        /// Why the level has no due instant or will not fire.
        public var note: String?
        /// The named SLA target the level counts from; absent for the primary one and fields.
        public var target: String? = nil
    }

    public struct RuleError: Sendable, Codable, Hashable {
        public var group, rule, message: String
        public var field: String?
    }

    public struct TraceEntry: Sendable, Codable, Hashable {
        public var group, rule: String
        public var label: String?
        /// `matched`, `no match`, `undetermined` or `not in force`.
        public var result: String
        public var condition: String
        /// The first part of the condition that failed, for rules that did not match.
        public var failed: String?
        /// The values the failing part saw, by field path (`absent` when missing).
        public var saw: [String: String]?
        public var file: String
        public var line: Int?
        /// The matched outcome's conditional parts (`priority high when …`) and how each fared.
        public var parts: [PartEntry]? = nil
    }

    /// One conditional part of a matched outcome in the trace.
    public struct PartEntry: Sendable, Codable, Hashable {
        /// The part without its condition: `copy deputy_economic`, `priority high`.
        public var part: String
        public var condition: String
        /// `applied`, `not applied`, `undetermined`, or `passed over` when an earlier part of
        /// the same kind applied.
        public var result: String
        public var failed: String?
        public var saw: [String: String]?
    }
}
