/// A case ready for evaluation: every schema field decoded into its slot.
public struct Case: Sendable {
    public var id: String?
    /// Values by field slot; nil means absent.
    public var values: [Value?]
    /// Status changes in time order, for clocks that pause and stop.
    public var history: [StatusChange]
    /// Keys in the input that the schema does not declare.
    public var unknownFields: [String]
    /// How the category was decided, when it was inferred from keywords.
    public var inferredCategory: InferredCategory?
    /// The instant the case itself says it is to be judged at (`evaluated_at`, or the key a
    /// caller names), which wins over the instant the caller gives a whole batch.
    public var evaluatedAt: Instant?
    /// Changes of category recorded in the history (`{category, at}`), in time order.
    public var reclassifications: [CategoryChange] = []
    /// Normalised text of text fields, computed once per case for `mentions`.
    var normalized: [Int: NormalizedText]

    public init(
        id: String?, values: [Value?], history: [StatusChange] = [], unknownFields: [String] = []
    ) {
        self.id = id
        self.values = values
        self.history = history
        self.unknownFields = unknownFields
        self.normalized = [:]
        for (slot, value) in values.enumerated() {
            if case .text(let text)? = value { normalized[slot] = NormalizedText(text) }
        }
    }
}

extension Case {
    /// The instant to decide the case at: `fixed` when the caller fixed one, else the case's own,
    /// else `fallback` (now, normally).
    public func instant(fixed: Instant?, fallback: Instant) -> Instant {
        fixed ?? evaluatedAt ?? fallback
    }
}

public struct StatusChange: Sendable, Hashable, Codable {
    public var status: String
    public var at: Instant
}

/// A history entry saying the case was put in another category at an instant.
public struct CategoryChange: Sendable, Hashable, Codable {
    public var category: String
    public var at: Instant
}

public struct InferredCategory: Sendable, Hashable, Codable {
    public var category: String
    /// The keyword phrases that matched, as written in the rulebook.
    public var keywords: [String]
}

/// A problem with a case document, naming the field and, for files, the line.
public struct CaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is: a stable code, the same on every path that reads cases.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Input declared JSON is not JSON.
        case malformedJSON = "input.malformed-json"
        /// Input is neither YAML nor JSON.
        case malformedYAML = "input.malformed-yaml"
        /// A document nests deeper than `InputLimits.maximumNesting`.
        case tooDeep = "input.too-deep"
        /// A JSON Lines record, a case file, a text value or a set is larger than its limit.
        case tooLarge = "input.too-large"
        /// One case was expected and there were none, or several.
        case notOneCase = "input.not-one-case"
        /// A document is not a mapping of fields.
        case notACase = "case.not-a-mapping"
        /// A field the rulebook's schema does not declare.
        case unknownField = "case.unknown-field"
        /// A required field is absent.
        case missingField = "case.missing-field"
        /// A value that does not fit its field's type.
        case invalidValue = "case.invalid-value"
        /// No rulebook can be chosen for the case (unknown province or area code).
        case noRulebook = "case.no-rulebook"
        /// YAML aliases beyond `InputLimits.maximumAliases`, or expanding to more than
        /// `InputLimits.maximumAliasNodes` nodes.
        case tooManyAliases = "input.too-many-aliases"
        /// A mapping names the same key twice (JSON or YAML).
        case duplicateKey = "input.duplicate-key"
        /// The bytes are not UTF-8.
        case invalidUTF8 = "input.invalid-utf8"
        /// The input holds no document at all (nothing, blanks or comments only).
        case empty = "input.empty"
        /// The path names something that is not a regular file (a folder, a FIFO, a device).
        case notAFile = "input.not-a-file"
    }

    public var file: String?
    public var line: Int?
    public var path: String
    public var message: String
    public var kind: Kind
    public var isWarning = false

    public var description: String {
        var location = file ?? ""
        if let line { location += location.isEmpty ? "line \(line)" : ":\(line)" }
        return (location.isEmpty ? "" : location + ": ") + (path.isEmpty ? "" : path + ": ")
            + message
    }

    /// The description followed by the kind's code, as the command line prints it.
    public var coded: String { description + " [\(kind.rawValue)]" }
}

/// The errors of one case document, all of them.
public struct CaseErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [CaseError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
    /// Each error followed by its kind's code, as the command line prints them.
    public var coded: String { errors.map(\.coded).joined(separator: "\n") }
}
