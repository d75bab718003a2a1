import Foundation

/// A half-open range of UTF-8 offsets into one source file.
public struct SourceRange: Sendable, Hashable, Codable {
    public var lower: Int
    public var upper: Int

    public init(_ lower: Int, _ upper: Int) {
        self.lower = lower
        self.upper = max(lower, upper)
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(lower, other.lower), max(upper, other.upper))
    }

    public static let empty = SourceRange(0, 0)
}

/// A 1-based line and column; the column counts characters, so Persian text lines up.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public var description: String { "\(line):\(column)" }
}

/// The text of one rulebook file, with a line table for turning offsets into locations.
public struct SourceFile: Sendable {
    public let name: String
    public let text: String
    /// UTF-8 bytes of `text`; every offset in a `SourceRange` indexes this.
    public let bytes: [UInt8]
    private let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        var bytes = Array(text.utf8)
        // Old Mac files end lines with CR alone; read as one line they give one message for the
        // whole file. A lone CR becomes LF, byte for byte, so every offset stays the same.
        if bytes.contains(0x0D) {
            var changed = false
            for i in bytes.indices where bytes[i] == 0x0D {
                if i + 1 == bytes.count || bytes[i + 1] != 0x0A {
                    bytes[i] = 0x0A
                    changed = true
                }
            }
            self.text = changed ? String(decoding: bytes, as: UTF8.self) : text
        } else {
            self.text = text
        }
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// The 0-based line index containing `offset`.
    func lineIndex(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    public func location(of offset: Int) -> SourceLocation {
        let clamped = min(max(0, offset), bytes.count)
        let index = lineIndex(of: clamped)
        let prefix = decode(lineStarts[index]..<clamped)
        return SourceLocation(line: index + 1, column: prefix.count + 1)
    }

    /// The text of a 1-based line without its line break.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return decode(start..<max(start, end))
    }

    public func text(of range: SourceRange) -> String {
        decode(max(0, range.lower)..<min(bytes.count, range.upper))
    }

    func decode(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        return String(decoding: bytes[range], as: UTF8.self)
    }
}
