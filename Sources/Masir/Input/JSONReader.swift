/// A small, strict JSON reader that builds `InputValue`s directly from UTF-8 bytes. Batches of
/// JSON Lines go through it instead of the YAML parser, which is general but an order of
/// magnitude slower per case.
struct JSONReader {
    struct Failure: Error {
        var offset: Int
        var message: String
        var kind: CaseError.Kind = .malformedJSON
    }

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    private let line: Int?

    /// Parses one JSON value filling the whole text; `line` is attached to every node.
    static func parse(_ text: String, line: Int? = nil) throws(Failure) -> InputValue {
        try parse(bytes: Array(text.utf8), line: line)
    }

    static func parse(bytes: [UInt8], line: Int? = nil) throws(Failure) -> InputValue {
        var reader = JSONReader(bytes: bytes, line: line)
        reader.skipSpace()
        let value = try reader.value()
        reader.skipSpace()
        guard reader.position == reader.bytes.count else {
            throw Failure(offset: reader.position, message: "text after the JSON value")
        }
        return value
    }

    private mutating func skipSpace() {
        while position < bytes.count,
            bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D
                || bytes[position] == 0x09
        {
            position += 1
        }
    }

    /// The entries of an object, after its `{`.
    private mutating func mapping() throws(Failure) -> InputValue {
        var entries: [(String, InputValue)] = []
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1; return .mapping(entries, line: line)
        }
        // Refused as YAML refuses them: neither the first nor the last may silently win.
        var keys: Set<String> = []
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw Failure(offset: position, message: "expected a key in quotes")
            }
            let keyOffset = position
            let key = try string()
            let repeated =
                entries.count < 8
                ? entries.contains { $0.0 == key }
                : !keys.insert(key).inserted
            if entries.count == 7 { keys = Set(entries.map(\.0) + [key]) }
            if repeated {
                throw Failure(
                    offset: keyOffset, message: "the key `\(key)` appears twice",
                    kind: .duplicateKey)
            }
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw Failure(offset: position, message: "expected `:` after a key")
            }
            position += 1
            skipSpace()
            entries.append((key, try value()))
            if try !anotherItem(open: "{", close: "}") { return .mapping(entries, line: line) }
        }
    }

    /// The items of an array, after its `[`.
    private mutating func sequence() throws(Failure) -> InputValue {
        var items: [InputValue] = []
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1; return .sequence(items, line: line)
        }
        while true {
            skipSpace()
            items.append(try value())
            if try !anotherItem(open: "[", close: "]") { return .sequence(items, line: line) }
        }
    }

    private mutating func value() throws(Failure) -> InputValue {
        guard position < bytes.count else {
            throw Failure(offset: position, message: "unexpected end of the text")
        }
        switch bytes[position] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let opener = bytes[position]
            depth += 1
            defer { depth -= 1 }
            guard depth <= InputLimits.maximumNesting else {
                throw Failure(offset: position, message: "nested too deeply", kind: .tooDeep)
            }
            position += 1
            skipSpace()
            return opener == UInt8(ascii: "{") ? try mapping() : try sequence()
        case UInt8(ascii: "\""):
            return .scalar(try string(), quoted: true, line: line)
        case UInt8(ascii: "t"):
            return try literal("true", .scalar("true", quoted: false, line: line))
        case UInt8(ascii: "f"):
            return try literal("false", .scalar("false", quoted: false, line: line))
        case UInt8(ascii: "n"): return try literal("null", .null(line: line))
        default:
            let start = position
            while position < bytes.count, JSONString.isNumberByte(bytes[position]) { position += 1 }
            guard position > start else {
                throw Failure(offset: position, message: "unexpected character")
            }
            return .scalar(
                String(decoding: bytes[start..<position], as: UTF8.self), quoted: false, line: line)
        }
    }

    /// Past the `,` after an item (true) or the closing bracket (false). Inlined, so the
    /// brackets are constants in each loop.
    @inline(__always)
    private mutating func anotherItem(
        open: StaticString, close: Unicode.Scalar
    ) throws(Failure) -> Bool {
        skipSpace()
        guard position < bytes.count else {
            throw Failure(offset: position, message: "unclosed `\(open)`")
        }
        if bytes[position] == UInt8(ascii: ",") { position += 1; return true }
        if bytes[position] == UInt8(ascii: close) { position += 1; return false }
        throw Failure(offset: position, message: "expected `,` or `\(close)`")
    }

    private mutating func literal(
        _ word: String, _ result: InputValue
    ) throws(Failure) -> InputValue {
        let utf8 = Array(word.utf8)
        guard position + utf8.count <= bytes.count,
            Array(bytes[position..<(position + utf8.count)]) == utf8
        else {
            throw Failure(offset: position, message: "unexpected word")
        }
        position += utf8.count
        return result
    }

    private mutating func string() throws(Failure) -> String {
        var buffer: [UInt8] = []
        var at = position
        let result = bytes.withUnsafeBufferPointer { JSONString.read($0, at: &at, into: &buffer) }
        position = at
        switch result {
        case .plain(let range): return String(decoding: bytes[range], as: UTF8.self)
        case .escaped: return String(decoding: buffer, as: UTF8.self)
        case .failure(let offset, let message): throw Failure(offset: offset, message: message)
        }
    }
}

/// A JSON string: read by the document reader and the JSON Lines decoder, written by
/// `JSONWriter` (Output/JSONWriter.swift).
package enum JSONString {
    /// The characters of an unquoted number as both readers take it (loosely; the field's type judges it).
    static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    enum Result {
        /// No escapes: the content is these bytes of the input.
        case plain(Range<Int>)
        /// The content, escapes undone, is in the buffer.
        case escaped
        case failure(offset: Int, message: String)
    }

    /// Reads the string whose opening quote is at `position`, leaving `position` after its closing quote.
    static func read(
        _ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int, into buffer: inout [UInt8]
    ) -> Result {
        position += 1
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "\""),
            bytes[position] != UInt8(ascii: "\\")
        {
            if bytes[position] < 0x20 {
                return .failure(offset: position, message: "control character in a string")
            }
            position += 1
        }
        guard position < bytes.count else {
            return .failure(offset: start, message: "unclosed string")
        }
        if bytes[position] == UInt8(ascii: "\"") {
            position += 1
            return .plain(start..<(position - 1))
        }
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        func hex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                position += 1
                switch byte {
                case 0x30...0x39: value = value << 4 | UInt32(byte - 0x30)
                case 0x41...0x46: value = value << 4 | UInt32(byte - 0x41 + 10)
                case 0x61...0x66: value = value << 4 | UInt32(byte - 0x61 + 10)
                default: return nil
                }
            }
            return value
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return .escaped
            }
            if byte < 0x20 {
                return .failure(offset: position, message: "control character in a string")
            }
            guard byte == UInt8(ascii: "\\") else {
                buffer.append(byte)
                position += 1
                continue
            }
            position += 1
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                guard var code = hex4() else {
                    return .failure(offset: position, message: "bad \\u escape")
                }
                if (0xD800..<0xDC00).contains(code) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    else {
                        return .failure(offset: position, message: "unpaired surrogate")
                    }
                    position += 2
                    guard let low = hex4() else {
                        return .failure(offset: position, message: "bad \\u escape")
                    }
                    guard (0xDC00..<0xE000).contains(low) else {
                        return .failure(offset: position, message: "unpaired surrogate")
                    }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else {
                    return .failure(offset: position, message: "invalid \\u escape")
                }
                buffer.append(contentsOf: UTF8.encode(scalar)!)
            default:
                return .failure(offset: position, message: "unknown escape")
            }
        }
        return .failure(offset: start, message: "unclosed string")
    }
}
