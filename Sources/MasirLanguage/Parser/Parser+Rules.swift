extension Parser {
    // MARK: - Routing groups

    mutating func parseRouting() throws -> RoutingDecl {
        let open = previous
        var routing = RoutingDecl(
            name: try expectName("the routing group's id"), label: optionalLabel(), items: [])
        let policyStart = current.range.lower
        if let policy = try parseHitPolicy() {
            routing.policy = policy
            routing.policyRange = SourceRange(policyStart, previous.range.upper)
        }
        if !parseItemsOnEveryCore(into: &routing) { parseItems(into: &routing, before: nil) }
        try expectEnd(of: "routing", opened: open)
        return routing
    }

    /// The items of a routing group, up to its `end` (or the token `boundary`).
    mutating func parseItems(into routing: inout RoutingDecl, before boundary: Int?) {
        while !atEnd, !current.isWord("end"), index < boundary ?? Int.max {
            if current.kind == .word, atLineStart,
                Parser.declarationStarters.contains(current.value),
                !(current.value == "replace" && peek().isWord("rule")),
                !(current.value == "disable" && peek().isWord("rule"))
            {
                break
            }
            let start = current.range.lower
            let itemStart = index
            let doc = docComments(before: start)
            if let fallback = routing.otherwiseRange {
                report(.otherwiseNotLast(found: current, otherwise: fallback, source: source))
            }
            do {
                if accept("otherwise") != nil {
                    var outcome = Outcome()
                    var seen: OutcomeClauses = []
                    guard try parseOutcomeClause(into: &outcome, seen: &seen) else {
                        throw fail(
                            .expected(
                                "`refer to`, `copy`, `priority`, `sla`, `because` or `ladder`",
                                context: "after `otherwise`", found: current, source: source,
                                help:
                                    "the fallback says what happens to cases no rule matched, e.g. `otherwise refer to inspection`"
                            ))
                    }
                    while try parseOutcomeClause(into: &outcome, seen: &seen) {}
                    if routing.otherwise == nil {
                        routing.otherwise = outcome
                        routing.otherwiseRange = SourceRange(start, previous.range.upper)
                    }
                    try rejectUnknownClause(after: "the fallback")
                    continue
                }
                let kind = try parseItem(
                    "rule", in: "a routing group", { try $0.parseRule() },
                    RoutingItem.Kind.rule, RoutingItem.Kind.replace, RoutingItem.Kind.disable,
                    candidates: ["rule", "replace", "disable", "otherwise", "end"])
                routing.items.append(
                    RoutingItem(
                        doc: doc, kind: kind, range: SourceRange(start, previous.range.upper)))
            } catch {
                synchronize(from: itemStart) {
                    Parser.routingItemStarters.contains($0.value)
                        || Parser.declarationStarters.contains($0.value)
                }
            }
        }
    }

    /// A very large group's items are parsed in runs on every core, each run starting at a
    /// `rule` that begins a line. The result stands only if every run but the last ends exactly
    /// where the next begins, with no diagnostic and no `otherwise`: then parsing item after item
    /// from the group's start would pass through the same points in the same state, so the items
    /// are the same. Otherwise (a `rule` that began a line inside a condition, a mistake) the
    /// group is parsed again item after item.
    mutating func parseItemsOnEveryCore(into routing: inout RoutingDecl) -> Bool {
        let runs = Parallel.cores
        let rest = tokens.count - index
        guard runs > 1, rest >= parallelItemTokens else { return false }
        var bounds = [index]
        var i = index + 1
        while bounds.count < runs, i < tokens.count {
            if i >= index + rest * bounds.count / runs, tokens[i].kind == .word,
                tokens[i].value == "rule",
                source.bytes[tokens[i - 1].range.upper..<tokens[i].range.lower].contains(
                    UInt8(ascii: "\n"))
            {
                bounds.append(i)
            }
            i += 1
        }
        guard bounds.count > 1 else { return false }
        let start = self
        let empty = routing
        let parts = Parallel.map(bounds.count, jobs: bounds.count) {
            run -> (items: RoutingDecl, parser: Parser) in
            var worker = start
            worker.index = bounds[run]
            worker.diagnostics = []
            var part = empty
            worker.parseItems(into: &part, before: run + 1 < bounds.count ? bounds[run + 1] : nil)
            return (part, worker)
        }
        for run in 0..<(bounds.count - 1) {
            let (part, worker) = parts[run]
            guard worker.index == bounds[run + 1], worker.diagnostics.isEmpty,
                part.otherwiseRange == nil
            else { return false }
        }
        let last = parts[bounds.count - 1]
        routing.items = parts.flatMap(\.items.items)
        routing.otherwise = last.items.otherwise
        routing.otherwiseRange = last.items.otherwiseRange
        index = last.parser.index
        diagnostics += last.parser.diagnostics
        groupsOnEveryCore += 1
        return true
    }

    mutating func parseHitPolicy() throws -> HitPolicy? {
        let pairs: [(String, String, HitPolicy)] = [
            ("first", "match", .firstMatch), ("highest", "priority", .highestPriority),
            ("all", "matches", .allMatches),
        ]
        for (first, second, policy) in pairs where current.isWord(first) {
            let start = advance()
            if acceptSymbol("-") != nil {
                _ = accept(second)
                throw fail(
                    .unknownHitPolicy(
                        range: SourceRange(start.range.lower, previous.range.upper),
                        text: "\(first)-\(second)", suggestion: policy))
            }
            try expect(
                second, "after `\(first)`",
                help: "the conflict policy is `first match`, `highest priority` or `all matches`")
            return policy
        }
        let misspellings: [String: HitPolicy] = [
            "first_match": .firstMatch, "firstmatch": .firstMatch, "first": .firstMatch,
            "priority": .highestPriority,
            "highest_priority": .highestPriority, "collect": .allMatches,
            "all_matches": .allMatches, "any": .allMatches,
        ]
        if current.kind == .word, let policy = misspellings[current.value] {
            throw fail(
                .unknownHitPolicy(range: current.range, text: current.value, suggestion: policy))
        }
        return nil
    }

    mutating func parseRule() throws -> RuleDecl {
        var rule = RuleDecl(
            name: try expectName("the rule's id"), label: optionalLabel(), outcome: Outcome())
        let ruleName = rule.name
        if accept("valid") != nil {
            if accept("from") != nil {
                rule.validFrom = try parseDate("the first day the rule is in force")
            }
            if accept("until") != nil {
                rule.validUntil = try parseDate("the day the rule stops being in force")
            }
            if rule.validFrom == nil && rule.validUntil == nil {
                throw fail(
                    .expected(
                        "`from` or `until`", context: "after `valid`", found: current,
                        source: source))
            }
        }
        guard accept("when") != nil else {
            throw fail(.ruleWithoutCondition(rule: ruleName, found: current, source: source))
        }
        rule.condition = try parseExpression()
        var seen: OutcomeClauses = []
        var any = false
        while try parseOutcomeClause(into: &rule.outcome, seen: &seen) { any = true }
        if !any {
            try rejectClauseReadAsCondition(rule.condition, clauses: Parser.outcomeStarters)
            // A word that starts neither the next item nor a declaration is most likely a
            // misspelt clause (`refr to relief`), wherever it stands.
            if current.kind == .word, !Parser.routingItemStarters.contains(current.value),
                !(atLineStart && Parser.declarationStarters.contains(current.value))
            {
                throw fail(
                    .unknownClause(
                        found: current, in: "a rule",
                        candidates: Array(Parser.outcomeStarters) + ["and", "or"], source: source))
            }
            throw fail(.ruleWithoutOutcome(rule: ruleName))
        }
        try rejectUnknownClause(after: "a rule")
        return rule
    }

    static let outcomeStarters: Set<String> = [
        "refer", "copy", "priority", "sla", "because", "ladder",
    ]

    /// A condition forgotten after `when`, or left dangling after `and`, reads the next clause's
    /// keyword (`refer`, `then`) as a field name, since keywords are contextual; say the
    /// condition is missing there instead of complaining about the word after it. Called only
    /// once the clause after the condition failed to parse, so valid input never gets here.
    mutating func rejectClauseReadAsCondition(_ condition: Expr?, clauses: Set<String>) throws {
        var rightmost = condition
        while let expr = rightmost {
            switch expr {
            case .path(let path)
            where path.segments.count == 1 && clauses.contains(path.segments[0].text):
                let word = path.segments[0]
                throw fail(
                    .expectedExpression(
                        found: Token(kind: .word, range: word.range, value: word.text),
                        source: source))
            case .under(_, let category, _) where clauses.contains(category.text):
                throw fail(
                    .expectedName(
                        "a category after `under`",
                        found: Token(kind: .word, range: category.range, value: category.text),
                        source: source))
            case .binary(_, _, let right, _), .not(let right, _), .mentions(_, _, let right, _):
                rightmost = right
            default:
                rightmost = nil
            }
        }
    }

    /// A misspelt clause keyword would otherwise surface as a confusing error on the next item.
    mutating func rejectUnknownClause(after context: String) throws {
        guard current.kind == .word, !Parser.routingItemStarters.contains(current.value) else {
            return
        }
        if atLineStart, Parser.declarationStarters.contains(current.value) { return }
        throw fail(
            .unknownClause(
                found: current, in: context, candidates: Array(Parser.ruleClauseStarters),
                source: source))
    }

    /// Parses one outcome clause; returns false when the current token starts none.
    /// The outcome clauses already given, to catch a second one; a bit set because one is made
    /// for every rule and a `Set<String>` allocated each time showed in profiles.
    struct OutcomeClauses: OptionSet {
        let rawValue: UInt8
        static func clause(_ keyword: String) -> OutcomeClauses {
            switch keyword {
            case "refer": OutcomeClauses(rawValue: 1)
            case "priority": OutcomeClauses(rawValue: 2)
            case "sla": OutcomeClauses(rawValue: 4)
            case "because": OutcomeClauses(rawValue: 8)
            default: OutcomeClauses(rawValue: 16)
            }
        }
    }

    mutating func parseOutcomeClause(
        into outcome: inout Outcome, seen: inout OutcomeClauses
    ) throws -> Bool {
        guard current.kind == .word, Parser.outcomeStarters.contains(current.value) else {
            return false
        }
        let keyword = advance()
        /// Adds the part as conditional when `when …` follows it.
        func conditional(_ kind: ConditionalPart.Kind) throws -> Bool {
            guard let condition = try partCondition() else { return false }
            outcome.conditional.append(
                ConditionalPart(
                    kind: kind, condition: condition,
                    range: SourceRange(keyword.range.lower, previous.range.upper)))
            return true
        }
        switch keyword.value {
        case "refer":
            try expect("to", "after `refer`", help: "write `refer to relief`")
            outcome.referTo = try parsePath("the agency to refer to")
        case "copy":
            let agencies = try parseNames("an agency to copy")
            if try !conditional(.copy(agencies)) { outcome.copies += agencies }
            // Copies add up, so a second `copy` is no duplicate.
            return true
        case "priority":
            let priority = try parsePriorityValue()
            if try conditional(.priority(priority)) { return true }
            outcome.priority = priority
        case "sla":
            if current.kind == .word {
                // `sla first_answer 2 working days`: a named target, once per outcome unless
                // conditional, like the unnamed one.
                let name = try expectName("the SLA target's id")
                let duration = try parseDuration("the SLA target `\(name.text)`")
                if try conditional(.target(name, duration)) { return true }
                if outcome.targets.contains(where: { $0.name.text == name.text }) {
                    report(.duplicateClause(keyword))
                }
                outcome.targets.append(TargetClause(name: name, duration: duration))
                return true
            }
            let sla = try parseDuration("the service-level deadline")
            if try conditional(.sla(sla)) { return true }
            outcome.sla = sla
        case "because":
            let because = try expectLabel("the reason shown to the citizen")
            if try conditional(.because(because)) { return true }
            outcome.because = because
        default:
            outcome.ladder = try expectName("the escalation ladder")
        }
        // Only the unconditional form of a clause is once per outcome: conditional ones are
        // tried in order before it.
        if !seen.insert(.clause(keyword.value)).inserted {
            report(.duplicateClause(keyword))
        }
        return true
    }

    /// The `when …` that makes an outcome part conditional, if one follows.
    mutating func partCondition() throws -> Expr? {
        guard accept("when") != nil else { return nil }
        // A forgotten condition would read the next line's keyword as a field name.
        if current.kind == .word, atLineStart,
            Parser.outcomeStarters.contains(current.value)
                || Parser.routingItemStarters.contains(current.value)
        {
            throw fail(.expectedExpression(found: current, source: source))
        }
        let condition = try parseExpression()
        try rejectClauseReadAsCondition(condition, clauses: Parser.outcomeStarters)
        return condition
    }

    mutating func parsePriorityValue() throws -> Name {
        if current.kind == .number {
            let token = advance()
            return Name(token.value, token.range)
        }
        return try expectName("a priority (`urgent`, `high`, `normal`, `low` or 1–4)")
    }

    mutating func parseDuration(_ what: String) throws -> DurationLiteral {
        let number = try expectToken(.number, "a duration such as `5 working days`", "for \(what)")
        guard let amount = Int64(number.value) else { throw fail(.numberTooLarge(number)) }
        return try parseDurationUnit(amount: amount, number: number)
    }

    mutating func parseDurationUnit(amount: Int64, number: Token) throws -> DurationLiteral {
        let working = accept("working") != nil
        guard current.kind == .word, let unit = Parser.durationUnit(current.value) else {
            if current.kind == .word, !Parser.routingItemStarters.contains(current.value),
                !Parser.ruleClauseStarters.contains(current.value),
                !["since", "then", "when", "and", "or"].contains(current.value)
            {
                throw fail(.unknownUnit(current, amount: amount))
            }
            throw fail(
                .durationWithoutUnit(
                    range: SourceRange(number.range.lower, previous.range.upper), amount: amount,
                    working: working))
        }
        advance()
        var literal = DurationLiteral(
            amount: amount, working: working, unit: unit,
            range: SourceRange(number.range.lower, previous.range.upper))
        let limit = LiteralLimits.maximumDuration(in: unit)
        if amount > limit {
            report(.durationOutOfRange(literal))
            // Reported as an error, so no decision uses it; clamped so the checks that still run
            // on the rulebook compute with a value in range.
            literal.amount = limit
        }
        return literal
    }

    static func durationUnit(_ word: String) -> DurationLiteral.Unit? {
        switch word {
        case "day", "days": .days
        case "hour", "hours": .hours
        case "minute", "minutes": .minutes
        default: nil
        }
    }

    /// `ITEM …`, `replace ITEM …` or `disable ITEM name`: the grammar routing groups and
    /// ladders share for their rules and levels.
    mutating func parseItem<Decl, Kind>(
        _ item: String, in block: String, _ parse: (inout Parser) throws -> Decl,
        _ declare: (Decl) -> Kind, _ replace: (Decl) -> Kind, _ disable: (Name) -> Kind,
        candidates: [String]
    ) throws -> Kind {
        if accept(item) != nil { return declare(try parse(&self)) }
        if accept("replace") != nil {
            try expect(item, "after `replace` in \(block)")
            return replace(try parse(&self))
        }
        if accept("disable") != nil {
            try expect(item, "after `disable` in \(block)")
            return disable(try expectName("the \(item) to disable"))
        }
        throw fail(
            .unknownClause(found: current, in: block, candidates: candidates, source: source))
    }

    // MARK: - Escalation ladders

    mutating func parseLadder() throws -> LadderDecl {
        let open = previous
        var ladder = LadderDecl(
            name: try expectName("the ladder's id"), label: optionalLabel(), pauseWhile: [],
            stopWhen: [], items: [])
        if current.isWord("on"), !peek().isWord("reopen"), !peek().isWord("reclassify") {
            advance()
            ladder.calendar = try expectName("the calendar the ladder counts working time on")
        }
        while !atEnd, !current.isWord("end") {
            if current.kind == .word, atLineStart,
                Parser.declarationStarters.contains(current.value),
                !(["replace", "disable"].contains(current.value) && peek().isWord("level"))
            {
                break
            }
            let start = current.range.lower
            let itemStart = index
            let doc = docComments(before: start)
            do {
                if current.isWord("sla") {
                    advance()
                    let target = try expectName("the SLA target the clause is for")
                    guard let kind = try parseClockClause() else {
                        throw fail(
                            .expected(
                                "`pause while`, `stop when`, `on reopen` or `on reclassify`",
                                context: "after `sla \(target.text)` in a ladder", found: current,
                                source: source,
                                help: "write `sla \(target.text) stop when answered`"))
                    }
                    ladder.clocks.append(
                        ClockClause(
                            target: target, kind: kind,
                            range: SourceRange(start, previous.range.upper)))
                    continue
                }
                if let kind = try parseClockClause() {
                    switch kind {
                    case .pause(let statuses): ladder.pauseWhile += statuses
                    case .stop(let statuses): ladder.stopWhen += statuses
                    case .reopen, .reclassify:
                        ladder.clocks.append(
                            ClockClause(
                                target: nil, kind: kind,
                                range: SourceRange(start, previous.range.upper)))
                    }
                    continue
                }
                let kind = try parseItem(
                    "level", in: "an escalation ladder", { try $0.parseLevel() },
                    LevelItem.Kind.level, LevelItem.Kind.replace, LevelItem.Kind.disable,
                    candidates: [
                        "level", "pause", "stop", "on", "sla", "replace", "disable", "end",
                    ])
                ladder.items.append(
                    LevelItem(doc: doc, kind: kind, range: SourceRange(start, previous.range.upper))
                )
            } catch {
                synchronize(from: itemStart) {
                    Parser.ladderItemStarters.contains($0.value)
                        || Parser.declarationStarters.contains($0.value)
                }
            }
        }
        try expectEnd(of: "escalation", opened: open)
        return ladder
    }

    /// One name or more, separated by commas.
    mutating func parseNames(_ what: String) throws -> [Name] {
        var statuses: [Name] = []
        repeat { statuses.append(try expectName(what)) } while acceptSymbol(",") != nil
        return statuses
    }

    /// `pause while …`, `stop when …`, `on reopen …` or `on reclassify …`; nil when none starts here.
    mutating func parseClockClause() throws -> ClockClause.Kind? {
        if accept("pause") != nil {
            try expect("while", "after `pause`", help: "write `pause while waiting_documents`")
            return .pause(try parseNames("a status that pauses the clock"))
        }
        if accept("stop") != nil {
            try expect("when", "after `stop`", help: "write `stop when resolved`")
            return .stop(try parseNames("a status that stops the clock"))
        }
        guard current.isWord("on") else { return nil }
        advance()
        if accept("reopen") != nil {
            if accept("restart") != nil { return .reopen(.restart) }
            if accept("resume") != nil { return .reopen(.resume) }
            if accept("new") != nil {
                try expect("target", "after `on reopen new`", help: "write `on reopen new target`")
                return .reopen(.newTarget)
            }
            throw fail(
                .expected(
                    "`restart`, `resume` or `new target`", context: "after `on reopen`",
                    found: current, source: source, help: "write `on reopen resume`"))
        }
        if accept("reclassify") != nil {
            if accept("restart") != nil { return .reclassify(.restart) }
            if accept("keep") != nil {
                try expect(
                    "start", "after `on reclassify keep`", help: "write `on reclassify keep start`"
                )
                return .reclassify(.keepStart)
            }
            throw fail(
                .expected(
                    "`restart` or `keep start`", context: "after `on reclassify`", found: current,
                    source: source, help: "write `on reclassify keep start`"))
        }
        throw fail(
            .expected(
                "`reopen` or `reclassify`", context: "after `on` in a ladder", found: current,
                source: source, help: "write `on reopen resume` or `on reclassify keep start`"))
    }

    mutating func parseLevel() throws -> LevelDecl {
        let name = try expectName("the level's id")
        let label = optionalLabel()
        var after: DurationLiteral?
        var percent: PercentLiteral?
        var target: Name?
        let anchor: LevelDecl.Anchor
        if current.isWord("at"), peek().kind == .number, peek(2).isSymbol("%") {
            // `at 75% of sla [target]`: a share of a target's time, so only an SLA anchor.
            advance()
            let number = advance()
            let sign = advance()
            guard let value = Int64(number.value) else { throw fail(.numberTooLarge(number)) }
            let literal = PercentLiteral(
                value: value, range: SourceRange(number.range.lower, sign.range.upper))
            if !(1...100).contains(value) { report(.percentOutOfRange(literal)) }
            percent = literal
            try expect("of", "after the share", help: "write `at 75% of sla`")
            guard let sla = accept("sla") else {
                throw fail(
                    .expected(
                        "`sla`", context: "after `\(value)% of`", found: current, source: source,
                        help:
                            "a share is of an SLA target: `at 75% of sla` or `at 50% of sla first_answer`"
                    ))
            }
            anchor = .sla(sla.range)
            target = parseTargetName()
        } else if accept("after") != nil {
            after = try parseDuration("the level's threshold")
            try expect(
                "since", "after the threshold",
                help:
                    "say what the time counts from: `since referred`, `since opened` or `since sla`"
            )
            anchor = try parseAnchor()
            if case .sla = anchor { target = parseTargetName() }
        } else if accept("at") != nil {
            anchor = try parseAnchor()
            if case .sla = anchor { target = parseTargetName() }
        } else {
            throw fail(
                .expected(
                    "`after` or `at`", context: "in the level's threshold", found: current,
                    source: source,
                    help: "write `after 3 working days since referred` or `at sla`"))
        }
        var condition: Expr?
        if accept("when") != nil {
            condition = try parseExpression()
            if !current.isWord("then") {
                try rejectClauseReadAsCondition(condition, clauses: ["then"])
            }
        }
        try expect("then", "before the level's actions", help: "write `… then remind assignee`")
        var actions: [Action] = []
        repeat { actions.append(try parseAction()) } while acceptSymbol(",") != nil
        return LevelDecl(
            name: name, label: label, after: after, anchor: anchor, condition: condition,
            actions: actions, target: target, percent: percent)
    }

    /// The target named after an `sla` anchor, if one is: any word but the level's `when` and
    /// `then`.
    mutating func parseTargetName() -> Name? {
        guard current.kind == .word, !current.isWord("when"), !current.isWord("then") else {
            return nil
        }
        let token = advance()
        return Name(token.value, token.range)
    }

    mutating func parseAnchor() throws -> LevelDecl.Anchor {
        if let sla = accept("sla") { return .sla(sla.range) }
        return .field(try parsePath())
    }

    mutating func parseAction() throws -> Action {
        let start = current
        // The target is read before the action's range is taken, so the range covers it.
        func action(_ kind: Action.Kind, _ target: Name) -> Action {
            Action(
                kind: kind, target: target,
                range: SourceRange(start.range.lower, previous.range.upper))
        }
        switch current.kind == .word ? current.value : "" {
        case "remind":
            advance()
            return action(.remind, try expectName("who to remind (`assignee` or an agency)"))
        case "escalate":
            advance()
            try expect("to", "after `escalate`", help: "write `escalate to inspection`")
            return action(.escalate, try expectName("the agency to escalate to"))
        case "notify":
            advance()
            return action(.notify, try expectName("the agency to notify"))
        case "raise":
            advance()
            try expect("priority", "after `raise`")
            try expect("to", "after `raise priority`", help: "write `raise priority to urgent`")
            return action(.raisePriority, try parsePriorityValue())
        default:
            throw fail(.unknownAction(found: current, source: source))
        }
    }
}
