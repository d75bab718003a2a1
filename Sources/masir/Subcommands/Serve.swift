import ArgumentParser
import Foundation
import Logging
import Masir
import MasirServer

/// Options `serve` and `playground` share.
struct ServerOptions: ParsableArguments {
    @Option(help: "The address to listen on (loopback by default; 0.0.0.0 listens everywhere).")
    var host = "127.0.0.1"

    @Option(help: "Append every decision to this file as one JSON line.")
    var decisionLog: String?

    @Option(help: "When decision-log writes reach the disk: always, batch (every 200 ms) or never.")
    var fsync: ServerConfiguration.FsyncPolicy = .batch

    @Option(help: "The largest request body, in bytes.")
    var maxBody = 1 << 20

    @Option(help: "The most cases one POST /v1/route may carry.")
    var maxBatch = 1_000

    @Option(help: "Seconds one request may take before it is answered 503.")
    var timeout = 10.0

    @Option(
        help:
            "Seconds a connection may take to send a request's head, or stay idle between requests, before it is closed."
    )
    var idleTimeout = 10.0

    @Option(
        help:
            "The most connections open at once; a new one closes the oldest idle one (lowered to fit the descriptor limit)."
    )
    var maxConnections = 512

    @Option(
        help:
            "How many expensive requests (check, evaluate, reload) run at once; more are answered 503 busy."
    )
    var maxExpensive = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)

    @Option(
        help: ArgumentHelp(
            "A file whose first line is the admin token (16 characters or more).",
            discussion:
                "POST /v1/reload needs it as `Authorization: Bearer TOKEN`; so do /v1/check and /v1/evaluate when it is given. Without it, HTTP reload is disabled, and /v1/check and /v1/evaluate are served on a loopback address only."
        ))
    var adminTokenFile: String?

    @Option(
        help:
            "A Host name requests may carry (repeat for several); by default the loopback names when listening on loopback, else any."
    )
    var allowedHost: [String] = []

    @Option(
        help:
            "The playground's folder (index.html, app.js, style.css); found beside the repository by default."
    )
    var playground: String?

    @Option(help: "Logs: json (one object per line) or text.")
    var logFormat: LogFormat = .json

    @Option(help: "Least severe log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    enum LogFormat: String, ExpressibleByArgument, CaseIterable { case json, text }

    func configuration(rules: String, port: Int) throws -> ServerConfiguration {
        var configuration = ServerConfiguration(rules: rules)
        configuration.host = host
        configuration.port = port
        configuration.allowedHosts = allowedHost
        configuration.adminToken = try adminTokenFile.map(ServerConfiguration.readAdminToken)
        configuration.requestTimeout = Self.duration(timeout)
        configuration.idleTimeout = Self.duration(idleTimeout)
        configuration.maximumBodyBytes = maxBody
        configuration.maximumBatch = maxBatch
        configuration.maximumConnections = max(1, maxConnections)
        configuration.maximumExpensive = max(1, maxExpensive)
        configuration.decisionLog = decisionLog
        configuration.fsync = fsync
        configuration.playground = playground
        return configuration
    }

    /// Seconds from the command line as a duration between a millisecond and a day (a NaN or a
    /// huge number is not a reason to trap).
    static func duration(_ seconds: Double) -> Duration {
        let clamped = seconds.isNaN ? 1 : min(max(seconds, 0.001), 86_400)
        return .milliseconds(Int64((clamped * 1000).rounded()))
    }

    func logger() -> Logger {
        let level = logLevel
        switch logFormat {
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        return Logger(label: "masir.server")
    }
}

extension ServerConfiguration.FsyncPolicy: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the rules over HTTP: routing, checking, the playground, metrics.",
        discussion: """
            RULES is a rulebook folder or file, or a tree of them (such as rules/): each case's province — or \
            the caller's area code — chooses its provincial rulebook. SIGHUP or POST /v1/reload reloads the \
            rules; new rules replace the old only when they load without errors. See docs/openapi.yaml.
            """)

    @Argument(help: "A rulebook folder or file, or a folder of rulebooks.")
    var rules: String

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8111

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let logger = options.logger()
        do {
            try await MasirServer.run(
                try options.configuration(rules: rules, port: port), logger: logger)
        } catch let error as ServerError {
            printError("masir serve: \(error)\n")
            throw Exit.findings
        }
    }
}
