import Foundation

/// A case as structured data, for programs that build cases in code rather than from text.
///
/// Literals work, so a case reads like the YAML it stands for:
///
/// ```swift
/// let value: CaseValue = [
///     "province": "همدان",
///     "caller": ["needy": true, "support_body": "welfare"],
///     "description": "وام ودیعه مسکن",
///     "opened": .instant(Instant(iso8601: "2024-11-02T10:00:00+03:30")!),
/// ]
/// ```
///
/// Scalars are read against the rulebook's schema exactly as YAML scalars are: `.string("yes")`
/// and `.bool(true)` are both a `bool` field's yes; `.int(500)` is a `money` field's 500 rials.
/// Objects keep their key order, so errors come out in the order the fields were given.
public indirect enum CaseValue: Sendable, Equatable, Codable {
    /// No value: the field is absent (and takes its default, if it has one).
    case null
    /// Yes or no.
    case bool(Bool)
    /// A whole number (also money, in rials).
    case int(Int64)
    /// A number with a fraction (no Masir type takes one; kept so any JSON decodes).
    case double(Double)
    /// A text: also ids, Persian labels, dates (`1403/08/12`), times and amounts (`500 rials`).
    case string(String)
    /// A `datetime`, written as ISO 8601 with the Tehran offset.
    case instant(Instant)
    /// A set, a batch of cases, or the `history` list.
    case list([CaseValue])
    /// A case, or a nested group of fields (`caller: {needy: yes}` is `caller.needy`).
    case object([(key: String, value: CaseValue)])

    /// Two values are equal when they have the same shape, scalars and key order.
    public static func == (a: CaseValue, b: CaseValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.double(let x), .double(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.instant(let x), .instant(let y)): x == y
        case (.list(let x), .list(let y)): x == y
        case (.object(let x), .object(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// The value of `key` in an object (nil for other values or a missing key).
    public subscript(key: String) -> CaseValue? {
        guard case .object(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    private struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes any JSON value (numbers without a fraction become `.int`).
    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: FieldKey.self) {
            self = .object(
                try keyed.allKeys.map {
                    ($0.stringValue, try keyed.decode(CaseValue.self, forKey: $0))
                })
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var items: [CaseValue] = []
            while !unkeyed.isAtEnd { items.append(try unkeyed.decode(CaseValue.self)) }
            self = .list(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? single.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    /// Encodes as the JSON value it stands for (an instant as its ISO 8601 text).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value): try value.encode(to: encoder)
        case .int(let value): try value.encode(to: encoder)
        case .double(let value): try value.encode(to: encoder)
        case .string(let value): try value.encode(to: encoder)
        case .instant(let value): try value.iso8601().encode(to: encoder)
        case .list(let items):
            var unkeyed = encoder.unkeyedContainer()
            for item in items { try unkeyed.encode(item) }
        case .object(let entries):
            var keyed = encoder.container(keyedBy: FieldKey.self)
            for (key, value) in entries {
                try keyed.encode(value, forKey: FieldKey(stringValue: key))
            }
        }
    }

    /// The document value the case decoder reads.
    var inputValue: InputValue {
        switch self {
        case .null: .null(line: nil)
        case .bool(let value): .scalar(value ? "true" : "false", quoted: false, line: nil)
        case .int(let value): .scalar(String(value), quoted: false, line: nil)
        case .double(let value):
            .scalar(
                value.rounded() == value && abs(value) < 9e15
                    ? String(Int64(value)) : String(value), quoted: false, line: nil)
        case .string(let value): .scalar(value, quoted: true, line: nil)
        case .instant(let value): .scalar(value.iso8601(), quoted: true, line: nil)
        case .list(let items): .sequence(items.map(\.inputValue), line: nil)
        case .object(let entries):
            .mapping(entries.map { ($0.key, $0.value.inputValue) }, line: nil)
        }
    }
}

extension CaseValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// Object keys are texts.
    public typealias Key = String
    /// Object values are case values.
    public typealias Value = CaseValue
    /// List elements are case values.
    public typealias ArrayLiteralElement = CaseValue

    /// `nil` is `.null`.
    public init(nilLiteral: ()) { self = .null }
    /// `true` / `false`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A whole number.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A number with a fraction.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A text.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A list.
    public init(arrayLiteral elements: CaseValue...) { self = .list(elements) }
    /// An object, keeping the order written.
    public init(dictionaryLiteral elements: (String, CaseValue)...) {
        self = .object(elements.map { (key: $0.0, value: $0.1) })
    }
}

/// The cases of a `CaseInput`, read (parsed) but not yet decoded against a rulebook.
///
/// A service uses it to answer a batch of one as a batch (`isBatch`), and to decode and decide
/// the cases one at a time with `Engine.decode(_:at:options:)`, so it can stop between cases when
/// the request is abandoned.
// `@unchecked` only because the compiler's inference of `Sendable` for the recursive
// `InputValue` gives up here; it holds nothing but immutable strings, lines and arrays.
public struct CaseDocuments: @unchecked Sendable {
    /// Whether the input was written as a batch — a top-level list, or several YAML documents —
    /// rather than as one case. A list of one case is still a batch.
    public let isBatch: Bool
    let documents: [InputValue]

    /// How many cases there are (for a batch, before any is decoded).
    public var count: Int { documents.count }

    init(isBatch: Bool, documents: [InputValue]) {
        self.isBatch = isBatch
        self.documents = documents
    }

    /// The cases of a value built in code: a `.list` is a batch, anything else one case.
    public init(_ value: CaseValue) {
        if case .list(let items) = value {
            self.init(isBatch: true, documents: items.map(\.inputValue))
        } else {
            self.init(isBatch: false, documents: [value.inputValue])
        }
    }
}

/// A case, or a batch of cases, in any form the embedding API accepts.
///
/// - `.json(data)`: JSON bytes, an object (one case) or an array (a batch). Strict JSON.
/// - `.text(string)`: YAML or JSON text: one document, several `---` documents, or a list.
///   Errors name the line.
/// - `.value(caseValue)`: a structured value built in code; a `.list` is a batch.
/// - `CaseInput.encoding(value)`: any `Encodable` Swift value, through its JSON form.
public enum CaseInput: Sendable {
    /// JSON bytes: an object (one case) or an array (a batch).
    case json(Data)
    /// YAML or JSON text: one document, several `---` documents, or a list.
    case text(String)
    /// A value built in code; a `.list` is a batch.
    case value(CaseValue)

    /// YAML text (the same as `.text`).
    public static func yaml(_ text: String) -> CaseInput { .text(text) }

    /// The JSON form of an `Encodable` value, such as an app's own case struct.
    public static func encoding<T: Encodable>(_ value: T) throws(MasirError) -> CaseInput {
        do {
            return .json(try JSONEncoder().encode(value))
        } catch {
            throw .malformed("cannot encode the case as JSON: \(error)", kind: .malformedJSON)
        }
    }

    /// Reads the input's case documents without decoding them against a rulebook (see
    /// `CaseDocuments`). Input that is not JSON (or YAML, for `.text`), or breaks an
    /// `InputLimits` limit, throws `.malformed`; input with no document at all has no cases.
    public func read() throws(MasirError) -> CaseDocuments {
        let read: ReadDocuments
        switch self {
        case .json(let data): read = CaseReader.read(json: [UInt8](data), file: nil)
        case .text(let text): read = CaseReader.read(text, as: .yaml, file: nil)
        case .value(let value): return CaseDocuments(value)
        }
        // No document is no case rather than malformed text: a caller expecting one case
        // refuses it (`Engine.evaluate` as `input.empty`), and an empty batch has nothing to do.
        if let failure = read.failure, failure.kind != .empty {
            throw .malformed(failure.message, line: failure.line, kind: failure.kind)
        }
        return CaseDocuments(isBatch: read.isBatch, documents: read.documents)
    }

    /// How deeply a document may nest (`InputLimits.maximumNesting`).
    public static let maximumNesting = InputLimits.maximumNesting

    /// A short, readable description of a JSON decoding error (the parser's own words when
    /// there are any), for error messages.
    public static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            let underlying =
                (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey]
                as? String
            return underlying ?? context.debugDescription
        default:
            return "\(error)"
        }
    }
}
