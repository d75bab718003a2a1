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
        read: { try readUTF8(contentsOf: $0) },
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
        guard !chain.isEmpty else { return result }
        if state.diagnostics.hasErrors {
            // The parts that parsed are still resolved, as compilers do, so a wrong name or type
            // is reported with the syntax errors instead of only after they are fixed.
            // Only after mistakes of syntax: a missing import or parent leaves names undeclared
            // that the author did declare.
            guard
                !state.diagnostics.contains(where: {
                    $0.code == .expectedRulebook || $0.code == .invalidEncoding
                        || ($0.severity == .error && !$0.code.rawValue.hasPrefix("syntax."))
                })
            else {
                return result
            }
            var resolver = Resolver()
            resolver.readFile = read
            _ = resolver.resolve(chain)
            result.diagnostics += resolver.diagnostics.filter {
                !Loader.mayBeDeclaredInUnparsedText($0, sources: state.sources)
            }
            return result
        }
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
        } catch let error as InvalidUTF8 {
            // Shown with the damaged byte as `�`; the bytes before it are the file's own, so the
            // offset and line are where the author should look.
            let source = SourceFile(name: path, text: String(decoding: error.bytes, as: UTF8.self))
            state.sources[path] = source
            state.diagnostics.append(
                Diagnostic(
                    .invalidEncoding,
                    "the file is not UTF-8 text: the byte 0x\(String(error.bytes[error.offset], radix: 16, uppercase: true)) at byte offset \(error.offset) is not valid UTF-8",
                    file: path, at: SourceRange(error.offset, error.offset + 1),
                    help:
                        "save the file as UTF-8 in your editor; a file saved as Windows-1256 or UTF-16 cannot be read"
                ))
            return nil
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

    /// Words after which a declaration names its id.
    private static let declaringWords = [
        "agency", "category", "county", "calendar", "enum", "field", "escalation", "level",
        "rule", "routing",
    ]

    /// Whether `diagnostic` says a name is unknown that the file declares in text that did not
    /// parse: a consequence of the syntax error, not a mistake of its own.
    static func mayBeDeclaredInUnparsedText(
        _ diagnostic: Diagnostic, sources: [String: SourceFile]
    ) -> Bool {
        guard diagnostic.code.rawValue.hasPrefix("name.unknown"),
            let name = diagnostic.message.split(separator: "`", omittingEmptySubsequences: false)
                .dropFirst().first
        else { return false }
        let last = name.split(separator: ".").last.map(String.init) ?? String(name)
        return sources.values.contains { source in
            declaringWords.contains { word in
                source.text.contains("\(word) \(name)") || source.text.contains("\(word) \(last)")
            }
        }
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

/// A file that is not UTF-8, with where it stops being so.
public struct InvalidUTF8: Error, Sendable {
    public var bytes: [UInt8]
    /// The offset of the first byte that does not belong to a valid UTF-8 sequence.
    public var offset: Int
}

/// The text of the file at `path`, or `InvalidUTF8` with the offset of the first bad byte.
public func readUTF8(contentsOf path: String) throws -> String {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    var iterator = bytes.makeIterator()
    var parser = Unicode.UTF8.ForwardParser()
    var offset = 0
    while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid(let encoded): offset += encoded.count
        case .emptyInput: return String(decoding: bytes, as: UTF8.self)
        case .error: throw InvalidUTF8(bytes: bytes, offset: offset)
        }
    }
}
