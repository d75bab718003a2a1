import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line to standard error:
/// `{"ts": "...", "level": "info", "label": "masir.server", "msg": "...", <metadata>}`.
public struct JSONLogHandler: LogHandler {
    /// Metadata added to every message.
    public var metadata: Logger.Metadata = [:]
    /// The least severe level written.
    public var logLevel: Logger.Level = .info
    let label: String
    private static let lock = NSLock()

    /// A handler for loggers with `label`.
    public init(label: String) {
        self.label = label
    }

    /// One metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event as one JSON line.
    public func log(event: LogEvent) {
        var object: [String: Any] = [
            "ts": ISO8601DateFormatter.string(
                from: Date(), timeZone: TimeZone(identifier: "UTC")!,
                formatOptions: [.withInternetDateTime, .withFractionalSeconds]),
            "level": event.level.rawValue, "label": label, "msg": "\(event.message)",
        ]
        for (key, value) in metadata.merging(
            event.metadata ?? [:], uniquingKeysWith: { _, new in new })
        { object[key] = Self.plain(value) }
        guard
            var data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        data.append(UInt8(ascii: "\n"))
        Self.lock.lock()
        FileHandle.standardError.write(data)
        Self.lock.unlock()
    }

    static func plain(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let value):
            if let number = value as? Int {
                number
            } else if let number = value as? Double {
                number
            } else {
                "\(value)"
            }
        case .array(let items): items.map(plain)
        case .dictionary(let entries): entries.mapValues(plain)
        }
    }
}
