import Foundation

extension Session {
    // MARK: - Expressions

    /// Evaluates a Masir expression against the case: `true : bool`, or why it is undecided.
    func evaluate(_ input: String) -> Reply {
        if let missing = requireWorkspace() { return missing }
        let (chosen, _) = chosenBook()
        guard let book = chosen else {
            return error(
                "set the case's province first (:set province همدان): it chooses the rulebook")
        }
        let expression = StandaloneExpression(input, book: book)
        guard let typed = expression.typed else {
            let rendered = DiagnosticRenderer.render(
                expression.diagnostics, sources: [expression.source.name: expression.source],
                colour: options.colour)
            return Reply(
                text: rendered.replacingOccurrences(
                    of: "found the end of the file", with: "found the end of the line"),
                isError: true)
        }
        let (decoded, ignored) = decodeIgnoringErrors(book: book)
        guard let subject = decoded else {
            return error(
                "the case does not fit `\(book.id)`:\n"
                    + ignored.map(\.description).joined(separator: "\n"))
        }
        let notes = ignored.map { "warning: \($0.description) (left out)\n" }.joined()
        switch StandaloneExpression.evaluate(typed, book: book, subject: subject) {
        case .value(let value):
            return Reply(
                text: notes
                    + "\(Session.show(value)) : \(Session.typeName(typed.type, value: value))")
        case .absent(let path):
            return Reply(text: notes + "undecided: \(path) is absent")
        }
    }

    /// A value as the REPL shows it: yes/no as `true`/`false`, texts in «», ids bare.
    static func show(_ value: Value) -> String {
        switch value {
        case .bool(let b): b ? "true" : "false"
        case .text(let text): "«\(text)»"
        case .set(let items): "[" + items.map(show).joined(separator: ", ") + "]"
        default: value.description
        }
    }

    static func typeName(_ type: ValueType, value: Value) -> String {
        if type == .emptySet, case .set(let items) = value, items.isEmpty { return "empty list" }
        return type.description
    }

    // MARK: - Deciding

    /// The decision for the case at the evaluation instant, or the errors that prevent one.
    func decide(explain: Bool) -> Swift.Result<(Decision, Rulebook), ReplyError> {
        if let missing = requireWorkspace() { return .failure(ReplyError(reply: missing)) }
        let (chosen, chooseError) = chosenBook()
        if let chooseError, workspace?.isTree == true {
            return .failure(ReplyError(reply: error(chooseError.description)))
        }
        guard let book = chosen else {
            return .failure(ReplyError(reply: error("no rulebook for the case")))
        }
        switch decode(book: book, lenient: false) {
        case .failure(let errors):
            let text = errors.errors.map {
                ($0.isWarning ? "warning: " : "error: ") + $0.description
            }.joined(separator: "\n")
            return .failure(ReplyError(reply: Reply(text: text, isError: true)))
        case .success(let subject):
            return .success(
                (workspace!.engine.decide(subject, by: book, at: instant, explain: explain), book))
        }
    }

    struct ReplyError: Error {
        var reply: Reply
    }

    func route(explain: Bool) -> Reply {
        switch decide(explain: explain) {
        case .failure(let failure): return failure.reply
        case .success(let (decision, _)): return Reply(text: DecisionRenderer.text(decision))
        }
    }

    /// `:explain`: the decision, then the rules that decided it, why the rules a reader would
    /// expect did not match, and how many others did not; `:explain all` lists every rule.
    func explain(_ argument: String) -> Reply {
        if argument == "all" { return route(explain: true) }
        guard argument.isEmpty else { return error("usage: :explain [all]") }
        let decision: Decision, book: Rulebook
        switch decide(explain: true) {
        case .failure(let failure): return failure.reply
        case .success(let result): (decision, book) = result
        }
        let trace = decision.trace ?? []
        var plain = decision
        plain.trace = nil
        var lines = [DecisionRenderer.text(plain).trimmingTrailingWhitespace()]
        let answer = TraceAnswer(decision, rulebook: book)
        // A long text (a description a `mentions` rule read) is quoted once, then referred to.
        var quoted: Set<String> = []
        func saw(_ entry: Decision.TraceEntry) -> String {
            let values = (entry.saw ?? [:]).sorted { $0.key < $1.key }.map { key, value in
                if value.count > 40, !quoted.insert(key).inserted { return "\(key) = (as above)" }
                return "\(key) = \(value)"
            }
            return values.isEmpty ? "" : "  (saw \(values.joined(separator: ", ")))"
        }
        func place(_ entry: Decision.TraceEntry) -> String {
            entry.line.map { "  [\(entry.file):\($0)]" } ?? ""
        }
        if !answer.deciding.isEmpty { lines.append("  decided by:") }
        for entry in answer.deciding.map({ trace[$0] }) {
            lines.append("    ✓ \(entry.group).\(entry.rule)\(place(entry))")
            if entry.rule != "otherwise" { lines.append("        when \(entry.condition)") }
        }
        if !answer.whyNot.isEmpty { lines.append("  why not:") }
        for entry in answer.whyNot.map({ trace[$0] }) {
            let mark = entry.result == "undetermined" ? "?" : "✗"
            let reason =
                entry.failed.map {
                    ": \($0) \(entry.result == "undetermined" ? "is undecided" : "fails")"
                } ?? " (\(entry.result))"
            lines.append("    \(mark) \(entry.group).\(entry.rule)\(reason)\(saw(entry))")
        }
        if !answer.others.isEmpty {
            let count = answer.others.count
            lines.append(
                "  \(count) other rule\(count == 1 ? "" : "s") did not match (:explain all lists every rule)"
            )
        }
        return Reply(text: lines.joined(separator: "\n"))
    }

    // MARK: - :timeline

    func timeline() -> Reply {
        let decision: Decision, book: Rulebook
        switch decide(explain: false) {
        case .failure(let failure): return failure.reply
        case .success(let result): (decision, book) = result
        }
        let now = instant
        var lines: [String] = []
        guard let escalation = decision.escalation else {
            return Reply(
                text: "no escalation ladder applies (the rulebook names no default ladder)")
        }
        let ladderLabel = book.ladder(escalation.ladder)?.label.map { " «\($0)»" } ?? ""
        lines.append(
            "ladder \(escalation.ladder)\(ladderLabel), clock \(escalation.clock), at \(now.jalaliDescription)"
        )
        let paused = escalation.clock == "paused" ? pausedClock(decision, book) : nil
        if let sla = decision.sla {
            let due = paused ?? "due \(sla.due?.jalali ?? "unknown")"
            lines.append(
                "  sla       \(sla.duration) from \(sla.start.jalali) → \(due)  ← \(sla.rule)")
            if let remaining = sla.remaining {
                lines.append("            " + DecisionRenderer.remainingText(remaining))
            }
        } else {
            lines.append("  sla       none")
        }
        // Every target with its own clock, the primary one (already shown) aside.
        for target in decision.targets ?? [] where target.target != "sla" || target.round != nil {
            lines.append("  target    " + DecisionRenderer.targetText(target))
        }
        // Levels in time order; those without a due instant last, in ladder order.
        let ordered = escalation.levels.enumerated().sorted { a, b in
            switch (a.element.due?.iso, b.element.due?.iso) {
            case (let x?, let y?):
                let ix = Instant(iso8601: x)!, iy = Instant(iso8601: y)!
                return ix != iy ? ix < iy : a.offset < b.offset
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
        let width = escalation.levels.map { $0.level.count }.max() ?? 0
        for level in ordered {
            let isNext = escalation.next?.level == level.level
            let mark = level.fired ? "✓" : isNext ? "→" : " "
            let due = level.due?.jalali ?? "—".padding(toLength: 16, withPad: " ", startingAt: 0)
            var line =
                "  \(mark) \(level.level.padding(toLength: width, withPad: " ", startingAt: 0))  \(due)  \(level.actions.joined(separator: ", "))"
            if level.fired {
                line += "  (fired)"
            } else if paused != nil, level.due == nil {
                line += "  (waits while the clock is paused)"
            } else if let note = level.note {
                line += "  (\(note))"
            }
            if let target = level.target { line += "  [sla \(target)]" }
            if let label = level.label { line += "  «\(label)»" }
            lines.append(line)
        }
        if let next = escalation.next, let due = next.due?.instant {
            lines.append(
                "  next: \(next.level) at \(next.due!.jalali), in \(Session.span(from: now, to: due))"
            )
        } else {
            lines.append("  next: none")
        }
        if escalation.effectivePriority != decision.priority.level {
            lines.append("  priority raised to \(escalation.effectivePriority)")
        }
        return Reply(text: lines.joined(separator: "\n"))
    }

    /// `paused since 1403/08/13 08:00, 14 working hours left`: what a paused SLA clock has
    /// left of the deadline it would have had, counted from the start of the pause.
    func pausedClock(_ decision: Decision, _ book: Rulebook) -> String? {
        guard let sla = decision.sla, let start = Instant(iso8601: sla.start.iso),
            case .success(let subject) = decode(book: book, lenient: false)
        else { return nil }
        let clock = Clock(
            book: book, subject: subject,
            ladder: decision.escalation.flatMap { book.ladder($0.ladder) }, at: instant)
        guard let open = clock.pauses.first(where: { $0.upperBound == Clock.openEnd }) else {
            return nil
        }
        let since = open.lowerBound
        var text = "paused since \(since.jalaliDescription)"
        let outcome = book.groups.lazy.compactMap { group -> ResolvedOutcome? in
            if sla.rule == "\(group.id).otherwise" { return group.fallback }
            return group.rules.first { "\(group.id).\($0.id)" == sla.rule }?.outcome
        }.first
        guard let duration = outcome?.sla,
            let due = Clock.deadline(
                from: start, duration.clockAmount, calendar: clock.calendar,
                pauses: clock.pauses.filter { $0.upperBound != Clock.openEnd })
        else { return text }
        if due <= since { return text + ", the deadline had passed before the pause" }
        if duration.working, let calendar = clock.calendar {
            let tenths = calendar.workingSeconds(from: since, to: due) / 360
            let hours = tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
            text += ", \(hours) working hour\(tenths == 10 ? "" : "s") left"
        } else {
            text += ", \(Session.span(from: since, to: due)) left"
        }
        return text
    }

    /// `2 days 4 hours`: calendar time between two instants, to the minute.
    static func span(from start: Instant, to end: Instant) -> String {
        Decision.Remaining.calendarText(minutes: max(0, start.distance(to: end)) / 60)
    }
}
