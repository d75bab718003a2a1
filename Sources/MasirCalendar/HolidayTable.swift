import Foundation

/// A list of public holidays and the span of days it is complete for.
///
/// Holiday lists are published a year at a time, so a table knows which Jalali years it covers: a
/// deadline that runs past them is computed without holidays and may be early, and callers can ask
/// `covers(_:)` to warn about it.
public struct HolidayTable: Sendable, Hashable {
    /// A line of a holiday file that could not be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line number.
        public let line: Int
        /// What is wrong, one lowercase line with the offending text in backticks.
        public let message: String

        /// `line N: message`.
        public var description: String { "line \(line): \(message)" }
    }

    /// The holidays in date order (holidays sharing a date keep their order in the source).
    public let holidays: [Holiday]
    /// The days the table claims to be complete for, or nil for an empty table.
    public let coverage: ClosedRange<JalaliDate>?
    private let days: Set<Int>

    /// A table of `holidays`; `coverage` defaults to the whole Jalali years from the first holiday's to the last's.
    public init(_ holidays: [Holiday], coverage: ClosedRange<JalaliDate>? = nil) {
        let sorted = holidays.enumerated().sorted { a, b in
            (a.element.date.dayNumber, a.offset) < (b.element.date.dayNumber, b.offset)
        }.map(\.element)
        self.holidays = sorted
        days = Set(sorted.map(\.date.dayNumber))
        if let coverage {
            self.coverage = coverage
        } else if let first = sorted.first, let last = sorted.last {
            let from = JalaliDate(year: first.date.year, month: 1, day: 1)!
            let through = JalaliDate(
                year: last.date.year, month: 12,
                day: JalaliDate.daysInMonth(year: last.date.year, month: 12))!
            self.coverage = from...through
        } else {
            self.coverage = nil
        }
    }

    /// The first day the table covers (1 Farvardin of its first year by default).
    public var firstDate: JalaliDate? { coverage?.lowerBound }

    /// The last day the table covers (the end of Esfand of its last year by default).
    public var lastDate: JalaliDate? { coverage?.upperBound }

    /// Every holiday date, once each.
    public var dates: Set<CivilDate> { Set(days.map(CivilDate.init(dayNumber:))) }

    /// Whether `date` is a holiday.
    public func contains(_ date: CivilDate) -> Bool { days.contains(date.dayNumber) }

    /// Whether the Jalali `date` is a holiday.
    public func contains(_ date: JalaliDate) -> Bool { days.contains(date.dayNumber) }

    /// The holidays falling on `date` (several holidays may share a day).
    public func holidays(on date: CivilDate) -> [Holiday] {
        holidays.filter { $0.date.dayNumber == date.dayNumber }
    }

    /// Whether every day of `range` lies within the table's coverage.
    public func covers(_ range: ClosedRange<CivilDate>) -> Bool {
        guard let coverage else { return false }
        return coverage.lowerBound.dayNumber <= range.lowerBound.dayNumber
            && range.upperBound.dayNumber <= coverage.upperBound.dayNumber
    }

    /// Whether every day of the Jalali `range` lies within the table's coverage.
    public func covers(_ range: ClosedRange<JalaliDate>) -> Bool {
        covers(range.lowerBound.civil...range.upperBound.civil)
    }

    /// Reads a tab-separated holiday file with a header row, such as `data/holidays/iran-official.tsv`.
    ///
    /// Columns are found by name, in any order: `jalali` (`1403/01/01`) or `gregorian`
    /// (`2024-03-20`) is required (when both are given they must name the same day); `name_fa`,
    /// `name_en`, `kind` (solar, lunar, special, other; default other) and `estimated` (yes/no)
    /// are optional; `jalali_year`, `weekday_en` and `weekday_fa`, when present, are checked
    /// against the date to catch typing mistakes; other columns are ignored. Blank lines and
    /// lines starting with `#` are skipped. Errors name the line.
    public static func parse(tsv: String) throws(ParseError) -> HolidayTable {
        var header: [String: Int]? = nil
        var holidays: [Holiday] = []
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so both line ends are named explicitly.
        for line in tsv.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        {
            lineNumber += 1
            if line.allSatisfy(\.isWhitespace) || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let columns = header else {
                header = try Self.readHeader(fields, line: lineNumber)
                continue
            }
            guard fields.count == columns.count else {
                throw ParseError(
                    line: lineNumber,
                    message: "expected \(columns.count) tab-separated fields, found \(fields.count)"
                )
            }
            holidays.append(try Self.readRow(fields, columns: columns, line: lineNumber))
        }
        guard header != nil else {
            throw ParseError(line: max(lineNumber, 1), message: "missing header row")
        }
        return HolidayTable(holidays)
    }

    private static func readHeader(
        _ fields: [String], line: Int
    ) throws(ParseError) -> [String: Int] {
        var columns: [String: Int] = [:]
        for (i, name) in fields.enumerated() {
            guard columns[name] == nil else {
                throw ParseError(line: line, message: "column `\(name)` appears twice")
            }
            columns[name] = i
        }
        guard columns["jalali"] != nil || columns["gregorian"] != nil else {
            throw ParseError(line: line, message: "header needs a `jalali` or `gregorian` column")
        }
        return columns
    }

    private static func readRow(
        _ fields: [String], columns: [String: Int], line: Int
    ) throws(ParseError) -> Holiday {
        func field(_ name: String) -> String? { columns[name].map { fields[$0] } }
        var date: JalaliDate? = nil
        if let text = field("jalali") {
            guard let d = JalaliDate(text) else {
                throw ParseError(line: line, message: "`\(text)` is not a Jalali date (yyyy/mm/dd)")
            }
            date = d
        }
        if let text = field("gregorian") {
            guard let g = CivilDate(text) else {
                throw ParseError(
                    line: line, message: "`\(text)` is not a Gregorian date (yyyy-mm-dd)")
            }
            if let date, date.civil != g {
                throw ParseError(line: line, message: "`\(text)` is \(g.jalali), not \(date)")
            }
            date = g.jalali
        }
        guard let date else { throw ParseError(line: line, message: "row has no date") }
        if let text = field("jalali_year"), text != String(date.year) {
            throw ParseError(
                line: line,
                message: "jalali_year `\(text)` does not match the date's year \(date.year)")
        }
        for column in ["weekday_en", "weekday_fa"] {
            if let text = field(column), !text.isEmpty, Weekday(name: text) != date.weekday {
                throw ParseError(
                    line: line,
                    message: "\(column) `\(text)` does not match \(date), a \(date.weekday)")
            }
        }
        var kind = Holiday.Kind.other
        if let text = field("kind"), !text.isEmpty {
            guard let k = Holiday.Kind(rawValue: text) else {
                throw ParseError(
                    line: line,
                    message:
                        "unknown holiday kind `\(text)` (expected solar, lunar, special or other)")
            }
            kind = k
        }
        var estimated = false
        switch field("estimated") {
        case nil, "", "no", "false": break
        case "yes", "true": estimated = true
        case let text?:
            throw ParseError(line: line, message: "estimated must be `yes` or `no`, not `\(text)`")
        }
        return Holiday(
            date: date, persianName: field("name_fa") ?? "", englishName: field("name_en") ?? "",
            kind: kind, estimated: estimated)
    }
}
