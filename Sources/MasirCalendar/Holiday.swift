/// One public holiday: a Jalali date and its names.
public struct Holiday: Sendable, Hashable {
    /// What fixes the holiday's date, which says how far ahead it can be known.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// Fixed in the solar (Jalali) calendar, such as Nowruz; known years ahead.
        case solar
        /// Fixed in the lunar Hijri calendar, such as Ashura; announced each year and may move by a day.
        case lunar
        /// A one-off closure declared by the government for one year only.
        case special
        /// Anything else a rulebook's own table lists, such as a provincial holiday.
        case other
    }

    /// The day of the holiday.
    public let date: JalaliDate
    /// The Persian name (`عید سعید فطر`).
    public let persianName: String
    /// The English name (`Eid al-Fitr`), empty if the table gives none.
    public let englishName: String
    /// What fixes the date.
    public let kind: Kind
    /// Whether the date is an estimate published before the official calendar for its year.
    public let estimated: Bool

    /// A holiday on `date`.
    public init(
        date: JalaliDate, persianName: String, englishName: String = "", kind: Kind = .other,
        estimated: Bool = false
    ) {
        self.date = date
        self.persianName = persianName
        self.englishName = englishName
        self.kind = kind
        self.estimated = estimated
    }

    /// The day of the holiday in the Gregorian calendar.
    public var civilDate: CivilDate { date.civil }
}
