/// The summary line of a compact decision: what batch runs and what-if comparisons need per
/// case, written straight from the plan's numbers. `masir route --format summary` writes one
/// per case; docs/performance.md shows the shape.
extension Plan {
    /// Lays out and decides one case, then appends its summary line (without the newline).
    public func appendSummary(of subject: Case, at instant: Instant, scratch: inout Scratch, to bytes: inout [UInt8]) {
        let c = encode(subject)
        appendSummary(decideCompact(c, at: instant, day: Int64(instant.civilDate().dayNumber), scratch: &scratch), of: c, to: &bytes)
    }

    /// Appends `{"case":…,"rulebook":…,"rule":"group.rule","agency":…,"priority":…,"sla_due":…,
    /// "escalated":[level…],"undecided":…}` (keys absent when there is nothing to say).
    public func appendSummary(_ decision: CompactDecision, of c: borrowing CompiledCase, to bytes: inout [UInt8]) {
        var out = JSONWriter()
        swap(&out.bytes, &bytes)
        defer { swap(&out.bytes, &bytes) }
        out.object { w in
            if let id = c.source.id { w.key("case"); w.string(id) }
            w.key("rulebook"); w.string(rulebook.id)
            if decision.group >= 0, let rule = ruleID(of: decision) {
                w.key("rule"); w.string(rulebook.groups[Int(decision.group)].id + "." + rule)
            }
            if let agency = decision.agency { w.key("agency"); w.string(agency) }
            w.key("priority"); w.string(Priority(rawValue: decision.priority)?.name ?? String(decision.priority))
            if let due = decision.slaDue {
                w.key("sla_due")
                w.raw { Instant(secondsSinceEpoch: due).appendISO8601(to: &$0) }
            }
            if decision.ladder >= 0 {
                let levels = rulebook.ladders[Int(decision.ladder)].levels
                w.key("escalated")
                w.array(levels.indices.filter { decision.fired & (1 << UInt64($0)) != 0 }) { w, i in w.string(levels[i].id) }
            }
            w.key("undecided"); w.bool(decision.undecided)
        }
    }
}
