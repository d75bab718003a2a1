import Foundation
import Masir

/// The entry points a coverage-guided fuzzer drives, and that the replay tests run over the
/// committed corpus. Each takes arbitrary bytes; it must neither crash nor trap, and where the
/// project holds an invariant (formatting is idempotent, the two evaluators agree, the fast
/// JSON Lines decoder agrees with the general one) a broken one is returned as a message, which
/// the fuzzing driver turns into a crash so the fuzzer keeps the input.
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// Lexer, parser and formatter: formatted text parses, and formatting it again changes nothing.
    case syntax
    /// Loading and checking a province rulebook; one that loads decides a case the same way
    /// with the compiled plan and the reference evaluator.
    case rulebook
    /// Reading case documents (YAML and JSON) and deciding them against the Hamedan rulebook.
    case cases
    /// The fast JSON Lines decoder against the general reader, on one line.
    case jsonLines = "json-lines"
    /// The value scanners: dates, times, amounts, numbers and yes/no, as each case field reads them.
    case scanners
    /// Raw bytes sent as an HTTP request to a running `masir serve`, which must keep answering.
    case http

    /// Runs one input; nil when every invariant held, otherwise what broke.
    package func run(_ bytes: UnsafeRawBufferPointer) -> String? {
        switch self {
        case .syntax: SyntaxFuzzing.run(bytes)
        case .rulebook: RulebookFuzzing.run(bytes)
        case .cases: CaseFuzzing.run(bytes)
        case .jsonLines: CaseFuzzing.runLine(bytes)
        case .scanners: CaseFuzzing.runScanners(bytes)
        case .http: HTTPFuzzing.run(bytes)
        }
    }

    /// Runs one input given as `Data`.
    package func run(_ data: Data) -> String? {
        data.withUnsafeBytes { run($0) }
    }
}

/// Where the repository's shipped rulebooks are: `MASIR_RULES`, or the checkout this was built from.
enum FuzzFixtures {
    static let rules: String = {
        if let path = ProcessInfo.processInfo.environment["MASIR_RULES"] { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("rules").path
    }()

    static let nationalPath = "national/rulebook.masir"
    static let nationalText: String =
        (try? String(contentsOfFile: rules + "/" + nationalPath, encoding: .utf8)) ?? ""

    /// The Hamedan rulebook, loaded once.
    static let hamedan: Engine? = try? Engine.load(
        path: rules + "/provinces/hamedan/rulebook.masir")

    /// A fixed evaluation instant, so a crash reproduces.
    static let instant = Instant(parsingCaseTime: "1403/08/25 11:00")!

    /// A case every province rulebook can decide.
    static let baseCase: CaseValue = [
        "id": "FZ-1", "county": "hamedan", "opened": "1403/08/19 10:40",
        "description": "درخواست وام ودیعه مسکن دارم", "status": "registered",
        "caller": ["needy": true, "area_code": "081"], "amount": .int(2_000_000_000),
    ]
}
