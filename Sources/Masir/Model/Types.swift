/// The type of a field or expression.
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case text, int, money, bool, date, datetime, duration
    case category, agency, county, priority
    /// A declared enumeration, by id.
    case enumeration(String)
    case set(ValueType)
    /// The empty list `[]`, which fits any set.
    case emptySet

    public var description: String {
        switch self {
        case .text: "text"
        case .int: "int"
        case .money: "money"
        case .bool: "bool"
        case .date: "date"
        case .datetime: "datetime"
        case .duration: "duration"
        case .category: "category"
        case .agency: "agency"
        case .county: "county"
        case .priority: "priority"
        case .enumeration(let name): name
        case .set(let element): "set of \(element)"
        case .emptySet: "empty list"
        }
    }

    /// Types whose values are ids of declared things.
    var isSymbolic: Bool {
        switch self {
        case .category, .agency, .county, .enumeration, .priority: true
        default: false
        }
    }

    var isOrdered: Bool {
        switch self {
        case .int, .money, .date, .datetime, .duration: true
        default: false
        }
    }

    static func named(_ name: String) -> ValueType? {
        switch name {
        case "text": .text
        case "int", "integer", "number": .int
        case "money": .money
        case "bool", "boolean": .bool
        case "date": .date
        case "datetime": .datetime
        case "duration": .duration
        case "category": .category
        case "agency": .agency
        case "county": .county
        case "priority": .priority
        default: nil
        }
    }

    /// Whether a value of `other` may stand where `self` is expected.
    func accepts(_ other: ValueType) -> Bool {
        if self == other { return true }
        switch (self, other) {
        case (.set, .emptySet), (.emptySet, .set): return true
        case (.set(let a), .set(let b)): return a.accepts(b)
        default: return false
        }
    }
}

/// Case priority, most urgent first; rules may also write 1–4.
public enum Priority: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case urgent = 1, high = 2, normal = 3, low = 4

    public var name: String {
        switch self {
        case .urgent: "urgent"
        case .high: "high"
        case .normal: "normal"
        case .low: "low"
        }
    }

    public var persianName: String {
        switch self {
        case .urgent: "فوری"
        case .high: "بالا"
        case .normal: "عادی"
        case .low: "پایین"
        }
    }

    public init?(word: String) {
        if let number = Int(word), let value = Priority(rawValue: number) { self = value; return }
        guard let value = Priority.allCases.first(where: { $0.name == word }) else { return nil }
        self = value
    }

    /// Lower raw values are more urgent, so "less" means "more urgent".
    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A runtime value. Symbolic values (categories, agencies, counties, enum values, priorities)
/// are held as their ids.
public indirect enum Value: Sendable, Hashable, CustomStringConvertible {
    case text(String)
    case int(Int64)
    case money(Int64)
    case bool(Bool)
    /// Days since 1970-01-01 (civil, Gregorian).
    case date(Int64)
    case datetime(Instant)
    case duration(DurationLiteral.Unit, amount: Int64, working: Bool)
    case symbol(String)
    case set([Value])

    public var description: String {
        switch self {
        case .text(let text): "\"\(text)\""
        case .int(let value): String(value)
        case .money(let value): Formatter.grouped(value) + " rials"
        case .bool(let value): value ? "yes" : "no"
        case .date(let days): CivilDate(daysSinceEpoch: days).jalali.description
        case .datetime(let instant): instant.jalaliDescription
        case .duration(let unit, let amount, let working):
            "\(amount) \(working ? "working " : "")\(unit.rawValue)"
        case .symbol(let id): id
        case .set(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// The number behind an ordered value, for comparisons.
    var ordinal: Int64? {
        switch self {
        case .int(let v), .money(let v), .date(let v): v
        case .datetime(let instant): instant.seconds
        case .duration(let unit, let amount, _): unit.seconds(amount)
        default: nil
        }
    }
}
