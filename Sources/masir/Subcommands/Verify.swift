import ArgumentParser
import Foundation
import Masir
import MasirVerify

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Prove what rulebooks do for every possible case, with an SMT solver (z3 or cvc5).",
        subcommands: [Equivalent.self])

    struct Equivalent: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Prove two rulebooks decide every case alike, or show cases they decide differently.",
            discussion: """
                Every case the schema allows is considered: the solver either proves that OLD and \
                NEW give every case the same primary referral, referrals, copies, priority and SLA, \
                or finds cases they decide differently, one per kind of change, each decided again \
                by the evaluator under both rulebooks before it is shown.
                Exit status: 0 when proved, 1 when they differ or the proof is incomplete, 2 on a \
                usage error or when no solver is installed.
                """)

        @Argument(help: "The rulebook before the change: a folder or a .masir file.")
        var old: String

        @Argument(help: "The rulebook after the change.")
        var new: String

        @Option(help: "Compare only what this routing group decides.")
        var group: String?

        @Option(help: "At most this many cases, one per kind of change.")
        var limit: Int = 20

        func validate() throws {
            if limit < 1 { throw ValidationError("--limit must be 1 or more") }
        }

        func run() throws {
            let solver = try installedSolver()
            let before = try loadRulebook(old)
            let after = try loadRulebook(new)
            do {
                var equivalence = try Equivalence(
                    old: before, new: after, group: group, solver: solver)
                equivalence.limit = limit
                let report = try equivalence.run()
                print(VerifyRenderer.text(report, old: old, new: new), terminator: "")
                if !report.disagreements.isEmpty { throw Exit.usage }
                if !report.proved { throw Exit.findings }
            } catch let error as VerifyError {
                printError("masir verify: \(error)\n")
                throw Exit.usage
            } catch let error as Solver.Failure {
                printError("masir verify: \(error)\n")
                throw Exit.usage
            }
        }
    }
}

func installedSolver() throws -> Solver {
    guard let solver = Solver.installed() else {
        printError("masir verify: \(Solver.missing)\n")
        throw Exit.usage
    }
    return solver
}

/// One rulebook, loaded and resolved; errors are printed and stop the run.
func loadRulebook(_ path: String) throws -> Rulebook {
    guard FileManager.default.fileExists(atPath: path) else {
        printError("masir verify: no such rulebook `\(path)`\n")
        throw Exit.usage
    }
    let result = Loader.files.load(path)
    guard let book = result.rulebook else {
        printError(
            DiagnosticRenderer.render(
                result.diagnostics.filter { $0.severity == .error }, sources: result.sources,
                colour: standardErrorIsTerminal))
        printError("masir verify: `\(path)` has errors\n")
        throw Exit.findings
    }
    return book
}
