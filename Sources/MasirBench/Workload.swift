import Foundation
import Masir

/// The peer benchmark workload (`shared/bench/workload`): its TSV rulebooks, cases and expected
/// decisions, and their translation into Masir, so Masir runs the very workload the peer engines
/// ran and is checked decision for decision against the same oracle.
package enum Workload {
    package struct Predicate: Sendable, Hashable {
        package var field: String
        package var op: String
        package var value: String
    }

    package struct RuleLine: Sendable, Hashable {
        package var id: String
        package var agency: String
        package var priority: Int
        package var slaHours: Int
        package var predicates: [Predicate]
    }

    package struct Rules: Sendable {
        package var fallback: RuleLine
        package var rules: [RuleLine]
    }

    package struct CaseRow: Sendable, Hashable {
        package var id: String
        package var category: String
        package var subcategory: String
        package var county: String
        package var amount: Int64
        package var vulnerable: Bool
        package var repeatCall: Bool
        package var ageHours: Int64
        package var status: String
        package var description: [String]
    }

    /// (rule id, agency, priority, escalate), as the oracle writes it.
    package struct Expected: Sendable, Hashable {
        package var ruleID: String
        package var agency: String
        package var priority: Int
        package var escalate: Bool

        package init(ruleID: String, agency: String, priority: Int, escalate: Bool) {
            self.ruleID = ruleID
            self.agency = agency
            self.priority = priority
            self.escalate = escalate
        }
    }

    package struct FormatError: Error, CustomStringConvertible {
        package var description: String
    }

    /// The instant the workload is evaluated at; each case was opened `age_hours` before it.
    // 2024-01-01T12:00:00Z
    package static let evaluationInstant = Instant(secondsSinceEpoch: 1_704_110_400)

    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.hasPrefix("#") }
    }

    package static func parseRules(_ text: String) throws -> Rules {
        var fallback: RuleLine?
        var rules: [RuleLine] = []
        for (number, line) in lines(text).enumerated() {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(
                String.init)
            guard cells.count >= 5, let priority = Int(cells[3]), let sla = Int(cells[4]) else {
                throw FormatError(
                    description:
                        "rules line \(number + 1): expected kind, id, agency, priority, sla_hours")
            }
            var rule = RuleLine(
                id: cells[1], agency: cells[2], priority: priority, slaHours: sla, predicates: [])
            for cell in cells.dropFirst(5) where !cell.isEmpty {
                let parts = cell.split(separator: " ", maxSplits: 2).map(String.init)
                guard parts.count == 3 else {
                    throw FormatError(
                        description: "rules line \(number + 1): bad predicate `\(cell)`")
                }
                rule.predicates.append(Predicate(field: parts[0], op: parts[1], value: parts[2]))
            }
            if cells[0] == "default" { fallback = rule } else { rules.append(rule) }
        }
        guard let fallback else { throw FormatError(description: "the rules have no default line") }
        return Rules(fallback: fallback, rules: rules)
    }

    package static func parseCases(_ text: String) throws -> [CaseRow] {
        try lines(text).enumerated().map { number, line in
            let c = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard c.count >= 10, let amount = Int64(c[4]), let age = Int64(c[7]) else {
                throw FormatError(description: "cases line \(number + 1): expected 10 columns")
            }
            return CaseRow(
                id: String(c[0]), category: String(c[1]), subcategory: String(c[2]),
                county: String(c[3]), amount: amount,
                vulnerable: c[5] == "true", repeatCall: c[6] == "true", ageHours: age,
                status: String(c[8]),
                description: c[9].isEmpty ? [] : c[9].split(separator: ",").map(String.init))
        }
    }

    package static func parseExpected(_ text: String) throws -> [String: Expected] {
        var result: [String: Expected] = [:]
        for (number, line) in lines(text).enumerated() {
            let c = line.split(separator: "\t").map(String.init)
            guard c.count == 5, let priority = Int(c[3]) else {
                throw FormatError(description: "expected line \(number + 1): 5 columns")
            }
            result[c[0]] = Expected(
                ruleID: c[1], agency: c[2], priority: priority, escalate: c[4] == "true")
        }
        return result
    }

    /// A Masir rulebook with the workload's semantics: one first-match group, calendar-hour SLAs,
    /// and a ladder whose one level fires once a case is strictly past its SLA and not resolved
    /// (`age_hours > sla_hours` on whole hours is `after 1 minute since sla`).
    package static func masirSource(_ rules: Rules, cases: [CaseRow], name: String) -> String {
        var categories = Set<String>(), subcategories = Set<String>(), counties = Set<String>(),
            agencies = Set<String>()
        var statuses: Set<String> = ["open", "assigned", "resolved"]
        for rule in rules.rules + [rules.fallback] {
            agencies.insert(rule.agency)
            for p in rule.predicates {
                switch p.field {
                case "category": categories.insert(p.value)
                case "subcategory": subcategories.insert(p.value)
                case "county": counties.insert(p.value)
                case "status": statuses.insert(p.value)
                default: break
                }
            }
        }
        for row in cases {
            categories.insert(row.category)
            subcategories.insert(row.subcategory)
            counties.insert(row.county)
            statuses.insert(row.status)
        }
        var out =
            "## The peer benchmark workload, translated by `masir bench`.\nrulebook \(name)\n  default ladder sla\n\n"
        for agency in agencies.sorted() { out += "agency \(agency) \"\(agency)\"\n" }
        out += "\n"
        for category in categories.sorted() { out += "category \(category) \"\(category)\"\n" }
        out += "\n"
        for county in counties.sorted() { out += "county \(county) \"\(county)\"\n" }
        out += "\nenum subcategory: \(subcategories.sorted().joined(separator: ", "))\n"
        out += "\nenum status: \(statuses.sorted().joined(separator: ", "))\n"
        out += """

            case
              field id : text optional
              field category : category
              field subcategory : subcategory
              field county : county
              field amount : money
              field caller_vulnerable : bool
              field is_repeat_call : bool
              field age_hours : int
              field status : status
              field description : set of text
              field opened : datetime
            end

            routing route first match

            """
        for rule in rules.rules {
            let condition = rule.predicates.map(predicateText).joined(separator: " and ")
            out +=
                "  rule \(rule.id)\n    when \(condition)\n    refer to \(rule.agency)\n    priority \(rule.priority)\n    sla \(rule.slaHours) hours\n\n"
        }
        out +=
            "  otherwise\n    refer to \(rules.fallback.agency)\n    priority \(rules.fallback.priority)\n    sla \(rules.fallback.slaHours) hours\nend\n\n"
        out +=
            "escalation sla\n  stop when resolved\n  level overdue\n    after 1 minute since sla\n    then notify \(rules.fallback.agency)\nend\n"
        return out
    }

    static func predicateText(_ p: Predicate) -> String {
        let ops = ["gt": ">", "ge": ">=", "lt": "<", "le": "<="]
        switch (p.field, p.op) {
        case (_, "has"): return "\(p.field) contains \"\(p.value)\""
        case ("amount", let op): return "amount \(ops[op] ?? "is") \(p.value) rials"
        case (_, "eq") where p.value == "true" || p.value == "false":
            return "\(p.field) is \(p.value == "true" ? "yes" : "no")"
        case (_, "eq"): return "\(p.field) is \(p.value)"
        case (let field, let op): return "\(field) \(ops[op] ?? op) \(p.value)"
        }
    }

    /// A case row as a Masir case of the translated rulebook.
    package static func makeCase(_ row: CaseRow, book: Rulebook) -> Case {
        var values = [Value?](repeating: nil, count: book.fields.count)
        func set(_ path: String, _ value: Value) {
            if let slot = book.fieldIndex[path] { values[slot] = value }
        }
        set("id", .text(row.id))
        set("category", .symbol(row.category))
        set("subcategory", .symbol(row.subcategory))
        set("county", .symbol(row.county))
        set("amount", .money(row.amount))
        set("caller_vulnerable", .bool(row.vulnerable))
        set("is_repeat_call", .bool(row.repeatCall))
        set("age_hours", .int(row.ageHours))
        set("status", .symbol(row.status))
        set("description", .set(row.description.map { .text($0) }))
        set("opened", .datetime(evaluationInstant.advanced(by: -row.ageHours * 3_600)))
        return Case(id: row.id, values: values)
    }

    /// The workload's 4-tuple from a Masir decision.
    package static func tuple(_ decision: Decision) -> Expected {
        let primary = decision.referrals.first { $0.role == "primary" }
        return Expected(
            ruleID: primary?.rule == "otherwise" ? "default" : primary?.rule ?? "",
            agency: primary?.agency ?? "", priority: decision.priority.value,
            escalate: decision.escalation?.levels.first?.fired ?? false)
    }
}
