import ArgumentParser
import Foundation
import Masir
import MasirVerify

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
        guard let book = rulebookOrErrors(loader.load(file), file) else {
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
        if let note = VerifyRenderer.unmodelledTargets(book) { print(note) }
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

/// One rulebook, loaded and resolved; errors are printed and stop the run.
func loadRulebook(_ path: String) throws -> Rulebook {
    guard FileManager.default.fileExists(atPath: path) else {
        printError("masir verify: no such rulebook `\(path)`\n")
        throw Exit.usage
    }
    guard let book = rulebookOrErrors(Loader.files.load(path), path) else { throw Exit.findings }
    return book
}

/// The loaded rulebook, or nil after printing the errors that stopped it.
func rulebookOrErrors(_ result: Loader.Result, _ path: String) -> Rulebook? {
    if let book = result.rulebook { return book }
    printError(
        DiagnosticRenderer.render(
            result.diagnostics.filter { $0.severity == .error }, sources: result.sources,
            colour: standardErrorIsTerminal))
    printError("masir verify: `\(path)` has errors\n")
    return nil
}
