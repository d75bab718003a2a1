/// Prints a rulebook in the canonical layout, keeping every comment.
///
/// The layout is a pure function of the syntax tree, so formatting is idempotent. Each output line
/// knows the source span of the code it prints; a comment goes at the end of the previous line
/// if it trailed that line's last code, and otherwise on its own line before the first line whose
/// span ends after it (so a comment inside a declaration that is joined onto one line moves just
/// above it). Formatting never changes the tree (`SyntaxDump` is equal before and after).
public struct Formatter: Sendable {
    private let source: SourceFile
    private var pendingComments: [Comment]
    private var lines: [String] = []
    private var lastCodeLine: Int?
    private var lastCodeEnd = 0

    public static func format(_ file: ParsedFile) -> String {
        var formatter = Formatter(source: file.source, pendingComments: file.comments)
        formatter.rulebook(file.syntax)
        formatter.flushComments(before: Int.max, indent: 0)
        while formatter.lines.last == "" { formatter.lines.removeLast() }
        return formatter.lines.joined(separator: "\n") + "\n"
    }

    /// The file's parts — its header, then each declaration — each printed on its own in the
    /// canonical layout with the comments inside its span, and that span. An editor formatting a
    /// selection rewrites only the parts it touches: comments between parts, blank lines and every
    /// other declaration keep their bytes.
    package static func formattedParts(_ file: ParsedFile) -> [(range: SourceRange, text: String)] {
        func printed(_ range: SourceRange, _ body: (inout Formatter) -> Void) -> String {
            let inside = file.comments.filter {
                range.lower <= $0.range.lower && $0.range.upper <= range.upper
            }
            var formatter = Formatter(source: file.source, pendingComments: inside)
            body(&formatter)
            formatter.flushComments(before: range.upper, indent: 1)
            while formatter.lines.last == "" { formatter.lines.removeLast() }
            return formatter.lines.joined(separator: "\n")
        }
        let header = file.syntax.header
        var parts = [
            (
                header.range,
                printed(header.range) {
                    $0.rulebook(
                        RulebookSyntax(header: header, declarations: [], range: header.range))
                }
            )
        ]
        for declaration in file.syntax.declarations {
            parts.append(
                (
                    declaration.range,
                    printed(declaration.range) {
                        $0.declaration(declaration.kind, range: declaration.range, prefix: "")
                    }
                ))
        }
        return parts
    }

    package init(source: SourceFile, pendingComments: [Comment]) {
        self.source = source
        self.pendingComments = pendingComments.sorted { $0.range.lower < $1.range.lower }
    }

    // MARK: - Output

    private func sourceLine(of offset: Int) -> Int { source.lineIndex(of: offset) }

    /// Puts back the comments that start before `offset`; a comment may trail the last line only
    /// when `mayTrail`, i.e. when it lies after that line's code.
    private mutating func flushComments(before offset: Int, indent: Int, mayTrail: Bool = true) {
        while pendingComments.first.map({ $0.range.lower < offset }) == true {
            let comment = pendingComments.removeFirst()
            if mayTrail, comment.isTrailing, let line = lastCodeLine,
                comment.range.lower >= lastCodeEnd,
                sourceLine(of: comment.range.lower) == sourceLine(of: max(0, lastCodeEnd - 1))
            {
                lines[line] += "  #" + comment.text
            } else {
                lines.append(String(repeating: "  ", count: indent) + "#" + comment.text)
            }
        }
    }

    private mutating func blank() {
        if let last = lines.last, last != "" { lines.append("") }
    }

    /// Appends one line printing the code found at `span` in the source.
    private mutating func emit(_ indent: Int, _ text: String, at span: SourceRange) {
        flushComments(before: span.lower, indent: indent)
        flushComments(before: span.upper, indent: indent, mayTrail: false)
        lines.append(String(repeating: "  ", count: indent) + text)
        lastCodeLine = lines.count - 1
        lastCodeEnd = span.upper
    }

    /// The span of a block's first line: from its first keyword to the last of `parts`.
    private func headerSpan(_ range: SourceRange, _ parts: SourceRange?...) -> SourceRange {
        SourceRange(range.lower, parts.compactMap { $0?.upper }.max() ?? range.lower)
    }

    // MARK: - Declarations

    private mutating func rulebook(_ syntax: RulebookSyntax) {
        let header = syntax.header
        var first = "rulebook \(header.id.text)"
        if let parent = header.extends { first += " extends \(parent.text)" }
        emit(0, first, at: headerSpan(header.range, header.id.range, header.extends?.range))
        if let title = header.title { emit(1, "title \(quote(title.value))", at: title.range) }
        for (word, text) in [
            ("province", header.province), ("english", header.english),
            ("area code", header.areaCode), ("version", header.version),
        ] {
            if let text { emit(1, "\(word) \(quote(text.value))", at: text.range) }
        }
        if let effective = header.effective {
            emit(1, "effective \(date(effective))", at: effective.range)
        }
        if let calendar = header.defaultCalendar {
            emit(1, "default calendar \(calendar.text)", at: calendar.range)
        }
        if let ladder = header.defaultLadder {
            emit(1, "default ladder \(ladder.text)", at: ladder.range)
        }

        var previousKind: String? = "header"
        for declaration in syntax.declarations {
            let kind = kindName(declaration.kind)
            if previousKind != kind || isBlock(declaration.kind)
                || previousKind.map(isBlockName) == true
            {
                blank()
            }
            self.declaration(declaration.kind, range: declaration.range, prefix: "")
            previousKind = kind
        }
    }

    private func kindName(_ kind: Declaration.Kind) -> String {
        switch kind {
        case .importFile: "import"
        case .agency: "agency"
        case .category: "category"
        case .county: "county"
        case .enumeration: "enum"
        case .schema: "case"
        case .calendar: "calendar"
        case .routing: "routing"
        case .escalation: "escalation"
        case .property: "property"
        case .replace(let inner): "replace " + kindName(inner.kind)
        case .disable: "disable"
        }
    }

    private func isBlockName(_ name: String) -> Bool {
        [
            "case", "calendar", "routing", "escalation", "replace calendar", "property",
            "replace property",
        ].contains(name)
    }

    private func isBlock(_ kind: Declaration.Kind) -> Bool { isBlockName(kindName(kind)) }

    private mutating func declaration(_ kind: Declaration.Kind, range: SourceRange, prefix: String)
    {
        switch kind {
        case .importFile(let file):
            emit(0, "import \(quote(file.value))", at: range)
        case .agency(let agency):
            var text = "\(prefix)agency \(agency.name.text) \(quote(agency.label.value))"
            if let english = agency.english { text += " english \(quote(english.value))" }
            if let kind = agency.kind { text += " kind \(kind.text)" }
            if let supervisor = agency.supervisor { text += " supervisor \(supervisor.text)" }
            emit(0, text, at: range)
        case .category(let category):
            var text = "\(prefix)category \(category.name.text) \(quote(category.label.value))"
            if let parent = category.parent { text += " under \(parent.text)" }
            if !category.keywords.isEmpty {
                text +=
                    " mentions " + category.keywords.map { quote($0.value) }.joined(separator: ", ")
            }
            emit(0, text, at: range)
        case .county(let county):
            var text = "\(prefix)county \(county.name.text) \(quote(county.label.value))"
            if let english = county.english { text += " english \(quote(english.value))" }
            emit(0, text, at: range)
        case .enumeration(let enumeration):
            var text = "enum \(enumeration.name.text)"
            if let label = enumeration.label { text += " \(quote(label.value))" }
            text +=
                ": "
                + enumeration.values.map { value in
                    value.name.text + (value.label.map { " " + quote($0.value) } ?? "")
                }.joined(separator: ", ")
            emit(0, text, at: range)
        case .schema(let schema):
            emit(0, "case", at: SourceRange(range.lower, range.lower + "case".utf8.count))
            for field in schema.fields { self.field(field) }
            end(range)
        case .calendar(let calendar):
            self.calendar(calendar, range: range, prefix: prefix)
        case .routing(let routing):
            self.routing(routing, range: range)
        case .escalation(let ladder):
            self.ladder(ladder, range: range)
        case .property(let property):
            emit(
                0,
                "\(prefix)property \(property.name.text)"
                    + (property.label.map { " " + quote($0.value) } ?? ""),
                at: headerSpan(range, property.name.range, property.label?.range))
            if let condition = property.condition {
                emit(1, "when \(expression(condition, minimum: 0))", at: condition.range)
            }
            emit(1, "expect \(expression(property.claim, minimum: 0))", at: property.claim.range)
        case .replace(let inner):
            declaration(inner.kind, range: range, prefix: "replace ")
        case .disable(let what, let name):
            emit(0, "disable \(what.text) \(name.text)", at: range)
        }
    }

    /// `range` is the whole block, so it ends with the `end` keyword.
    private mutating func end(_ range: SourceRange) {
        let keyword = SourceRange(range.upper - "end".utf8.count, range.upper)
        flushComments(before: keyword.lower, indent: 1)
        emit(0, "end", at: keyword)
    }

    private mutating func field(_ field: FieldDecl) {
        var text = "field \(path(field.path)) : \(field.isSet ? "set of " : "")\(field.type.text)"
        if field.isOptional { text += " optional" }
        if let value = field.defaultValue { text += " default \(expression(value, minimum: 6))" }
        if let source = field.inferFrom { text += " infer from \(path(source))" }
        if let label = field.label { text += " \(quote(label.value))" }
        emit(1, text, at: field.range)
    }

    private mutating func calendar(_ calendar: CalendarDecl, range: SourceRange, prefix: String) {
        emit(
            0,
            "\(prefix)calendar \(calendar.name.text)"
                + (calendar.label.map { " " + quote($0.value) } ?? ""),
            at: headerSpan(range, calendar.name.range, calendar.label?.range))
        for clause in calendar.clauses {
            switch clause {
            case .zone(let zone):
                emit(1, "zone \(quote(zone.value))", at: zone.range)
            case .weekdays(let first, let last, let hours, let range):
                let days = first.text + (last.map { " to \($0.text)" } ?? "")
                emit(1, "\(days) \(hours.isEmpty ? "off" : hoursList(hours))", at: range)
            case .holidays(let file):
                emit(1, "holidays from \(quote(file.value))", at: file.range)
            case .closed(let from, let to, let reason, let range):
                var text = "closed \(date(from))"
                if let to { text += " to \(date(to))" }
                if let reason { text += " because \(quote(reason.value))" }
                emit(1, text, at: range)
            case .seasonal(let hours, let from, let to, let range):
                emit(1, "hours \(hoursList(hours)) from \(date(from)) to \(date(to))", at: range)
            }
        }
        end(range)
    }

    private func hoursList(_ hours: [CalendarDecl.TimeRangeSyntax]) -> String {
        hours.map { "\($0.from)-\($0.to)" }.joined(separator: ", ")
    }

    /// `keyword name «label» tail` at the left margin, spanning the header's own tokens.
    private mutating func header(
        _ keyword: String, _ name: Name, _ label: TextLiteral?, _ tail: String?,
        range: SourceRange, _ tailRange: SourceRange?
    ) {
        var text = "\(keyword) \(name.text)"
        if let label { text += " \(quote(label.value))" }
        if let tail { text += " \(tail)" }
        emit(0, text, at: headerSpan(range, name.range, label?.range, tailRange))
    }

    private mutating func routing(_ routing: RoutingDecl, range: SourceRange) {
        header(
            "routing", routing.name, routing.label, routing.policy?.rawValue, range: range,
            routing.policyRange)
        var first = true
        for item in routing.items {
            if !first { blank() }
            first = false
            switch item.kind {
            case .rule(let rule): self.rule(rule, prefix: "", range: item.range)
            case .replace(let rule): self.rule(rule, prefix: "replace ", range: item.range)
            case .disable(let name): emit(1, "disable rule \(name.text)", at: item.range)
            }
        }
        if let outcome = routing.otherwise {
            if !routing.items.isEmpty { blank() }
            let start = routing.otherwiseRange?.lower ?? range.lower
            emit(1, "otherwise", at: SourceRange(start, start + "otherwise".utf8.count))
            self.outcome(outcome, indent: 2)
        }
        end(range)
    }

    private mutating func rule(_ rule: RuleDecl, prefix: String, range: SourceRange) {
        emit(
            1, "\(prefix)rule \(rule.name.text)" + (rule.label.map { " " + quote($0.value) } ?? ""),
            at: headerSpan(range, rule.name.range, rule.label?.range))
        if let first = rule.validFrom ?? rule.validUntil,
            let last = rule.validUntil ?? rule.validFrom
        {
            var text = "valid"
            if let from = rule.validFrom { text += " from \(date(from))" }
            if let until = rule.validUntil { text += " until \(date(until))" }
            emit(2, text, at: first.range.union(last.range))
        }
        if let condition = rule.condition {
            emit(2, "when \(expression(condition, minimum: 0))", at: condition.range)
        }
        outcome(rule.outcome, indent: 2)
    }

    private mutating func outcome(_ outcome: Outcome, indent: Int) {
        let copies = outcome.copies.map(\.text).joined(separator: ", ")
        if let agency = outcome.referTo {
            emit(
                indent, "refer to \(path(agency))" + (copies.isEmpty ? "" : " copy " + copies),
                at: agency.range.union(outcome.copies.last?.range ?? agency.range))
        } else if let first = outcome.copies.first, let last = outcome.copies.last {
            emit(indent, "copy " + copies, at: first.range.union(last.range))
        }
        // Within a kind, conditional parts keep their order and come before the unconditional
        // one, which is the order they are tried in.
        func parts(_ text: (ConditionalPart.Kind) -> String?) {
            for part in outcome.conditional {
                guard let head = text(part.kind) else { continue }
                emit(
                    indent, "\(head) when \(expression(part.condition, minimum: 0))",
                    at: part.range)
            }
        }
        parts {
            if case .copy(let names) = $0 {
                "copy " + names.map(\.text).joined(separator: ", ")
            } else {
                nil
            }
        }
        parts { if case .priority(let p) = $0 { "priority \(p.text)" } else { nil } }
        if let priority = outcome.priority {
            emit(indent, "priority \(priority.text)", at: priority.range)
        }
        parts { if case .sla(let sla) = $0 { "sla \(duration(sla))" } else { nil } }
        if let sla = outcome.sla { emit(indent, "sla \(duration(sla))", at: sla.range) }
        // Each named target with its conditional parts first, in the order targets first appear.
        var targetNames: [String] = []
        for part in outcome.conditional {
            if case .target(let name, _) = part.kind, !targetNames.contains(name.text) {
                targetNames.append(name.text)
            }
        }
        for target in outcome.targets where !targetNames.contains(target.name.text) {
            targetNames.append(target.name.text)
        }
        for name in targetNames {
            parts {
                if case .target(let target, let d) = $0, target.text == name {
                    "sla \(name) \(duration(d))"
                } else {
                    nil
                }
            }
            for target in outcome.targets where target.name.text == name {
                emit(
                    indent, "sla \(name) \(duration(target.duration))",
                    at: target.name.range.union(target.duration.range))
            }
        }
        parts { if case .because(let b) = $0 { "because \(quote(b.value))" } else { nil } }
        if let because = outcome.because {
            emit(indent, "because \(quote(because.value))", at: because.range)
        }
        if let ladder = outcome.ladder { emit(indent, "ladder \(ladder.text)", at: ladder.range) }
    }

    private mutating func ladder(_ ladder: LadderDecl, range: SourceRange) {
        header(
            "escalation", ladder.name, ladder.label, ladder.calendar.map { "on \($0.text)" },
            range: range, ladder.calendar?.range)
        if let first = ladder.pauseWhile.first, let last = ladder.pauseWhile.last {
            emit(
                1, "pause while " + ladder.pauseWhile.map(\.text).joined(separator: ", "),
                at: first.range.union(last.range))
        }
        if let first = ladder.stopWhen.first, let last = ladder.stopWhen.last {
            emit(
                1, "stop when " + ladder.stopWhen.map(\.text).joined(separator: ", "),
                at: first.range.union(last.range))
        }
        for clock in ladder.clocks {
            var text = clock.target.map { "sla \($0.text) " } ?? ""
            switch clock.kind {
            case .pause(let statuses):
                text += "pause while " + statuses.map(\.text).joined(separator: ", ")
            case .stop(let statuses):
                text += "stop when " + statuses.map(\.text).joined(separator: ", ")
            case .reopen(let policy): text += "on reopen \(policy.rawValue)"
            case .reclassify(let policy): text += "on reclassify \(policy.rawValue)"
            }
            emit(1, text, at: clock.range)
        }
        for item in ladder.items {
            switch item.kind {
            case .level(let level): self.level(level, prefix: "", range: item.range)
            case .replace(let level): self.level(level, prefix: "replace ", range: item.range)
            case .disable(let name): emit(1, "disable level \(name.text)", at: item.range)
            }
        }
        end(range)
    }

    private mutating func level(_ level: LevelDecl, prefix: String, range: SourceRange) {
        emit(
            1,
            "\(prefix)level \(level.name.text)" + (level.label.map { " " + quote($0.value) } ?? ""),
            at: headerSpan(range, level.name.range, level.label?.range))
        let anchor: String
        let anchorRange: SourceRange
        switch level.anchor {
        case .sla(let range):
            anchor = "sla" + (level.target.map { " " + $0.text } ?? "")
            anchorRange = level.target.map { range.union($0.range) } ?? range
        case .field(let field): anchor = path(field); anchorRange = field.range
        }
        if let percent = level.percent {
            emit(
                2, "at \(percent.value)% of \(anchor)", at: percent.range.union(anchorRange))
        } else if let after = level.after {
            emit(2, "after \(duration(after)) since \(anchor)", at: after.range.union(anchorRange))
        } else {
            emit(2, "at \(anchor)", at: anchorRange)
        }
        if let condition = level.condition {
            emit(2, "when \(expression(condition, minimum: 0))", at: condition.range)
        }
        let actions = level.actions.map { action -> String in
            switch action.kind {
            case .remind: "remind \(action.target.text)"
            case .escalate: "escalate to \(action.target.text)"
            case .notify: "notify \(action.target.text)"
            case .raisePriority: "raise priority to \(action.target.text)"
            }
        }
        let actionSpan = level.actions.map(\.range).reduce(level.actions.first?.range ?? range) {
            $0.union($1)
        }
        emit(2, "then " + actions.joined(separator: ", "), at: actionSpan)
    }

    // MARK: - Expressions and literals

    /// Precedence of an expression's outermost construct, as in the grammar.
    private func precedence(_ expr: Expr) -> Int {
        switch expr {
        case .binary(let op, _, _, _): op.precedence
        case .not: 3
        case .presence, .under, .mentions: 4
        default: 6
        }
    }

    package func expression(_ expr: Expr, minimum: Int) -> String {
        let text: String
        switch expr {
        case .text(let literal): text = quote(literal.value)
        case .integer(let value, _): text = String(value)
        case .money(let value, _): text = Formatter.grouped(value) + " rials"
        case .boolean(let value, _): text = value ? "yes" : "no"
        case .date(let literal): text = date(literal)
        case .duration(let literal): text = duration(literal)
        case .path(let field): text = path(field)
        case .list(let items, _):
            text = "[" + items.map { expression($0, minimum: 0) }.joined(separator: ", ") + "]"
        case .call(let name, let arguments, _):
            text =
                name.text + "("
                + arguments.map { expression($0, minimum: 0) }.joined(separator: ", ") + ")"
        // Parentheses after `not` are not needed by the grammar but keep `not (a > b)` readable.
        case .not(let operand, _):
            if case .not = operand {
                text = "not " + expression(operand, minimum: 3)
            } else {
                text = "not " + expression(operand, minimum: precedence(operand) <= 4 ? 5 : 3)
            }
        case .binary(let op, let left, let right, _):
            let p = op.precedence
            if p == 4 {
                text =
                    "\(expression(left, minimum: 5)) \(op.rawValue) \(expression(right, minimum: 5))"
            } else {
                text =
                    "\(expression(left, minimum: p)) \(op.rawValue) \(expression(right, minimum: p + 1))"
            }
        case .presence(let operand, let present, _):
            text = "\(expression(operand, minimum: 5)) is \(present ? "present" : "absent")"
        case .under(let operand, let category, _):
            text = "\(expression(operand, minimum: 5)) under \(category.text)"
        case .mentions(let operand, let mode, let phrases, _):
            text =
                "\(expression(operand, minimum: 5)) mentions \(mode == .single ? "" : mode.rawValue + " ")\(expression(phrases, minimum: 5))"
        case .missing: text = "?"
        }
        return precedence(expr) < minimum ? "(\(text))" : text
    }

    package static func grouped(_ value: Int64) -> String {
        let digits = Array(String(value.magnitude))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    func path(_ field: FieldPath) -> String {
        var text = ""
        for (index, segment) in field.segments.enumerated() {
            if index > 0 { text += field.optionalSegments.contains(index) ? "?." : "." }
            text += segment.text
        }
        return text
    }

    func date(_ literal: DateLiteral) -> String {
        literal.date + (literal.time.map { " " + $0 } ?? "")
    }

    package func duration(_ literal: DurationLiteral) -> String {
        let unit =
            literal.amount == 1 ? String(literal.unit.rawValue.dropLast()) : literal.unit.rawValue
        return "\(literal.amount) \(literal.working ? "working " : "")\(unit)"
    }

    /// Straight quotes, except that a text containing `"` reads better in «…», which needs no
    /// escapes (it cannot hold `»` or a line break). One pass over the bytes: Foundation's
    /// `replacingOccurrences` made this most of the formatter's time.
    func quote(_ text: String) -> String {
        var hasQuote = false, hasBackslash = false, hasNewline = false
        for byte in text.utf8 {
            switch byte {
            case 0x22: hasQuote = true
            case 0x5C: hasBackslash = true
            case 0x0A: hasNewline = true
            default: break
            }
        }
        if hasQuote, !hasNewline, !text.contains("»") { return "«" + text + "»" }
        guard hasQuote || hasBackslash || hasNewline else { return "\"" + text + "\"" }
        var escaped = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped + "\""
    }
}
