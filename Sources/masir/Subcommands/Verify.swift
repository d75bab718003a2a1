import ArgumentParser
import Foundation
import Masir
import MasirVerify

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Prove what rulebooks do for every possible case, with an SMT solver (z3 or cvc5).",
        subcommands: [Properties.self, Equivalent.self], defaultSubcommand: Properties.self)

    struct Properties: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "properties",
            abstract:
                "Prove each rulebook's properties, or show the smallest case that breaks one.",
            discussion: """
                `masir verify RULEBOOK…` (the same as `masir verify properties RULEBOOK…`) checks \
                every `property` of each rulebook, inherited ones included, over every case the \
                schema allows. Each prints `proved`, or the smallest case that breaks it, as case \
                YAML that `masir route` reads, with the evaluator's decision for it.
                Exit status: 0 when every property is proved, 1 when one fails or is not proved, \
                2 on a usage error, when no solver is installed, or when the model and the \
                evaluator disagree.
                """)

        @Argument(help: "Rulebook files or folders (a folder's rulebook.masir files are verified).")
        var paths: [String]

        func run() throws {
            let solver = try installedSolver()
            let status = try verifyProperties(paths: paths, solver: solver)
            if status != .success { throw status }
        }
    }

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
            let status = try proveEquivalent(
                old, new, group: group, limit: limit, command: "masir verify")
            if status != .success { throw status }
        }
    }
}
