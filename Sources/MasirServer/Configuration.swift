import Foundation

/// How `masir serve` runs: where the rules are, where it listens, its limits and its decision log.
public struct ServerConfiguration: Sendable {
    /// When the decision log's writes reach the disk.
    public enum FsyncPolicy: String, Sendable, CaseIterable {
        /// `fsync` after every record: a record is durable before its response is sent.
        case always
        /// `fsync` at most every `batchInterval` (and on shutdown): a crash loses at most that
        /// much, never a record's integrity.
        case batch
        /// Leave it to the operating system.
        case never
    }

    /// A rulebook, or a folder of rulebooks (`rules/`) whose provincial rulebook is chosen per case.
    public var rules: String
    /// The address to bind; loopback unless told otherwise.
    public var host: String = "127.0.0.1"
    /// The port; 0 picks a free one (see `MasirServer.start`'s callback for the one chosen).
    public var port: Int = 8111
    /// The largest request body accepted, in bytes.
    public var maximumBodyBytes: Int = 1 << 20
    /// The most cases one `POST /v1/route` may carry.
    public var maximumBatch: Int = 1_000
    /// How long one request may take before it is answered 503 `timeout`.
    public var requestTimeout: Duration = .seconds(10)
    /// Append every decision to this file, one JSON line each.
    public var decisionLog: String?
    /// When decision-log writes are flushed to the disk.
    public var fsync: FsyncPolicy = .batch
    /// How often `batch` flushes.
    public var batchInterval: Duration = .milliseconds(200)
    /// The playground's folder (index.html, app.js, style.css); nil serves no page.
    public var playground: String?
    /// The rulebook the playground opens with, relative to `rules`.
    public var playgroundRulebook: String = "provinces/hamedan"
    /// How long a connection may take to send a request's head, and may stay open between
    /// requests, before it is closed.
    public var idleTimeout: Duration = .seconds(10)
    /// The most connections open at once. A new connection over the limit closes the oldest
    /// one that is not being answered (one still sending its head, or idle between requests);
    /// when every one is being answered, the new one is closed. Lowered at start to fit the
    /// process's descriptor limit.
    public var maximumConnections: Int = 512
    /// How many expensive requests (checking and evaluating rulebook text, reloading) run at once;
    /// more are answered 503 `busy` so that routing keeps its capacity.
    public var maximumExpensive: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
    /// How many expensive requests may wait for a slot (each at most `requestTimeout`); nil is
    /// four per slot.
    public var maximumExpensiveWaiting: Int?
    /// The token that `POST /v1/reload` (and, when set, `/v1/check` and `/v1/evaluate`) require
    /// as `Authorization: Bearer`; nil disables reloading over HTTP.
    public var adminToken: String?
    /// How the decision log writes (tests put in one that fails); nil is `write(2)`.
    var logWrite: DecisionLog.Writer?
    /// The `Host` names that requests may carry (without the port). Empty: the loopback names
    /// when listening on a loopback address, else any host.
    public var allowedHosts: [String] = []

    /// A configuration serving `rules` with the defaults.
    public init(rules: String) {
        self.rules = rules
    }

    /// Whether the server listens only on a loopback address.
    var isLoopback: Bool {
        let host = host.lowercased()
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Reads an admin token file: its first line, without surrounding white space. Throws when
    /// the file cannot be read or holds a token shorter than 16 characters.
    public static func readAdminToken(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServerError.adminToken("cannot read the admin token file `\(path)`")
        }
        let token =
            String(decoding: data, as: UTF8.self).split(
                whereSeparator: \.isNewline
            ).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard token.utf8.count >= 16 else {
            throw ServerError.adminToken(
                "the admin token in `\(path)` is shorter than 16 characters")
        }
        return token
    }

    /// The folder `rules` names, or its folder when it names one rulebook file.
    var rulesRoot: String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: rules, isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            return rules.count > 1 && rules.hasSuffix("/") ? String(rules.dropLast()) : rules
        }
        let url = URL(fileURLWithPath: rules).deletingLastPathComponent()
        return url.path
    }

    /// The playground folder to serve: the configured one, else `Playground/` in the working
    /// folder, beside the rules folder, or above the executable (`.build/debug/masir` → repository).
    static func findPlayground(rules: String) -> String? {
        var candidates = [
            "Playground",
            URL(fileURLWithPath: rules).deletingLastPathComponent().appendingPathComponent(
                "Playground"
            ).path,
        ]
        if let environment = ProcessInfo.processInfo.environment["MASIR_PLAYGROUND"] {
            candidates.insert(environment, at: 0)
        }
        var executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
            .resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(executable.appendingPathComponent("Playground").path)
            executable = executable.deletingLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/index.html") }
    }
}
