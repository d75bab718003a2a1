import Foundation

/// JSON-RPC messages framed as the Language Server Protocol frames them: a `Content-Length`
/// header, a blank line, then that many bytes of JSON.
package struct Transport {
    private let input: FileHandle
    private let output: FileHandle
    private var buffer: [UInt8] = []
    /// The largest message read; a client that sends more is refused rather than buffered.
    package static let maximumMessageBytes = 64 << 20

    package init(input: FileHandle = .standardInput, output: FileHandle = .standardOutput) {
        self.input = input
        self.output = output
    }

    package enum Failure: Error { case endOfInput, malformedHeader(String), tooLarge(Int) }

    /// Whether a whole message is already buffered, so it can be handled before answering.
    package var hasBufferedMessage: Bool { Self.frame(in: buffer) != nil }

    /// The descriptor messages arrive on, for a check that stops when the client sends more.
    package var inputDescriptor: Int32 { input.fileDescriptor }

    /// Whether input is waiting to be read within `milliseconds`.
    package func inputPending(within milliseconds: Int32) -> Bool {
        var poller = pollfd(fd: input.fileDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, milliseconds) > 0
    }

    /// The next message's JSON bytes.
    package mutating func read() throws(Failure) -> Data {
        while true {
            if let (start, length) = try Self.checkedFrame(in: buffer) {
                let body = Data(buffer[start..<(start + length)])
                buffer.removeFirst(start + length)
                return body
            }
            let chunk = input.availableData
            if chunk.isEmpty { throw .endOfInput }
            buffer += chunk
        }
    }

    /// Where the body of the first whole message starts and how long it is.
    static func frame(in bytes: [UInt8]) -> (Int, Int)? { try? checkedFrame(in: bytes) }

    static func checkedFrame(in bytes: [UInt8]) throws(Failure) -> (Int, Int)? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard bytes.count >= separator.count,
            let end = (0...(bytes.count - separator.count)).first(where: {
                bytes[$0..<($0 + 4)].elementsEqual(separator)
            })
        else {
            if bytes.count > 8 << 10 { throw .malformedHeader("no header end in 8 KiB") }
            return nil
        }
        let header = String(decoding: bytes[0..<end], as: UTF8.self)
        var length: Int?
        for line in header.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length" {
                length = Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let length, length >= 0 else { throw .malformedHeader(header) }
        guard length <= maximumMessageBytes else { throw .tooLarge(length) }
        let start = end + separator.count
        return bytes.count - start >= length ? (start, length) : nil
    }

    /// Writes one message.
    package func write(_ message: [String: Any]) {
        guard let body = try? JSONSerialization.data(withJSONObject: message, options: []) else {
            return
        }
        output.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }
}
