/// When a caller wants the checker to stop. The analyses that compare rules pairwise ask it
/// between steps; once it says the time is past they stop and report what they did not analyse
/// as `check.not-analysed`, so a server can bound a request while `masir check` waits.
public struct CheckDeadline: Sendable {
    let isPast: @Sendable () -> Bool

    /// A deadline that has passed once `isPast` returns true (it is asked often: keep it cheap).
    public init(isPast: @escaping @Sendable () -> Bool) { self.isPast = isPast }

    /// No deadline: the analyses run until done or out of their work budget.
    public static let none = CheckDeadline { false }

    /// Part of every note of an analysis a deadline cut short, so that a caller with a short
    /// deadline (an editor, between keystrokes) can leave those notes out.
    package static let stoppedReason = "the check was stopped at its deadline"

    /// A deadline `duration` from now on the continuous clock.
    public static func after(_ duration: Duration) -> CheckDeadline {
        let end = ContinuousClock.now.advanced(by: duration)
        return CheckDeadline { ContinuousClock.now >= end }
    }
}

/// The work one analysis of one rulebook may do, counted in boxes compared, and the caller's
/// deadline. Spent by `Conditions.uncovered` and the pairwise loops; once spent, they stop and the
/// check reports what was left out instead of running for minutes on a huge rulebook.
final class AnalysisBudget {
    /// Far more than any shipped rulebook needs (`LargeRulebookTests` checks they never reach it),
    /// and a fraction of a second of a slow machine: a first-match group of a thousand rules
    /// that each overlap the ones above reaches it.
    static let standardUnits = 1_000_000

    private var remaining: Int
    private let deadline: CheckDeadline
    private var untilDeadlineCheck = 0
    /// Whether the deadline, rather than the work budget, stopped the analysis.
    private(set) var stoppedByDeadline = false

    init(units: Int = standardUnits, deadline: CheckDeadline = .none) {
        remaining = units
        self.deadline = deadline
    }

    /// Whether the budget is spent or the deadline has passed.
    var isExhausted: Bool { remaining <= 0 }

    /// Spends `units`; false when there is nothing left to spend them on.
    func spend(_ units: Int = 1) -> Bool {
        guard remaining > 0 else { return false }
        remaining -= max(units, 1)
        untilDeadlineCheck -= max(units, 1)
        if untilDeadlineCheck <= 0 {
            // The clock is read every few thousand units: cheap, and still prompt.
            untilDeadlineCheck = 4_096
            if deadline.isPast() {
                stoppedByDeadline = true
                remaining = 0
            }
        }
        return remaining > 0
    }

    /// Why an analysis stopped early, for `check.not-analysed` messages.
    var reason: String {
        stoppedByDeadline ? CheckDeadline.stoppedReason : "the checker reached its work budget"
    }
}
