import Foundation

/// Reads a JSON Lines stream one line at a time, in constant memory (one buffer plus the
/// longest line), so a file of any number of cases can be compared.
public enum JSONLines {
    static let chunkSize = 1 << 16

    /// Calls `body` with each line (without its line end, `\r\n` or `\n`) and its number,
    /// counting from 1.
    public static func forEachLine(in handle: FileHandle, _ body: (String, Int) throws -> Void) throws {
        var buffer: [UInt8] = []
        var number = 0
        while true {
            let chunk = try handle.read(upToCount: chunkSize) ?? Data()
            if chunk.isEmpty { break }
            buffer.append(contentsOf: chunk)
            var start = 0
            while let newline = buffer[start...].firstIndex(of: 0x0A) {
                number += 1
                try body(line(buffer[start..<newline]), number)
                start = newline + 1
            }
            buffer.removeFirst(start)
        }
        if !buffer.isEmpty {
            number += 1
            try body(line(buffer[...]), number)
        }
    }

    /// Every line of a text, numbered from 1 (for in-memory input and tests).
    public static func forEachLine(in text: String, _ body: (String, Int) throws -> Void) rethrows {
        var number = 0
        for bytes in Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            try body(line(bytes), number)
        }
    }

    static func line(_ bytes: ArraySlice<UInt8>) -> String {
        var bytes = bytes
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
