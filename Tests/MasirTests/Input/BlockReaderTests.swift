import Foundation
import MasirTestSupport
import Testing

@testable import Masir

/// Reading JSON Lines a block at a time, each block a few pieces at a time, finds the same lines
/// with the same numbers as splitting the whole text, wherever the blocks and pieces end; a line
/// of the longest length kept is kept and one a byte longer is not.
@Suite struct BlockReaderTests {
    /// Lines of every length around the limits, blank ones and `\r\n` ends among them.
    static func text(_ g: inout SplitMix64, maximumLine: Int) -> String {
        (0..<Int.random(in: 1...60, using: &g)).map { _ in
            switch Int.random(in: 0..<10, using: &g) {
            case 0: return ""
            case 1: return " \t\r"
            case 2:
                return String(repeating: "x", count: maximumLine + Int.random(in: 0...3, using: &g))
            default:
                let length = Int.random(in: 0...(maximumLine / 2), using: &g)
                return "{\"n\":\"" + String(repeating: "ی", count: length / 2) + "\"}"
            }
        }.joined(separator: Bool.random(using: &g) ? "\n" : "\r\n")
            + (Bool.random(using: &g) ? "\n" : "")
    }

    /// What the reader should give: each kept line's number and text, and the numbers of the
    /// lines too long to keep.
    static func expected(
        _ text: String, maximumLine: Int
    ) -> (lines: [(Int, [UInt8])], tooLong: [Int]) {
        var bytes = Array(text.utf8)
        if bytes.last == 0x0A { bytes.removeLast() }
        var lines: [(Int, [UInt8])] = []
        var tooLong: [Int] = []
        guard !bytes.isEmpty else { return ([], []) }
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            .enumerated()
        {
            if line.count > maximumLine {
                tooLong.append(index + 1)
            } else if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                lines.append((index + 1, Array(line)))
            }
        }
        return (lines, tooLong)
    }

    @Test func blocksReadInPiecesFindTheLinesOfTheWholeText() throws {
        var g = SplitMix64(seed: 0x6C69_6E65)
        for round in 0..<300 {
            let blockSize = [64, 100, 257, 1_000, 4_096][round % 5]
            let piece = [1, 7, 64, 1_000, 128 << 10][Int.random(in: 0..<5, using: &g)]
            // The line end must fit in the block too.
            let maximumLine = min(blockSize - 1, InputLimits.maximumLineBytes)
            let text = Self.text(&g, maximumLine: maximumLine)
            let path = NSTemporaryDirectory() + "masir-blocks-\(UUID().uuidString).jsonl"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let file = try #require(fopen(path, "r"))
            defer { fclose(file) }
            var reader = JSONLines.BlockReader(file, blockSize: blockSize, piece: piece)
            #expect(reader.maximumLine == maximumLine)
            var lines: [(Int, [UInt8])] = []
            var tooLong: [Int] = []
            while let block = try reader.next() {
                lines += block.lines.map { ($0.number, Array(block.bytes[$0.range])) }
                tooLong += block.tooLong
            }
            let want = Self.expected(text, maximumLine: maximumLine)
            let context =
                "block \(blockSize), piece \(piece), text \(text.debugDescription.prefix(200))"
            #expect(lines.map(\.0) == want.lines.map(\.0), "\(context)")
            #expect(
                lines.map(\.1).elementsEqual(want.lines.map(\.1)),
                "the bytes of the lines differ: \(context)")
            #expect(tooLong == want.tooLong, "\(context)")
        }
    }
}
