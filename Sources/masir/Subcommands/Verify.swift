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

/// The rulebooks `paths` name: a file as given, a folder's `rulebook.masir` files.
func rulebookFiles(_ paths: [String]) throws -> [String] {
    var files: [String] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
            !isDirectory.boolValue
        {
            files.append(path)
        } else {
            files += try masirFiles([path]).filter { $0.hasSuffix("rulebook.masir") }
        }
    }
    return files
}

/// Verifies the properties of every rulebook `paths` name, printing each report; the exit status
/// `masir verify` and `masir check --verify` end with.
func verifyProperties(paths: [String], solver: Solver) throws -> ExitCode {
    let loader = Loader.files.caching()
    var total = 0
    var proved = 0
    var status = ExitCode.success
    for file in try rulebookFiles(paths) {
        let result = loader.load(file)
        guard let book = result.rulebook else {
            printError(
                DiagnosticRenderer.render(
                    result.diagnostics.filter { $0.severity == .error }, sources: result.sources,
                    colour: standardErrorIsTerminal))
            printError("masir verify: `\(file)` has errors\n")
            status = Exit.findings
            continue
        }
        guard
            let report = solverAnswer(
                "masir verify: \(file)",
                {
                    try PropertyCheck(book: book, solver: solver).run()
                })
        else { return Exit.usage }
        total += report.results.count
        proved += report.proved
        print(VerifyRenderer.text(report, file: file), terminator: "")
        if let note = unmodelledTargets(book) { print(note) }
        if !report.disagreements.isEmpty { return Exit.usage }
        if !report.allProved { status = Exit.findings }
    }
    print(
        "\(total) propert\(total == 1 ? "y" : "ies") verified: \(proved) proved, \(total - proved) not"
    )
    return status
}

/// What `body` answers, or nil when the translation or the solver failed, said after `prefix`.
func solverAnswer<T>(_ prefix: String, _ body: () throws -> T) -> T? {
    do { return try body() } catch {
        printError("\(prefix): \(error)\n")
        return nil
    }
}

/// Proves `old` and `new` decide every case alike or prints the cases they decide differently,
/// each confirmed by the evaluator; the status the command ends with.
func proveEquivalent(
    _ old: String, _ new: String, group: String? = nil, limit: Int, command: String
) throws -> ExitCode {
    let solver = try installedSolver()
    let before = try loadRulebook(old)
    let after = try loadRulebook(new)
    guard
        let report = solverAnswer(
            command,
            {
                var equivalence = try Equivalence(
                    old: before, new: after, group: group, solver: solver)
                equivalence.limit = limit
                return try equivalence.run()
            })
    else { throw Exit.usage }
    print(VerifyRenderer.text(report, old: old, new: new), terminator: "")
    if !report.disagreements.isEmpty { throw Exit.usage }
    return report.proved ? .success : Exit.findings
}

func installedSolver() throws -> Solver {
    guard let solver = Solver.installed() else {
        printError("masir verify: \(Solver.missing)\n")
        throw Exit.usage
    }
    return solver
}

/// What the proofs leave out of a rulebook with named SLA targets: properties read
/// `decision.sla`, the primary target, so the named ones are said not to be modelled rather than
/// taken as proved.
func unmodelledTargets(_ book: Rulebook) -> String? {
    var names: [String] = []
    for group in book.groups {
        let outcomes = group.rules.map(\.outcome) + (group.fallback.map { [$0] } ?? [])
        for outcome in outcomes {
            var ids = outcome.targets.map(\.id)
            for part in outcome.conditional {
                if case .target(let id, _) = part.kind { ids.append(id) }
            }
            for id in ids where !names.contains(id) { names.append(id) }
        }
    }
    guard !names.isEmpty else { return nil }
    return
        "  not modelled: the SLA targets \(names.map { "`\($0)`" }.joined(separator: ", ")) and their clocks; properties speak of `decision.sla`, the primary target"
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
