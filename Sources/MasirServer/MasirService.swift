import Foundation
import Logging
import Masir

/// A reply before it becomes an HTTP response: status, body and extra headers.
struct Reply: Sendable {
    var status: Int
    var body: Data
    var contentType: String = "application/json; charset=utf-8"
    var headers: [(String, String)] = []

    static func json<T: Encodable>(
        _ value: T, status: Int = 200, headers: [(String, String)] = []
    ) -> Reply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Reply(status: status, body: body, headers: headers)
    }

    static func error(_ error: APIError) -> Reply {
        struct Envelope: Encodable { var error: APIError.Body }
        return json(Envelope(error: error.body), status: error.status)
    }
}

/// What `masir serve` does, independent of the HTTP framework: every endpoint as a function from
/// the request's parts to a `Reply`.
final class MasirService: Sendable {
    let configuration: ServerConfiguration
    let store: RulebookStore
    let metrics = ServerMetrics()
    let log: DecisionLog?
    let logger: Logger
    let root: String
    let startedAt = Date()
    /// Who may call what (the admin token, the accepted hosts).
    let policy: AccessPolicy
    /// The slots for expensive work (checking, evaluating, reloading).
    let expensive: WorkLimiter
    /// The open connections.
    let connections: ConnectionTable

    init(
        configuration: ServerConfiguration, logger: Logger, strategy: EvaluationStrategy = .compiled
    ) throws {
        self.configuration = configuration
        self.logger = logger
        root = configuration.rulesRoot
        policy = AccessPolicy(configuration)
        expensive = WorkLimiter(
            capacity: configuration.maximumExpensive,
            queueLimit: configuration.maximumExpensiveWaiting)
        connections = ConnectionTable(
            limit: ConnectionTable.fitting(configuration.maximumConnections))
        do {
            store = try RulebookStore(source: .files(configuration.rules), strategy: strategy)
        } catch {
            throw ServerError.rules(error)
        }
        if let path = configuration.decisionLog {
            do {
                let log = try DecisionLog(
                    path: path, policy: configuration.fsync,
                    batchInterval: configuration.batchInterval, write: configuration.logWrite)
                if log.repairedBytes > 0 {
                    logger.warning(
                        "decision log ended with a partial record; truncated it",
                        metadata: ["path": "\(path)", "bytes": "\(log.repairedBytes)"])
                }
                self.log = log
            } catch {
                throw ServerError.decisionLog(path, "\(error)")
            }
        } else {
            log = nil
        }
        let snapshot = store.current
        metrics.loaded(rulebooks: snapshot.engine.rulebooks.count, generation: snapshot.generation)
    }

    // MARK: - Parameters

    static func flag(_ query: [String: String], _ name: String) throws(APIError) -> Bool {
        guard let text = query[name] else { return false }
        switch text.lowercased() {
        case "", "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError.badParameter(name, "`\(name)` is true or false, not `\(text)`")
        }
    }

    static func instant(_ text: String?, field: String = "at") throws(APIError) -> Instant {
        guard let text, !text.isEmpty else { return .now }
        guard let instant = Instant(parsingCaseTime: PersianText.asciiDigits(text)) else {
            throw APIError.badParameter(field, MasirError.invalidInstant(text).description)
        }
        return instant
    }

    // MARK: - POST /v1/route

    /// The media types of a YAML body (`application/yaml` is RFC 9512's; the others are still sent).
    static let yamlTypes: Set<String> = ["application/yaml", "application/x-yaml", "text/yaml"]

    /// Whether a `Content-Type` names YAML, whatever its parameters (`; charset=utf-8`).
    static func isYAML(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType =
            contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? contentType
        return yamlTypes.contains(mediaType.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// The cases of a `/v1/route` body: YAML when the content type says so, else JSON (whatever
    /// the content type, so `curl -d` keeps working).
    static func caseDocuments(_ body: Data, contentType: String?) throws(APIError) -> CaseDocuments
    {
        if isYAML(contentType) {
            guard let text = String(data: body, encoding: .utf8) else {
                throw APIError(400, "malformed_yaml", "the body is not UTF-8 text")
            }
            do {
                // `.text` keeps each node's line, so errors in a YAML case name their line.
                return try CaseInput.text(text).read()
            } catch {
                guard case .malformed(let message, let line, let kind) = error else {
                    throw APIError(400, "malformed_yaml", error.description)
                }
                var answer = APIError(
                    400, "malformed_yaml", (line.map { "line \($0): " } ?? "") + message,
                    details: [
                        APIError.Detail(
                            field: nil, message: message, line: line, reason: kind.rawValue)
                    ])
                answer.body.reason = kind.rawValue
                throw answer
            }
        }
        let trimmed = body.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = trimmed.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        else {
            var answer =
                trimmed.isEmpty || (try? CaseInput.json(body).read()) == nil
                ? APIError(400, "malformed_json", "the body is not valid JSON")
                : APIError(
                    422, "invalid_case",
                    "a case is a JSON object of field names to values (or an array of them, for a batch)"
                )
            answer.body.reason =
                (answer.status == 400 ? CaseError.Kind.malformedJSON : .notACase).rawValue
            throw answer
        }
        do {
            return try CaseInput.json(body).read()
        } catch {
            var answer = APIError(400, "malformed_json", "the body is \(error.description)")
            if case .malformed(_, _, let kind) = error { answer.body.reason = kind.rawValue }
            throw answer
        }
    }

    /// One case (an object) → its decision; a batch (an array, or several YAML documents) → one
    /// result per case. The cases are decided one at a time and the work stops at the next one
    /// when `deadline` expires; decisions are logged only once the answer is claimed.
    func route(
        body: Data, contentType: String?, query: [String: String],
        deadline: RequestDeadline = RequestDeadline()
    ) throws(APIError) -> Reply {
        let explain = try Self.flag(query, "explain")
        let strict = try Self.flag(query, "strict")
        let instant = try Self.instant(query["at"])
        let documents = try Self.caseDocuments(body, contentType: contentType)
        if documents.isBatch, documents.count > configuration.maximumBatch {
            throw APIError(
                413, "batch_too_large",
                "the batch has \(documents.count) cases; at most \(configuration.maximumBatch) are accepted"
            )
        }
        if !documents.isBatch, documents.count != 1 {
            throw APIError(422, "invalid_case", "the body holds no case")
        }
        let snapshot = store.current
        let atField = query["at_field"] ?? CaseDecoder.defaultAtField
        guard !atField.isEmpty, !atField.contains(".") else {
            throw APIError.badParameter(
                "at_field", "`at_field` names a top-level key of the case, such as evaluated_at")
        }
        let router = BatchRouter(
            engine: snapshot.engine, format: .jsonLines, explain: explain, strict: strict,
            atField: atField, instantIsFixed: !(query["at"] ?? "").isEmpty)
        var decided = 0
        guard
            let outcomes = router.decide(
                documents, rulebook: query["rulebook"], at: instant,
                stop: {
                    defer { decided += 1 }
                    return deadline.hasExpired
                })
        else { throw abandon(documents.count - decided + 1) }
        var results: [BatchItem] = []
        results.reserveCapacity(documents.count)
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .success(var decision):
                if explain { relativizeTrace(&decision) }
                results.append(
                    BatchItem(index: index, decisionId: nil, decision: decision, error: nil))
            case .failure(let error):
                metrics.caseErrors.increment()
                // One case answers its own error with its status; a batch carries it in its item.
                if !documents.isBatch { throw APIError.from(error, root: root) }
                results.append(
                    BatchItem(
                        index: index, decisionId: nil, decision: nil,
                        error: APIError.from(error, root: root).body))
            }
        }
        // Past this point the client gets these decisions, so they may be counted and logged.
        guard deadline.claim() else { throw abandon(0) }
        try record(&results)
        if documents.isBatch { return Reply(status: 200, body: Self.batchJSON(results)) }
        guard let decision = results.first?.decision, let id = results.first?.decisionId else {
            throw APIError(500, "internal", "no decision")
        }
        // `compactJSON` is the library's fast writer: the same bytes as JSONEncoder's sorted,
        // compact output, several times faster.
        return Reply(
            status: 200, body: Data(decision.compactJSON.utf8),
            headers: [
                ("Masir-Decision-Id", id), ("Masir-Rules-Generation", String(snapshot.generation)),
            ])
    }

    /// Counts the cases a request whose deadline expired leaves undecided; the error is never
    /// sent (the request was already answered 503).
    func abandon(_ cases: Int) -> APIError {
        metrics.abandonedCases.increment(by: Int64(cases))
        return APIError(503, "timeout", "abandoned")
    }

    /// The same for a check or a load whose request expired, counting it when the checker or
    /// loader stopped short at the deadline rather than running to the end.
    func abandon(_ work: String, _ deadline: RequestDeadline, cases: Int = 0) -> APIError {
        if deadline.workStoppedAtDeadline { metrics.stoppedAtDeadline(work).increment() }
        return abandon(cases)
    }

    /// `[{"decision", "decisionId", "index"} | {"error", "index"}]` with sorted keys, decisions by
    /// the fast writer.
    static func batchJSON(_ items: [BatchItem]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = JSONWriter()
        out.array(items) { out, item in
            out.object {
                if let decision = item.decision, let id = item.decisionId {
                    $0.key("decision"); $0.raw { decision.appendJSON(to: &$0) }
                    $0.key("decisionId"); $0.string(id)
                } else {
                    let error = item.error.flatMap { try? encoder.encode($0) } ?? Data("{}".utf8)
                    $0.key("error"); $0.raw { $0.append(contentsOf: error) }
                }
                $0.key("index"); $0.number(item.index)
            }
        }
        return Data(out.bytes)
    }

    struct BatchItem {
        var index: Int
        var decisionId: String?
        var decision: Decision?
        var error: APIError.Body?
    }

    func relativizeTrace(_ decision: inout Decision) {
        guard var trace = decision.trace else { return }
        for index in trace.indices {
            trace[index].file = Paths.relative(trace[index].file, to: root)
        }
        decision.trace = trace
    }

    /// Gives each decision an id and appends them all to the decision log in one write; throws
    /// 503 `decision_log_unavailable` when the log cannot take them, so that no decision is
    /// answered that the log did not receive. Counts the decisions once they are logged.
    func record(_ results: inout [BatchItem]) throws(APIError) {
        var lines = Data()
        for index in results.indices {
            guard let decision = results[index].decision else { continue }
            let id = UUID().uuidString.lowercased()
            results[index].decisionId = id
            guard log != nil else { continue }
            let entry = DecisionLog.Record(
                id: id, loggedAt: Instant.now.iso8601UTC, at: decision.at.iso,
                rulebook: decision.rulebook.id,
                rulebookDigest: decision.rulebook.digest, caseId: decision.caseId,
                caseDigest: decision.caseDigest,
                referrals: decision.referrals.map { .init(agency: $0.agency, role: $0.role) },
                priority: decision.priority.level)
            lines.append(contentsOf: DecisionLog.line(entry).utf8)
        }
        if let log, !lines.isEmpty {
            do {
                try log.append(line: lines)
            } catch {
                metrics.logErrors.increment()
                logger.error(
                    "cannot append to the decision log; the request is refused",
                    metadata: ["error": "\(error)"])
                var answer = APIError(
                    503, "decision_log_unavailable",
                    "the decision could not be written to the decision log, so it is not given: \(error)"
                )
                answer.body.reason = "server.decision-log-unavailable"
                throw answer
            }
            metrics.logRecords.increment(by: Int64(results.count { $0.decisionId != nil }))
        }
        for item in results {
            if let decision = item.decision {
                metrics.decision(agency: decision.referrals.first?.agency ?? "none")
            }
        }
    }

    // MARK: - Rulebooks

    struct RulebookList: Encodable {
        var generation: Int
        var digest, loadedAt: String
        var dispatching: Bool
        var strategy: String
        var rulebooks: [RulebookSummary]
    }

    func rulebooks() -> Reply {
        let snapshot = store.current
        let engine = snapshot.engine
        return .json(
            RulebookList(
                generation: snapshot.generation, digest: engine.digest,
                loadedAt: Self.iso(engine.loadedAt), dispatching: engine.isDispatching,
                strategy: engine.strategyName,
                rulebooks: engine.rulebooks.map {
                    var summary = RulebookSummary($0);
                    summary.file = Paths.relative(summary.file, to: root); return summary
                }))
    }

    private func loadedRulebook(_ id: String) throws(APIError) -> Rulebook {
        guard let book = store.engine.rulebook(id) else {
            throw APIError(404, "unknown_rulebook", "no rulebook `\(id)` is loaded", field: "id")
        }
        return book
    }

    func rulebook(_ id: String) throws(APIError) -> Reply {
        let book = try loadedRulebook(id)
        var description = RulebookDescription(book)
        description.summary.file = Paths.relative(description.summary.file, to: root)
        return .json(description)
    }

    func calendar(_ id: String, query: [String: String]) throws(APIError) -> Reply {
        let book = try loadedRulebook(id)
        let from = try Self.instant(query["from"], field: "from")
        let to =
            query["to"] == nil
            ? from.advanced(by: 14 * 86_400) : try Self.instant(query["to"], field: "to")
        if let name = query["calendar"], book.calendars[name] == nil {
            throw APIError(
                404, "unknown_calendar", "`\(id)` has no calendar `\(name)`", field: "calendar")
        }
        do {
            return .json(
                try WorkingTime(rulebook: book, calendar: query["calendar"], from: from, to: to))
        } catch {
            throw APIError(400, "invalid_range", error.description, field: "to")
        }
    }

    // MARK: - Reload

    struct ReloadReply: Encodable {
        var reloaded: Bool
        var generation: Int
        var digest, loadedAt: String
        var rulebooks: Int
        var warnings: [DiagnosticRecord]
    }

    func reload() async -> Reply {
        switch await store.reloadInBackground() {
        case .success(let snapshot):
            metrics.reloads("ok").increment()
            metrics.loaded(
                rulebooks: snapshot.engine.rulebooks.count, generation: snapshot.generation)
            logger.notice(
                "rules reloaded",
                metadata: [
                    "generation": "\(snapshot.generation)", "digest": "\(snapshot.engine.digest)",
                ])
            let warnings = DiagnosticRecord.records(
                snapshot.engine.warnings, sources: snapshot.engine.sources
            ).map { Paths.relativize($0, to: root) }
            return .json(
                ReloadReply(
                    reloaded: true, generation: snapshot.generation, digest: snapshot.engine.digest,
                    loadedAt: Self.iso(snapshot.engine.loadedAt),
                    rulebooks: snapshot.engine.rulebooks.count, warnings: warnings))
        case .failure(let error):
            metrics.reloads("failed").increment()
            logger.error(
                "reload refused; the rules in use were kept",
                metadata: ["errors": "\(error.diagnostics.filter { $0.severity == .error }.count)"])
            return .error(APIError.from(error, root: root))
        }
    }

    // MARK: - Health

    struct Health: Encodable {
        struct Expensive: Encodable {
            var running, waiting, capacity: Int
            var saturated: Bool
            var refused: Int
        }
        struct Connections: Encodable {
            var open, limit, evicted, refused: Int
        }
        /// `ok`, or `degraded` (answered 503) when the service cannot do its work: the
        /// decision log refuses writes.
        var status: String
        /// What is wrong when `degraded`.
        var problems: [String]?
        var generation: Int
        var digest: String
        var rulebooks: Int
        var loadedAt, startedAt, strategy: String
        var reloads, failedReloads: Int
        var lastReloadError: String?
        /// The decision log's file name (not its folder: responses show no server paths).
        var decisionLog: String?
        var expensive: Expensive
        var connections: Connections
    }

    func health() -> Reply {
        let snapshot = store.current
        let status = store.status
        var problems: [String] = []
        if let problem = log?.health.problem {
            problems.append("the decision log refuses writes (\(problem)); routing answers 503")
        }
        let work = expensive.counts
        let open = connections.counts
        return .json(
            Health(
                status: problems.isEmpty ? "ok" : "degraded",
                problems: problems.isEmpty ? nil : problems,
                generation: snapshot.generation, digest: snapshot.engine.digest,
                rulebooks: snapshot.engine.rulebooks.count,
                loadedAt: Self.iso(snapshot.engine.loadedAt), startedAt: Self.iso(startedAt),
                strategy: snapshot.engine.strategyName,
                reloads: status.reloads, failedReloads: status.failedReloads,
                lastReloadError: status.lastError.map { Paths.scrub("\($0)", root: root) },
                decisionLog: log.map { URL(fileURLWithPath: $0.path).lastPathComponent },
                expensive: .init(
                    running: work.running, waiting: work.waiting, capacity: expensive.capacity,
                    saturated: work.running >= expensive.capacity, refused: work.refused),
                connections: .init(
                    open: open.open, limit: connections.limit, evicted: open.evicted,
                    refused: open.refused)),
            status: problems.isEmpty ? 200 : 503)
    }

    static func iso(_ date: Date) -> String { Instant(date).iso8601UTC }
}

/// Why the server could not start.
public enum ServerError: Error, CustomStringConvertible {
    /// The rules have errors (or cannot be found).
    case rules(MasirError)
    /// The decision log (path, reason) cannot be opened.
    case decisionLog(String, String)
    /// The playground folder is unusable.
    case playground(String)
    /// The admin token file is unusable.
    case adminToken(String)

    /// What went wrong, for the command line.
    public var description: String {
        switch self {
        case .rules(let error): "the rules cannot be served:\n\(error)"
        case .decisionLog(let path, let message):
            "cannot open the decision log `\(path)`: \(message)"
        case .playground(let message), .adminToken(let message): message
        }
    }
}
