import Foundation
import Synchronization

/// Loads a rulebook with its parents and imports, and resolves it.
///
/// Files are read through `read`, so the same code serves the file system, the server's
/// rule store and the playground's in-memory text.
public struct Loader: Sendable {
    /// Reads a file by path; throws when it is missing.
    public var read: @Sendable (String) throws -> String
    /// Whether a path exists (for finding parents).
    public var exists: @Sendable (String) -> Bool

    /// Parsed files shared between loads, so a parent used by many rulebooks is parsed once.
    var cache: ParseCache?

    public init(
        read: @escaping @Sendable (String) throws -> String,
        exists: @escaping @Sendable (String) -> Bool
    ) {
        self.read = read
        self.exists = exists
    }

    /// This loader with a parse cache: for checking or serving many rulebooks of one tree. A
    /// loader that already has one keeps it.
    public func caching() -> Loader {
        caching(cache ?? ParseCache())
    }

    /// This loader with `cache`, which outlives it: an editor re-checking a document after each
    /// edit parses again only the files whose text changed.
    package func caching(_ cache: ParseCache) -> Loader {
        var copy = self
        copy.cache = cache
        return copy
    }

    /// The file system.
    public static let files = Loader(
        read: { try String(contentsOfFile: $0, encoding: .utf8) },
        exists: { FileManager.default.fileExists(atPath: $0) })

    /// An in-memory set of files, for the playground and tests.
    public static func memory(_ files: [String: String]) -> Loader {
        Loader(
            read: { path in
                guard let text = files[path] else { throw CocoaError(.fileNoSuchFile) }
                return text
            },
            exists: { files[$0] != nil })
    }

    /// The result of loading: a rulebook when there were no errors, and every diagnostic.
    public struct Result: Sendable {
        public var rulebook: Rulebook?
        public var diagnostics: [Diagnostic]
        public var sources: [String: SourceFile]
        /// Every parsed file, in load order (parents first).
        public var files: [ParsedFile]
    }

    /// The rulebook file for `path`: a `.masir` file, or a folder's `rulebook.masir`.
    public func rulebookFile(_ path: String) -> String {
        if path.hasSuffix(".masir") { return path }
        return Paths.join(path, "rulebook.masir")
    }

    public func load(_ path: String) -> Result {
        var state = LoadState()
        let file = rulebookFile(path)
        let chain = parseChain(file, state: &state)
        var result = Result(
            rulebook: nil, diagnostics: state.diagnostics, sources: state.sources,
            files: state.parsed)
        guard !chain.isEmpty, !state.diagnostics.hasErrors else { return result }
        var resolver = Resolver()
        resolver.readFile = read
        let rulebook = resolver.resolve(chain)
        result.diagnostics += resolver.diagnostics
        if !result.diagnostics.hasErrors { result.rulebook = rulebook }
        return result
    }

    struct LoadState {
        var diagnostics: [Diagnostic] = []
        var sources: [String: SourceFile] = [:]
        var parsed: [ParsedFile] = []
        var visiting: [String] = []
    }

    /// A rulebook unit: its own file plus its imports, ready to merge over its parent.
    struct Unit {
        var file: ParsedFile
        var imports: [ParsedFile]
    }

    /// Parses `file` and its ancestors, returning units root first.
    func parseChain(
        _ file: String, state: inout LoadState, requestedBy: (String, SourceRange)? = nil
    ) -> [Unit] {
        if state.visiting.contains(file) {
            let (from, range) = requestedBy ?? (file, .empty)
            state.diagnostics.append(
                Diagnostic(
                    .inheritanceCycle,
                    "rulebooks extend each other in a cycle: \((state.visiting + [file]).joined(separator: " → "))",
                    file: from, at: range))
            return []
        }
        guard let parsed = parse(file, state: &state, requestedBy: requestedBy) else { return [] }
        state.visiting.append(file)
        defer { state.visiting.removeLast() }
        var imports: [ParsedFile] = []
        let directory = Paths.directory(of: file)
        for declaration in parsed.syntax.declarations {
            guard case .importFile(let name) = declaration.kind else { continue }
            let path = Paths.join(directory, name.value)
            if let imported = parse(path, state: &state, requestedBy: (file, name.range)) {
                imports.append(imported)
            }
        }
        var chain: [Unit] = []
        if let parent = parsed.syntax.header.extends {
            guard let parentFile = findParent(parent.text, from: directory) else {
                state.diagnostics.append(
                    Diagnostic(
                        .unknownParent,
                        "cannot find the rulebook `\(parent.text)` that this one extends",
                        file: file, at: parent.range,
                        help:
                            "a parent is looked up as `<folder>/\(parent.text)/rulebook.masir` or `<folder>/\(parent.text).masir` in this folder and every folder above it"
                    ))
                return []
            }
            chain = parseChain(parentFile, state: &state, requestedBy: (file, parent.range))
            if chain.isEmpty { return [] }
        }
        chain.append(Unit(file: parsed, imports: imports))
        return chain
    }

    func parse(
        _ path: String, state: inout LoadState, requestedBy: (String, SourceRange)?
    ) -> ParsedFile? {
        let text: String
        do {
            text = try read(path)
        } catch {
            let (from, range) = requestedBy ?? (path, .empty)
            state.diagnostics.append(
                Diagnostic(.importFailed, "cannot read `\(path)`", file: from, at: range))
            return nil
        }
        let parsed: ParsedFile
        if let cached = cache?.get(path, text: text) {
            parsed = cached
        } else {
            parsed = Parser.parse(SourceFile(name: path, text: text))
            cache?.put(path, parsed)
        }
        state.sources[path] = parsed.source
        state.diagnostics += parsed.diagnostics
        state.parsed.append(parsed)
        return parsed
    }

    func findParent(_ id: String, from directory: String) -> String? {
        var folder = directory
        for _ in 0..<16 {
            for candidate in [
                Paths.join(folder, "\(id)/rulebook.masir"), Paths.join(folder, "\(id).masir"),
            ]
            where exists(candidate) {
                return candidate
            }
            if folder.isEmpty || folder == "/" { break }
            let up = Paths.directory(of: folder)
            folder = up
        }
        return nil
    }
}

/// A thread-safe map from file path to its parse, valid while the text is unchanged.
package final class ParseCache: Sendable {
    private let files = Mutex<[String: ParsedFile]>([:])

    package init() {}

    func get(_ path: String, text: String) -> ParsedFile? {
        files.withLock { $0[path] }.flatMap { $0.source.text == text ? $0 : nil }
    }

    func put(_ path: String, _ parsed: ParsedFile) {
        files.withLock { $0[path] = parsed }
    }
}
