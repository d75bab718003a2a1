import Foundation

/// A rulebook's identity, for listings: what a service reports it is serving.
public struct RulebookSummary: Sendable, Codable, Hashable {
    public var id: String
    public var title: String?
    public var version: String?
    /// The province's name, for provincial rulebooks.
    public var province: String?
    public var english: String?
    public var areaCode: String?
    /// The effective date, `yyyy/mm/dd` in the Jalali calendar.
    public var effective: String?
    /// SHA-256 of the files that made the rulebook.
    public var digest: String
    /// From this rulebook up to the root (`["hamedan", "national"]`).
    public var lineage: [String]
    /// The file that declares it.
    public var file: String

    /// The summary of `rulebook`.
    public init(_ rulebook: Rulebook) {
        id = rulebook.id
        title = rulebook.title
        version = rulebook.version
        province = rulebook.province
        english = rulebook.english
        areaCode = rulebook.areaCode
        effective = rulebook.effective.map { JalaliDate(dayNumber: Int($0)).description }
        digest = rulebook.digest
        lineage = rulebook.lineage
        file = rulebook.file
    }
}

/// What a rulebook declares: agencies, categories, counties, enumerations, the case schema,
/// calendars, routing groups and ladders — what a form or an editor needs to offer valid input.
public struct RulebookDescription: Sendable, Codable, Hashable {
    public struct AgencyInfo: Sendable, Codable, Hashable {
        public var id: String
        public var name: String
        public var english: String?
        public var kind: String?
        public var supervisor: String?
    }

    public struct CategoryInfo: Sendable, Codable, Hashable {
        public var id: String
        public var label: String
        public var parent: String?
        public var keywords: [String]
    }

    public struct CountyInfo: Sendable, Codable, Hashable {
        public var id: String
        public var name: String
        public var english: String?
    }

    public struct EnumerationInfo: Sendable, Codable, Hashable {
        public var id: String
        public var label: String?
        public var values: [String]
        public var labels: [String: String]
    }

    /// One field of the case schema.
    public struct FieldInfo: Sendable, Codable, Hashable {
        /// Dotted path (`caller.needy`).
        public var path: String
        /// The type as written (`bool`, `set of agency`, `status`).
        public var type: String
        public var optional: Bool
        /// The default, as Masir writes values.
        public var `default`: String?
        /// For an inferred category: the text field it is inferred from.
        public var inferFrom: String?
        public var label: String?
    }

    public struct GroupInfo: Sendable, Codable, Hashable {
        public var id: String
        public var label: String?
        /// `first match`, `highest priority` or `all matches`.
        public var policy: String
        public var rules: [String]
        public var hasOtherwise: Bool
    }

    public struct LadderInfo: Sendable, Codable, Hashable {
        public var id: String
        public var label: String?
        public var calendar: String
        public var levels: [String]
    }

    public var summary: RulebookSummary
    public var agencies: [AgencyInfo]
    public var categories: [CategoryInfo]
    public var counties: [CountyInfo]
    public var enumerations: [EnumerationInfo]
    public var schema: [FieldInfo]
    public var calendars: [String]
    public var defaultCalendar: String?
    public var defaultLadder: String?
    public var groups: [GroupInfo]
    public var ladders: [LadderInfo]

    /// The description of `rulebook`.
    public init(_ rulebook: Rulebook) {
        summary = RulebookSummary(rulebook)
        agencies = rulebook.agencies.map { AgencyInfo(id: $0.id, name: $0.name, english: $0.english, kind: $0.kind, supervisor: $0.supervisor) }
        categories = rulebook.categories.map { CategoryInfo(id: $0.id, label: $0.label, parent: $0.parent, keywords: $0.keywords) }
        counties = rulebook.counties.map { CountyInfo(id: $0.id, name: $0.name, english: $0.english) }
        enumerations = rulebook.enumerations.map { EnumerationInfo(id: $0.id, label: $0.label, values: $0.values, labels: $0.labels) }
        schema = rulebook.fields.map {
            FieldInfo(path: $0.path, type: $0.type.description, optional: $0.isOptional, default: $0.defaultValue?.description,
                inferFrom: $0.inferFrom, label: $0.label)
        }
        calendars = rulebook.calendars.keys.sorted()
        defaultCalendar = rulebook.defaultCalendar
        defaultLadder = rulebook.defaultLadder
        groups = rulebook.groups.map {
            GroupInfo(id: $0.id, label: $0.label, policy: $0.policy.rawValue, rules: $0.rules.map(\.id), hasOtherwise: $0.fallback != nil)
        }
        ladders = rulebook.ladders.map { LadderInfo(id: $0.id, label: $0.label, calendar: $0.calendar, levels: $0.levels.map(\.id)) }
    }
}
