import Foundation

/// Change-impact reports as text for people and as JSON for programs.
public enum ImpactRenderer {
    public static func json(_ report: ImpactReport, pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty
            ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(report) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func text(_ report: ImpactReport) -> String {
        var lines: [String] = []
        lines.append("change impact: \(report.old.path) → \(report.new.path)")
        lines.append("  old: " + side(report.old))
        lines.append("  new: " + side(report.new))
        let inputs = report.inputs.isEmpty ? "" : report.inputs.joined(separator: ", ") + ", "
        lines.append("  cases: \(inputs)evaluated at \(report.at.jalali)")
        lines.append("")
        lines.append(
            "\(number(report.cases)) cases read, \(number(report.compared)) compared, \(number(report.notCompared.total)) not compared."
        )
        if report.compared > 0 {
            lines.append(
                "\(number(report.changed)) of \(number(report.compared)) compared cases (\(percent(report.changed, report.compared))) change:"
            )
            let c = report.changes
            let rows: [(String, Int)] = [
                ("primary referral", c.primaryReferral), ("referrals", c.referrals),
                ("priority", c.priority), ("SLA due", c.slaDue),
                ("deciding rule", c.rule), ("priority rule", c.priorityRule),
                ("category", c.category), ("ladder", c.ladder),
            ]
            let width = rows.map { number($0.1).count }.max() ?? 1
            for (name, count) in rows {
                lines.append(
                    "  " + name.padding(toLength: 18, withPad: " ", startingAt: 0)
                        + pad(number(count), width)
                        + (count > 0 ? "  (\(percent(count, report.compared)))" : ""))
            }
        }
        moves(&lines, "primary referral (old → new)", report.referralMoves)
        referralChanges(&lines, "referrals added (agency, role)", report.referralsAdded)
        referralChanges(&lines, "referrals removed (agency, role)", report.referralsRemoved)
        moves(&lines, "priority (old → new)", report.priorityMoves)
        let sla = report.sla
        if sla.earlier.count + sla.later.count + sla.appeared.count + sla.disappeared.count > 0 {
            lines.append("")
            lines.append("SLA due")
            let rows: [(String, ImpactReport.Shift, Bool)] = [
                ("earlier", sla.earlier, true), ("later", sla.later, true),
                ("now set", sla.appeared, false), ("now unset", sla.disappeared, false),
            ]
            let width = rows.map { number($0.1.count).count }.max() ?? 1
            for (name, shift, timed) in rows where shift.count > 0 {
                var text =
                    "  " + name.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + pad(number(shift.count), width) + (shift.count == 1 ? " case" : " cases")
                if timed {
                    text +=
                        ", by \(duration(shift.meanSeconds)) on average, at most \(duration(shift.maxSeconds))"
                }
                lines.append(text)
                if !shift.samples.isEmpty {
                    lines.append("      e.g. " + shift.samples.joined(separator: ", "))
                }
            }
        }
        rules(&lines, "deciding rule (the rule that chose the primary referral)", report.ruleMoves)
        rules(
            &lines, "priority rule (the rule that set the priority)",
            report.priorityRuleMoves.map { move in
                var move = move
                if move.from == "none" { move.from = "the default (normal)" }
                if move.to == "none" { move.to = "the default (normal)" }
                return move
            })
        moves(&lines, "category (old → new)", report.categoryMoves)
        moves(&lines, "ladder (old → new)", report.ladderMoves)
        if report.undecided.old + report.undecided.new > 0 {
            lines.append("")
            lines.append(
                "rules undecided for missing data: in \(number(report.undecided.old)) cases under old, \(number(report.undecided.new)) under new"
            )
        }
        let not = report.notCompared
        if not.total > 0 {
            lines.append("")
            lines.append("not compared")
            if not.outOfScope > 0 {
                lines.append(
                    "  another province (not this rulebook's cases)  \(number(not.outOfScope))")
            }
            if not.rulebookFailed.total > 0 {
                lines.append("  rulebook failed to load  " + perSide(not.rulebookFailed))
            }
            if not.decodeFailed.total > 0 {
                lines.append("  failed to decode         " + perSide(not.decodeFailed))
            }
            for failure in report.failures {
                lines.append("    \(failure.side): \(failure.caseLabel): \(failure.message)")
            }
        }
        for (name, summary) in [("old", report.old), ("new", report.new)]
        where !summary.failedRulebooks.isEmpty {
            lines.append("")
            lines.append("rulebooks that did not load (\(name)):")
            for failed in summary.failedRulebooks {
                lines.append(
                    "  \(failed.file): \(failed.errors) error\(failed.errors == 1 ? "" : "s")")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func side(_ summary: ImpactReport.SideSummary) -> String {
        var parts: [String] = []
        if summary.rulebooks.count <= 3 {
            parts += summary.rulebooks
        } else {
            parts.append("\(summary.rulebooks.count) rulebooks")
        }
        if !summary.failedRulebooks.isEmpty {
            parts.append("\(summary.failedRulebooks.count) did not load")
        }
        return parts.isEmpty ? "no rulebook" : parts.joined(separator: ", ")
    }

    static func moves(_ lines: inout [String], _ title: String, _ moves: [ImpactReport.Move]) {
        counts(&lines, title, moves.map { ("\($0.from) → \($0.to)", $0.count, $0.samples) })
    }

    static func referralChanges(
        _ lines: inout [String], _ title: String, _ changes: [ImpactReport.ReferralChange]
    ) {
        counts(&lines, title, changes.map { ("\($0.agency) (\($0.role))", $0.count, $0.samples) })
    }

    /// Counts right-aligned before what changed, and the samples in one column after the
    /// longest change.
    static func counts(
        _ lines: inout [String], _ title: String,
        _ rows: [(text: String, count: Int, samples: [String])]
    ) {
        guard !rows.isEmpty else { return }
        lines.append("")
        lines.append(title)
        let countWidth = rows.map { number($0.count).count }.max() ?? 1
        let textWidth = rows.map(\.text.count).max() ?? 1
        for row in rows {
            var line = "  " + pad(number(row.count), countWidth) + "  " + row.text
            if !row.samples.isEmpty {
                line +=
                    String(repeating: " ", count: textWidth - row.text.count)
                    + "  e.g. " + row.samples.joined(separator: ", ")
            }
            lines.append(line)
        }
    }

    static func rules(_ lines: inout [String], _ title: String, _ moves: [ImpactReport.Move]) {
        guard !moves.isEmpty else { return }
        lines.append("")
        lines.append(title)
        for move in moves {
            lines.append(
                "  \(move.from) lost \(number(move.count)) case\(move.count == 1 ? "" : "s") to \(move.to)"
            )
            if !move.samples.isEmpty {
                lines.append("      e.g. " + move.samples.joined(separator: ", "))
            }
        }
    }

    static func perSide(_ counts: ImpactReport.PerSide) -> String {
        "\(number(counts.total)): old only \(number(counts.old)), new only \(number(counts.new)), both \(number(counts.both))"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// 12,345
    static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        guard whole > 0 else { return "0%" }
        return String(format: "%.1f%%", Double(part) * 100 / Double(whole))
    }

    /// Calendar time, coarsely: `2 d 3 h`, `5 h 30 min`, `45 min`.
    static func duration(_ seconds: Int64) -> String {
        let minutes = (seconds + 30) / 60
        let days = minutes / 1440, hours = minutes % 1440 / 60, rest = minutes % 60
        if days > 0 { return hours > 0 ? "\(days) d \(hours) h" : "\(days) d" }
        if hours > 0 { return rest > 0 ? "\(hours) h \(rest) min" : "\(hours) h" }
        return "\(rest) min"
    }
}
