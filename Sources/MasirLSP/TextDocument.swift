import Foundation
import Masir

/// An open document: its text, and the conversions between the protocol's positions (line and
/// UTF-16 code unit) and the library's UTF-8 offsets.
package struct TextDocument: Sendable {
    package var uri: String
    package var path: String
    package var version: Int
    package var source: SourceFile

    package init(uri: String, version: Int, text: String) {
        self.uri = uri
        self.path = Self.path(of: uri)
        self.version = version
        self.source = SourceFile(name: path, text: text)
    }

    package var text: String { source.text }

    /// A `file://` URI's path, percent-decoded; anything else is used as it is.
    package static func path(of uri: String) -> String {
        guard uri.hasPrefix("file://") else { return uri }
        let rest = String(uri.dropFirst("file://".count))
        return rest.removingPercentEncoding ?? rest
    }

    package static func uri(of path: String) -> String {
        let allowed = CharacterSet.urlPathAllowed
        return "file://" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)
    }

    /// The UTF-8 offset of a protocol position; past the end of a line is its end.
    package func offset(line: Int, character: Int) -> Int {
        Self.offset(in: source, line: line, character: character)
    }

    static func offset(in source: SourceFile, line: Int, character: Int) -> Int {
        let bytes = source.bytes
        var start = 0
        var current = 0
        while current < line {
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                return bytes.count
            }
            start = newline + 1
            current += 1
        }
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        var units = 0
        var offset = start
        for scalar in String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars {
            if units >= character { break }
            units += scalar.utf16.count
            offset += scalar.utf8.count
        }
        return offset
    }

    /// The protocol position of a UTF-8 offset.
    package static func position(in source: SourceFile, offset: Int) -> [String: Int] {
        let bytes = source.bytes
        let clamped = min(max(0, offset), bytes.count)
        let lineStart = bytes[..<clamped].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let line = source.location(of: clamped).line - 1
        let prefix = String(decoding: bytes[lineStart..<clamped], as: UTF8.self)
        return ["line": line, "character": prefix.utf16.count]
    }

    package static func range(in source: SourceFile, _ range: SourceRange) -> [String: Any] {
        [
            "start": position(in: source, offset: range.lower),
            "end": position(in: source, offset: range.upper),
        ]
    }
}
