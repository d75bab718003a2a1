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
        for agency in agencies {
            var lines = ["**agency** `\(agency.id)` — \(agency.name)"]
            if let english = agency.english { lines.append(english) }
            if let kind = agency.kind { lines.append("kind: \(kind)") }
            if let supervisor = agency.supervisor { lines.append("supervisor: `\(supervisor)`") }
            all.append(
                Entity(
                    id: agency.id, kind: .agency, origin: agency.origin,
                    summary: lines.joined(separator: "\n\n")))
        }
        for category in categories {
            var lines = ["**category** `\(category.id)` — \(category.label)"]
            if let parent = category.parent { lines.append("under `\(parent)`") }
            if !category.keywords.isEmpty {
                lines.append(
                    "keywords: " + category.keywords.map { "«\($0)»" }.joined(separator: "، "))
            }
            all.append(
                Entity(
                    id: category.id, kind: .category, origin: category.origin,
                    summary: lines.joined(separator: "\n\n")))
        }
        for county in counties {
            let english = county.english.map { " (\($0))" } ?? ""
            all.append(
                Entity(
                    id: county.id, kind: .county, origin: county.origin,
                    summary: "**county** `\(county.id)` — \(county.name)\(english)"))
        }
        for enumeration in enumerations {
            all.append(
                Entity(
                    id: enumeration.id, kind: .enumeration, origin: enumeration.origin,
                    summary: "**enum** `\(enumeration.id)`: "
                        + enumeration.values.map { "`\($0)`" }.joined(separator: ", ")))
            for value in enumeration.values {
                let label = enumeration.labels[value].map { " — \($0)" } ?? ""
                all.append(
                    Entity(
                        id: value, kind: .value, origin: enumeration.origin,
                        summary: "a value of `\(enumeration.id)`\(label)"))
            }
        }
        for field in fields {
            var text = "**field** `\(field.path)` : \(field.type)"
            if field.isOptional { text += " optional" }
            if let value = field.defaultValue { text += ", default \(value)" }
            if let source = field.inferFrom { text += ", inferred from `\(source)`" }
            if let label = field.label { text += "\n\n\(label)" }
            all.append(Entity(id: field.path, kind: .field, origin: field.origin, summary: text))
        }
        for group in groups {
            all.append(
                Entity(
                    id: group.id, kind: .group, origin: group.origin,
                    summary: "**routing** `\(group.id)` (\(group.policy.rawValue)), "
                        + "\(group.rules.count) rules"))
            for rule in group.rules {
                var text = "**rule** `\(group.id).\(rule.id)`"
                if let label = rule.label { text += " — \(label)" }
                if !rule.conditionText.isEmpty { text += "\n\nwhen `\(rule.conditionText)`" }
                if !rule.doc.isEmpty { text += "\n\n" + rule.doc.joined(separator: " ") }
                if rule.rulebook != id { text += "\n\nfrom rulebook `\(rule.rulebook)`" }
                all.append(Entity(id: rule.id, kind: .rule, origin: rule.origin, summary: text))
            }
        }
        for ladder in ladders {
            all.append(
                Entity(
                    id: ladder.id, kind: .ladder, origin: ladder.origin,
                    summary: "**escalation** `\(ladder.id)` on `\(ladder.calendar)`, "
                        + "levels: " + ladder.levels.map { "`\($0.id)`" }.joined(separator: " → ")))
            for level in ladder.levels {
                var lines = ["**level** `\(level.id)` of escalation `\(ladder.id)`"]
                if let label = level.label { lines.append(label) }
                if let after = level.after { lines.append("after \(after)") }
                all.append(
                    Entity(
                        id: level.id, kind: .level, origin: level.origin,
                        summary: lines.joined(separator: "\n\n")))
            }
        }
        return Dictionary(grouping: all, by: \.id)
    }
}
