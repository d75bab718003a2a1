import Foundation
import Masir

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An error answer: `{"error": {"code", "message", "field"?, "details"?}}` with its HTTP status.
struct APIError: Error, Sendable {
    /// One problem of several, such as each field error of a case.
    struct Detail: Sendable, Codable {
        var field: String?
        var message: String
        var line: Int?
        /// The case problem's kind (`CaseError.Kind`), as every path that reads cases names it.
        var reason: String?
    }

    struct Body: Sendable, Codable {
        var code: String
        var message: String
        var field: String?
        /// For a case or its input: the problem's kind (`CaseError.Kind`), the same code the CLI,
        /// the REPL and the library give the same input.
        var reason: String?
        var details: [Detail]?
        var diagnostics: [DiagnosticRecord]?
    }

    var status: Int
    var body: Body

    init(
        _ status: Int, _ code: String, _ message: String, field: String? = nil,
        details: [Detail]? = nil, diagnostics: [DiagnosticRecord]? = nil
    ) {
        self.status = status
        body = Body(
            code: code, message: message, field: field, details: details, diagnostics: diagnostics)
    }

    static func badParameter(_ field: String, _ message: String) -> APIError {
        APIError(400, "invalid_parameter", message, field: field)
    }

    /// The answer for an embedding-API error about a case or its input.
    static func from(_ error: MasirError, root: String) -> APIError {
        switch error {
        case .malformed(let message, let line, let kind):
            var error = APIError(
                400, "malformed_json", (line.map { "line \($0): " } ?? "") + message)
            error.body.reason = kind.rawValue
            return error
        case .case(let errors):
            let problems = errors.errors.filter { !$0.isWarning }
            let first = problems.first ?? errors.errors.first
            var error = APIError(
                422, "invalid_case",
                first.map { ($0.path.isEmpty ? "" : "\($0.path): ") + $0.message }
                    ?? "the case is not valid",
                field: first.flatMap { $0.path.isEmpty ? nil : $0.path },
                details: problems.map {
                    Detail(
                        field: $0.path.isEmpty ? nil : $0.path, message: $0.message, line: $0.line,
                        reason: $0.kind.rawValue)
                })
            error.body.reason = first?.kind.rawValue
            return error
        case .noSuchRulebook(let id):
            return APIError(
                404, "unknown_rulebook", "no rulebook `\(id)` is loaded", field: "rulebook")
        case .noSuchCalendar(let name):
            return APIError(404, "unknown_calendar", "no calendar `\(name)`", field: "calendar")
        case .invalidInstant(let text):
            return .badParameter("at", MasirError.invalidInstant(text).description)
        case .limit(let message):
            return APIError(413, "limit_exceeded", message)
        case .notFound(let path):
            return APIError(
                404, "not_found", "no such rulebook `\(Paths.relative(path, to: root))`")
        case .rulebook(let diagnostics, let sources):
            let records = DiagnosticRecord.records(diagnostics, sources: sources).map {
                Paths.relativize($0, to: root)
            }
            let errors = records.filter { $0.severity == "error" }.count
            return APIError(
                422, "rulebook_errors",
                "the rulebooks have \(errors) error\(errors == 1 ? "" : "s"); the rules in use were kept",
                diagnostics: records)
        }
    }
}

/// File names as the server shows them: relative to the rules folder, and never a path of the
/// server's outside it.
enum Paths {
    static func relative(_ file: String, to root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        if file.hasPrefix(prefix) { return String(file.dropFirst(prefix.count)) }
        return file.hasPrefix("/") ? URL(fileURLWithPath: file).lastPathComponent : file
    }

    /// The path with every symbolic link resolved, or nil when it does not exist.
    static func real(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` exists and, once its links are followed, lies inside `root` (itself
    /// resolved): a link in the rules folder must not lead the server to files elsewhere.
    static func isInside(_ path: String, root: String) -> Bool {
        guard let resolved = real(path), let base = real(root) else { return false }
        return resolved == base || resolved.hasPrefix(base.hasSuffix("/") ? base : base + "/")
    }

    /// `text` with the rules folder's path taken out of every file name in it.
    static func scrub(_ text: String, root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return text.replacingOccurrences(of: prefix, with: "")
    }

    static func relativize(_ record: DiagnosticRecord, to root: String) -> DiagnosticRecord {
        var record = record
        record.file = relative(record.file, to: root)
        record.message = scrub(record.message, root: root)
        record.help = record.help.map { scrub($0, root: root) }
        record.notes = record.notes?.map { scrub($0, root: root) }
        return record
    }
}
