/// Deadlines and elapsed working time.
///
/// Working time is measured over the calendar's working intervals, which are half-open: an office
/// open 07:30–14:30 is open at 07:30:00 and closed at 14:30:00. All searches stop after
/// `searchLimitDays` days and return nil rather than loop.
extension WorkingCalendar {
    /// The close of business of the `n`th working day after the day `start` falls on.
    ///
    /// This is Iranian administrative practice for «ظرف n روز کاری»: the day the case arrives never
    /// counts, whatever the hour and even if it is a working day, so a case filed on Saturday at
    /// 07:31 or at 23:59 with 1 working day is due at Sunday's close (when Sunday is a working day).
    ///
    /// `n = 0` means "by the end of today's business": the close of business of the first working
    /// day, starting with `start`'s own day, whose close is not before `start`. On a working day
    /// before or during opening hours that is the same day's close; after closing time, or on a
    /// holiday or weekend, it is the next working day's close. A deadline is thus never before `start`.
    ///
    /// Nil if `n` is negative, the day lies more than `searchLimitDays` days after `start`'s day, or
    /// `start` is outside `Instant.supportedRange`.
    public func addWorkingDays(_ n: Int, to start: Instant) -> Instant? {
        guard n >= 0, Instant.supportedRange.contains(start) else { return nil }
        let startDay = timeZone.day(of: start)
        if n == 0 {
            for day in startDay...(startDay + Self.searchLimitDays) {
                if let close = intervals(onDay: day).last?.upperBound, close >= start {
                    return close
                }
            }
            return nil
        }
        var counted = 0
        for day in (startDay + 1)...(startDay + Self.searchLimitDays)
        where !hours(onDay: day).isEmpty {
            counted += 1
            if counted == n { return intervals(onDay: day).last?.upperBound }
        }
        return nil
    }

    /// The earliest instant `t` at or after `start` with `workingSeconds(from: start, to: t) == seconds`.
    ///
    /// Starting outside opening hours, the clock starts at the next opening. A result that falls
    /// exactly on a closing time stays there (14:30, not the next morning's 07:30), and `seconds == 0`
    /// gives `start` itself. Nil if `seconds` is negative, not reached within `searchLimitDays` days,
    /// or `start` is outside `Instant.supportedRange`.
    public func addWorkingTime(seconds: Int64, to start: Instant) -> Instant? {
        advance(from: start, workingSeconds: seconds, pauses: [])
    }

    /// Working time between two instants: the seconds of `from..<to` that fall inside working intervals.
    ///
    /// Negative when `to` is before `from` (`workingSeconds(from: a, to: b) == -workingSeconds(from: b, to: a)`).
    /// Instants outside `Instant.supportedRange` count as its nearest end. Long spans are summed a
    /// week at a time away from holidays, exceptions and clock changes, so the cost stays bounded.
    public func workingSeconds(from: Instant, to: Instant) -> Int64 {
        if to < from { return -workingSeconds(from: to, to: from) }
        let a = Self.clamp(from)
        let b = Self.clamp(to)
        guard a < b else { return 0 }
        let firstDay = timeZone.day(of: a)
        let lastDay = timeZone.day(of: b)
        // Intervals of a day lie within that day, so only the end days need clipping; a day either
        // side is clipped too in case a clock change moved an interval across midnight.
        if lastDay - firstDay < 2 {
            return (firstDay - 1...lastDay + 1).reduce(0) { $0 + clippedSeconds(day: $1, a, b) }
        }
        return clippedSeconds(day: firstDay - 1, a, b) + clippedSeconds(day: firstDay, a, b)
            + fullSeconds(days: (firstDay + 1)...(lastDay - 1))
            + clippedSeconds(day: lastDay, a, b) + clippedSeconds(day: lastDay + 1, a, b)
    }

    /// The deadline for `amount` starting at `start`, with the clock stopped during `pauses`.
    ///
    /// Without pauses: `.workingDays(n)` is `addWorkingDays(n, to: start)`, `.workingSeconds(s)` is
    /// `addWorkingTime(seconds: s, to: start)`, and `.calendarSeconds(s)` is `start + s`.
    ///
    /// Pauses (an SLA put on hold, e.g. waiting for the citizen) extend the deadline by the time
    /// that fell inside them between `start` and the deadline: working time for working amounts,
    /// elapsed time for calendar amounts. The extension can run into further pauses, so the
    /// deadline is the fixed point of "no-pause deadline + paused time before the deadline", which
    /// is computed directly: the earliest `t >= start` with
    /// `elapsed(from: start, to: t, amountKind: amount.kind, pauses: pauses) == budget`, where
    /// the budget is the amount in seconds (for `.workingDays(n)`, the working time from `start` to
    /// the no-pause deadline). Hence:
    /// - the parts of pauses before `start` and after the deadline change nothing;
    /// - overlapping or touching pauses count once;
    /// - a deadline that falls exactly at the start of a pause stays there;
    /// - a working-days deadline moved by a pause no longer has to fall on a close of business
    ///   (a two-hour pause moves a 14:30 deadline to 09:30 the next working day).
    ///
    /// Nil if the amount is negative, the deadline is not reached within `searchLimitDays` days or
    /// `start` is outside `Instant.supportedRange` (working amounts), or it overflows (calendar amounts).
    public func deadline(start: Instant, amount: ClockAmount, pauses: [Range<Instant>]) -> Instant?
    {
        let pauses = Self.merged(pauses, from: start)
        switch amount {
        case .workingDays(let n):
            guard let plain = addWorkingDays(n, to: start) else { return nil }
            guard pauses.contains(where: { $0.lowerBound < plain }) else { return plain }
            return advance(
                from: start, workingSeconds: workingSeconds(from: start, to: plain), pauses: pauses)
        case .workingSeconds(let seconds):
            return advance(from: start, workingSeconds: seconds, pauses: pauses)
        case .calendarSeconds(let seconds):
            guard seconds >= 0 else { return nil }
            var t = start.secondsSinceEpoch
            var remaining = seconds
            for pause in pauses {
                let (gap, overflow) = pause.lowerBound.secondsSinceEpoch
                    .subtractingReportingOverflow(t)
                if overflow || gap >= remaining { break }
                remaining -= gap
                t = pause.upperBound.secondsSinceEpoch
            }
            let (end, overflow) = t.addingReportingOverflow(remaining)
            return overflow ? nil : Instant(secondsSinceEpoch: end)
        }
    }

    /// Clock time that ran between `from` and `to` with the clock stopped during `pauses`.
    ///
    /// For `.working` it is working seconds outside pauses, for `.calendar` elapsed seconds outside
    /// pauses. Negative when `to` is before `from`, as `workingSeconds(from:to:)` is.
    public func elapsed(
        from: Instant, to: Instant, amountKind: ClockAmount.Kind, pauses: [Range<Instant>]
    ) -> Int64 {
        if to < from { return -elapsed(from: to, to: from, amountKind: amountKind, pauses: pauses) }
        let a = Self.clamp(from)
        let b = Self.clamp(to)
        var total = amountKind == .working ? workingSeconds(from: a, to: b) : a.distance(to: b)
        for pause in Self.merged(pauses, from: a) where pause.lowerBound < b {
            let upper = min(pause.upperBound, b)
            total -=
                amountKind == .working
                ? workingSeconds(from: pause.lowerBound, to: upper)
                : pause.lowerBound.distance(to: upper)
        }
        return total
    }

    /// Walks working intervals from `start`, skipping `pauses` (merged, sorted, none before `start`),
    /// until `workingSeconds` have run.
    func advance(
        from start: Instant, workingSeconds seconds: Int64, pauses: [Range<Instant>]
    ) -> Instant? {
        guard seconds >= 0, Instant.supportedRange.contains(start) else { return nil }
        guard seconds > 0 else { return start }
        var remaining = seconds
        var p = 0
        let startDay = timeZone.day(of: start)
        for day in (startDay - 1)...(startDay + Self.searchLimitDays) {
            for interval in intervals(onDay: day) {
                var t = max(interval.lowerBound, start)
                let close = interval.upperBound
                while t < close {
                    while p < pauses.count, pauses[p].upperBound <= t { p += 1 }
                    if p < pauses.count, pauses[p].lowerBound <= t {
                        t = pauses[p].upperBound
                        continue
                    }
                    let runEnd = p < pauses.count ? min(close, pauses[p].lowerBound) : close
                    let run = t.distance(to: runEnd)
                    if run >= remaining { return t.advanced(by: remaining) }
                    remaining -= run
                    t = runEnd
                }
            }
        }
        return nil
    }

    /// Working seconds of `day`'s intervals inside `a..<b`.
    private func clippedSeconds(day: Int, _ a: Instant, _ b: Instant) -> Int64 {
        intervals(onDay: day).reduce(0) { total, interval in
            total + max(0, max(interval.lowerBound, a).distance(to: min(interval.upperBound, b)))
        }
    }

    /// Working seconds of whole days, a week at a time where the regular week applies.
    private func fullSeconds(days: ClosedRange<Int>) -> Int64 {
        guard let irregular = irregularDays else { return regularSeconds(days) }
        var total: Int64 = 0
        var day = days.lowerBound
        if day < irregular.lowerBound {
            let end = min(days.upperBound, irregular.lowerBound - 1)
            total += regularSeconds(day...end)
            day = end + 1
        }
        let end = min(days.upperBound, irregular.upperBound)
        while day <= end {
            total += intervals(onDay: day).reduce(0) {
                $0 + $1.lowerBound.distance(to: $1.upperBound)
            }
            day += 1
        }
        if day <= days.upperBound { total += regularSeconds(day...days.upperBound) }
        return total
    }

    private func regularSeconds(_ days: ClosedRange<Int>) -> Int64 {
        let count = days.count
        var total = Int64(count / 7) * weeklySeconds.reduce(0, +)
        for day in (days.lowerBound + count / 7 * 7)..<(days.upperBound + 1) {
            total += weeklySeconds[Weekday(dayNumber: day).rawValue]
        }
        return total
    }

    private static func clamp(_ t: Instant) -> Instant {
        min(max(t, Instant.supportedRange.lowerBound), Instant.supportedRange.upperBound)
    }

    /// Sorts pauses, drops empty ones and the parts before `start`, and merges overlapping or touching ones.
    static func merged(_ pauses: [Range<Instant>], from start: Instant) -> [Range<Instant>] {
        var result: [Range<Instant>] = []
        for pause in pauses.sorted(by: { $0.lowerBound < $1.lowerBound })
        where !pause.isEmpty && pause.upperBound > start {
            let lower = max(pause.lowerBound, start)
            if let last = result.last, lower <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, pause.upperBound)
            } else {
                result.append(lower..<pause.upperBound)
            }
        }
        return result
    }
}
