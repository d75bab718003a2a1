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
        if let sla = decision.sla {
            lines.append(
                "  sla       \(sla.duration) from \(sla.start.jalali) → due \(sla.due?.jalali ?? "unknown")  ← \(sla.rule)"
            )
        } else {
            lines.append("  sla       none")
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
            } else if let note = level.note {
                line += "  (\(note))"
            }
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

    /// `2 days 4 hours`: calendar time between two instants, to the minute.
    static func span(from start: Instant, to end: Instant) -> String {
        let minutes = max(0, start.distance(to: end)) / 60
        let days = minutes / 1440, hours = minutes % 1440 / 60, rest = minutes % 60
        var parts: [String] = []
        if days > 0 { parts.append("\(days) day\(days == 1 ? "" : "s")") }
        if hours > 0 { parts.append("\(hours) hour\(hours == 1 ? "" : "s")") }
        if rest > 0 || parts.isEmpty { parts.append("\(rest) minute\(rest == 1 ? "" : "s")") }
        return parts.joined(separator: " ")
    }
}
