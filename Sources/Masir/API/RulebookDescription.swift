import Foundation

/// A rulebook's identity, for listings: what a service reports it is serving.
public struct RulebookSummary: Sendable, Codable, Hashable {
    /// The rulebook's id (`hamedan`).
    public var id: String
    /// The header's `title`.
    public var title: String?
    /// The header's `version`.
    public var version: String?
    /// The province's name, for provincial rulebooks.
    public var province: String?
    /// The province's English name.
    public var english: String?
    /// The province's telephone area code (`081`).
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
    /// An agency a case can be referred to.
    public struct AgencyInfo: Sendable, Codable, Hashable {
        /// The id rules name (`welfare`).
        public var id: String
        /// The Persian name.
        public var name: String
        /// The English name.
        public var english: String?
        /// `governorate`, `support`, `executive`, `bank`, …
        public var kind: String?
        /// The agency that holds it to account.
        public var supervisor: String?
    }

    /// A topic of cases.
    public struct CategoryInfo: Sendable, Codable, Hashable {
        /// The id rules name.
        public var id: String
        /// The Persian label.
        public var label: String
        /// The category it lies under.
        public var parent: String?
        /// The phrases that infer it from a description.
        public var keywords: [String]
    }

    /// A county of the province.
    public struct CountyInfo: Sendable, Codable, Hashable {
        /// The id rules name.
        public var id: String
        /// The Persian name.
        public var name: String
        /// The English name.
        public var english: String?
    }

    /// A declared enumeration (such as `status`).
    public struct EnumerationInfo: Sendable, Codable, Hashable {
        /// Its name.
        public var id: String
        /// Its Persian label.
        public var label: String?
        /// Its values, in order.
        public var values: [String]
        /// Persian labels of values, by value.
        public var labels: [String: String]
    }

    /// One field of the case schema.
    public struct FieldInfo: Sendable, Codable, Hashable {
        /// Dotted path (`caller.needy`).
        public var path: String
        /// The type as written (`bool`, `set of agency`, `status`).
        public var type: String
        /// Whether a case may leave it out.
        public var optional: Bool
        /// The default, as Masir writes values.
        public var `default`: String?
        /// For an inferred category: the text field it is inferred from.
        public var inferFrom: String?
        /// The field's Persian label.
        public var label: String?
    }

    /// A routing group.
    public struct GroupInfo: Sendable, Codable, Hashable {
        /// Its name (`referrals`).
        public var id: String
        /// Its Persian label.
        public var label: String?
        /// `first match`, `highest priority` or `all matches`.
        public var policy: String
        /// Its rules' ids, in the order they are tried.
        public var rules: [String]
        /// Whether it has an `otherwise`.
        public var hasOtherwise: Bool
    }

    /// An escalation ladder.
    public struct LadderInfo: Sendable, Codable, Hashable {
        /// Its name (`standard`).
        public var id: String
        /// Its Persian label.
        public var label: String?
        /// The calendar its working durations count in.
        public var calendar: String
        /// Its levels' ids, in order.
        public var levels: [String]
    }

    /// The rulebook's identity.
    public var summary: RulebookSummary
    /// Every agency, in declaration order (parents first).
    public var agencies: [AgencyInfo]
    /// Every category.
    public var categories: [CategoryInfo]
    /// Every county.
    public var counties: [CountyInfo]
    /// Every enumeration.
    public var enumerations: [EnumerationInfo]
    /// The case schema: every field a case may give.
    public var schema: [FieldInfo]
    /// The calendars' names.
    public var calendars: [String]
    /// The calendar used when none is named.
    public var defaultCalendar: String?
    /// The ladder used when no rule names one.
    public var defaultLadder: String?
    /// The routing groups, in evaluation order.
    public var groups: [GroupInfo]
    /// The escalation ladders.
    public var ladders: [LadderInfo]

    /// The description of `rulebook`.
    public init(_ rulebook: Rulebook) {
        summary = RulebookSummary(rulebook)
        agencies = rulebook.agencies.map {
            AgencyInfo(
                id: $0.id, name: $0.name, english: $0.english, kind: $0.kind,
                supervisor: $0.supervisor)
        }
        categories = rulebook.categories.map {
            CategoryInfo(id: $0.id, label: $0.label, parent: $0.parent, keywords: $0.keywords)
        }
        counties = rulebook.counties.map {
            CountyInfo(id: $0.id, name: $0.name, english: $0.english)
        }
        enumerations = rulebook.enumerations.map {
            EnumerationInfo(id: $0.id, label: $0.label, values: $0.values, labels: $0.labels)
        }
        schema = rulebook.fields.map {
            FieldInfo(
                path: $0.path, type: $0.type.description, optional: $0.isOptional,
                default: $0.defaultValue?.description,
                inferFrom: $0.inferFrom, label: $0.label)
        }
        calendars = rulebook.calendars.keys.sorted()
        defaultCalendar = rulebook.defaultCalendar
        defaultLadder = rulebook.defaultLadder
        groups = rulebook.groups.map {
            GroupInfo(
                id: $0.id, label: $0.label, policy: $0.policy.rawValue, rules: $0.rules.map(\.id),
                hasOtherwise: $0.fallback != nil)
        }
        ladders = rulebook.ladders.map {
            LadderInfo(
                id: $0.id, label: $0.label, calendar: $0.calendar, levels: $0.levels.map(\.id))
        }
    }
}
