import Foundation

/// Where rulebooks come from: one rulebook (a file, or a folder with `rulebook.masir`) or a tree
/// of them (a folder such as `rules/`, whose provincial rulebooks are chosen per case).
///
/// Files are read through a `Loader`, so the same tree can live on disk, in memory, or be a disk
/// tree with one file replaced by text an editor holds (`overlay`).
public struct RulebookSource: Sendable {
    /// Reads the files.
    public var loader: Loader
    /// The rulebook, or the root of the tree.
    public var path: String
    /// Lists every `.masir` file of a tree (paths as the loader reads them); nil for one rulebook.
    var listing: (@Sendable () -> [String])?
    /// For the file system: the path that must exist.
    var diskPath: String?

    /// A source with a custom loader. `files`, when given, lists the `.masir` files of a tree
    /// below `path`; without it `path` is one rulebook.
    public init(loader: Loader, path: String, files: (@Sendable () -> [String])? = nil) {
        self.loader = loader
        self.path = path
        self.listing = files
    }

    /// Whether this source is a tree of rulebooks rather than one.
    public var isTree: Bool { listing != nil }

    /// The file system: a `.masir` file, a folder with `rulebook.masir`, or a folder of rulebooks.
    public static func files(_ path: String) -> RulebookSource {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let single =
            !exists || !isDirectory.boolValue
            || FileManager.default.fileExists(atPath: Paths.join(path, "rulebook.masir"))
        var source =
            single
            ? RulebookSource(loader: .files, path: path)
            : RulebookSource(
                loader: .files, path: path, files: { RulebookSource.masirFiles(below: path) })
        source.diskPath = path
        return source
    }

    /// In-memory files (path → text). `path` names a rulebook among them (a `.masir` file or a
    /// folder with `rulebook.masir`), or a folder whose rulebooks form a tree.
    public static func memory(_ files: [String: String], path: String) -> RulebookSource {
        let loader = Loader.memory(files)
        if path.hasSuffix(".masir") || files[Paths.join(path, "rulebook.masir")] != nil {
            return RulebookSource(loader: loader, path: path)
        }
        let prefix = path.isEmpty ? "" : (path.hasSuffix("/") ? path : path + "/")
        let listed = files.keys.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".masir") }.sorted()
        return RulebookSource(loader: loader, path: path, files: { listed })
    }

    /// One rulebook given as text, named `name` for messages; `extends` finds nothing unless
    /// `parents` (path → text) supplies the parent beside it.
    public static func text(
        _ text: String, name: String = "rulebook.masir", parents: [String: String] = [:]
    ) -> RulebookSource {
        var files = parents
        files[name] = text
        return RulebookSource(loader: .memory(files), path: name)
    }

    /// A file-system tree with the file at `virtualPath` (inside the tree) served from `text`
    /// instead of the disk: what an editor shows, checked with the parents it extends. Reads are
    /// confined to `root`: a path that leaves it (`..`, an absolute path elsewhere) reads nothing.
    public static func overlay(
        text: String, at virtualPath: String, root: String, base: Loader = .files
    ) -> RulebookSource {
        let root = Self.normalize(root)
        let file = Self.normalize(virtualPath)
        let inside: @Sendable (String) -> Bool = { path in
            let normal = Self.normalize(path)
            return root.isEmpty || normal == root
                || normal.hasPrefix(root.hasSuffix("/") ? root : root + "/")
        }
        let loader = Loader(
            read: { path in
                if Self.normalize(path) == file { return text }
                guard inside(path), !path.split(separator: "/").contains("..") else {
                    throw CocoaError(.fileReadNoPermission)
                }
                return try base.read(path)
            },
            exists: { path in
                if Self.normalize(path) == file { return true }
                return inside(path) && !path.split(separator: "/").contains("..")
                    && base.exists(path)
            })
        return RulebookSource(loader: loader, path: file)
    }

    /// Every `.masir` file below `root`, sorted.
    static func masirFiles(below root: String) -> [String] {
        let below = (try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []
        return below.filter { $0.hasSuffix(".masir") }.sorted().map { Paths.join(root, $0) }
    }

    /// `a/./b//c` → `a/b/c`; keeps a leading `/` and `..` components (which `overlay` refuses).
    static func normalize(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : joined
    }
}

/// The findings of checking rulebooks: every diagnostic, with the sources to quote.
public struct CheckReport: Sendable {
    /// Every finding, errors first by file and position.
    public var diagnostics: [Diagnostic]
    /// The text of every file read, by name.
    public var sources: [String: SourceFile]
    /// The rulebooks that loaded without errors, by id (a tree may hold several).
    public var rulebooks: [Rulebook]
    /// Whether any finding is an error.
    public var hasErrors: Bool { diagnostics.hasErrors }
    /// The number of errors.
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    /// The number of warnings and notes.
    public var warningCount: Int { diagnostics.count - errorCount }
    /// Files checked whose errors stopped them loading.
    public var unloaded = 0
    /// Every rulebook checked (a tree's provinces and the parents they extend).
    public var checked = 0

    /// The same findings with every warning made an error (`masir check --strict`).
    public func treatingWarningsAsErrors() -> CheckReport {
        var report = self
        report.diagnostics = diagnostics.map { finding in
            var finding = finding
            if finding.severity == .warning { finding.severity = .error }
            return finding
        }.sortedByPosition()
        return report
    }

    /// `3 rulebooks checked: 0 errors, 1 warning, 2 notes`; a file whose errors stop it loading is
    /// counted too, so "0 checked" never hides it.
    public var summaryLine: String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let notes = diagnostics.count - errors - warnings
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let notLoaded = unloaded == 0 ? "" : ", \(unloaded) could not be loaded"
        return
            "\(count(checked, "rulebook")) checked\(notLoaded): \(count(errors, "error")), \(count(warnings, "warning")), \(count(notes, "note"))"
    }

    /// Loads and checks each file as a rulebook with its parents and imports (each file parsed
    /// once), every rulebook that loads through the static `Checker`, all of them together through
    /// `Checker.checkTree`; a finding shared by several files (a parent's) is reported once.
    /// Past `deadline`, the pairwise analyses stop and say what they left out.
    ///
    /// `refine`, given each rulebook with its findings, may replace them: `masir check --verify`
    /// answers with a solver what the built-in analyses leave as `check.not-analysed`.
    public static func check(
        files: [String], loader: Loader = .files, deadline: CheckDeadline = .none,
        refine: ((Rulebook, [Diagnostic]) -> [Diagnostic])? = nil
    ) -> CheckReport {
        let loader = loader.caching()
        var diagnostics: [Diagnostic] = []
        var seen = Set<Diagnostic>()
        var sources: [String: SourceFile] = [:]
        var books: [String: Rulebook] = [:]
        var checked: [Rulebook] = []
        var unloaded = 0
        for file in files {
            let result = loader.load(file)
            sources.merge(result.sources) { a, _ in a }
            var found = result.diagnostics
            if let book = result.rulebook {
                checked.append(book)
                let findings = Checker.check(book, deadline: deadline)
                found += refine?(book, findings) ?? findings
                if file.hasSuffix("rulebook.masir") { books[book.id] = books[book.id] ?? book }
            } else {
                unloaded += 1
            }
            for diagnostic in found where seen.insert(diagnostic).inserted {
                diagnostics.append(diagnostic)
            }
        }
        diagnostics += Checker.checkTree(checked).filter { seen.insert($0).inserted }
        var report = CheckReport(
            diagnostics: diagnostics.sortedByPosition(), sources: sources,
            rulebooks: books.values.sorted { $0.id < $1.id })
        report.unloaded = unloaded
        report.checked = checked.count
        return report
    }

    /// The findings as JSON-ready records (the same fields as `masir check --format json`).
    public var records: [DiagnosticRecord] {
        DiagnosticRecord.records(diagnostics, sources: sources)
    }
}

extension RulebookSource {
    /// Loads and checks everything the source names, as `masir check` does: each `.masir` file of
    /// a tree is loaded as a rulebook with its parents and imports (each file parsed once), each
    /// rulebook that loads goes through the static `Checker`, the tree through
    /// `Checker.checkTree`, and findings shared by several files (a parent's) are reported once.
    /// Past `deadline`, the pairwise analyses stop and say what they left out.
    public func check(deadline: CheckDeadline = .none) -> CheckReport {
        guard let listing else {
            let result = loader.caching().load(path)
            var diagnostics = result.diagnostics
            if let book = result.rulebook { diagnostics += Checker.check(book, deadline: deadline) }
            var report = CheckReport(
                diagnostics: diagnostics.sortedByPosition(), sources: result.sources,
                rulebooks: result.rulebook.map { [$0] } ?? [])
            report.checked = report.rulebooks.count
            report.unloaded = result.rulebook == nil ? 1 : 0
            return report
        }
        return CheckReport.check(files: listing(), loader: loader, deadline: deadline)
    }
}
