import Foundation
import Masir

/// The endpoints the playground uses: checking and evaluating rulebook text that is not (yet)
/// served, against the parents of the served tree.
extension MasirService {
    struct TextRequest: Decodable {
        var text: String
        var path: String?
    }

    struct EvaluateRequest: Decodable {
        var rulebook: String
        var path: String?
        var `case`: CaseValue
        var at: String?
        var explain: Bool?
        var strict: Bool?
    }

    struct CheckReply: Encodable {
        /// The virtual path the text was checked at, relative to the rules folder; diagnostics in
        /// the text itself have this `file`.
        var path: String
        var ok: Bool
        var errors, warnings: Int
        var diagnostics: [DiagnosticRecord]
    }

    struct EvaluateReply: Encodable {
        var path: String
        var ok: Bool
        var diagnostics: [DiagnosticRecord]
        var rulebook: RulebookSummary?
        var decision: Decision?
        var caseErrors: [APIError.Detail]?
        var workingTime: WorkingTime?
        /// The trace as an answer: positions in `decision.trace` of the deciding rules, the
        /// related rules that did not match, and the rest.
        var answer: TraceAnswer?
    }

    /// The absolute virtual path for a path relative to the rules folder (default
    /// `playground/rulebook.masir`, whose parent `national` is found in the folder above).
    func virtualPath(_ given: String?) throws(APIError) -> String {
        var relative = (given ?? "").trimmingCharacters(in: .whitespaces)
        if relative.isEmpty { relative = "playground/rulebook.masir" }
        if relative.hasPrefix("/") || relative.split(separator: "/").contains("..") {
            throw APIError.badParameter(
                "path", "`path` is relative to the rules folder and stays inside it")
        }
        if !relative.hasSuffix(".masir") {
            relative += relative.hasSuffix("/") ? "rulebook.masir" : "/rulebook.masir"
        }
        return root + "/" + relative
    }

    /// The submitted text at `path` over the served rules: files of the version in use first,
    /// then the disk — inside the rules folder only, links followed, so that submitted text
    /// cannot read the server's other files.
    func overlay(_ text: String, at path: String) -> RulebookSource {
        let engine = store.engine
        let root = root
        let base = Loader(
            read: { file in
                if let source = engine.sources[file] { return source.text }
                guard Paths.isInside(file, root: root) else { throw CocoaError(.fileNoSuchFile) }
                return try Loader.files.read(file)
            },
            exists: {
                engine.sources[$0] != nil
                    || (Paths.isInside($0, root: root) && Loader.files.exists($0))
            })
        return .overlay(text: text, at: path, root: root, base: base)
    }

    static func decodeBody<T: Decodable>(_ type: T.Type, _ body: Data) throws(APIError) -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch let DecodingError.keyNotFound(key, _) {
            throw APIError(
                400, "missing_field", "the request needs `\(key.stringValue)`",
                field: key.stringValue)
        } catch let DecodingError.typeMismatch(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw APIError(
                400, "invalid_field", "`\(field)` has the wrong type: \(context.debugDescription)",
                field: field)
        } catch {
            throw APIError(
                400, "malformed_json", "the body is not valid JSON: \(CaseInput.describe(error))")
        }
    }

    // MARK: - POST /v1/check

    /// Checks rulebook text: JSON `{"text", "path"?}`, or the text itself as `text/x-masir` with
    /// `?path=` (`text/plain` is refused before this, as a type any web page may send). The
    /// checker's pairwise analyses stop at the request's deadline, so a timed-out check frees
    /// its slot instead of running on.
    func check(
        body: Data, contentType: String?, query: [String: String],
        language: DiagnosticLanguage = .english, deadline: RequestDeadline = RequestDeadline()
    ) throws(APIError) -> Reply {
        let request: TextRequest
        if let contentType, contentType.hasPrefix("text/") {
            request = TextRequest(text: String(decoding: body, as: UTF8.self), path: query["path"])
        } else {
            request = try Self.decodeBody(TextRequest.self, body)
        }
        let path = try virtualPath(request.path)
        if deadline.hasExpired { throw abandon(0) }
        let report = overlay(request.text, at: path).check(deadline: deadline.checkDeadline)
        if deadline.hasExpired { throw abandon("check", deadline) }
        let records = DiagnosticRecord.records(
            report.diagnostics, sources: report.sources, language: language
        ).map { Paths.relativize($0, to: root) }
        return .json(
            CheckReply(
                path: Paths.relative(path, to: root), ok: !report.hasErrors,
                errors: report.errorCount,
                warnings: report.warningCount, diagnostics: records))
    }

    // MARK: - POST /v1/evaluate

    /// Loads the submitted rulebook text (with its parents from the served tree) and decides the
    /// case with it: the diagnostics when the text has errors, else the decision, with the working
    /// time of the ladder's calendar over the decision's timeline. Nothing is logged: the text is
    /// a draft, not served rules, and every decision-log record must be explained by served rules.
    func evaluate(
        body: Data, language: DiagnosticLanguage = .english,
        deadline: RequestDeadline = RequestDeadline()
    ) throws(APIError) -> Reply {
        let request = try Self.decodeBody(EvaluateRequest.self, body)
        let path = try virtualPath(request.path)
        let instant = try Self.instant(request.at)
        let relativePath = Paths.relative(path, to: root)
        let engine: Engine
        do {
            engine = try Engine.load(
                overlay(request.rulebook, at: path), strategy: store.strategy,
                deadline: deadline.checkDeadline)
        } catch {
            if deadline.hasExpired { throw abandon("evaluate", deadline, cases: 1) }
            let records = DiagnosticRecord.records(
                error.diagnostics, sources: error.sourcesIfAny, language: language
            )
            .map { Paths.relativize($0, to: root) }
            return .json(EvaluateReply(path: relativePath, ok: false, diagnostics: records))
        }
        // Loading is most of the work; if the request was answered 503 meanwhile, stop here.
        if deadline.hasExpired { throw abandon("evaluate", deadline, cases: 1) }
        let diagnostics = DiagnosticRecord.records(
            engine.warnings, sources: engine.sources, language: language
        ).map {
            Paths.relativize($0, to: root)
        }
        let input: CaseInput
        if case .string(let text) = request.case {
            input = .text(text)
        } else {
            input = .value(request.case)
        }
        var reply = EvaluateReply(
            path: relativePath, ok: true, diagnostics: diagnostics,
            rulebook: engine.rulebooks.first.map(RulebookSummary.init))
        reply.rulebook?.file = relativePath
        do {
            var decision = try engine.evaluate(
                input, at: instant, explain: request.explain ?? true,
                options: EvaluationOptions(strict: request.strict ?? false, source: "case"))
            relativizeTrace(&decision)
            reply.decision = decision
            if let book = engine.rulebook(decision.rulebook.id) {
                reply.workingTime = Self.timeline(decision, book)
                if decision.trace != nil { reply.answer = TraceAnswer(decision, rulebook: book) }
            }
        } catch {
            reply.ok = false
            switch error {
            case .case(let errors):
                reply.caseErrors = errors.errors.map {
                    APIError.Detail(
                        field: $0.path.isEmpty ? nil : $0.path, message: $0.message, line: $0.line)
                }
            default:
                let body = APIError.from(error, root: root).body
                reply.caseErrors = [
                    APIError.Detail(field: body.field, message: body.message, line: nil)
                ]
            }
        }
        return .json(reply)
    }

    /// The working time around a decision's timeline: from the day before the earliest moment
    /// (the SLA start, the evaluation instant, each level's due) to the day after the latest.
    static func timeline(_ decision: Decision, _ book: Rulebook) -> WorkingTime? {
        var moments = [decision.at.iso, decision.sla?.start.iso, decision.sla?.due?.iso].compactMap
        { $0 }
        moments += decision.escalation?.levels.compactMap { $0.due?.iso } ?? []
        let instants = moments.compactMap { Instant(iso8601: $0) }
        guard let first = instants.min(), var last = instants.max() else { return nil }
        let calendar = decision.escalation.flatMap { book.ladder($0.ladder)?.calendar }
        let start = first.advanced(by: -86_400)
        let limit = start.advanced(by: Int64(WorkingTime.maximumDays - 2) * 86_400)
        if last > limit { last = limit }
        return try? WorkingTime(
            rulebook: book, calendar: calendar, from: start, to: last.advanced(by: 86_400))
    }

    // MARK: - GET /v1/samples

    struct Samples: Encodable {
        struct Sample: Encodable {
            var name, text: String
        }
        var path, text: String
        var cases: [Sample]
    }

    /// The playground's starting point: a served rulebook's text and the sample cases beside it
    /// (`<rulebook folder>/cases/*.yaml`).
    func samples(query: [String: String]) throws(APIError) -> Reply {
        let path = try virtualPath(query["path"] ?? configuration.playgroundRulebook)
        let engine = store.engine
        let inside = { (file: String) in Paths.isInside(file, root: self.root) }
        guard
            let text = engine.sources[path]?.text
                ?? (inside(path) ? try? Loader.files.read(path) : nil)
        else {
            throw APIError(
                404, "not_found", "no rulebook at `\(Paths.relative(path, to: root))`",
                field: "path")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(
            "cases"
        ).path
        let listed =
            inside(folder) ? try? FileManager.default.contentsOfDirectory(atPath: folder) : nil
        let names = (listed ?? []).filter {
            ($0.hasSuffix(".yaml") || $0.hasSuffix(".json")) && inside(folder + "/" + $0)
        }.sorted()
        let cases = names.compactMap { name in
            (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)).map {
                Samples.Sample(name: name, text: $0)
            }
        }
        return .json(Samples(path: Paths.relative(path, to: root), text: text, cases: cases))
    }
}

extension MasirError {
    /// The sources of a `.rulebook` error.
    var sourcesIfAny: [String: SourceFile] {
        if case .rulebook(_, let sources) = self { return sources }
        return [:]
    }
}
