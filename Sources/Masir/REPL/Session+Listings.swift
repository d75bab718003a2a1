import Foundation

// :rules, :agencies, :categories, :counties and :schema: what the loaded rulebook declares.

extension Session {
    /// The rulebook listings describe: the case's (in a tree, the province's or the base).
    func listingBook() -> Rulebook? {
        chosenBook().book ?? workspace?.rulebooks.first
    }

    /// A listing of the rulebook the case would go to (else the first loaded), or the reply
    /// saying why there is nothing to list.
    func listing(_ body: (Rulebook) -> Reply) -> Reply {
        if let missing = requireWorkspace() { return missing }
        guard let book = listingBook() else { return error("no rulebook") }
        return body(book)
    }

    /// Whether `filter` (empty matches all) occurs in any of `texts`, Persian spelled any way.
    static func matches(_ filter: String, _ texts: String?...) -> Bool {
        if filter.isEmpty { return true }
        let key = PersianText.normalize(filter)
        return texts.contains { text in
            guard let text else { return false }
            return text.lowercased().contains(filter.lowercased())
                || PersianText.normalize(text).contains(key)
        }
    }

    func rules(_ filter: String) -> Reply {
        listing { book in
            // One rule in full: `:rules needy_covered` or `:rules referrals.needy_covered`.
            for group in book.groups {
                for rule in group.rules
                where filter == rule.id || filter == "\(group.id).\(rule.id)" {
                    return Reply(text: describe(rule, in: group, book: book))
                }
            }
            var lines: [String] = []
            for group in book.groups {
                let rules = group.rules.filter {
                    Session.matches(filter, $0.id, group.id, $0.label)
                }
                let fallback =
                    group.fallback != nil && Session.matches(filter, "otherwise", group.id)
                if rules.isEmpty, !fallback { continue }
                lines.append(
                    "routing \(group.id)\(group.label.map { " «\($0)»" }.orEmpty) (\(group.policy.rawValue)), \(group.rules.count) rule\(group.rules.count == 1 ? "" : "s")"
                )
                let width =
                    (rules.map(\.id) + (fallback ? ["otherwise"] : [])).map(\.count).max() ?? 0
                for rule in rules {
                    var line =
                        "  \(rule.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(Session.summary(rule.outcome))"
                    if rule.rulebook != book.id { line += "  [\(rule.rulebook)]" }
                    if rule.validFrom != nil || rule.validUntil != nil {
                        line += "  " + Session.validity(rule)
                    }
                    lines.append(line)
                }
                if fallback, let outcome = group.fallback {
                    lines.append(
                        "  \("otherwise".padding(toLength: width, withPad: " ", startingAt: 0))  \(Session.summary(outcome))"
                    )
                }
            }
            if lines.isEmpty { return Reply(text: "no rule matches `\(filter)`") }
            lines.append("(:rules RULE shows one rule in full)")
            return Reply(text: lines.joined(separator: "\n"))
        }
    }

    static func summary(_ outcome: ResolvedOutcome) -> String {
        var parts: [String] = []
        switch outcome.referTo {
        case .agency(let id)?: parts.append("→ \(id)")
        case .field(_, let path)?: parts.append("→ \(path)")
        case nil: break
        }
        if !outcome.copies.isEmpty {
            parts.append("copy " + outcome.copies.joined(separator: ", "))
        }
        if let priority = outcome.priority { parts.append("priority \(priority.name)") }
        if let sla = outcome.sla { parts.append("sla \(Formatter.durationText(sla))") }
        if let ladder = outcome.ladder { parts.append("ladder \(ladder)") }
        parts += outcome.conditional.map { "\($0.text) when …" }
        return parts.joined(separator: " · ")
    }

    static func validity(_ rule: Rule) -> String {
        var text = "valid"
        if let from = rule.validFrom { text += " from \(Value.date(from).description)" }
        if let until = rule.validUntil { text += " until \(Value.date(until).description)" }
        return text
    }

    func describe(_ rule: Rule, in group: RuleGroup, book: Rulebook) -> String {
        var lines: [String] = []
        var header =
            "rule \(group.id).\(rule.id)\(rule.label.map { " «\($0)»" }.orEmpty)  (\(rule.rulebook)"
        if let source = workspace?.sources[rule.origin.file] {
            header += ", \(rule.origin.file):\(source.location(of: rule.origin.range.lower).line)"
        }
        lines.append(header + ")")
        for doc in rule.doc { lines.append("  ## \(doc)") }
        if rule.validFrom != nil || rule.validUntil != nil {
            lines.append("  " + Session.validity(rule))
        }
        lines.append("  when \(rule.conditionText)")
        let outcome = rule.outcome
        switch outcome.referTo {
        case .agency(let id)?:
            lines.append(
                "  refer to \(id)"
                    + (outcome.copies.isEmpty
                        ? "" : " copy " + outcome.copies.joined(separator: ", ")))
        case .field(_, let path)?:
            lines.append(
                "  refer to \(path)"
                    + (outcome.copies.isEmpty
                        ? "" : " copy " + outcome.copies.joined(separator: ", ")))
        case nil:
            if !outcome.copies.isEmpty {
                lines.append("  copy " + outcome.copies.joined(separator: ", "))
            }
        }
        for part in outcome.conditional {
            lines.append("  \(part.text) when \(part.conditionText)")
        }
        if let priority = outcome.priority { lines.append("  priority \(priority.name)") }
        if let sla = outcome.sla { lines.append("  sla \(Formatter.durationText(sla))") }
        if let because = outcome.because { lines.append("  because «\(because)»") }
        if let ladder = outcome.ladder { lines.append("  ladder \(ladder)") }
        // How the condition reads on the case being built.
        if !entries.isEmpty, let subject = decodeIgnoringErrors(book: book).subject {
            let expressions = ExpressionEvaluator(book: book, subject: subject)
            switch expressions.evaluate(rule.condition) {
            case .value(.bool(true)): lines.append("  on this case: the condition holds")
            case .absent(let path): lines.append("  on this case: undecided, `\(path)` is absent")
            default:
                let (part, saw) = expressions.explainFailure(rule.condition)
                let values = saw.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }
                    .joined(separator: ", ")
                lines.append(
                    "  on this case: no — \(part.text) fails"
                        + (values.isEmpty ? "" : " (saw \(values))"))
            }
        }
        return lines.joined(separator: "\n")
    }

    func agencies(_ filter: String) -> Reply {
        listing { book in
            let agencies = book.agencies.filter {
                Session.matches(filter, $0.id, $0.name, $0.english, $0.kind)
            }
            if agencies.isEmpty { return Reply(text: "no agency matches `\(filter)`") }
            let width = agencies.map(\.id.count).max() ?? 0
            let lines = agencies.map { agency in
                "  \(agency.id.padding(toLength: width, withPad: " ", startingAt: 0))  «\(agency.name)»"
                    + (agency.kind.map { "  \($0)" }.orEmpty)
            }
            return Reply(
                text: "\(agencies.count) of \(book.agencies.count) agencies in \(book.id):\n"
                    + lines.joined(separator: "\n"))
        }
    }

    func categories(_ filter: String) -> Reply {
        listing { book in
            var lines: [String] = []
            var shown = 0
            func walk(_ parent: String?, depth: Int) {
                for category in book.categories where category.parent == parent {
                    if Session.matches(filter, category.id, category.label)
                        || (!filter.isEmpty
                            && book.categories.contains {
                                Session.matches(filter, $0.id, $0.label)
                                    && book.category($0.id, isUnder: category.id)
                            })
                    {
                        lines.append(
                            String(repeating: "  ", count: depth + 1)
                                + "\(category.id)  «\(category.label)»")
                        shown += 1
                    }
                    walk(category.id, depth: depth + 1)
                }
            }
            walk(nil, depth: 0)
            if lines.isEmpty { return Reply(text: "no category matches `\(filter)`") }
            return Reply(
                text: "\(book.categories.count) categories in \(book.id):\n"
                    + lines.joined(separator: "\n"))
        }
    }

    func counties(_ filter: String) -> Reply {
        listing { book in
            if book.counties.isEmpty {
                return Reply(
                    text: "\(book.id) declares no counties"
                        + (workspace?.isTree == true
                            ? " (set the case's province to see its counties)" : ""))
            }
            let counties = book.counties.filter {
                Session.matches(filter, $0.id, $0.name, $0.english)
            }
            if counties.isEmpty { return Reply(text: "no county matches `\(filter)`") }
            let width = counties.map(\.id.count).max() ?? 0
            let lines = counties.map {
                "  \($0.id.padding(toLength: width, withPad: " ", startingAt: 0))  «\($0.name)»"
                    + ($0.english.map { "  \($0)" }.orEmpty)
            }
            let heading =
                counties.count == book.counties.count
                ? "\(counties.count)" : "\(counties.count) of \(book.counties.count)"
            return Reply(
                text: "\(heading) counties in \(book.id):\n" + lines.joined(separator: "\n"))
        }
    }

    func schema() -> Reply {
        listing { book in
            var lines = ["case fields of \(book.id):"]
            let width = book.fields.map(\.path.count).max() ?? 0
            for field in book.fields {
                var line =
                    "  \(field.path.padding(toLength: width, withPad: " ", startingAt: 0)) : \(field.type)"
                if let value = field.defaultValue {
                    line += " default \(value.description)"
                } else if field.isOptional {
                    line += " optional"
                } else {
                    line += " required"
                }
                if let source = field.inferFrom { line += ", inferred from \(source)" }
                if let label = field.label { line += "  «\(label)»" }
                lines.append(line)
            }
            for enumeration in book.enumerations {
                let values = enumeration.values.map { value in
                    value + (enumeration.labels[value].map { " «\($0)»" }.orEmpty)
                }
                lines.append(
                    "enum \(enumeration.id)\(enumeration.label.map { " «\($0)»" }.orEmpty): "
                        + values.joined(separator: ", "))
            }
            lines.append(
                "priority: "
                    + Priority.allCases.map { "\($0.name) «\($0.persianName)»" }.joined(
                        separator: ", ")
            )
            return Reply(text: lines.joined(separator: "\n"))
        }
    }
}
