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
            "The playground's folder (index.html, app.js, style.css); found beside the repository by default."
    )
    var playground: String?

    @Option(help: "Logs: json (one object per line) or text.")
    var logFormat: LogFormat = .json

    @Option(help: "Least severe log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    enum LogFormat: String, ExpressibleByArgument, CaseIterable { case json, text }

    func configuration(rules: String, port: Int) -> ServerConfiguration {
        var configuration = ServerConfiguration(rules: rules)
        configuration.host = host
        configuration.port = port
        configuration.decisionLog = decisionLog
        configuration.fsync = fsync
        configuration.maximumBodyBytes = maxBody
        configuration.maximumBatch = maxBatch
        configuration.requestTimeout = .milliseconds(Int(timeout * 1000))
        configuration.playground = playground
        return configuration
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
                options.configuration(rules: rules, port: port), logger: logger)
        } catch let error as ServerError {
            printError("masir serve: \(error)\n")
            throw Exit.findings
        }
    }
}
