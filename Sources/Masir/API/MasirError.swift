import Foundation

/// Everything that can go wrong when a program embeds Masir, with enough detail to show a person.
///
/// Every throwing function of the embedding API throws this type (typed throws), so a caller can
/// switch over the cases without casting:
///
/// ```swift
/// do {
///     let decision = try engine.evaluate(.text(yaml), at: instant)
/// } catch .case(let errors) {
///     print(errors)                      // names the field and the line
/// } catch {
///     print(error)
/// }
/// ```
public enum MasirError: Error, Sendable, CustomStringConvertible {
    /// The rulebook, one of its parents or one of its imports has errors, so nothing was loaded.
    /// `sources` maps file names to their text, so `DiagnosticRenderer` can quote the lines.
    case rulebook([Diagnostic], sources: [String: SourceFile] = [:])
    /// A case document does not fit the rulebook's schema, or no rulebook could be chosen for it.
    /// Each error names the field path and, for text input, the line.
    case `case`(CaseErrors)
    /// The input is not JSON (for `CaseInput.json`) or not YAML (for `CaseInput.text`), or breaks
    /// an `InputLimits` limit; `kind` is the code every path that reads cases gives it.
    case malformed(String, line: Int? = nil, kind: CaseError.Kind = .malformedYAML)
    /// A rulebook path (or a folder of rulebooks) does not exist.
    case notFound(String)
    /// No loaded rulebook has this id.
    case noSuchRulebook(String)
    /// A rulebook has no calendar with this name.
    case noSuchCalendar(String)
    /// An instant could not be read; the text is quoted.
    case invalidInstant(String)
    /// A request exceeded a limit (a batch too large, a range too long).
    case limit(String)

    /// The diagnostics of a `.rulebook` error, empty for the other cases.
    public var diagnostics: [Diagnostic] {
        if case .rulebook(let diagnostics, _) = self { return diagnostics }
        return []
    }

    /// One line per problem: `file:line:col: error[code]: message` for rulebooks, the field path
    /// and message for cases.
    public var description: String {
        switch self {
        case .rulebook(let diagnostics, let sources):
            let errors = diagnostics.filter { $0.severity == .error }
            return errors.sortedByPosition().map { diagnostic in
                let location =
                    sources[diagnostic.file].map { ":\($0.location(of: diagnostic.range.lower))" }
                    ?? ""
                return
                    "\(diagnostic.file)\(location): error[\(diagnostic.code.rawValue)]: \(diagnostic.message)"
            }.joined(separator: "\n")
        case .case(let errors): return errors.description
        case .malformed(let message, let line, _):
            return (line.map { "line \($0): " } ?? "") + message
        case .notFound(let path): return "no such rulebook or folder `\(path)`"
        case .noSuchRulebook(let id): return "no rulebook `\(id)` is loaded"
        case .noSuchCalendar(let name): return "no calendar `\(name)`"
        case .invalidInstant(let text):
            return
                "cannot read the instant `\(text)`; write 2024-11-02T10:00:00+03:30 or 1403/08/12 10:00"
        case .limit(let message): return message
        }
    }
}
