/// The ranges a rulebook's literals must lie in. The parser refuses a literal outside them with
/// `syntax.out-of-range`, so the checker, the evaluators and the working calendar only ever see
/// values whose sums and products in seconds and days stay far inside 64 bits, and whose dates
/// print as four-digit years in decisions.
public enum LiteralLimits {
    /// The longest duration, in days: about four years of calendar time, or about six years of
    /// working days, which still end inside the ten years the working calendar searches ahead.
    public static let maximumDurationDays: Int64 = 1_500

    /// The largest whole number or amount of rials: a thousand times any real budget, and still
    /// about nine thousand times below `Int64.max`.
    public static let maximumNumber: Int64 = 1_000_000_000_000_000

    /// Jalali years a date may name (1300/01/01 is 1921-03-21; 1599/12/29 is in 2221).
    public static let jalaliYears: ClosedRange<Int> = 1300...1599

    /// Gregorian years a date may name: the whole years inside `jalaliYears`.
    public static let gregorianYears: ClosedRange<Int> = 1922...2220

    /// The longest duration in `unit`.
    public static func maximumDuration(in unit: DurationLiteral.Unit) -> Int64 {
        switch unit {
        case .days: maximumDurationDays
        case .hours: maximumDurationDays * 24
        case .minutes: maximumDurationDays * 24 * 60
        }
    }

    /// Whether a date as written (`1403/07/01`, `2024-09-22`) names a year inside the limits;
    /// text that is not a date at all is left to the date checks.
    public static func yearInRange(_ text: String) -> Bool {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" })
        guard let first = parts.first else { return true }
        // A year too long for `Int` is not a date at all; the date checks report it.
        guard let year = Int(first) else { return true }
        return (text.contains("/") ? jalaliYears : gregorianYears).contains(year)
    }
}

extension DurationLiteral.Unit {
    /// Seconds in `amount` of this unit, saturating at the bounds of `Int64` instead of trapping.
    public func seconds(_ amount: Int64) -> Int64 {
        let perUnit: Int64 =
            switch self {
            case .days: 86_400
            case .hours: 3_600
            case .minutes: 60
            }
        let (product, overflow) = amount.multipliedReportingOverflow(by: perUnit)
        guard overflow else { return product }
        return amount < 0 ? .min : .max
    }
}
