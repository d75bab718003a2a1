import Foundation

/// Splits a JSON Lines stream into whole lines, a block at a time, in constant memory: one
/// buffer of `blockSize` bytes, so a file of any number of cases can be read. Every reader of
/// JSON Lines (batch routing, `masir diff`) goes through it; blank lines are skipped but counted.
public enum JSONLines {
    /// A block of whole lines: each line's number (from 1) and its byte range in `bytes`,
    /// without the line end.
    package struct Block: Sendable {
        package var bytes: [UInt8]
        package var lines: [(number: Int, range: Range<Int>)]

        package func text(of range: Range<Int>) -> String {
            bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        }
    }

    /// A line longer than the block that should hold it.
    package struct LineTooLong: Error {
        package var line: Int
        package var limit: Int
    }

    /// The block size of batch reading: several lines of the longest record each.
    public static let blockSize = 4 << 20

    /// Reads blocks of whole lines from a file, one block at a time: each block gets a buffer of
    /// its own, so one block can be decided while the next is read. A line that does not fit in
    /// `blockSize` bytes throws `LineTooLong`.
    package struct BlockReader {
        let file: UnsafeMutablePointer<FILE>
        let blockSize: Int
        let keepingBlank: Bool
        /// The unfinished last line of the previous block, which starts the next.
        var carried: [UInt8] = []
        var lineNumber = 0
        var atEnd = false

        package init(_ file: UnsafeMutablePointer<FILE>, blockSize: Int = JSONLines.blockSize, keepingBlank: Bool = false) {
            self.file = file
            self.blockSize = max(64, blockSize)
            self.keepingBlank = keepingBlank
        }

        /// The next block, or nil at the end of the file.
        package mutating func next() throws -> Block? {
            while !atEnd {
                var buffer = [UInt8](repeating: 0, count: blockSize)
                let carriedCount = carried.count
                buffer.withUnsafeMutableBufferPointer { bytes in
                    _ = carried.withUnsafeBufferPointer { memcpy(bytes.baseAddress!, $0.baseAddress!, carriedCount) }
                }
                let read = carriedCount == blockSize ? 0 : buffer.withUnsafeMutableBytes { fread($0.baseAddress! + carriedCount, 1, blockSize - carriedCount, file) }
                let filled = carriedCount + read
                atEnd = read == 0 || filled < blockSize
                guard filled > 0 else { return nil }
                var lines: [(number: Int, range: Range<Int>)] = []
                var start = 0
                let (keepingBlank, atEnd) = (keepingBlank, atEnd)
                buffer.withUnsafeBufferPointer { bytes in
                    let base = bytes.baseAddress!
                    while start < filled, let newline = memchr(base + start, 0x0A, filled - start) {
                        let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                        lineNumber += 1
                        if keepingBlank || !isBlank(bytes[start..<end]) { lines.append((lineNumber, start..<end)) }
                        start = end + 1
                    }
                    if atEnd, start < filled {
                        lineNumber += 1
                        if keepingBlank || !isBlank(bytes[start..<filled]) { lines.append((lineNumber, start..<filled)) }
                        start = filled
                    }
                }
                if start == 0, filled == blockSize { throw LineTooLong(line: lineNumber + 1, limit: blockSize) }
                carried = Array(buffer[start..<filled])
                if !lines.isEmpty { return Block(bytes: buffer, lines: lines) }
            }
            return nil
        }
    }

    /// Calls `body` with each block of whole lines read from `file`.
    package static func forEachBlock(
        _ file: UnsafeMutablePointer<FILE>, blockSize: Int = blockSize, keepingBlank: Bool = false, _ body: (Block) throws -> Void
    ) throws {
        var reader = BlockReader(file, blockSize: blockSize, keepingBlank: keepingBlank)
        while let block = try reader.next() { try body(block) }
    }

    /// Calls `body` with each line of a file (blank ones too, without the line end `\n` or
    /// `\r\n`) and its number, counting from 1.
    public static func forEachLine(in handle: FileHandle, _ body: (String, Int) throws -> Void) throws {
        guard let file = fdopen(dup(handle.fileDescriptor), "r") else { throw CocoaError(.fileReadUnknown) }
        defer { fclose(file) }
        try forEachBlock(file, keepingBlank: true) { block in
            for (number, range) in block.lines {
                let end = range.upperBound > range.lowerBound && block.bytes[range.upperBound - 1] == 0x0D ? range.upperBound - 1 : range.upperBound
                try body(block.text(of: range.lowerBound..<end), number)
            }
        }
    }

    /// Every line of a text, numbered from 1 (for in-memory input and tests); a line end is
    /// `\n` or `\r\n`.
    public static func forEachLine(in text: String, _ body: (String, Int) throws -> Void) rethrows {
        var number = 0
        for bytes in Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            var bytes = bytes
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            try body(String(decoding: bytes, as: UTF8.self), number)
        }
    }

    static func isBlank(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// Whether a file name says JSON Lines.
    public static func isJSONLines(_ path: String) -> Bool {
        path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson")
    }
}
