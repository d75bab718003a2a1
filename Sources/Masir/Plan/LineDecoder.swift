import Foundation
import Synchronization

/// Decodes a flat JSON Lines record straight into a plan's layout, skipping the document tree and
/// the `Case` that the general decoder builds: for batch routing, where decoding a line cost fifty
/// times more than deciding it.
///
/// It takes only records it can decode exactly as `CaseDecoder` would — a flat object of schema
/// fields whose values are written in their plain forms (ids, ISO or Jalali times, whole numbers,
/// `true`/`false`). Anything else (labels instead of ids, nested objects, unknown fields, a
/// status history, a missing required field, a category left to be inferred, malformed JSON)
/// gets `nil`, and the caller hands the line to the general decoder, which decides it or names
/// the problem. A case decoded here keeps its line, so the rare paths that need the full `Case`
/// (conditions the plan leaves to the reference evaluator, working-time ladders) rebuild it.
/// Agreement with the general decoder is property-tested (LineDecoderTests).
package final class LineDecoder: Sendable {
    package let plan: Plan

    enum Kind: Sendable, Equatable {
        case text, number, bool, date, datetime, priority, unsupported
        /// A symbol of one type; the domain of its ids in `table`.
        case symbol(Int32)
    }

    struct SlotInfo: Sendable {
        var kind: Kind
        var isSet: Bool
        var mentions: Bool
        /// What an absent field becomes: nil when it has no default.
        var defaultValue: Int64?
        var defaultElements: [Int64]
        /// Absent and without a default: the general decoder reports it (required) or infers it.
        var absentNeedsGeneralDecoder: Bool
    }

    let slots: [SlotInfo]
    let table: ByteTable
    let defaultHits: [[Bool]]
    /// The schema's `id` field, when it declares one; otherwise a top-level `id` names the case.
    let idSlot: Int?
    let defaultID: String?
    /// False when the schema has something this decoder does not lay out (every line falls back).
    let isUsable: Bool
    let rebuilder: CaseRebuilder

    static let fieldDomain: Int32 = 0
    static let symbolDomain: Int32 = 1
    static let idKey: Int64 = -1
    /// The key of the case's own evaluation instant, when the schema does not declare it.
    static let atKey: Int64 = -2
    /// The schema field that is also the case's evaluation instant, when it declares one.
    let atSlot: Int?

    package init(plan: Plan, atField: String = CaseDecoder.defaultAtField) {
        self.plan = plan
        let book = plan.rulebook
        var keys: [(domain: Int32, key: String, value: Int64)] = []
        for (slot, field) in book.fields.enumerated() {
            keys.append((Self.fieldDomain, field.path, Int64(slot)))
        }
        if book.fieldIndex["id"] == nil { keys.append((Self.fieldDomain, "id", Self.idKey)) }
        if book.fieldIndex[atField] == nil, atField != "id" {
            keys.append((Self.fieldDomain, atField, Self.atKey))
        }
        atSlot = book.fieldIndex[atField].flatMap {
            book.fields[$0].type == .datetime ? $0 : nil
        }
        for (name, id) in plan.symbols { keys.append((Self.symbolDomain, name, id)) }
        func domain(_ type: ValueType) -> Int32? {
            switch type {
            case .category: 2
            case .agency: 3
            case .county: 4
            case .enumeration(let name):
                book.enumerations.firstIndex { $0.id == name }.map { Int32(5 + $0) }
            default: nil
            }
        }
        for category in book.categories {
            keys.append((2, category.id, plan.symbols[category.id]!))
        }
        for agency in book.agencies { keys.append((3, agency.id, plan.symbols[agency.id]!)) }
        for county in book.counties { keys.append((4, county.id, plan.symbols[county.id]!)) }
        for (i, enumeration) in book.enumerations.enumerated() {
            for value in enumeration.values {
                keys.append((Int32(5 + i), value, plan.symbols[value]!))
            }
        }
        table = ByteTable(keys)

        // Defaults are laid out once by the plan itself, so they are exactly what `encode` makes.
        let defaults = plan.encode(Case(id: nil, values: book.fields.map(\.defaultValue)))
        slots = book.fields.enumerated().map { slot, field in
            var isSet = false
            var type = field.type
            if case .set(let element) = type { isSet = true; type = element }
            let kind: Kind
            switch type {
            case .text: kind = .text
            case .int, .money: kind = .number
            case .bool: kind = .bool
            case .date: kind = .date
            case .datetime: kind = .datetime
            case .priority: kind = .priority
            case .category, .agency, .county, .enumeration:
                kind = domain(type).map { .symbol($0) } ?? .unsupported
            default: kind = .unsupported
            }
            var defaultValue: Int64?
            var elements: [Int64] = []
            if field.defaultValue != nil {
                defaultValue = defaults.value(slot)
                if isSet {
                    let packed = defaults.value(slot)
                    let start = Int(packed >> 32), count = Int(packed & 0xFFFF_FFFF)
                    elements = (start..<(start + count)).map { defaults.value($0) }
                }
            }
            return SlotInfo(
                kind: kind, isSet: isSet, mentions: plan.mentionSlots[slot] != nil,
                defaultValue: defaultValue, defaultElements: elements,
                absentNeedsGeneralDecoder: field.defaultValue == nil
                    && (!field.isOptional || field.inferFrom != nil))
        }
        defaultHits = defaults.storage.header.hits
        idSlot = book.fieldIndex["id"]
        defaultID = idSlot.flatMap { book.fields[$0].defaultValue?.plainText }
        isUsable = idSlot.map { book.fields[$0].type == .text } ?? true
        rebuilder = CaseRebuilder(decoder: CaseDecoder(rulebook: book, atField: atField))
    }

    /// Reused between lines so a batch allocates only each case's own block.
    package struct Scratch: Sendable {
        var values: [Int64] = []
        var present: [UInt8] = []
        var sets: [(start: Int32, count: Int32)] = []
        var elements: [Int64] = []
        var unescaped: [UInt8] = []
        package init() {}
    }

    /// The case laid out for `plan`, or nil when the general decoder must read this line.
    package func decode(_ line: UnsafeBufferPointer<UInt8>, scratch: inout Scratch) -> CompiledCase?
    {
        guard isUsable, line.count > 0 else { return nil }
        let count = slots.count
        if scratch.values.count != count {
            scratch.values = [Int64](repeating: 0, count: count)
            scratch.present = [UInt8](repeating: 0, count: count)
            scratch.sets = [(Int32, Int32)](repeating: (0, 0), count: count)
        } else {
            for i in 0..<count { scratch.values[i] = 0; scratch.present[i] = 0 }
        }
        scratch.elements.removeAll(keepingCapacity: true)
        var reader = Reader(bytes: line)
        var id: String?
        var hits = plan.mentionSlots.isEmpty ? [] : defaultHits
        // Keys named, to refuse a repeated one (the general decoder keeps the last; rare enough to leave to it).
        var seenID = false
        var seenAt = false
        var evaluatedAt: Int64?
        reader.skipSpace()
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        reader.skipSpace()
        if !reader.take(UInt8(ascii: "}")) {
            while true {
                reader.skipSpace()
                guard
                    let slot = reader.withString(
                        &scratch.unescaped, { table.find($0, domain: Self.fieldDomain) }) ?? nil
                else { return nil }
                reader.skipSpace()
                guard reader.take(UInt8(ascii: ":")) else { return nil }
                reader.skipSpace()
                if slot == Self.idKey {
                    guard !seenID else { return nil }
                    seenID = true
                    guard let text = readIDText(&reader, scratch: &scratch) else { return nil }
                    id = text
                } else if slot == Self.atKey {
                    guard !seenAt else { return nil }
                    seenAt = true
                    if !reader.takeWord("null") {
                        guard let at = readScalar(.datetime, &reader, scratch: &scratch) else {
                            return nil
                        }
                        evaluatedAt = at
                    }
                } else {
                    let s = Int(slot)
                    guard scratch.present[s] == 0 else { return nil }
                    if reader.takeWord("null") {
                        // Absent, as in the general decoder; a second mention of the key is refused.
                        scratch.present[s] = 2
                    } else {
                        guard readField(s, &reader, scratch: &scratch, hits: &hits, id: &id) else {
                            return nil
                        }
                    }
                }
                reader.skipSpace()
                if reader.take(UInt8(ascii: ",")) { continue }
                guard reader.take(UInt8(ascii: "}")) else { return nil }
                break
            }
        }
        reader.skipSpace()
        guard reader.atEnd else { return nil }

        for slot in 0..<count where scratch.present[slot] != 1 {
            let info = slots[slot]
            if let value = info.defaultValue {
                scratch.present[slot] = 1
                if info.isSet {
                    scratch.sets[slot] = (
                        Int32(scratch.elements.count), Int32(info.defaultElements.count)
                    )
                    scratch.elements += info.defaultElements
                } else {
                    scratch.values[slot] = value
                }
            } else {
                if info.absentNeedsGeneralDecoder { return nil }
                scratch.present[slot] = 0
            }
        }
        if let idSlot, id == nil, scratch.present[idSlot] == 1 { id = defaultID }
        if let atSlot, scratch.present[atSlot] == 1 { evaluatedAt = scratch.values[atSlot] }
        return layOut(line, id: id, hits: hits, evaluatedAt: evaluatedAt, scratch: scratch)
    }

    private func layOut(
        _ line: UnsafeBufferPointer<UInt8>, id: String?, hits: [[Bool]], evaluatedAt: Int64?,
        scratch: Scratch
    ) -> CompiledCase {
        let header = CompiledCase.Header(
            plan: ObjectIdentifier(plan.identity), slots: slots.count, id: id, hasHistory: false,
            origin: .line(LineSource(bytes: Array(line), rebuilder: rebuilder)), hits: hits,
            evaluatedAt: evaluatedAt)
        return CompiledCase.build(header, elements: scratch.elements.count) { builder in
            for slot in 0..<slots.count where scratch.present[slot] == 1 {
                guard slots[slot].isSet else {
                    builder.set(slot, scratch.values[slot])
                    continue
                }
                let (start, count) = scratch.sets[slot]
                builder.set(slot, elements: Int(count)) { scratch.elements[Int(start) + $0] }
            }
        }
    }

    /// The case's name from a top-level `id`; nil when the line is not in the simple form.
    private func readIDText(_ reader: inout Reader, scratch: inout Scratch) -> String?? {
        if reader.takeWord("null") { return .some(nil) }
        if reader.peek == UInt8(ascii: "\"") {
            guard
                let text = reader.withString(
                    &scratch.unescaped,
                    { UTF8Check.isValid($0) ? String(decoding: $0, as: UTF8.self) : nil }) ?? nil
            else { return nil }
            return .some(text)
        }
        // A number or `true`/`false` names the case by its text, as the general decoder does.
        guard let token = reader.token() else { return nil }
        return .some(String(decoding: token, as: UTF8.self))
    }

    private func readField(
        _ slot: Int, _ reader: inout Reader, scratch: inout Scratch, hits: inout [[Bool]],
        id: inout String?
    ) -> Bool {
        let info = slots[slot]
        if info.isSet {
            guard reader.take(UInt8(ascii: "[")) else { return false }
            let start = scratch.elements.count
            reader.skipSpace()
            if !reader.take(UInt8(ascii: "]")) {
                while true {
                    reader.skipSpace()
                    guard let value = readScalar(info.kind, &reader, scratch: &scratch) else {
                        return false
                    }
                    scratch.elements.append(value)
                    guard scratch.elements.count - start <= InputLimits.maximumSetSize else {
                        return false
                    }
                    reader.skipSpace()
                    if reader.take(UInt8(ascii: ",")) { continue }
                    guard reader.take(UInt8(ascii: "]")) else { return false }
                    break
                }
            }
            scratch.sets[slot] = (Int32(start), Int32(scratch.elements.count - start))
            scratch.present[slot] = 1
            return true
        }
        if info.mentions || slot == idSlot {
            // The text itself is needed: its normalised form for `mentions`, or the case's name.
            // A number or `true`/`false` is a text too, as the general decoder reads it.
            func named(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, Int64)? {
                guard bytes.count <= InputLimits.maximumTextLength, UTF8Check.isValid(bytes) else {
                    return nil
                }
                let text = String(decoding: bytes, as: UTF8.self)
                return (text, textID(bytes, text))
            }
            let read: (String, Int64)?
            if reader.peek == UInt8(ascii: "\"") {
                read = reader.withString(&scratch.unescaped, named) ?? nil
            } else {
                read = reader.token().flatMap(named)
            }
            guard let text = read else { return false }
            scratch.values[slot] = text.1
            if slot == idSlot { id = text.0 }
            if let matcher = plan.mentionSlots[slot] {
                var row = [Bool](repeating: false, count: matcher.count)
                for index in matcher.matches(in: NormalizedText(text.0)) { row[index] = true }
                hits[slot] = row
            }
            scratch.present[slot] = 1
            return true
        }
        guard let value = readScalar(info.kind, &reader, scratch: &scratch) else { return false }
        scratch.values[slot] = value
        scratch.present[slot] = 1
        return true
    }

    /// One value in the plan's encoding, or nil for anything the general decoder must judge.
    private func readScalar(_ kind: Kind, _ reader: inout Reader, scratch: inout Scratch) -> Int64?
    {
        if reader.peek == UInt8(ascii: "\"") {
            return reader.withString(&scratch.unescaped) { convert($0, quoted: true, to: kind) }
                ?? nil
        }
        guard let token = reader.token() else { return nil }
        return convert(token, quoted: false, to: kind)
    }

    private func convert(_ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool, to kind: Kind) -> Int64?
    {
        switch kind {
        case .text:
            guard bytes.count <= InputLimits.maximumTextLength, UTF8Check.isValid(bytes) else {
                return nil
            }
            return textID(bytes, nil)
        case .number:
            return Self.wholeNumber(bytes)
        case .bool:
            if quoted {
                if Self.equals(bytes, "yes") || Self.equals(bytes, "true") { return 1 }
                if Self.equals(bytes, "no") || Self.equals(bytes, "false") { return 0 }
                return nil
            }
            if Self.equals(bytes, "true") { return 1 }
            if Self.equals(bytes, "false") { return 0 }
            return nil
        case .date, .datetime:
            guard quoted, Self.isTrimmedASCII(bytes) else { return nil }
            if kind == .datetime, let instant = Instant(isoBytes: bytes) {
                return instant.isWithinCaseYears ? instant.secondsSinceEpoch : nil
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if kind == .date { return CivilDate(parsingCaseDate: text).map { $0.daysSinceEpoch } }
            return Instant(parsingCaseTime: text).map { $0.secondsSinceEpoch }
        case .priority:
            guard Self.isTrimmedASCII(bytes),
                let priority = Priority(word: String(decoding: bytes, as: UTF8.self))
            else { return nil }
            return plan.symbols[priority.name]
        case .symbol(let domain):
            guard quoted else { return nil }
            return table.find(bytes, domain: domain)
        case .unsupported:
            return nil
        }
    }

    /// A text's symbol id, as `Plan.encode` finds it: the id of an equal constant, or the unknown id.
    private func textID(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String?) -> Int64 {
        if let id = table.find(bytes, domain: Self.symbolDomain) { return id }
        // Equal bytes are equal strings; ASCII is equal only to itself, but other scripts can be
        // equal to a differently composed constant, which the string look-up knows.
        if bytes.allSatisfy({ $0 < 0x80 }) { return Int64(plan.symbols.count) }
        return plan.symbols[text ?? String(decoding: bytes, as: UTF8.self)]
            ?? Int64(plan.symbols.count)
    }

    static func wholeNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { i = 1 }
        let digits = bytes.count - i
        guard digits > 0, digits <= 18 else { return nil }
        var value: Int64 = 0
        while i < bytes.count {
            let d = bytes[i] &- 0x30
            guard d < 10 else { return nil }
            value = value * 10 + Int64(d)
            i += 1
        }
        return negative ? -value : value
    }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        word.utf8CodeUnitCount == bytes.count
            && memcmp(word.utf8Start, bytes.baseAddress!, bytes.count) == 0
    }

    /// ASCII without leading or trailing spaces: what the general decoder reads unchanged.
    static func isTrimmedASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20 else {
            return false
        }
        return bytes.allSatisfy { $0 < 0x80 }
    }
}

/// Rebuilds the full `Case` of a line-decoded case with the general decoder, for the paths that
/// need it. Shared by every case of a batch.
final class CaseRebuilder: Sendable {
    let decoder: CaseDecoder
    init(decoder: CaseDecoder) { self.decoder = decoder }

    func rebuild(_ line: [UInt8]) -> Case {
        if case .success(let subject) = decoder.decodeOne(String(decoding: line, as: UTF8.self)) {
            return subject
        }
        // Unreachable while the line decoder accepts only what the general one does (tested);
        // an empty case decides as "nothing matched" rather than stopping a batch.
        return Case(id: nil, values: [Value?](repeating: nil, count: decoder.rulebook.fields.count))
    }
}

/// A line-decoded case's line, and its `Case` once some path has asked for it (at most one
/// rebuild per case, however many conditions need it).
final class LineSource: Sendable {
    let bytes: [UInt8]
    let rebuilder: CaseRebuilder
    private let rebuilt = Mutex<Case?>(nil)

    init(bytes: [UInt8], rebuilder: CaseRebuilder) {
        self.bytes = bytes
        self.rebuilder = rebuilder
    }

    var subject: Case {
        rebuilt.withLock { cached in
            if let cached { return cached }
            let subject = rebuilder.rebuild(bytes)
            cached = subject
            return subject
        }
    }
}

/// A cursor over one line's bytes; every read leaves the cursor after what it read, and nil or
/// false means the line is not in the simple form.
private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { position == bytes.count }
    var peek: UInt8 { position < bytes.count ? bytes[position] : 0 }

    mutating func skipSpace() {
        while position < bytes.count,
            bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D
                || bytes[position] == 0x09
        {
            position += 1
        }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func takeWord(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard position + n <= bytes.count,
            memcmp(word.utf8Start, bytes.baseAddress! + position, n) == 0
        else { return false }
        // `nullx` is not `null`.
        if position + n < bytes.count, Self.isTokenByte(bytes[position + n]) { return false }
        position += n
        return true
    }

    /// Hands `body` a string's content with escapes undone (in `buffer` when there are any).
    mutating func withString<R>(
        _ buffer: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        switch JSONString.read(bytes, at: &position, into: &buffer) {
        case .plain(let range): return body(UnsafeBufferPointer(rebasing: bytes[range]))
        case .escaped: return buffer.withUnsafeBufferPointer(body)
        case .failure: return nil
        }
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
            || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
    }

    /// An unquoted scalar: a number or `true`/`false` (the characters the general reader takes).
    mutating func token() -> UnsafeBufferPointer<UInt8>? {
        if takeWord("true") {
            return UnsafeBufferPointer(rebasing: bytes[(position - 4)..<position])
        }
        if takeWord("false") {
            return UnsafeBufferPointer(rebasing: bytes[(position - 5)..<position])
        }
        let start = position
        while position < bytes.count, JSONString.isNumberByte(bytes[position]) { position += 1 }
        guard position > start else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[start..<position])
    }
}

enum UTF8Check {
    /// Whether the bytes are well-formed UTF-8 (the general decoder would repair them otherwise).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard i + length <= n else { return false }
            let second = bytes[i + 1]
            guard second >= lower, second <= upper else { return false }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }
}
