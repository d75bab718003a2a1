/// Evaluates cases against a rulebook by walking the typed model: the reference semantics
/// that the compiled plan must reproduce exactly. Pure: the same rulebook, case and instant
/// always give the same decision.
public struct Evaluator: Sendable {
    public let rulebook: Rulebook

    public init(rulebook: Rulebook) {
        self.rulebook = rulebook
    }

    /// One matched outcome, with where it came from.
    struct Contribution {
        var group: String
        var rule: String
        var outcome: ResolvedOutcome
    }

    public func decide(_ subject: Case, at instant: Instant, explain: Bool = false) -> Decision {
        let expressions = ExpressionEvaluator(book: rulebook, subject: subject)
        var contributions: [Contribution] = []
        var errors: [Decision.RuleError] = []
        var trace: [Decision.TraceEntry]? = explain ? [] : nil
        let today = instant.localDay
        for group in rulebook.groups {
            _ = apply(
                group, subject, today: today, expressions: expressions,
                contributions: &contributions, errors: &errors, trace: &trace)
        }
        return assemble(
            subject, at: instant, contributions: contributions, errors: errors, trace: trace)
    }

    /// One routing group's part of a decision: the rules that match (in force, condition true,
    /// the agency to refer to given), returned, and the contributions the group's policy makes
    /// of them, appended to `contributions`.
    /// `exhaustive` reads every rule of a `first match` group, not only up to the first that
    /// matches, for callers that ask which rules a case matches.
    func apply(
        _ group: RuleGroup, _ subject: Case, today: Int64, expressions: ExpressionEvaluator,
        exhaustive: Bool = false, contributions: inout [Contribution],
        errors: inout [Decision.RuleError], trace: inout [Decision.TraceEntry]?
    ) -> [(Rule, Contribution)] {
        var matched: [(Rule, Contribution)] = []
        for rule in group.rules {
            if let from = rule.validFrom, today < from {
                if trace != nil {
                    trace?.append(entry(group, rule, "not in force", expressions: expressions))
                }
                continue
            }
            if let until = rule.validUntil, today >= until {
                if trace != nil {
                    trace?.append(entry(group, rule, "not in force", expressions: expressions))
                }
                continue
            }
            switch expressions.evaluate(rule.condition) {
            case .value(.bool(true)):
                if case .field(let slot, let path)? = rule.outcome.referTo,
                    subject.values[slot] == nil
                {
                    errors.append(
                        .init(
                            group: group.id, rule: rule.id,
                            message:
                                "the rule matched but `\(path)`, the agency to refer to, is absent",
                            field: path))
                    if trace != nil {
                        trace?.append(
                            entry(group, rule, "undetermined", expressions: expressions))
                    }
                    continue
                }
                if trace != nil {
                    var matchedEntry = entry(group, rule, "matched", expressions: expressions)
                    matchedEntry.parts = partEntries(rule.outcome, expressions: expressions)
                    trace?.append(matchedEntry)
                }
                matched.append(
                    (rule, Contribution(group: group.id, rule: rule.id, outcome: rule.outcome)))
            case .absent(let path):
                errors.append(
                    .init(
                        group: group.id, rule: rule.id,
                        message: "`\(path)` is absent, so the condition could not be decided",
                        field: path))
                if trace != nil {
                    trace?.append(
                        entry(
                            group, rule, "undetermined", expressions: expressions, missing: path
                        ))
                }
            default:
                if trace != nil {
                    trace?.append(entry(group, rule, "no match", expressions: expressions))
                }
            }
            if group.policy == .firstMatch, !matched.isEmpty, !exhaustive { break }
        }
        switch group.policy {
        case .firstMatch:
            if let first = matched.first { contributions.append(first.1) }
        case .highestPriority:
            // Most urgent wins; rules without a priority rank last; ties go to the earlier rule.
            // A conditional priority counts as it applies to the case.
            func rank(_ outcome: ResolvedOutcome) -> Int {
                let applied =
                    outcome.conditional.isEmpty ? outcome : outcome.applying(expressions)
                return applied.priority?.rawValue ?? 99
            }
            if let best = matched.min(by: { rank($0.0.outcome) < rank($1.0.outcome) }) {
                contributions.append(best.1)
            }
        case .allMatches:
            contributions += matched.map(\.1)
        }
        if matched.isEmpty, let fallback = group.fallback {
            contributions.append(
                Contribution(group: group.id, rule: "otherwise", outcome: fallback))
            if trace != nil {
                trace?.append(
                    Decision.TraceEntry(
                        group: group.id, rule: "otherwise", label: nil, result: "matched",
                        condition: "no rule matched", failed: nil, saw: nil,
                        file: group.origin.file, line: nil,
                        parts: partEntries(fallback, expressions: expressions)))
            }
        }
        return matched
    }

    /// How routing group `id` treats a case: every rule whose condition holds for it (past the
    /// first match too) and the rules whose outcomes the group applies (`otherwise` when none
    /// matched). The same steps as `decide`, so a solver's claim about a group can be checked.
    package func group(
        _ id: String, for subject: Case, at instant: Instant
    ) -> (matching: [String], applied: [String])? {
        guard let group = rulebook.groups.first(where: { $0.id == id }) else { return nil }
        var errors: [Decision.RuleError] = []
        var trace: [Decision.TraceEntry]? = nil
        var applied: [Contribution] = []
        let matched = apply(
            group, subject, today: instant.localDay,
            expressions: ExpressionEvaluator(book: rulebook, subject: subject), exhaustive: true,
            contributions: &applied, errors: &errors, trace: &trace)
        return (matched.map(\.0.id), applied.map(\.rule))
    }

    func entry(
        _ group: RuleGroup, _ rule: Rule, _ result: String, expressions: ExpressionEvaluator,
        missing: String? = nil
    ) -> Decision.TraceEntry {
        var failed: String?
        var saw: [String: String]?
        if result == "no match" || result == "undetermined" {
            let (part, values) = expressions.explainFailure(rule.condition)
            failed = part.text
            saw = values
        }
        return Decision.TraceEntry(
            group: group.id, rule: rule.id, label: rule.label, result: result,
            condition: rule.conditionText,
            failed: failed, saw: saw, file: rule.origin.file, line: nil)
    }

    // MARK: - Assembling the decision

    func assemble(
        _ subject: Case, at instant: Instant, contributions: [Contribution],
        errors: [Decision.RuleError], trace: [Decision.TraceEntry]?
    ) -> Decision {
        let (contributions, partErrors) = applyParts(contributions, subject)
        let errors = errors + partErrors
        var referrals: [Decision.Referral] = []
        func add(_ agency: String, role: String, _ contribution: Contribution) {
            guard !referrals.contains(where: { $0.agency == agency }) else { return }
            referrals.append(
                .init(
                    agency: agency, name: rulebook.agency(agency)?.name ?? agency, role: role,
                    group: contribution.group, rule: contribution.rule))
        }
        var primary: Contribution?
        for contribution in contributions {
            guard let target = contribution.outcome.referTo else { continue }
            let agency: String
            switch target {
            case .agency(let id): agency = id
            case .field(let slot, _):
                guard case .symbol(let id)? = subject.values[slot] else { continue }
                agency = id
            }
            add(agency, role: primary == nil ? "primary" : "also", contribution)
            if primary == nil { primary = contribution }
        }
        for contribution in contributions {
            for copy in contribution.outcome.copies { add(copy, role: "copy", contribution) }
        }

        var priority = Decision.PriorityChoice(
            level: Priority.normal.name, value: Priority.normal.rawValue,
            label: Priority.normal.persianName, rule: nil)
        var best: Priority?
        for contribution in contributions {
            guard let p = contribution.outcome.priority else { continue }
            if best == nil || p < best! {
                best = p
                priority = .init(
                    level: p.name, value: p.rawValue, label: p.persianName,
                    rule: "\(contribution.group).\(contribution.rule)")
            }
        }

        let reasonSource = ([primary].compactMap { $0 } + contributions).first {
            $0.outcome.because != nil
        }
        let reason = reasonSource.map {
            Decision.Reason(text: $0.outcome.because!, rule: "\($0.group).\($0.rule)")
        }

        let ladderID =
            contributions.lazy.compactMap(\.outcome.ladder).first ?? rulebook.defaultLadder
        let ladder = ladderID.flatMap { rulebook.ladder($0) }
        let clock = Clock(book: rulebook, subject: subject, ladder: ladder, at: instant)

        // The strictest (earliest) deadline of every matched outcome that sets one.
        var sla: Decision.Deadline?
        var slaDue: Instant?
        if let start = clock.slaStart {
            for contribution in contributions {
                guard let duration = contribution.outcome.sla else { continue }
                let due = clock.deadline(from: start, duration)
                let text = Formatter.durationText(duration)
                let name = "\(contribution.group).\(contribution.rule)"
                if sla == nil || (due != nil && (slaDue == nil || due! < slaDue!)) {
                    sla = .init(
                        duration: text, start: .init(start), due: due.map(Decision.Moment.init),
                        rule: name,
                        note: due == nil
                            ? (clock.pausedNow
                                ? "the clock is paused"
                                : "no working time within the calendar's range") : nil)
                    slaDue = due
                }
            }
        }

        // Time left means nothing once the clock has stopped for good.
        if let due = slaDue, sla != nil, clock.stoppedAt == nil {
            sla?.remaining = Decision.Remaining(from: instant, to: due, calendar: clock.calendar)
        }
        // Named targets and their clocks cost nothing to rulebooks that have none.
        let named = contributions.contains { !$0.outcome.targets.isEmpty }
        let targetClocks = ladder?.hasTargetClocks == true
        var targetStates: [String: Clock.TargetState] = [:]
        var targets: [Decision.Target]?
        if named || targetClocks {
            (targets, targetStates) = targetList(
                contributions, primary: sla, primaryClock: clock, ladder: ladder, subject,
                at: instant)
        }
        let slaWorking =
            targetClocks
            ? sla.flatMap { primarySLA(contributions, $0) }?.working : nil
        let escalation =
            ladder == nil
            ? nil
            : clock.escalation(
                at: instant, slaDue: slaDue, basePriority: best ?? .normal,
                slaWorking: slaWorking ?? false, targets: targetStates)

        var category: Decision.CategoryChoice?
        if let slot = rulebook.fieldIndex["category"], case .symbol(let id)? = subject.values[slot]
        {
            let inferred = subject.inferredCategory?.category == id ? subject.inferredCategory : nil
            category = .init(
                id: id, label: rulebook.category(id)?.label ?? id,
                source: inferred == nil ? "given" : "inferred", keywords: inferred?.keywords)
        }

        return Decision(
            rulebook: .init(
                id: rulebook.id, version: rulebook.version, digest: rulebook.digest,
                lineage: rulebook.lineage),
            caseId: subject.id, caseDigest: Evaluator.digest(of: subject), at: .init(instant),
            category: category,
            referrals: referrals, priority: priority, sla: sla, targets: targets, reason: reason,
            escalation: escalation, errors: errors, trace: trace)
    }

    /// A digest of the decoded case: stable across runs and cheap (raw numbers, not display text).
    static func digest(of subject: Case) -> String {
        var bytes: [UInt8] = Array((subject.id ?? "").utf8)
        func number(_ value: Int64) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        func add(_ value: Value) {
            switch value {
            case .text(let text), .symbol(let text):
                bytes.append(1)
                bytes.append(contentsOf: text.utf8)
                bytes.append(0)
            case .int(let v), .money(let v), .date(let v):
                bytes.append(2)
                number(v)
            case .datetime(let instant):
                bytes.append(3)
                number(instant.secondsSinceEpoch)
            case .bool(let b): bytes.append(b ? 4 : 5)
            case .duration(let unit, let amount, let working):
                bytes.append(working ? 6 : 7)
                bytes.append(contentsOf: unit.rawValue.utf8)
                number(amount)
            case .set(let items):
                bytes.append(8)
                items.forEach(add)
                bytes.append(9)
            }
        }
        for value in subject.values {
            bytes.append(0x1F)
            if let value { add(value) }
        }
        for change in subject.history {
            bytes.append(0x1E)
            bytes.append(contentsOf: change.status.utf8)
            number(change.at.secondsSinceEpoch)
        }
        for change in subject.reclassifications {
            bytes.append(0x1D)
            bytes.append(contentsOf: change.category.utf8)
            number(change.at.secondsSinceEpoch)
        }
        return String(SHA256.hex(bytes).prefix(32))
    }
}
