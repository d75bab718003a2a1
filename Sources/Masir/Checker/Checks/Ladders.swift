extension Checker {
    /// Ladder levels on the same anchor should come in increasing thresholds; a level whose
    /// condition is never true is never reached; escalating to the agency that already holds the
    /// case does nothing.
    static let checkLadders: Check = { book, _, diagnostics in
        let conditions = Conditions(book: book)
        for ladder in book.ladders {
            // Thresholds compare only in one kind of time (working or calendar) from one anchor;
            // `at` a point is the anchor itself, earlier than any threshold after it of either kind.
            // Shares of a target (`at 75% of sla`) compare with one another, by the share.
            struct Track: Hashable {
                var anchor: Level.Anchor
                var target: String?
                var working: Bool
                var share = false
            }
            var previous: [Track: (level: Level, seconds: Int64)] = [:]
            // Compared in the order they are written: levels a child adds come after the inherited
            // ones whatever their thresholds, so only levels written in one file are compared.
            let written = ladder.levels.sorted {
                ($0.origin.file, $0.origin.range.lower) < ($1.origin.file, $1.origin.range.lower)
            }
            for level in written {
                let seconds =
                    level.percent.map(Int64.init) ?? level.after.map { $0.unit.seconds($0.amount) }
                    ?? 0
                let tracks =
                    level.percent != nil
                    ? [
                        Track(
                            anchor: level.anchor, target: level.target, working: false, share: true)
                    ]
                    : (level.after.map { [$0.working] } ?? [false, true]).map {
                        Track(anchor: level.anchor, target: level.target, working: $0)
                    }
                let earlier = tracks.compactMap { previous[$0] }
                    .filter { $0.level.origin.file == level.origin.file && seconds <= $0.seconds }
                    .max { $0.level.origin.range.lower < $1.level.origin.range.lower }
                if let earlier {
                    // The threshold is what to change; the earlier level's is what it must pass.
                    let place = Origin(
                        file: level.origin.file, range: level.after?.range ?? level.origin.range)
                    diagnostics.append(
                        .at(
                            place, .ladderOrder,
                            "level `\(ladder.id).\(level.id)` comes after `\(earlier.level.id)` but its threshold is not later",
                            help:
                                "order levels from the earliest threshold to the latest, or lengthen this one",
                            notes: [
                                .init(
                                    "the earlier level `\(earlier.level.id)` has this threshold",
                                    file: earlier.level.origin.file,
                                    range: earlier.level.after?.range
                                        ?? earlier.level.origin.range)
                            ]))
                }
                for track in tracks { previous[track] = (level, seconds) }
                if let condition = level.condition, let boxes = conditions.boxes(condition),
                    boxes.isEmpty
                {
                    diagnostics.append(
                        .at(
                            level.origin, .levelUnreachable,
                            "level `\(ladder.id).\(level.id)` can never be reached: its condition is never true",
                            help: "correct the condition or remove the level"))
                }
            }
            for level in ladder.levels {
                for action in level.actions where action.kind == .escalate {
                    var holders: [String] = []
                    for group in book.groups {
                        for rule in group.rules
                        where (rule.outcome.ladder ?? book.defaultLadder) == ladder.id
                            && rule.outcome.referTo == .agency(action.target)
                        {
                            holders.append(rule.id)
                        }
                        if let fallback = group.fallback,
                            (fallback.ladder ?? book.defaultLadder) == ladder.id,
                            fallback.referTo == .agency(action.target)
                        {
                            holders.append("\(group.id).otherwise")
                        }
                    }
                    if let first = holders.first {
                        let place = Origin(
                            file: level.origin.file, range: action.range ?? level.origin.range)
                        diagnostics.append(
                            .at(
                                place, .escalateToHolder,
                                "level `\(ladder.id).\(level.id)` escalates to `\(action.target)`, which already holds cases referred by `\(first)`\(holders.count > 1 ? " and \(holders.count - 1) more" : "")",
                                help:
                                    "escalate to the agency's supervisor (`\(book.agency(action.target)?.supervisor ?? "governor")`), or give those rules a ladder of their own"
                            ))
                    }
                }
            }
        }
    }

    /// Supervising chains must end: an agency that supervises itself through others leaves
    /// escalations nowhere to go.
    static let checkSupervisorCycles: Check = { book, _, diagnostics in
        var reported = Set<String>()
        for agency in book.agencies {
            var seen: [String] = [agency.id]
            var current = agency.supervisor
            while let next = current, seen.count <= book.agencies.count {
                if next == agency.id {
                    let cycle = seen + [agency.id]
                    // One report per cycle, whichever member the walk starts from.
                    if reported.insert(Set(seen).sorted().joined(separator: ",")).inserted {
                        diagnostics.append(
                            .at(
                                agency.origin, .supervisorCycle,
                                "supervising agencies form a cycle: \(cycle.map { "`\($0)`" }.joined(separator: " → "))",
                                help:
                                    "one of them must have no supervisor, or a supervisor outside the cycle"
                            ))
                    }
                    break
                }
                if seen.contains(next) { break }
                seen.append(next)
                current = book.agency(next)?.supervisor
            }
        }
    }
}
