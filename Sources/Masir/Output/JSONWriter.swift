/// Appends JSON tokens to a byte buffer, in place: every JSON the library, the server and the
/// command line write by hand goes through here, so escaping has one definition. Callers write
/// keys in sorted order, as `JSONEncoder` with `.sortedKeys` does, and leave absent values out.
package struct JSONWriter {
    package var bytes: [UInt8] = []
    /// How `string` escapes; see `JSONString.Escapes`.
    package let escapes: JSONString.Escapes
    private var depth = 0
    /// Bit `d` set: the container open at depth `d` already holds a value, so the next needs a comma.
    private var written: UInt64 = 0

    package init(escapes: JSONString.Escapes = .json) {
        self.escapes = escapes
    }

    private mutating func separate() {
        let bit: UInt64 = 1 << UInt64(depth)
        if written & bit != 0 { bytes.append(UInt8(ascii: ",")) }
        written |= bit
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        depth += 1
        written &= ~(1 << UInt64(depth))
    }

    package mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        depth -= 1
        bytes.append(UInt8(ascii: "}"))
    }

    package mutating func array<T>(_ items: [T], _ body: (inout JSONWriter, T) -> Void) {
        open(UInt8(ascii: "["))
        for item in items { body(&self, item) }
        depth -= 1
        bytes.append(UInt8(ascii: "]"))
    }

    /// A key the caller knows needs no escaping.
    package mutating func key(_ name: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name.utf8)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        written &= ~(1 << UInt64(depth))
    }

    package mutating func number(_ value: Int) {
        separate()
        Instant.appendPadded(value, 1, to: &bytes)
    }

    package mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    package mutating func string(_ value: String) {
        separate()
        JSONString.append(value, to: &bytes, escaping: escapes)
    }

    /// A value whose JSON `body` appends as it is: text written straight into the buffer, or
    /// JSON another encoder made.
    package mutating func raw(_ body: (inout [UInt8]) -> Void) {
        separate()
        body(&bytes)
    }
}

extension JSONString {
    /// What a string escapes besides the quote, the backslash, and line feed, carriage return
    /// and tab (`\n`, `\r`, `\t`), which every reader of our output needs escaped.
    package enum Escapes: Sendable {
        /// Backspace and form feed by name, the other control characters as `\u00xx`: what
        /// `JSONEncoder` writes, which decisions must equal byte for byte.
        case json
        /// Every other control character as `\u00xx`, and U+2028 and U+2029, which some line
        /// readers (Python's `splitlines`, older JavaScript) take for line ends, so that a file
        /// of records stays one record a line for them too.
        case lines
    }

    /// Appends `value` in double quotes, escaped. Most strings need no escape: one scan finds
    /// that and one copy writes them; the rest go to `appendEscaped`, kept out of line so that
    /// the scan stays a tight loop.
    package static func append(
        _ value: String, to bytes: inout [UInt8], escaping escapes: Escapes = .json
    ) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            let lineSeparators = escapes == .lines
            for (index, byte) in utf8.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                || (lineSeparators && byte == 0xE2)
            {
                appendEscaped(utf8, from: index, to: &bytes, escapes)
                return
            }
            bytes.append(contentsOf: utf8)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8`, whose first `start` bytes need no escape, escaped.
    @inline(never)
    private static func appendEscaped(
        _ utf8: UnsafeBufferPointer<UInt8>, from start: Int, to bytes: inout [UInt8],
        _ escapes: Escapes
    ) {
        var copied = 0
        for index in start..<utf8.count {
            let byte = utf8[index]
            // 0xE2 leads U+2028 and U+2029; it also leads the zero-width non-joiner that
            // Persian text is full of, which the switch lets through.
            guard
                byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                    || byte == 0xE2
            else { continue }
            var name: UInt8 = 0
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): name = byte
            case 0x0A: name = UInt8(ascii: "n")
            case 0x0D: name = UInt8(ascii: "r")
            case 0x09: name = UInt8(ascii: "t")
            case 0x08 where escapes == .json: name = UInt8(ascii: "b")
            case 0x0C where escapes == .json: name = UInt8(ascii: "f")
            case 0xE2:
                guard escapes == .lines, index + 2 < utf8.count, utf8[index + 1] == 0x80,
                    utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9
                else { continue }
            default: break
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied..<index]))
            bytes.append(UInt8(ascii: "\\"))
            if name != 0 {
                bytes.append(name)
                copied = index + 1
            } else if byte == 0xE2 {
                bytes.append(contentsOf: "u202".utf8)
                bytes.append(utf8[index + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                copied = index + 3
            } else {
                bytes.append(contentsOf: "u00".utf8)
                bytes.append(hexDigit(byte >> 4))
                bytes.append(hexDigit(byte & 0xF))
                copied = index + 1
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied...]))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
