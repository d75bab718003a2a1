import Foundation

/// Decisions as text for people (Persian names, Jalali dates) and as JSON for programs.
public enum DecisionRenderer {
    /// JSON for programs; the compact form is the one-line form JSON Lines output uses.
    public static func json(_ decision: Decision, pretty: Bool = true) -> String {
        if !pretty { return decision.compactJSON }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(decision) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// What `JSONEncoder` writes compactly with sorted keys; the reference for `compactJSON`.
    static func encoderJSON(_ decision: Decision) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(decision) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func text(_ decision: Decision) -> String {
        var lines: [String] = []
        lines.append(
            "case \(decision.caseId ?? "(no id)") — rulebook \(decision.rulebook.id)\(decision.rulebook.version.map { " v\($0)" } ?? "") at \(decision.at.jalali)"
        )
        if let category = decision.category {
            var text = "  category:  \(category.label) (\(category.id))"
            if category.source == "inferred" {
                text +=
                    ", inferred from "
                    + (category.keywords ?? []).map { "«\($0)»" }.joined(separator: ", ")
            }
            lines.append(text)
        }
        if decision.referrals.isEmpty {
            lines.append("  referral:  none")
        }
        for referral in decision.referrals {
            let role =
                referral.role == "primary"
                ? "refer to" : referral.role == "copy" ? "copy to" : "also to"
            lines.append(
                "  \(role.padding(toLength: 9, withPad: " ", startingAt: 0))  \(referral.name) (\(referral.agency))  ← \(referral.group).\(referral.rule)"
            )
        }
        lines.append(
            "  priority:  \(decision.priority.label) (\(decision.priority.level))\(decision.priority.rule.map { "  ← \($0)" } ?? "")"
        )
        if let sla = decision.sla {
            lines.append(
                "  sla:       \(sla.duration) from \(sla.start.jalali) → due \(sla.due?.jalali ?? "unknown")\(sla.note.map { " (\($0))" } ?? "")"
            )
            if let remaining = sla.remaining {
                lines.append("             " + DecisionRenderer.remainingText(remaining))
            }
        }
        if let targets = decision.targets {
            lines.append("  targets:")
            for target in targets { lines.append("    " + DecisionRenderer.targetText(target)) }
        }
        if let reason = decision.reason { lines.append("  because:   \(reason.text)") }
        if let escalation = decision.escalation {
            lines.append("  escalation (\(escalation.ladder), clock \(escalation.clock)):")
            for level in escalation.levels {
                let mark = level.fired ? "✓ fired" : "  "
                lines.append(
                    "    \(mark) \(level.level)\(level.label.map { " «\($0)»" } ?? "")\(level.target.map { " [sla \($0)]" } ?? ""): \(level.due?.jalali ?? "—") → \(level.actions.joined(separator: ", "))\(level.note.map { "  (\($0))" } ?? "")"
                )
            }
            if let next = escalation.next {
                lines.append("    next: \(next.level) at \(next.due?.jalali ?? "—")")
            }
            if escalation.effectivePriority != decision.priority.level {
                lines.append("    priority raised to \(escalation.effectivePriority)")
            }
        }
        for error in decision.errors {
            lines.append("  warning: \(error.group).\(error.rule): \(error.message)")
        }
        if let trace = decision.trace {
            lines.append("  trace:")
            for entry in trace {
                var text =
                    "    \(entry.result.padding(toLength: 12, withPad: " ", startingAt: 0)) \(entry.group).\(entry.rule)"
                if entry.rule != "otherwise" { text += ": when \(entry.condition)" }
                lines.append(text)
                if let failed = entry.failed {
                    let saw = (entry.saw ?? [:]).sorted { $0.key < $1.key }.map {
                        "\($0.key) = \($0.value)"
                    }.joined(separator: ", ")
                    lines.append(
                        "                 failed: \(failed)\(saw.isEmpty ? "" : "  (saw \(saw))")")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `first_answer  2 working days from … → due …, running, 6 hours left (6 working hours)`.
    public static func targetText(_ target: Decision.Target) -> String {
        var text =
            "\(target.target)\(target.round.map { " (round \($0))" } ?? ""): \(target.duration) from \(target.start.jalali) → due \(target.due?.jalali ?? "unknown"), \(target.clock)"
        if let stopped = target.stopped {
            text += " at \(stopped.jalali)"
            if let met = target.met { text += met ? ", met" : ", missed" }
        }
        if let remaining = target.remaining { text += ", " + remainingText(remaining) }
        if let note = target.note { text += " (\(note))" }
        return text
    }

    /// `6 days 3 hours left (27 working hours 30 minutes)` or `overdue by …`.
    public static func remainingText(_ remaining: Decision.Remaining) -> String {
        let working = remaining.working.map { " (\($0))" } ?? ""
        return remaining.overdue
            ? "overdue by \(remaining.calendar)\(working)"
            : "\(remaining.calendar) left\(working)"
    }
}
