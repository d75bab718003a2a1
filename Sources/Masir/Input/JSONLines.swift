import Foundation

/// Splits a JSON Lines stream into whole lines, a block at a time, in constant memory: one
/// buffer of `blockSize` bytes, so a file of any number of cases can be read. Every reader of
/// JSON Lines (batch routing, `masir diff`) goes through it; blank lines are skipped but counted.
public enum JSONLines {
    /// A block of whole lines: each line's number (from 1) and its byte range in `bytes`,
    /// without the line end, and the numbers of the lines skipped for being longer than the
    /// limit (a record that large is refused, and the stream goes on after it).
    package struct Block: Sendable {
        package var bytes: [UInt8]
        package var lines: [(number: Int, range: Range<Int>)]
        package var tooLong: [Int] = []

        package func text(of range: Range<Int>) -> String {
            bytes.withUnsafeBufferPointer {
                String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self)
            }
        }
    }

    /// The block size of batch reading: several lines of the longest record each.
    public static let blockSize = 4 << 20

    /// Reads blocks of whole lines from a file, one block at a time: each block gets a buffer of
    /// its own, so one block can be decided while the next is read. A line longer than
    /// `maximumLine` bytes (`InputLimits.maximumLineBytes`, or one byte less than the block, if
    /// smaller) is skipped
    /// and named in the block's `tooLong`.
    package struct BlockReader {
        let file: UnsafeMutablePointer<FILE>
        let blockSize: Int
        let keepingBlank: Bool
        package let maximumLine: Int
        /// Inside a line too long to keep: its bytes are dropped up to its end.
        var skipping = false
        /// The unfinished last line of the previous block, which starts the next.
        var carried: [UInt8] = []
        var lineNumber = 0
        var atEnd = false
        /// Room for as many lines as the last block had, and some.
        var expectedLines = 0
        /// How much is read at a time, then searched for line ends at once.
        let piece: Int

        package init(
            _ file: UnsafeMutablePointer<FILE>, blockSize: Int = JSONLines.blockSize,
            keepingBlank: Bool = false, piece: Int = 128 << 10
        ) {
            self.file = file
            self.piece = max(1, piece)
            self.blockSize = max(64, blockSize)
            self.keepingBlank = keepingBlank
            // A line needs its line end in the block too, so a block holds a line one byte shorter.
            maximumLine = min(self.blockSize - 1, InputLimits.maximumLineBytes)
        }

        /// The next block, or nil at the end of the file.
        package mutating func next() throws -> Block? {
            while !atEnd {
                let carriedCount = carried.count
                var lines: [(number: Int, range: Range<Int>)] = []
                lines.reserveCapacity(expectedLines)
                var tooLong: [Int] = []
                var start = 0
                var read = 0
                let (keepingBlank, maximumLine, blockSize, piece) = (
                    keepingBlank, maximumLine, blockSize, piece
                )
                // Filled by the read, not zeroed first: zeroing every block cost as much as reading it.
                let buffer = [UInt8](unsafeUninitializedCapacity: blockSize) { bytes, count in
                    let base = bytes.baseAddress!
                    if carriedCount > 0 {
                        _ = carried.withUnsafeBufferPointer {
                            memcpy(base, $0.baseAddress!, carriedCount)
                        }
                    }
                    func line(_ range: Range<Int>) {
                        lineNumber += 1
                        if skipping || range.count > maximumLine {
                            tooLong.append(lineNumber)
                            skipping = false
                        } else if keepingBlank
                            || !isBlank(UnsafeBufferPointer(bytes)[range])
                        {
                            lines.append((lineNumber, range))
                        }
                    }
                    // Read in pieces and find each piece's lines while it is still in the cache:
                    // searching the whole block after reading it all cost half as much again.
                    var filled = carriedCount
                    while filled < blockSize {
                        let wanted = min(piece, blockSize - filled)
                        let got = fread(base + filled, 1, wanted, file)
                        read += got
                        var from = filled
                        filled += got
                        while from < filled, let newline = memchr(base + from, 0x0A, filled - from)
                        {
                            let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                            line(start..<end)
                            start = end + 1
                            from = start
                        }
                        if got < wanted { break }
                    }
                    atEnd = read == 0 || filled < blockSize
                    if atEnd, start < filled {
                        line(start..<filled)
                        start = filled
                    }
                    count = filled
                }
                let filled = buffer.count
                guard filled > 0 else {
                    guard skipping else { return nil }
                    skipping = false
                    lineNumber += 1
                    return Block(bytes: [], lines: [], tooLong: [lineNumber])
                }
                expectedLines = max(expectedLines, lines.count + lines.count / 8)
                if filled - start > maximumLine || filled - start == blockSize {
                    // The rest is one line already too long: drop it, and remember to drop the
                    // rest of it from the next read.
                    skipping = true
                    start = filled
                }
                carried = Array(buffer[start..<filled])
                if !lines.isEmpty || !tooLong.isEmpty {
                    return Block(bytes: buffer, lines: lines, tooLong: tooLong)
                }
            }
            return nil
        }
    }

    /// Calls `body` with each line of a file (blank ones too, without the line end `\n` or
    /// `\r\n`) and its number, counting from 1.
    public static func forEachLine(
        in handle: FileHandle, _ body: (String, Int) throws -> Void
    ) throws {
        guard let file = fdopen(dup(handle.fileDescriptor), "r") else {
            throw CocoaError(.fileReadUnknown)
        }
        defer { fclose(file) }
        var reader = BlockReader(file, keepingBlank: true)
        while let block = try reader.next() {
            for (number, range) in block.lines {
                let end =
                    range.upperBound > range.lowerBound && block.bytes[range.upperBound - 1] == 0x0D
                    ? range.upperBound - 1 : range.upperBound
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
