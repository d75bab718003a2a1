import Foundation

/// A time zone's UTC offsets, read once from Foundation and kept as a table of transitions.
///
/// Deadline arithmetic converts between local wall time and instants thousands of times per call,
/// so asking Foundation each time would dominate; the table answers with a binary search over a
/// few dozen transitions instead. Offsets are read for 1900-01-01 to 2100-01-01 UTC; before that
/// the first offset applies, after it the last (Iran has kept +03:30 all year since 2022-09-22,
/// when daylight saving time ended).
public struct TimeZoneTable: Sendable, Hashable, CustomStringConvertible {
    /// The IANA identifier, such as `Asia/Tehran`.
    public let identifier: String
    // INVARIANT: transitions is strictly increasing and offsets.count == transitions.count + 1;
    // offsets[i] holds before transitions[i], offsets[i + 1] from it on.
    private let transitions: [Int64]
    private let offsets: [Int32]

    /// Iran Standard Time, Asia/Tehran.
    public static let tehran = TimeZoneTable(reading: "Asia/Tehran")!

    /// Coordinated Universal Time.
    public static let utc = TimeZoneTable(identifier: "UTC", transitions: [], offsets: [0])

    /// Reads the zone with the IANA `identifier` from Foundation, or nil if Foundation does not know it.
    public init?(identifier: String) {
        switch identifier {
        case Self.tehran.identifier: self = .tehran
        case "UTC", "Etc/UTC", "GMT": self = .utc
        default: self.init(reading: identifier)
        }
    }

    /// The same zone in storage of its own: threads that each read their own copy do not
    /// contend for the shared copy's reference counts.
    package func unshared() -> TimeZoneTable {
        TimeZoneTable(
            identifier: String(decoding: Array(identifier.utf8), as: UTF8.self),
            transitions: transitions.map { $0 }, offsets: offsets.map { $0 })
    }

    private init(identifier: String, transitions: [Int64], offsets: [Int32]) {
        self.identifier = identifier
        self.transitions = transitions
        self.offsets = offsets
    }

    private init?(reading identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        func offset(_ t: Int64) -> Int32 {
            Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))))
        }
        // Sampling once a day finds every change (no zone changes twice within a day); a binary
        // search then pins each change to the second.
        let first: Int64 = -2_208_988_800  // 1900-01-01T00:00:00Z
        let last: Int64 = 4_102_444_800  // 2100-01-01T00:00:00Z
        var transitions: [Int64] = []
        var offsets: [Int32] = [offset(first)]
        var t = first
        while t < last {
            let next = t + 86_400
            let o = offset(next)
            if o != offsets[offsets.count - 1] {
                var lo = t  // still the old offset
                var hi = next  // already the new one
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2
                    if offset(mid) == o { hi = mid } else { lo = mid }
                }
                transitions.append(hi)
                offsets.append(o)
            }
            t = next
        }
        self.init(identifier: identifier, transitions: transitions, offsets: offsets)
    }

    /// The zone's identifier.
    public var description: String { identifier }

    /// Seconds east of UTC in force at `instant` (12600 for +03:30).
    public func offset(at instant: Instant) -> Int {
        Int(offset(utc: instant.secondsSinceEpoch))
    }

    /// The local calendar day that `instant` falls on.
    public func civilDate(of instant: Instant) -> CivilDate {
        CivilDate(dayNumber: day(of: instant))
    }

    /// The instant at which the local calendar day `date` begins (its first existing second).
    public func startOfDay(_ date: CivilDate) -> Instant {
        instant(localSeconds: Int64(date.dayNumber) * 86_400)
    }

    /// The local day number of an instant.
    func day(of instant: Instant) -> Int {
        Int(DateScanner.floorDivMod(localSeconds(of: instant), 86_400).quotient)
    }

    /// Local wall time as seconds since 1970-01-01T00:00 local.
    func localSeconds(of instant: Instant) -> Int64 {
        let t = instant.secondsSinceEpoch
        let (sum, overflow) = t.addingReportingOverflow(offset(utc: t))
        return overflow ? t : sum
    }

    /// The instant that local wall time `local` denotes.
    ///
    /// When the clock is set back the wall time occurs twice and the first occurrence is taken;
    /// when it is set forward the skipped wall times are read with the offset from before the
    /// change, so they land that many seconds after it (00:30 in a 00:00→01:00 gap is 01:30).
    func instant(localSeconds local: Int64) -> Instant {
        // No zone changes offset twice within a few days, so the offsets a day either side are the only candidates.
        let before = offset(utc: local &- 86_400)
        let after = offset(utc: local &+ 86_400)
        if before == after {
            return Instant(secondsSinceEpoch: local &- before)
        }
        let earlier = local &- max(before, after)
        let later = local &- min(before, after)
        if offset(utc: earlier) == max(before, after) { return Instant(secondsSinceEpoch: earlier) }
        if offset(utc: later) == min(before, after) { return Instant(secondsSinceEpoch: later) }
        return Instant(secondsSinceEpoch: local &- before)
    }

    private func offset(utc t: Int64) -> Int64 {
        // Binary search for the number of transitions at or before t.
        var lo = 0
        var hi = transitions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if transitions[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return Int64(offsets[lo])
    }

    /// The last instant at which the offset changes, if it ever does; from then on it is constant.
    var lastTransition: Instant? { transitions.last.map(Instant.init(secondsSinceEpoch:)) }

    /// The first instant at which the offset changes, if it ever does; before it the offset is constant.
    var firstTransition: Instant? { transitions.first.map(Instant.init(secondsSinceEpoch:)) }

    /// Zones are equal when their identifiers are: the table is derived from the identifier.
    public static func == (a: TimeZoneTable, b: TimeZoneTable) -> Bool {
        a.identifier == b.identifier
    }

    /// Hashes the identifier.
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }
}
