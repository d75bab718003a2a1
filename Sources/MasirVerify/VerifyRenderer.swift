import Masir

/// The text `masir verify` prints.
package enum VerifyRenderer {
    /// Counter-examples grouped by the first part of the decision they change, as `masir diff`
    /// groups its moves: primary referral, other referrals, copies, priority, SLA.
    package static func text(_ report: EquivalenceReport, old: String, new: String) -> String {
        var out = ""
        if report.proved {
            out +=
                "proved: \(old) and \(new) give every case the same primary referral, referrals, copies, priority and SLA\n"
        } else if report.differences.isEmpty && report.unconfirmed.isEmpty {
            out +=
                "not proved: the solver stopped before it found a difference or showed there is none\n"
        } else {
            let count = report.differences.count
            out +=
                "\(old) and \(new) decide differently: \(count) kind\(count == 1 ? "" : "s") of change"
                + (report.complete ? "" : " (at least; the search stopped at the limit)") + "\n"
        }
        let headings = ["primary referral", "also referred", "copies", "priority", "sla"]
        for heading in headings {
            let group = report.differences.filter { $0.changes.first?.hasPrefix(heading) == true }
            guard !group.isEmpty else { continue }
            out += "\n\(heading):\n"
            for difference in group { out += render(difference, old: old, new: new) }
        }
        if !report.unconfirmed.isEmpty {
            out +=
                "\nnot confirmed by the evaluator (the model over-approximates what these cases lean on):\n"
            for difference in report.unconfirmed { out += render(difference, old: old, new: new) }
        }
        if !report.approximations.isEmpty {
            out += "\nover-approximated (any value considered): "
            out += report.approximations.map { "`\($0)`" }.joined(separator: ", ") + "\n"
        }
        for disagreement in report.disagreements {
            out +=
                "\nerror: the model and the evaluator disagree; please report this: \(disagreement)\n"
        }
        return out
    }

    static func render(
        _ difference: EquivalenceReport.Difference, old: String, new: String
    ) -> String {
        var out = "  " + difference.changes.joined(separator: "; ") + "\n"
        out += "    case (decided at \(difference.at.jalaliText())):\n"
        for line in difference.caseText.split(separator: "\n") { out += "      \(line)\n" }
        out += "    \(old): \(difference.old)\n"
        out += "    \(new): \(difference.new)\n"
        return out
    }
}

extension VerifyRenderer {
    /// One rulebook's properties: `proved`, or `FAILS` with the smallest case that breaks the
    /// property (as case YAML `masir route` reads) and the evaluator's decision for it.
    package static func text(_ report: PropertyReport, file: String) -> String {
        var out = "\(report.rulebook) (\(file)): "
        let count = report.results.count
        out += "\(count) propert\(count == 1 ? "y" : "ies"), \(report.proved) proved\n"
        for result in report.results {
            let property = result.property
            let title = property.id + (property.label.map { " «\($0)»" } ?? "")
            let statement =
                (property.conditionText.map { "when \($0) " } ?? "")
                + "expect \(property.claimText)"
            switch result.verdict {
            case .proved:
                out += "  proved: \(title)\n"
            case .fails(let example):
                out += "  FAILS: \(title)\n    \(statement)\n"
                out += counterExample(example, heading: "counter-example")
            case .unconfirmed(let example):
                out += "  not proved: \(title)\n    \(statement)\n"
                out += counterExample(
                    example,
                    heading:
                        "a case the solver found but the evaluator does not confirm (the model over-approximates what it leans on)"
                )
            case .disagreement(let why):
                out +=
                    "  error: \(title): the model and the evaluator disagree; please report this: \(why)\n"
            }
        }
        if !report.approximations.isEmpty {
            out += "  over-approximated (any value considered): "
            out += report.approximations.map { "`\($0)`" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    static func counterExample(_ example: PropertyReport.CounterExample, heading: String) -> String
    {
        var out = "    \(heading) (decided at \(example.at.jalaliText())):\n"
        for line in example.caseText.split(separator: "\n") { out += "      \(line)\n" }
        out += "    decided: \(example.decided)\n"
        return out
    }
}
