import Foundation

/// One side of a change-impact comparison: a single rulebook, or a tree of provincial rulebooks
/// with a dispatcher, as `masir route` takes them. Rulebooks that failed to load are remembered,
/// so the cases they would have decided are reported as such rather than as unknown provinces.
public struct ImpactSide: Sendable {
    /// The folder or file it was loaded from, for the report.
    public var path: String
    /// A single rulebook, which decides every case that does not name another province.
    public var rulebook: Rulebook? { didSet { engine = Self.engine(rulebook, dispatcher) } }
    /// A tree: each case goes to its province's rulebook.
    public var dispatcher: Dispatcher? { didSet { engine = Self.engine(rulebook, dispatcher) } }
    /// Decides this side's cases, as every evaluation is decided: through `Engine.decide`.
    private(set) var engine: Engine
    /// Rulebooks of this side that did not load (for a single rulebook, at most that one).
    public var failed: [FailedRulebook]
    /// Every diagnostic of loading, and the sources they point into.
    public var diagnostics: [Diagnostic]
    public var sources: [String: SourceFile]

    /// A rulebook that did not load, with what its header says about the cases it is for.
    public struct FailedRulebook: Sendable, Hashable, Codable {
        public var file: String
        public var id: String?
        public var province: String?
        public var english: String?
        public var areaCode: String?
        public var errors: Int
    }

    public init(rulebook: Rulebook, path: String? = nil) {
        self.path = path ?? rulebook.file
        self.rulebook = rulebook
        self.engine = Self.engine(rulebook, nil)
        self.failed = []
        self.diagnostics = []
        self.sources = [:]
    }

    public init(dispatcher: Dispatcher, failed: [FailedRulebook] = [], path: String) {
        self.path = path
        self.dispatcher = dispatcher
        self.engine = Self.engine(nil, dispatcher)
        self.failed = failed
        self.diagnostics = []
        self.sources = [:]
    }

    init(path: String, failedSingle: FailedRulebook) {
        self.path = path
        self.engine = Self.engine(nil, nil)
        self.failed = [failedSingle]
        self.diagnostics = []
        self.sources = [:]
    }

    /// Whether `path` names one rulebook (a `.masir` file or a folder with `rulebook.masir`)
    /// rather than a tree of them — the same test `masir route` makes.
    public static func isSingle(_ path: String, loader: Loader = .files) -> Bool {
        path.hasSuffix(".masir") || loader.exists(Paths.join(path, "rulebook.masir"))
    }

    /// Loads a rulebook or a tree. Trees are listed from the file system (like
    /// `Dispatcher.load`); rulebooks are read through `loader`. Never fails: what did not load
    /// is in `failed` and `diagnostics`.
    public static func load(_ path: String, loader: Loader = .files) -> ImpactSide {
        if isSingle(path, loader: loader) {
            let result = loader.load(path)
            if let book = result.rulebook {
                var side = ImpactSide(rulebook: book, path: path)
                side.diagnostics = result.diagnostics
                side.sources = result.sources
                return side
            }
            var side = ImpactSide(
                path: path, failedSingle: failure(loader.rulebookFile(path), result))
            side.diagnostics = result.diagnostics
            side.sources = result.sources
            return side
        }
        var books: [Rulebook] = []
        var failed: [FailedRulebook] = []
        var diagnostics: [Diagnostic] = []
        var sources: [String: SourceFile] = [:]
        let folders = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
        for item in folders.sorted()
        where item == "rulebook.masir" || item.hasSuffix("/rulebook.masir") {
            let file = Paths.join(path, item)
            let result = loader.load(file)
            diagnostics += result.diagnostics.filter { new in !diagnostics.contains(new) }
            sources.merge(result.sources) { a, _ in a }
            if let book = result.rulebook {
                books.append(book)
            } else {
                let failure = failure(file, result)
                // Only provincial rulebooks take cases; a broken national one shows in every province.
                if failure.province != nil || failure.areaCode != nil { failed.append(failure) }
            }
        }
        var side = ImpactSide(dispatcher: Dispatcher(rulebooks: books), failed: failed, path: path)
        side.diagnostics = diagnostics
        side.sources = sources
        return side
    }

    static func engine(_ rulebook: Rulebook?, _ dispatcher: Dispatcher?) -> Engine {
        let books =
            (rulebook.map { [$0] } ?? []) + (dispatcher.map { Array($0.rulebooks.values) } ?? [])
        return Engine(rulebooks: books, dispatching: false)
    }

    /// What identifies a rulebook's decisions: its digest, which covers the texts of its files
    /// (not their names), so the same rulebook in two trees is recognised.
    func identity(_ book: Rulebook) -> String {
        book.digest
    }

    static func failure(_ file: String, _ result: Loader.Result) -> FailedRulebook {
        let header = result.files.first { $0.source.name == file }?.syntax.header
        return FailedRulebook(
            file: file, id: header?.id.text, province: header?.province?.value,
            english: header?.english?.value,
            areaCode: header?.areaCode?.value,
            errors: result.diagnostics.filter { $0.severity == .error }.count)
    }

    /// Rulebook identities, for the report: `hamedan 1403.1 (sha 1a2b3c4d)`.
    public var rulebookStamps: [String] {
        var stamps: [String] = []
        if let rulebook { stamps.append(Self.stamp(rulebook)) }
        if let dispatcher {
            stamps += dispatcher.rulebooks.values.sorted { $0.id < $1.id }.map(Self.stamp)
        }
        return stamps
    }

    static func stamp(_ book: Rulebook) -> String {
        "\(book.id)\(book.version.map { " " + $0 } ?? "") (\(book.digest.prefix(8)))"
    }

    // MARK: - Deciding one case

    /// What this side made of one case.
    enum Outcome: Sendable {
        case decided(Decision)
        /// A single provincial rulebook, and the case names another province.
        case outOfScope
        case decodeFailed(CaseErrors)
        /// The case's rulebook did not load (its file).
        case rulebookFailed(String)
    }

    /// The rulebook that decides a case, or why there is none.
    enum Choice {
        case book(Rulebook)
        case none(Outcome)
    }

    func choose(_ document: InputValue, file: String?) -> Choice {
        if let rulebook {
            return Self.inScope(document, of: rulebook) ? .book(rulebook) : .none(.outOfScope)
        }
        if let dispatcher {
            do throws(CaseErrors) {
                return .book(try dispatcher.choose(document, file: file))
            } catch {
                if let broken = brokenRulebook(for: document) {
                    return .none(.rulebookFailed(broken))
                }
                return .none(.decodeFailed(error))
            }
        }
        if let only = failed.first,
            only.province == nil && only.areaCode == nil || Self.names(document, only) != false
        {
            return .none(.rulebookFailed(only.file))
        }
        return .none(.outOfScope)
    }

    func outcome(
        _ choice: Choice, _ document: InputValue, file: String?, at instant: Instant, strict: Bool
    ) -> Outcome {
        guard case .book(let book) = choice else {
            if case .none(let outcome) = choice { return outcome }
            return .outOfScope
        }
        switch engine.decoder(for: book, strict: strict).decode(document, file: file) {
        case .failure(let errors): return .decodeFailed(errors)
        case .success(let subject): return .decided(engine.decide(subject, by: book, at: instant))
        }
    }

    /// The file of a rulebook that failed to load and that the case names by province or area code.
    func brokenRulebook(for document: InputValue) -> String? {
        failed.first { Self.names(document, $0) == true }?.file
    }

    /// A single rulebook takes a case unless the case names another province: by its `province`,
    /// or, when it gives none, by the caller's area code. A rulebook that declares no province
    /// (the national one) takes every case.
    static func inScope(_ document: InputValue, of book: Rulebook) -> Bool {
        let identity = FailedRulebook(
            file: book.file, id: book.id, province: book.province, english: book.english,
            areaCode: book.areaCode, errors: 0)
        guard book.province != nil || book.areaCode != nil else { return true }
        return names(document, identity) != false
    }

    /// Whether the case names the province of `book` (true), another one (false), or none (nil).
    /// Mirrors `Dispatcher.choose`: the province first, then the caller's area code.
    static func names(_ document: InputValue, _ book: FailedRulebook) -> Bool? {
        if let province = scalar(document, ["province"]) {
            let key = province.trimmingCharacters(in: .whitespaces)
            var names: Set<String> = []
            if let id = book.id { names.insert(id.lowercased()) }
            if let english = book.english { names.insert(english.lowercased()) }
            if let name = book.province { names.insert(PersianText.normalize(name)) }
            return names.contains(key.lowercased()) || names.contains(PersianText.normalize(key))
        }
        for path in [["caller", "area_code"], ["area_code"], ["caller", "phone"], ["phone"]] {
            guard let code = scalar(document, path) else { continue }
            guard let own = book.areaCode.map(Dispatcher.areaKey) else { return false }
            let digits = Dispatcher.areaKey(code)
            for length in stride(from: min(3, digits.count), through: 2, by: -1)
            where String(digits.prefix(length)) == own {
                return true
            }
            return false
        }
        return nil
    }

    /// A scalar at a nested path (`caller.area_code`), or given as a flat dotted key.
    static func scalar(_ document: InputValue, _ path: [String]) -> String? {
        guard case .mapping(let entries, _) = document else { return nil }
        var current = entries
        for (index, key) in path.enumerated() {
            guard let value = current.first(where: { $0.0 == key })?.1 else {
                if index == 0,
                    case .scalar(let text, _, _)? = entries.first(where: {
                        $0.0 == path.joined(separator: ".")
                    })?.1
                {
                    return text
                }
                return nil
            }
            if index == path.count - 1 {
                if case .scalar(let text, _, _) = value { return text }
                return nil
            }
            guard case .mapping(let inner, _) = value else { return nil }
            current = inner
        }
        return nil
    }
}
