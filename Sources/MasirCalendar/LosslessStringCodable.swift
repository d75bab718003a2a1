/// A value that JSON and YAML carry as its text: encoded as `description`, decoded by
/// `init(parsing:)`, so a document shows `1403/07/01` rather than the value's parts.
public protocol LosslessStringCodable: Codable, LosslessStringConvertible {
    /// Reads the value from a document's text, or nil when the text is not one. A type may accept
    /// more here than `init?(_:)` does (a date in either calendar); by default it is `init?(_:)`.
    init?(parsing text: String)
}

extension LosslessStringCodable {
    public init?(parsing text: String) {
        self.init(text)
    }

    /// Encodes `description`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes a string that `init(parsing:)` reads.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a \(Self.self): `\(text)`")
        }
        self = value
    }
}
