/// Opening hours within one day: from `start` up to (not including) `end`, in minutes since local midnight.
public struct TimeOfDayRange: Sendable, Hashable, Comparable, LosslessStringCodable {
    /// Minutes since midnight when the office opens, 0–1439.
    public let start: Int
    /// Minutes since midnight when it closes, after `start` and at most 1440 (midnight at the end of the day).
    public let end: Int

    /// Hours from `start` to `end` minutes after midnight, or nil unless `0 <= start < end <= 1440`.
    public init?(start: Int, end: Int) {
        guard start >= 0, start < end, end <= 1440 else { return nil }
        self.start = start
        self.end = end
    }

    /// Parses `07:30-14:30` (any digits; `24:00` may end a range; an en dash also separates).
    public init?(_ description: String) {
        var s = DateScanner(description)
        guard let from = s.timeOfDay() else { return nil }
        _ = s.skipSpaces()
        guard s.take(anyOf: "-\u{2013}") != nil else { return nil }
        _ = s.skipSpaces()
        guard let to = s.timeOfDay(allow24: true), s.isAtEnd, from % 60 == 0, to % 60 == 0 else {
            return nil
        }
        self.init(start: from / 60, end: to / 60)
    }

    /// The range as `07:30-14:30`.
    public var description: String {
        func hm(_ m: Int) -> String {
            "\(DateScanner.zeroPadded(m / 60, 2)):\(DateScanner.zeroPadded(m % 60, 2))"
        }
        return "\(hm(start))-\(hm(end))"
    }

    /// The length in seconds.
    public var seconds: Int64 { Int64(end - start) * 60 }

    /// Orders by opening time, then closing time.
    public static func < (a: TimeOfDayRange, b: TimeOfDayRange) -> Bool {
        (a.start, a.end) < (b.start, b.end)
    }

    /// Sorts ranges and merges those that overlap or touch, so that one close of business ends each opening.
    static func normalized(_ ranges: [TimeOfDayRange]) -> [TimeOfDayRange] {
        var merged: [TimeOfDayRange] = []
        for r in ranges.sorted() {
            if let last = merged.last, r.start <= last.end {
                merged[merged.count - 1] = TimeOfDayRange(
                    start: last.start, end: max(last.end, r.end))!
            } else {
                merged.append(r)
            }
        }
        return merged
    }
}
