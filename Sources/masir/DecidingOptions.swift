import ArgumentParser
import Foundation
import Masir

/// Options of the commands that decide cases: when, and how strictly the cases are read.
struct DecidingOptions: ParsableArguments {
    @Option(help: "Evaluate at this instant (ISO 8601 or Jalali `1403/08/12 10:00`); default now.")
    var at: String?

    @Flag(help: "Treat unknown fields in a case as errors.")
    var strict = false

    func validate() throws {
        if let at, Instant(parsingCaseTime: PersianText.asciiDigits(at)) == nil {
            throw ValidationError(MasirError.invalidInstant(at).description)
        }
    }

    /// The instant `--at` names, or now.
    var instant: Instant {
        at.flatMap { Instant(parsingCaseTime: PersianText.asciiDigits($0)) } ?? .now
    }
}

/// Loads a rulebook or a tree, refusing what the server refuses; errors are printed and stop the run.
func loadEngine(_ path: String) throws -> Engine {
    do {
        // Routing needs only the errors that refuse a load; the pairwise analyses (shadowing,
        // gaps, overlaps) find nothing but warnings, which `masir check` reports, and on a
        // rulebook of 100,000 declarations they would cost more than the routing.
        return try Engine.load(.files(path), deadline: CheckDeadline { true })
    } catch .notFound(let missing) {
        printError("masir: no such rulebook `\(missing)`\n")
        throw Exit.usage
    } catch {
        if case .rulebook(let diagnostics, let sources) = error {
            printError(
                DiagnosticRenderer.render(
                    diagnostics, sources: sources, colour: standardErrorIsTerminal))
        }
        printError("masir: the rulebooks have errors; nothing was routed\n")
        throw Exit.findings
    }
}
