import ArgumentParser
import Foundation
import Masir
import MasirServer

struct Playground: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Open the rulebook playground: edit a rulebook, route sample cases, see the trace and the escalation timeline.",
        discussion:
            "The same server as `masir serve`, on its own port; open the printed address in a browser."
    )

    @Option(help: "The rules the playground's rulebooks extend (a folder of rulebooks).")
    var rules = "rules"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8112

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let logger = options.logger()
        let host = options.host
        do {
            let built = try MasirServer.build(
                options.configuration(rules: rules, port: port), logger: logger
            ) { port in
                print(
                    "masir playground: http://\(host.contains(":") ? "[\(host)]" : host):\(port)/")
            }
            try await built.application.runService()
        } catch let error as ServerError {
            printError("masir playground: \(error)\n")
            throw Exit.findings
        }
    }
}
