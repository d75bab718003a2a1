/// The summary line of a compact decision: what batch runs and what-if comparisons need per
/// case. `masir route --format summary` writes one per case; docs/performance.md shows the shape.
///
/// Every fixed piece of a line — the rulebook, each rule's `group.rule` name, the priorities and
/// the escalation levels' names — is written out once, when the writer is made, so a line is a
/// few copies of ready bytes.
package final class SummaryWriter: Sendable {
    package let plan: Plan
    private let arena: [UInt8]
    /// Byte ranges in `arena`: `,"rulebook":"…"`.
    private let rulebookPart: Range<Int>
    /// `,"rule":"group.rule"` by global rule number, then each group's `otherwise`.
    private let ruleParts: [Range<Int>]
    /// `,"priority":"…"` by priority number (index 0 unused).
    private let priorityParts: [Range<Int>]
    /// `"level"` by ladder, then level.
    private let levelParts: [[Range<Int>]]

    /// Where due instants are written in: a copy of this writer's own, see `unshared()`.
    private let zone = TimeZoneTable.tehran.unshared()

    package init(plan: Plan) {
        self.plan = plan
        var arena: [UInt8] = []
        func part(_ body: (inout JSONWriter) -> Void) -> Range<Int> {
            var writer = JSONWriter()
            body(&writer)
            let start = arena.count
            arena += writer.bytes
            return start..<arena.count
        }
        let book = plan.rulebook
        rulebookPart = part {
            $0.bytes.append(UInt8(ascii: ",")); $0.key("rulebook"); $0.string(book.id)
        }
        var rules: [Range<Int>] = []
        for group in book.groups {
            for rule in group.rules {
                rules.append(
                    part {
                        $0.bytes.append(UInt8(ascii: ",")); $0.key("rule");
                        $0.string(group.id + "." + rule.id)
                    })
            }
        }
        for group in book.groups {
            rules.append(
                part {
                    $0.bytes.append(UInt8(ascii: ",")); $0.key("rule");
                    $0.string(group.id + ".otherwise")
                })
        }
        ruleParts = rules
        priorityParts =
            [0..<0]
            + Priority.allCases.map { priority in
                part {
                    $0.bytes.append(UInt8(ascii: ",")); $0.key("priority"); $0.string(priority.name)
                }
            }
        levelParts = book.ladders.map { ladder in
            ladder.levels.map { level in part { $0.string(level.id) } }
        }
        self.arena = arena
    }

    /// Lays out and decides one case, then appends its summary line (without the newline).
    package func append(
        summaryOf subject: Case, at instant: Instant, scratch: inout Plan.Scratch,
        to bytes: inout [UInt8]
    ) {
        let c = plan.encode(subject)
        append(
            plan.decideCompact(
                c, at: instant, day: Int64(instant.civilDate().dayNumber), scratch: &scratch),
            of: c, to: &bytes)
    }

    /// Decides a laid-out case (`day`: the instant's civil day, made once per batch) and appends its summary line.
    package func append(
        decisionOf c: borrowing CompiledCase, at instant: Instant, day: Int64,
        scratch: inout Plan.Scratch, to bytes: inout [UInt8]
    ) {
        append(plan.decideCompact(c, at: instant, day: day, scratch: &scratch), of: c, to: &bytes)
    }

    /// Appends `{"case":…,"rulebook":…,"rule":"group.rule","agency":…,"priority":…,"sla_due":…,
    /// "escalated":[level…],"undecided":…}` (keys absent when there is nothing to say).
    package func append(
        _ decision: CompactDecision, of c: borrowing CompiledCase, to bytes: inout [UInt8]
    ) {
        arena.withUnsafeBufferPointer { arena in
            func copy(_ range: Range<Int>, dropComma: Bool = false) {
                bytes.append(
                    contentsOf: UnsafeBufferPointer(
                        rebasing: arena[
                            (dropComma ? range.lowerBound + 1 : range.lowerBound)..<range.upperBound
                        ]))
            }
            bytes.append(UInt8(ascii: "{"))
            let id = c.id
            if let id {
                bytes.append(contentsOf: #""case":"#.utf8)
                JSONString.append(id, to: &bytes)
            }
            copy(rulebookPart, dropComma: id == nil)
            if decision.group >= 0 {
                if decision.rule >= 0 {
                    copy(ruleParts[Int(decision.rule)])
                } else if decision.rule == CompactDecision.fallbackRule {
                    copy(ruleParts[plan.rules.count + Int(decision.group)])
                }
            }
            if let agency = decision.agency {
                bytes.append(contentsOf: #","agency":"#.utf8)
                JSONString.append(agency, to: &bytes)
            }
            if !decision.copyIDs.isEmpty {
                bytes.append(contentsOf: #","copies":["#.utf8)
                for (i, id) in decision.copyIDs.enumerated() {
                    if i > 0 { bytes.append(UInt8(ascii: ",")) }
                    JSONString.append(plan.names[Int(id)], to: &bytes)
                }
                bytes.append(UInt8(ascii: "]"))
            }
            if decision.priority > 0, decision.priority < priorityParts.count {
                copy(priorityParts[decision.priority])
            } else {
                bytes.append(contentsOf: #","priority":"#.utf8)
                JSONString.append(String(decision.priority), to: &bytes)
            }
            if let due = decision.slaDue {
                bytes.append(contentsOf: #","sla_due":""#.utf8)
                Instant(secondsSinceEpoch: due).appendISO8601(to: &bytes, in: zone)
                bytes.append(UInt8(ascii: "\""))
            }
            if decision.ladder >= 0 {
                bytes.append(contentsOf: #","escalated":["#.utf8)
                var first = true
                for (i, level) in levelParts[Int(decision.ladder)].enumerated()
                where decision.fired & (1 << UInt64(i)) != 0 {
                    if !first { bytes.append(UInt8(ascii: ",")) }
                    first = false
                    copy(level)
                }
                bytes.append(UInt8(ascii: "]"))
            }
            bytes.append(
                contentsOf: (decision.undecided ? #","undecided":true}"# : #","undecided":false}"#)
                    .utf8)
        }
    }
}
