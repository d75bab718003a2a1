/// How serious a finding is.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A message about a rulebook, with where it applies and how to fix it.
///
/// Messages are one lowercase line naming user text in backticks; advice goes in `help`.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// A secondary span with a short explanation.
    public struct Note: Sendable, Hashable, Codable {
        public var message: String
        public var file: String?
        public var range: SourceRange?

        public init(_ message: String, file: String? = nil, range: SourceRange? = nil) {
            self.message = message
            self.file = file
            self.range = range
        }
    }

    /// A text edit that fixes the problem.
    public struct FixIt: Sendable, Hashable, Codable {
        public var range: SourceRange
        public var replacement: String

        package init(range: SourceRange, replacement: String) {
            self.range = range
            self.replacement = replacement
        }
    }

    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    /// The file the range belongs to.
    public var file: String
    public var range: SourceRange
    public var notes: [Note]
    public var help: String?
    public var fixIts: [FixIt]

    public init(
        _ code: DiagnosticCode, _ message: String, file: String = "", at range: SourceRange,
        severity: Severity? = nil, help: String? = nil, notes: [Note] = [], fixIts: [FixIt] = []
    ) {
        self.code = code
        self.message = message
        self.help = help
        self.severity = severity ?? code.defaultSeverity
        self.file = file
        self.range = range
        self.notes = notes
        self.fixIts = fixIts
    }

    /// A finding fixed, when `replacement` is given, by writing it over the text the finding
    /// points at.
    init(
        _ code: DiagnosticCode, _ message: String, at range: SourceRange, help: String?,
        replacement: String?
    ) {
        let fixIts = replacement.map { [FixIt(range: range, replacement: $0)] } ?? []
        self.init(code, message, at: range, help: help, fixIts: fixIts)
    }
}

extension Array where Element == Diagnostic {
    /// Whether any finding is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file and position, as every renderer shows them.
    public func sortedByPosition() -> [Diagnostic] {
        enumerated().sorted { a, b in
            if a.element.file != b.element.file { return a.element.file < b.element.file }
            if a.element.range.lower != b.element.range.lower {
                return a.element.range.lower < b.element.range.lower
            }
            return a.offset < b.offset
        }.map(\.element)
    }
}

extension Array where Element == Diagnostic {
    /// The most findings of one code in one file shown one by one; past it they are folded.
    public static var repeatsShown: Int { 20 }

    /// `self` (sorted) with findings past the first `repeatsShown` of one code in one file
    /// folded into a note on the last one shown, "and N more like it", with their lines. One
    /// cause (an undeclared calendar, say) can give a finding per use, and a reader needs the
    /// first few and the count, not a screenful of the same sentence.
    public func groupingRepeats() -> [Diagnostic] {
        var counts: [String: Int] = [:]
        for diagnostic in self {
            counts[diagnostic.file + "\u{0}" + diagnostic.code.rawValue, default: 0] += 1
        }
        guard counts.values.contains(where: { $0 > Self.repeatsShown }) else { return self }
        var seen: [String: Int] = [:]
        var lastShown: [String: Int] = [:]
        var folded: [String: [SourceRange]] = [:]
        var result: [Diagnostic] = []
        for diagnostic in self {
            let key = diagnostic.file + "\u{0}" + diagnostic.code.rawValue
            seen[key, default: 0] += 1
            if seen[key]! <= Self.repeatsShown {
                result.append(diagnostic)
                lastShown[key] = result.count - 1
            } else {
                folded[key, default: []].append(diagnostic.range)
            }
        }
        for (key, ranges) in folded {
            guard let index = lastShown[key] else { continue }
            result[index].notes.append(
                .init(
                    "and \(ranges.count) more like it", file: result[index].file,
                    range: ranges.first))
        }
        return result
    }
}
