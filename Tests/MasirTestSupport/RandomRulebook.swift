/// Random rulebooks over one fixed schema (`header`), and random cases for it, drawn from a
/// seeded generator so a failure reproduces. The compiled plan's agreement with the reference
/// evaluator is tested on them, and the batch, line-decoding and parallel front-end tests reuse
/// them as realistic input.
package enum RandomRulebook {
    package static let header = """
        rulebook random
          default calendar office
          default ladder standard

        agency a1 "الف"
        agency a2 "ب"
        agency a3 "پ"
        agency a4 "ت"
        category c1 "یک" mentions "وام", "قرض"
        category c2 "دو" under c1 mentions "ودیعه"
        category c3 "سه" under c1 mentions "رهن"
        category c4 "چهار" mentions "کار", "شغل"
        category c5 "پنج" under c4
        county k1 "یک"
        county k2 "دو"
        county k3 "سه"
        enum status: open, waiting, answered, resolved

        case
          field id : text optional
          field category : category optional infer from description
          field county : county optional
          field description : text default ""
          field needy : bool default no
          field disabled : bool optional
          field body : agency optional
          field programs : set of agency default []
          field amount : money optional
          field calls : int default 0
          field status : status default open
          field opened : datetime
          field referred : datetime optional
        end

        calendar office
          saturday to wednesday 08:00-14:00
          thursday 08:00-12:00
          friday off
          holidays from "iran-official"
        end

        escalation standard
          pause while waiting
          stop when resolved
          level l1 after 2 working days since referred when status is not answered then remind assignee
          level l2 at sla then escalate to a4
          level l3 after 30 hours since sla then notify a3, raise priority to urgent
        end

        escalation quick
          stop when resolved
          level q1 after 6 hours since opened then remind assignee
          level q2 after 1 day since sla when calls >= 2 then notify a2
        end

        """

    /// `header` with a re-opening status and a ladder that uses every clock construct: a named
    /// target with its own stop statuses, shares of both targets, and re-opening and
    /// re-classification policies drawn at random.
    package static func targetsHeader(_ g: inout SplitMix64) -> String {
        let reopen = pick(["restart", "resume", "new target"], &g)
        let reclassify = pick(["restart", "keep start"], &g)
        let firstAnswer = pick(["restart", "resume"], &g)
        return header.replacingOccurrences(
            of: "enum status: open, waiting, answered, resolved",
            with: "enum status: open, waiting, answered, resolved, reopened"
        ).replacingOccurrences(
            of: "  stop when resolved\n  level l1",
            with: """
                  stop when resolved
                  on reopen \(reopen)
                  on reclassify \(reclassify)
                  sla first_answer stop when answered, resolved
                  sla first_answer on reopen \(firstAnswer)
                  level w1 at 75% of sla when status is not answered then remind assignee
                  level w2 at 50% of sla first_answer then notify a2
                  level w3 at sla first_answer then notify a3
                  level l1
                """)
    }

    package static func pick<T>(_ items: [T], _ g: inout SplitMix64) -> T {
        items[Int(g.next() % UInt64(items.count))]
    }

    package static func condition(_ depth: Int, _ g: inout SplitMix64) -> String {
        if depth > 0, g.next() % 3 == 0 {
            let op = pick(["and", "or", "and"], &g)
            return "(\(condition(depth - 1, &g)) \(op) \(condition(depth - 1, &g)))"
        }
        if depth > 0, g.next() % 9 == 0 { return "not \(condition(depth - 1, &g))" }
        switch g.next() % 17 {
        case 0: return "category under \(pick(["c1", "c2", "c4"], &g))"
        case 1: return "category is \(pick(["c1", "c2", "c3", "c4", "c5"], &g))"
        case 2: return "county is \(pick(["k1", "k2", "k3"], &g))"
        case 3: return "county in [\(pick(["k1", "k2"], &g)), k3]"
        case 4: return pick(["needy", "needy is yes", "needy is no"], &g)
        case 5:
            return pick(
                ["disabled", "disabled is present", "disabled ?? no", "disabled is absent"], &g)
        case 6:
            return
                "amount \(pick(["<", "<=", ">", ">="], &g)) \(pick(["1,000", "500,000", "2,000,000"], &g)) rials"
        case 7: return "calls \(pick(["<", ">=", ">"], &g)) \(g.next() % 4)"
        case 8:
            return
                "status \(pick(["is", "is not"], &g)) \(pick(["open", "answered", "waiting"], &g))"
        case 9:
            return
                "description mentions \(pick(["\"وام\"", "any [\"فوری\", \"بیمار\"]", "all [\"وام\", \"فوری\"]"], &g))"
        case 10: return "programs contains \(pick(["a1", "a2"], &g))"
        case 11: return "body is \(pick(["a1", "a2", "a3"], &g))"
        case 12: return "body is present"
        case 13: return "(amount ?? 0 rials) > 100,000 rials"
        case 14: return "count(programs) >= 1"
        case 15: return "opened >= 1403/08/10"
        default:
            return pick(
                ["category is present and category under c1", "category in [c2, c5, c2]"], &g)
        }
    }

    /// With `parts`, rules and fallbacks also get conditional parts (`priority high when …`)
    /// and copies without a referral.
    /// With `targets`, the header is `targetsHeader` and rules also set a `first_answer` target.
    package static func rulebook(
        _ g: inout SplitMix64, parts: Bool = false, targets: Bool = false
    ) -> String {
        var text = targets ? targetsHeader(&g) : header
        for groupIndex in 0..<(1 + Int(g.next() % 3)) {
            let policy = pick(["first match", "highest priority", "all matches"], &g)
            text += "routing g\(groupIndex) \(policy)\n"
            for r in 0..<(2 + Int(g.next() % 8)) {
                text += "  rule r\(r)\n"
                if g.next() % 8 == 0 { text += "    valid from 1403/08/05 until 1403/08/25\n" }
                text += "    when \(condition(2, &g))\n"
                if g.next() % 4 != 0 {
                    text +=
                        "    refer to \(pick(["a1", "a2", "a3", "body"], &g))"
                        + (g.next() % 3 == 0 ? " copy a4" : "") + "\n"
                }
                if g.next() % 2 == 0 {
                    text += "    priority \(pick(["urgent", "high", "normal", "low"], &g))\n"
                }
                if g.next() % 2 == 0 {
                    text +=
                        "    sla \(pick(["3 working days", "16 working hours", "48 hours", "2 days"], &g))\n"
                }
                if targets, g.next() % 2 == 0 {
                    text +=
                        "    sla first_answer \(pick(["1 working days", "6 working hours", "1 day"], &g))"
                        + (g.next() % 3 == 0 ? " when \(condition(1, &g))" : "") + "\n"
                }
                if g.next() % 3 == 0 { text += "    because \"دلیل\"\n" }
                if g.next() % 5 == 0 { text += "    ladder quick\n" }
                if !text.hasSuffix("\n    because \"دلیل\"\n"),
                    text.hasSuffix(")\n")
                        || text.split(separator: "\n").last?.hasPrefix("    when") == true
                {
                    text += "    because \"دلیل\"\n"
                }
                if parts { text += conditionalParts(&g) }
            }
            if g.next() % 2 == 0 {
                text += "  otherwise\n    refer to a4\n    sla 5 working days\n"
                if parts { text += conditionalParts(&g) }
            }
            text += "end\n\n"
        }
        if targets {
            text += """
                routing answers first match
                  rule needy_answer
                    when needy
                    sla first_answer \(pick(["4 working hours", "1 working day"], &g))
                  otherwise
                    sla first_answer 2 working days
                end

                """
        }
        return text
    }

    package static func conditionalParts(_ g: inout SplitMix64) -> String {
        var text = ""
        for _ in 0..<Int(g.next() % 4) {
            let part = pick(
                [
                    "copy \(pick(["a1", "a2", "a3"], &g))",
                    "priority \(pick(["urgent", "high", "low"], &g))",
                    "sla \(pick(["1 working days", "4 hours", "2 days"], &g))",
                    "because \"شرط\"",
                ], &g)
            text += "    \(part) when \(condition(1, &g))\n"
        }
        if g.next() % 4 == 0 { text += "    copy \(pick(["a2", "a3"], &g))\n" }
        return text
    }

    /// `caseText`, and for a rulebook from `targetsHeader`: histories that close and re-open the
    /// case or change its category after the referral.
    package static func caseText(_ g: inout SplitMix64, targets: Bool) -> String {
        var text = caseText(&g)
        guard targets, !text.contains("history:") else { return text }
        var entries = ["{status: open, at: 1403/08/18 09:00}"]
        switch g.next() % 4 {
        case 0:
            entries += [
                "{status: answered, at: 1403/08/19 11:00}",
                "{status: resolved, at: 1403/08/20 12:00}",
                "{status: reopened, at: 1403/08/\(22 + g.next() % 6) 10:00}",
            ]
            text.replace(#/status: \w+/#, with: "status: reopened")
        case 1:
            entries += ["{category: \(pick(["c2", "c4", "c5"], &g)), at: 1403/08/19 12:00}"]
        case 2:
            entries += [
                "{status: answered, at: 1403/08/19 11:00}",
                "{category: c3, at: 1403/08/21 09:30}",
            ]
            text.replace(#/status: \w+/#, with: "status: answered")
        default: return text
        }
        return text + "\nhistory: [\(entries.joined(separator: ", "))]"
    }

    package static func caseText(_ g: inout SplitMix64) -> String {
        var lines = [
            "opened: 1403/08/\(10 + g.next() % 8) \(8 + g.next() % 9):\(pick(["00", "30"], &g))"
        ]
        if g.next() % 2 == 0 { lines.append("referred: 1403/08/\(18 + g.next() % 3) 10:00") }
        if g.next() % 3 != 0 { lines.append("county: \(pick(["k1", "k2", "k3"], &g))") }
        if g.next() % 3 == 0 {
            lines.append("category: \(pick(["c1", "c2", "c3", "c4", "c5"], &g))")
        }
        lines.append(
            "description: \"\(pick(["درخواست وام فوری", "وديعه مسكن", "رهن خانه", "کار", "بیمار هستم", "سلام", "وام و قرض"], &g))\""
        )
        if g.next() % 2 == 0 { lines.append("needy: \(pick(["yes", "no"], &g))") }
        if g.next() % 2 == 0 { lines.append("disabled: \(pick(["yes", "no"], &g))") }
        if g.next() % 2 == 0 { lines.append("body: \(pick(["a1", "a2", "a3"], &g))") }
        if g.next() % 2 == 0 { lines.append("programs: [\(pick(["a1", "a2", "a3"], &g))]") }
        if g.next() % 2 == 0 {
            lines.append("amount: \(pick(["1000", "500000", "2000000", "0"], &g))")
        }
        if g.next() % 2 == 0 { lines.append("calls: \(g.next() % 4)") }
        lines.append("status: \(pick(["open", "open", "answered", "waiting", "resolved"], &g))")
        if g.next() % 6 == 0 {
            lines.append(
                "history: [{status: open, at: 1403/08/18 09:00}, {status: \(pick(["waiting", "resolved", "open"], &g)), at: 1403/08/19 11:00}]"
            )
        }
        return lines.joined(separator: "\n")
    }
}
