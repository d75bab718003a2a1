import Foundation

/// What the REPL routes with: one rulebook, or a tree of them in which the case's province (or
/// the caller's area code) chooses the provincial rulebook, as `masir route rules/ …` does.
struct Workspace {
    /// The path it was loaded from, as given.
    var path: String
    /// The rulebook, when one was loaded.
    var single: Rulebook?
    /// The provincial rulebooks of a tree.
    var dispatcher: Dispatcher?
    /// For a tree: the rulebook the provinces extend (`national`), used to check values until
    /// the case names its province.
    var base: Rulebook?
    /// Source texts, for quoting diagnostics and naming rule lines.
    var sources: [String: SourceFile]
    /// Every warning of loading (errors prevent a workspace from existing).
    var warnings: [Diagnostic]
    /// Decides the cases, as every evaluation is decided, with source lines in traces.
    let engine: Engine

    var isTree: Bool { single == nil }

    /// Every rulebook, for listings: the single one, or the base and then the provinces by id.
    var rulebooks: [Rulebook] {
        if let single { return [single] }
        return (base.map { [$0] } ?? [])
            + (dispatcher?.rulebooks.values.sorted { $0.id < $1.id } ?? [])
    }

    /// Whether `path` names one rulebook (a `.masir` file or a folder with `rulebook.masir`)
    /// rather than a tree of them.
    static func isSingle(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return true
        }
        return !isDirectory.boolValue
            || FileManager.default.fileExists(atPath: Paths.join(path, "rulebook.masir"))
    }

    /// Loads `path` (resolved against `directory` when relative). The workspace is nil when
    /// there were errors; the diagnostics and sources are returned either way.
    static func load(
        _ path: String, relativeTo directory: String?, loader: Loader
    ) -> (Workspace?, [Diagnostic], [String: SourceFile]) {
        // The loader resolves relative paths itself, so messages name files as the user typed them.
        let full = resolve(path, relativeTo: directory)
        var isDirectory: ObjCBool = false
        let exists =
            FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            || loader.exists(path)
        guard exists else {
            return (
                nil,
                [
                    Diagnostic(
                        .importFailed, "no such rulebook, file or folder `\(path)`", file: path,
                        at: .empty)
                ], [:]
            )
        }
        if isSingle(full) {
            let result = loader.load(path)
            guard let book = result.rulebook else {
                return (nil, result.diagnostics, result.sources)
            }
            // The checker's warnings too, as `masir check` and the server report them: a reload
            // that quietly accepts an unguarded optional hides what publishing would refuse.
            let warnings =
                result.diagnostics
                + Checker.check(book).filter {
                    !result.diagnostics.contains($0)
                }
            let workspace = Workspace(
                path: path, single: book, sources: result.sources, warnings: warnings,
                engine: Engine(rulebooks: [book], dispatching: false, sources: result.sources))
            return (workspace, result.diagnostics, result.sources)
        }
        var diagnostics: [Diagnostic] = []
        var sources: [String: SourceFile] = [:]
        var provincial: [Rulebook] = []
        var others: [Rulebook] = []
        let folders = (try? FileManager.default.subpathsOfDirectory(atPath: full)) ?? []
        for sub in folders.sorted()
        where sub == "rulebook.masir" || sub.hasSuffix("/rulebook.masir") {
            let result = loader.load(Paths.join(path, sub))
            diagnostics += result.diagnostics.filter { !diagnostics.contains($0) }
            sources.merge(result.sources) { a, _ in a }
            guard let book = result.rulebook else { continue }
            if book.province != nil || book.areaCode != nil {
                provincial.append(book)
            } else {
                others.append(book)
            }
        }
        if diagnostics.hasErrors { return (nil, diagnostics, sources) }
        var warnings = diagnostics
        for book in provincial + others {
            warnings += Checker.check(book).filter { !warnings.contains($0) }
        }
        warnings += Checker.checkTree(provincial + others).filter { !warnings.contains($0) }
        if provincial.isEmpty {
            let message =
                "`\(path)` holds no provincial rulebook (one with a `province` or `area code`)"
            return (
                nil, diagnostics + [Diagnostic(.importFailed, message, file: path, at: .empty)],
                sources
            )
        }
        // The base is the rulebook most provinces descend from.
        var roots: [String: Int] = [:]
        for book in provincial { for id in book.lineage.dropFirst() { roots[id, default: 0] += 1 } }
        let base = others.max { (roots[$0.id] ?? 0, $1.id) < (roots[$1.id] ?? 0, $0.id) }
        let dispatcher = Dispatcher(rulebooks: provincial)
        let engine = Engine(
            rulebooks: Array(dispatcher.rulebooks.values), dispatching: false, sources: sources)
        let workspace = Workspace(
            path: path, dispatcher: dispatcher, base: base, sources: sources, warnings: warnings,
            engine: engine)
        return (workspace, diagnostics, sources)
    }

    static func resolve(_ path: String, relativeTo directory: String?) -> String {
        var path = path
        if path.hasPrefix("~/") { path = Paths.join(Workspace.home, String(path.dropFirst(2))) }
        guard let directory, !path.hasPrefix("/") else { return path }
        return Paths.join(directory, path)
    }

    /// The rulebook for a case document: the single one, or the province's. `error` says why no
    /// province could be chosen (the case is then checked against the base rulebook).
    func choose(_ document: InputValue) -> (book: Rulebook?, error: CaseErrors?) {
        if let single { return (single, nil) }
        guard let dispatcher else { return (nil, nil) }
        do throws(CaseErrors) {
            return (try dispatcher.choose(document, file: nil), nil)
        } catch {
            return (base, error)
        }
    }
}

extension Workspace {
    /// The user's home folder: `$HOME`, else the account's.
    static var home: String {
        ProcessInfo.processInfo.environment["HOME"]
            ?? FileManager.default.homeDirectoryForCurrentUser.path
    }
}
