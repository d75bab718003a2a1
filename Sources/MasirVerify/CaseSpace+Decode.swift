import Foundation
import Masir

extension CaseSpace {
    /// The case a solver's model describes, as YAML that `masir route` reads, and the instant to
    /// decide it at (ten in the morning of the model's day, Tehran time). A text holds exactly
    /// the phrases the model says it mentions, each written without spaces so that it mentions
    /// no other phrase than those the links require.
    /// `keeping`: fields written even when they hold their default, for an example that shows
    /// what the rules concerned read.
    func caseText(
        _ values: [String: SExpr], keeping: Set<String> = []
    ) -> (yaml: String, at: Instant) {
        func bool(_ name: String) -> Bool { name == "true" || values[name]?.boolean == true }
        func number(_ name: String?) -> Int64? {
            guard let name else { return nil }
            return SMT.constant(name) ?? values[name]?.integer
        }
        var lines: [String] = []
        for path in fieldOrder {
            guard let variables = fields[path], bool(variables.present) else { continue }
            let field = variables.field
            var text: String?
            switch field.type {
            case .bool:
                text = bool(variables.value ?? "false") ? "yes" : "no"
            case .int, .money:
                text = number(variables.value).map(String.init)
            case .date:
                text = number(variables.value).map { JalaliDate(dayNumber: Int($0)).description }
            case .datetime:
                text = number(variables.value).map { Instant(secondsSinceEpoch: $0).iso8601() }
            case .text:
                let mentioned = (phrases[path] ?? [:]).filter { bool($0.value) }.keys.sorted()
                text = Self.quoted(mentioned.joined(separator: " . "))
            case .set(let element):
                guard let kind = Self.kind(of: element) else {
                    text = "[]"
                    break
                }
                let ids = variables.members.keys.sorted().filter { bool(variables.members[$0]!) }
                    .compactMap { id(kind, $0) }
                text = "[" + ids.joined(separator: ", ") + "]"
            default:
                if let kind = Self.kind(of: field.type), let n = number(variables.value) {
                    text = id(kind, n)
                }
            }
            // A value the field takes by default goes without saying.
            if let text,
                keeping.contains(field.path) || text != field.defaultValue.flatMap(Self.written)
            {
                lines.append("\(field.path): \(text)")
            }
        }
        let day = number(today) ?? Self.days.lowerBound
        let at =
            Instant(date: CivilDate(dayNumber: Int(day)), secondOfDay: 10 * 3_600)
            ?? Instant(secondsSinceEpoch: day * 86_400)
        return (lines.joined(separator: "\n") + "\n", at)
    }

    /// A default value as `caseText` writes values.
    static func written(_ value: Value) -> String? {
        switch value {
        case .bool(let b): b ? "yes" : "no"
        case .int(let n), .money(let n): String(n)
        case .symbol(let id): id
        case .text(let text): quoted(text)
        case .set(let items) where items.isEmpty: "[]"
        default: nil
        }
    }

    /// A YAML double-quoted scalar (JSON's escapes are YAML's).
    static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
