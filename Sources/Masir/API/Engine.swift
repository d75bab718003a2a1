import Foundation

/// How an engine turns a decoded case into a decision: the single place evaluation goes through,
/// so a faster evaluator can replace the reference one without touching anything else.
///
/// `prepare` runs once per rulebook when an engine is built (a compiled evaluator would compile
/// there) and returns the function that decides each case.
public struct EvaluationStrategy: Sendable {
    /// A name for logs and `/healthz`.
    public var name: String
    /// Prepares a rulebook; the returned function decides a case at an instant, with or without
    /// the trace.
    public var prepare: @Sendable (Rulebook) -> @Sendable (Case, Instant, Bool) -> Decision
    /// Whether it decides with compiled plans, which batch routing then shares.
    var compilesPlans = false

    /// A strategy from a preparing function.
    public init(
        name: String,
        prepare: @escaping @Sendable (Rulebook) -> @Sendable (Case, Instant, Bool) -> Decision
    ) {
        self.name = name
        self.prepare = prepare
    }

    /// The reference evaluator (`Evaluator`), which defines the semantics.
    public static let reference = EvaluationStrategy(name: "reference") { rulebook in
        let evaluator = Evaluator(rulebook: rulebook)
        return { subject, instant, explain in
            evaluator.decide(subject, at: instant, explain: explain)
        }
    }

    /// The compiled plan (`Plan`), built once per rulebook; it decides exactly as the reference
    /// evaluator does (property-tested), and asks it for the trace when one is wanted.
    public static let compiled: EvaluationStrategy = {
        var strategy = EvaluationStrategy(name: "compiled") { rulebook in
            let plan = Plan(rulebook)
            return { subject, instant, explain in
                plan.decide(subject, at: instant, explain: explain)
            }
        }
        strategy.compilesPlans = true
        return strategy
    }()
}

/// Options for decoding and evaluating cases.
public struct EvaluationOptions: Sendable {
    /// Unknown fields are errors rather than warnings.
    public var strict: Bool
    /// Use this rulebook for every case instead of choosing one by province or area code.
    public var rulebook: String?
    /// A name for the input in error messages (a file name).
    public var source: String?
    /// The most cases one call accepts; a larger batch is refused before anything is decoded.
    public var maximumBatch: Int
    /// The top-level key a case may carry its own evaluation instant in (`evaluated_at`).
    public var atField: String

    /// Options with the given values; the defaults are lenient, dispatching and 10,000 cases.
    public init(
        strict: Bool = false, rulebook: String? = nil, source: String? = nil,
        maximumBatch: Int = 10_000, atField: String = CaseDecoder.defaultAtField
    ) {
        self.strict = strict
        self.rulebook = rulebook
        self.source = source
        self.maximumBatch = maximumBatch
        self.atField = atField
    }
}

/// A decoded case and the rulebook it is decided by.
public struct DecodedCase: Sendable {
    /// The rulebook chosen for the case (by province or area code, unless one was named).
    public var rulebook: Rulebook
    /// The case, every field in its slot.
    public var subject: Case
}

/// A loaded, checked and immutable set of rulebooks that decides cases: one rulebook, or a
/// dispatcher over a tree that picks each case's provincial rulebook.
///
/// An `Engine` is a value: share it across tasks freely. To change rules while serving, keep the
/// engine in a `RulebookStore`, which swaps in a new engine atomically; evaluations already
/// running keep the engine they started with.
///
/// ```swift
/// let engine = try Engine.load(.files("rules"))
/// let decision = try engine.evaluate(.text(yaml), at: .now, explain: true)
/// print(decision.referrals.first?.agency ?? "none")
/// ```
public struct Engine: Sendable {
    /// Every rulebook loaded, sorted by id (a tree includes the parents it loaded, such as national).
    public let rulebooks: [Rulebook]
    /// The dispatcher over the provincial rulebooks of a tree; nil when the engine is one rulebook.
    public let dispatcher: Dispatcher?
    /// Warnings and notes found while loading (errors stop a load).
    public let warnings: [Diagnostic]
    /// The text of every file loaded, by name.
    public let sources: [String: SourceFile]
    /// When the rulebooks were loaded.
    public let loadedAt: Date
    /// SHA-256 over the rulebooks' ids and digests: changes whenever any loaded file changes.
    public let digest: String
    /// The evaluation strategy's name.
    public let strategyName: String

    let strategy: EvaluationStrategy
    let index: [String: Int]
    /// Each rulebook's digest and prepared decider, by id: one look-up per decision.
    let deciders: [String: (digest: String, decide: @Sendable (Case, Instant, Bool) -> Decision)]
    /// Each rulebook's compiled plan, by id, when the strategy compiles them.
    package let plans: [String: Plan]
    /// Each rulebook's case decoders (lenient, strict), by id, made once: a decoder holds its
    /// rulebook, and making one per case showed in batch runs.
    let decoders: [String: (digest: String, lenient: CaseDecoder, strict: CaseDecoder)]
    /// (group, rule) → file and line, per rulebook, for traces.
    let ruleLines: [String: [RuleKey: RuleLocation]]

    struct RuleKey: Hashable, Sendable {
        var group: String
        var rule: String
    }

    struct RuleLocation: Sendable {
        var file: String
        var line: Int
    }

    /// An engine over `rulebooks`: with `dispatching`, each case goes to the provincial rulebook
    /// its province or area code names; without, every case goes to the first rulebook (build a
    /// non-dispatching engine from one rulebook).
    public init(
        rulebooks: [Rulebook], dispatching: Bool, warnings: [Diagnostic] = [],
        sources: [String: SourceFile] = [:],
        strategy: EvaluationStrategy = .compiled, loadedAt: Date = Date()
    ) {
        let sorted = rulebooks.sorted { $0.id < $1.id }
        self.rulebooks = sorted
        self.dispatcher = dispatching ? Dispatcher(rulebooks: sorted) : nil
        self.warnings = warnings
        self.sources = sources
        self.loadedAt = loadedAt
        self.strategyName = strategy.name
        self.strategy = strategy
        self.index = Dictionary(
            sorted.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.decoders = Dictionary(
            sorted.map {
                (
                    $0.id,
                    ($0.digest, CaseDecoder(rulebook: $0), CaseDecoder(rulebook: $0, strict: true))
                )
            }, uniquingKeysWith: { a, _ in a })
        if strategy.compilesPlans {
            let plans = Dictionary(
                sorted.map { ($0.id, Plan($0)) }, uniquingKeysWith: { a, _ in a })
            self.plans = plans
            self.deciders = plans.mapValues { plan in
                (
                    plan.rulebook.digest,
                    { subject, instant, explain in
                        plan.decide(subject, at: instant, explain: explain)
                    }
                )
            }
        } else {
            self.plans = [:]
            self.deciders = Dictionary(
                sorted.map { ($0.id, ($0.digest, strategy.prepare($0))) },
                uniquingKeysWith: { a, _ in a })
        }
        self.digest = SHA256.hex(sorted.map { "\($0.id)=\($0.digest)" }.joined(separator: "\n"))
        var lines: [String: [RuleKey: RuleLocation]] = [:]
        for book in sorted {
            var map: [RuleKey: RuleLocation] = [:]
            func locate(_ origin: Origin?) -> RuleLocation? {
                guard let origin, let source = sources[origin.file] else { return nil }
                return RuleLocation(
                    file: origin.file, line: source.location(of: origin.range.lower).line)
            }
            for group in book.groups {
                for rule in group.rules {
                    map[RuleKey(group: group.id, rule: rule.id)] = locate(rule.origin)
                }
                map[RuleKey(group: group.id, rule: "otherwise")] = locate(group.fallbackOrigin)
            }
            lines[book.id] = map
        }
        self.ruleLines = lines
    }

    /// Loads and checks `source`. Any error in any rulebook (or parent, or import) refuses the
    /// whole load and throws `.rulebook` with every diagnostic; warnings are kept in `warnings`.
    /// A `deadline` stops the checker's pairwise analyses early (a `check.not-analysed` note);
    /// the rulebooks still load.
    public static func load(
        _ source: RulebookSource, strategy: EvaluationStrategy = .compiled,
        deadline: CheckDeadline = .none
    ) throws(MasirError) -> Engine {
        if let path = source.diskPath, !FileManager.default.fileExists(atPath: path) {
            throw .notFound(path)
        }
        let report = source.check(deadline: deadline)
        if report.hasErrors { throw .rulebook(report.diagnostics, sources: report.sources) }
        guard !report.rulebooks.isEmpty else {
            throw .rulebook(
                [
                    Diagnostic(
                        .importFailed, "no rulebook found at `\(source.path)`", file: source.path,
                        at: .empty)
                ], sources: report.sources)
        }
        return Engine(
            rulebooks: report.rulebooks, dispatching: source.isTree, warnings: report.diagnostics,
            sources: report.sources, strategy: strategy)
    }

    /// Loads a rulebook or a tree of rulebooks from the file system (see `RulebookSource.files`).
    public static func load(
        path: String, strategy: EvaluationStrategy = .compiled
    ) throws(MasirError) -> Engine {
        try load(.files(path), strategy: strategy)
    }

    /// Loads one rulebook from text; `parents` (path → text) may hold the rulebooks it extends.
    public static func load(
        text: String, name: String = "rulebook.masir", parents: [String: String] = [:]
    ) throws(MasirError) -> Engine {
        try load(.text(text, name: name, parents: parents))
    }

    /// Whether cases are dispatched to provincial rulebooks (a tree) or all go to one rulebook.
    public var isDispatching: Bool { dispatcher != nil }

    /// The rulebook with `id`, if loaded.
    public func rulebook(_ id: String) -> Rulebook? { index[id].map { rulebooks[$0] } }

    // MARK: - Cases

    /// Decodes every case of `input` against the rulebook chosen for it. Malformed input and an
    /// oversized batch throw; each case's own problems are that element's failure.
    public func decode(
        _ input: CaseInput, options: EvaluationOptions = .init()
    ) throws(MasirError) -> [Result<DecodedCase, MasirError>] {
        let read = try input.read()
        if read.count > options.maximumBatch {
            throw .limit(
                "the batch has \(read.count) cases; at most \(options.maximumBatch) are accepted")
        }
        return read.documents.map { decode(document: $0, options: options) }
    }

    /// Decodes the case at `index` of `documents` (from `CaseInput.read()`) against the rulebook
    /// chosen for it, as `decode(_:options:)` does for every case at once.
    public func decode(
        _ documents: CaseDocuments, at index: Int, options: EvaluationOptions = .init()
    ) -> Result<DecodedCase, MasirError> {
        decode(document: documents.documents[index], options: options)
    }

    func decode(document: InputValue, options: EvaluationOptions) -> Result<DecodedCase, MasirError>
    {
        let book: Rulebook
        if let id = options.rulebook {
            guard let named = rulebook(id) else { return .failure(.noSuchRulebook(id)) }
            book = named
        } else if let dispatcher {
            do throws(CaseErrors) {
                book = try dispatcher.choose(document, file: options.source)
            } catch {
                return .failure(.case(error))
            }
        } else if let only = rulebooks.first {
            book = only
        } else {
            return .failure(.noSuchRulebook(""))
        }
        switch decoder(for: book, strict: options.strict, atField: options.atField).decode(
            document, file: options.source)
        {
        case .success(let subject): return .success(DecodedCase(rulebook: book, subject: subject))
        case .failure(let errors): return .failure(.case(errors))
        }
    }

    /// The decoder for cases of `book`: the one made at load, or a new one for a foreign rulebook.
    func decoder(
        for book: Rulebook, strict: Bool, atField: String = CaseDecoder.defaultAtField
    ) -> CaseDecoder {
        if decoders[book.id]?.digest == book.digest, let made = decoders[book.id] {
            var decoder = strict ? made.strict : made.lenient
            decoder.atField = atField
            return decoder
        }
        return CaseDecoder(rulebook: book, strict: strict, atField: atField)
    }

    /// Decides exactly one case. A batch, a case that does not decode, or input that is not
    /// YAML/JSON throws.
    public func evaluate(
        _ input: CaseInput, at instant: Instant = .now, explain: Bool = false,
        options: EvaluationOptions = .init()
    ) throws(MasirError) -> Decision {
        let documents = try input.read()
        guard documents.count == 1 else {
            let empty = documents.count == 0 && !documents.isBatch
            throw .case(
                CaseErrors(errors: [
                    CaseError(
                        file: options.source, line: nil, path: "",
                        message: empty
                            ? "no case: the input is empty"
                            : "expected one case, found \(documents.count)",
                        kind: empty ? .empty : .notOneCase)
                ]))
        }
        let one = try decode(documents, at: 0, options: options).get()
        return decide(one.subject, by: one.rulebook, at: instant, explain: explain)
    }

    /// Decides every case of `input` (one case or a batch); each element is that case's decision
    /// or what stopped it.
    public func evaluateAll(
        _ input: CaseInput, at instant: Instant = .now, explain: Bool = false,
        options: EvaluationOptions = .init()
    ) throws(MasirError) -> [Result<Decision, MasirError>] {
        try decode(input, options: options).map { result in
            result.map { decide($0.subject, by: $0.rulebook, at: instant, explain: explain) }
        }
    }

    /// Decides a case already decoded against `rulebook` — one of this engine's, normally (another
    /// rulebook is prepared on the spot with the engine's strategy).
    ///
    /// This is the one place every evaluation goes through: it calls the `EvaluationStrategy`'s
    /// prepared function, then names each trace entry's file and line. The case is decided at
    /// `instant` whatever it carries: `Case.instant(or:)` chooses between the two.
    public func decide(
        _ subject: Case, by rulebook: Rulebook, at instant: Instant, explain: Bool = false
    ) -> Decision {
        let decide: @Sendable (Case, Instant, Bool) -> Decision
        if let prepared = deciders[rulebook.id], prepared.digest == rulebook.digest {
            decide = prepared.decide
        } else {
            decide = strategy.prepare(rulebook)
        }
        var decision = decide(subject, instant, explain)
        if explain, let lines = ruleLines[rulebook.id], var trace = decision.trace {
            for index in trace.indices where trace[index].line == nil {
                if let location = lines[RuleKey(group: trace[index].group, rule: trace[index].rule)]
                {
                    trace[index].line = location.line
                    trace[index].file = location.file
                }
            }
            decision.trace = trace
        }
        return decision
    }
}
