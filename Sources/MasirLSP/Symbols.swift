import Foundation
import Masir

/// What a name in a rulebook stands for, as the checked model knows it: where it is declared
/// (in whichever file of the inheritance chain), and what a reader hovering over it wants to know.
package struct Entity: Sendable {
    package enum Kind: String, Sendable {
        case agency, category, county, enumeration, value, field, group, rule, ladder, level,
            calendar
    }
    package var id: String
    package var kind: Kind
    package var origin: Origin
    package var summary: String
}

extension Rulebook {
    /// Every named thing of the rulebook and the rulebooks it extends, by id (one id may name
    /// several things: a group and a ladder, say).
    package var entities: [String: [Entity]] {
        var all: [Entity] = []
        /// An entity whose summary is the paragraphs given, the absent ones left out.
        func add(_ kind: Entity.Kind, _ id: String, _ origin: Origin, _ paragraphs: String?...) {
            let summary = paragraphs.compactMap { $0 }.joined(separator: "\n\n")
            all.append(Entity(id: id, kind: kind, origin: origin, summary: summary))
        }
        func quoted(_ ids: [String], _ separator: String) -> String {
            ids.map { "`\($0)`" }.joined(separator: separator)
        }
        for agency in agencies {
            add(
                .agency, agency.id, agency.origin, "**agency** `\(agency.id)` — \(agency.name)",
                agency.english, agency.kind.map { "kind: \($0)" },
                agency.supervisor.map { "supervisor: `\($0)`" })
        }
        for category in categories {
            let keywords = category.keywords.map { "«\($0)»" }.joined(separator: "، ")
            add(
                .category, category.id, category.origin,
                "**category** `\(category.id)` — \(category.label)",
                category.parent.map { "under `\($0)`" },
                keywords.isEmpty ? nil : "keywords: " + keywords)
        }
        for county in counties {
            let english = county.english.map { " (\($0))" } ?? ""
            add(
                .county, county.id, county.origin,
                "**county** `\(county.id)` — \(county.name)\(english)")
        }
        for enumeration in enumerations {
            add(
                .enumeration, enumeration.id, enumeration.origin,
                "**enum** `\(enumeration.id)`: " + quoted(enumeration.values, ", "))
            for value in enumeration.values {
                let label = enumeration.labels[value].map { " — \($0)" } ?? ""
                add(.value, value, enumeration.origin, "a value of `\(enumeration.id)`\(label)")
            }
        }
        for field in fields {
            var text = "**field** `\(field.path)` : \(field.type)"
            if field.isOptional { text += " optional" }
            if let value = field.defaultValue { text += ", default \(value)" }
            if let source = field.inferFrom { text += ", inferred from `\(source)`" }
            add(.field, field.path, field.origin, text, field.label)
        }
        for group in groups {
            add(
                .group, group.id, group.origin,
                "**routing** `\(group.id)` (\(group.policy.rawValue)), \(group.rules.count) rules")
            for rule in group.rules {
                add(
                    .rule, rule.id, rule.origin,
                    "**rule** `\(group.id).\(rule.id)`" + (rule.label.map { " — \($0)" } ?? ""),
                    rule.conditionText.isEmpty ? nil : "when `\(rule.conditionText)`",
                    rule.doc.isEmpty ? nil : rule.doc.joined(separator: " "),
                    rule.rulebook == id ? nil : "from rulebook `\(rule.rulebook)`")
            }
        }
        for ladder in ladders {
            add(
                .ladder, ladder.id, ladder.origin,
                "**escalation** `\(ladder.id)` on `\(ladder.calendar)`, levels: "
                    + quoted(ladder.levels.map(\.id), " → "))
            for level in ladder.levels {
                add(
                    .level, level.id, level.origin,
                    "**level** `\(level.id)` of escalation `\(ladder.id)`", level.label,
                    level.after.map { "after \($0)" })
            }
        }
        return Dictionary(grouping: all, by: \.id)
    }
}
