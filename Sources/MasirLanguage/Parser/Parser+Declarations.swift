extension Parser {
    mutating func parseRulebook() -> RulebookSyntax {
        let header = parseHeader()
        var declarations: [Declaration] = []
        while !atEnd {
            let start = index
            do {
                if let declaration = try parseDeclaration() { declarations.append(declaration) }
            } catch {
                synchronize(from: start) { Parser.declarationStarters.contains($0.value) }
            }
            if index == start { advance() }
        }
        return RulebookSyntax(
            header: header, declarations: declarations, range: SourceRange(0, source.bytes.count))
    }

    // MARK: - Header

    mutating func parseHeader() -> Header {
        let startIndex = index
        let start = current.range.lower
        let doc = docComments(before: start)
        var header = Header(doc: doc, id: Name("", current.range), range: current.range)
        if current.kind == .word && peek().isSymbol(":") || current.isSymbol("-") {
            // The whole file is in another language; one finding says so, instead of one per
            // line that does not parse.
            diagnostics.removeAll()
            report(.looksLikeYAML(current))
            index = tokens.count - 1
            return header
        }
        guard accept("rulebook") != nil else {
            report(.expectedRulebook(found: current, source: source))
            if !(current.kind == .word && Parser.declarationStarters.contains(current.value)) {
                synchronize(from: startIndex) { Parser.declarationStarters.contains($0.value) }
            }
            return header
        }
        do {
            header.id = try expectName("the rulebook's id")
            if accept("extends") != nil {
                header.extends = try expectName("the rulebook it extends")
            }
            while current.kind == .word, Parser.headerClauses.contains(current.value) {
                switch advance().value {
                case "title": header.title = try expectLabel("the rulebook's title")
                case "province": header.province = try expectLabel("the province's Persian name")
                case "english": header.english = try expectLabel("the English name")
                case "area":
                    try expect("code", "after `area`", help: "write `area code \"081\"`")
                    header.areaCode = try expectLabel("the telephone area code, in quotes")
                case "version": header.version = try expectLabel("the rulebook's version")
                case "effective":
                    header.effective = try parseDate("the date the rulebook takes effect")
                default:
                    if accept("calendar") != nil {
                        header.defaultCalendar = try expectName("the default calendar")
                    } else if accept("ladder") != nil {
                        header.defaultLadder = try expectName("the default escalation ladder")
                    } else {
                        throw fail(
                            .expected(
                                "`calendar` or `ladder`", context: "after `default`",
                                found: current, source: source))
                    }
                }
            }
        } catch {
            synchronize(from: startIndex) { Parser.declarationStarters.contains($0.value) }
        }
        header.range = SourceRange(start, previous.range.upper)
        return header
    }

    // MARK: - Declarations

    mutating func parseDeclaration() throws -> Declaration? {
        let start = current.range.lower
        let doc = docComments(before: start)
        guard current.kind == .word else {
            throw fail(.unknownDeclaration(found: current, source: source))
        }
        let kind: Declaration.Kind
        switch current.value {
        case "import":
            advance()
            kind = .importFile(try expectLabel("the file to import"))
        case "replace":
            advance()
            let innerStart = current.range.lower
            guard ["agency", "category", "county", "calendar", "property"].contains(current.value),
                current.kind == .word,
                let inner = try parseDeclaration()
            else {
                throw fail(
                    .expected(
                        "`agency`, `category`, `county`, `calendar` or `property`",
                        context: "after `replace`",
                        found: current, source: source,
                        help:
                            "rules and ladder levels are replaced inside their `routing` or `escalation` block"
                    ))
            }
            kind = .replace(
                Declaration(
                    doc: [], kind: inner.kind, range: SourceRange(innerStart, inner.range.upper)))
        case "disable":
            advance()
            let what = try expectName("what to disable")
            guard
                ["agency", "category", "county", "calendar", "routing", "escalation", "property"]
                    .contains(what.text)
            else {
                throw fail(
                    .expected(
                        "`agency`, `category`, `county`, `calendar`, `routing`, `escalation` or `property`",
                        context: "after `disable`",
                        found: previous, source: source,
                        help:
                            "rules and ladder levels are disabled inside their `routing` or `escalation` block"
                    ))
            }
            kind = .disable(kind: what, name: try expectName("the \(what.text) to disable"))
        case "agency": advance(); kind = .agency(try parseAgency())
        case "category": advance(); kind = .category(try parseCategory())
        case "county": advance(); kind = .county(try parseCounty())
        case "enum": advance(); kind = .enumeration(try parseEnum())
        case "case": advance(); kind = .schema(try parseSchema())
        case "calendar": advance(); kind = .calendar(try parseCalendar())
        case "routing": advance(); kind = .routing(try parseRouting())
        case "escalation": advance(); kind = .escalation(try parseLadder())
        case "property": advance(); kind = .property(try parseProperty())
        default:
            throw fail(.unknownDeclaration(found: current, source: source))
        }
        return Declaration(doc: doc, kind: kind, range: SourceRange(start, previous.range.upper))
    }

    mutating func parseProperty() throws -> PropertyDecl {
        let name = try expectName("the property's id")
        let label = optionalLabel()
        var condition: Expr?
        if accept("when") != nil { condition = try parseExpression() }
        try expect(
            "expect",
            condition == nil ? "after the property's id" : "after the property's condition",
            help: "write `property every_case_referred expect decision.referral is present`")
        return PropertyDecl(
            name: name, label: label, condition: condition, claim: try parseExpression())
    }

    mutating func parseAgency() throws -> AgencyDecl {
        let name = try expectName("the agency's id")
        var agency = AgencyDecl(name: name, label: try expectLabel("the agency's Persian name"))
        while true {
            if accept("english") != nil {
                agency.english = try expectLabel("the agency's English name")
            } else if accept("kind") != nil {
                agency.kind = try expectName("the agency's kind")
            } else if accept("supervisor") != nil {
                agency.supervisor = try expectName("the supervising agency")
            } else {
                break
            }
        }
        return agency
    }

    mutating func parseCategory() throws -> CategoryDecl {
        let name = try expectName("the category's id")
        var category = CategoryDecl(
            name: name, label: try expectLabel("the category's Persian label"), keywords: [])
        if accept("under") != nil { category.parent = try expectName("the parent category") }
        let beforeMentions = current.range.lower > 0 ? previous.range.upper : 0
        if let mentions = accept("mentions") {
            if current.kind != .string, atLineStart || atEnd {
                // Nothing follows on its line: the category is whole without the word, and the
                // next line is the next declaration, not a phrase.
                report(
                    Diagnostic(
                        .expectedLabel, "`mentions` has no keyword phrase after it",
                        at: mentions.range,
                        help:
                            "write phrases in quotes after it, `mentions \"وام مسکن\"`, or remove `mentions`",
                        fixIts: [
                            .init(
                                range: SourceRange(beforeMentions, mentions.range.upper),
                                replacement: "")
                        ]))
                return category
            }
            var phrases: [(literal: TextLiteral, comma: SourceRange?)] = []
            repeat {
                let literal = try expectLabel("a keyword phrase")
                let comma = acceptSymbol(",")?.range
                phrases.append((literal, comma))
            } while phrases.last?.comma != nil
            for (i, phrase) in phrases.enumerated() {
                guard phrase.literal.value.isBlank else {
                    category.keywords.append(phrase.literal)
                    continue
                }
                // The fix removes the phrase with one comma beside it, or the whole clause
                // when it is the only phrase.
                let removing: SourceRange
                if phrases.count == 1 {
                    removing = SourceRange(beforeMentions, phrase.literal.range.upper)
                } else if phrase.comma != nil, i + 1 < phrases.count {
                    removing = SourceRange(
                        phrase.literal.range.lower, phrases[i + 1].literal.range.lower)
                } else {
                    removing = SourceRange(
                        phrases[i - 1].literal.range.upper, phrase.literal.range.upper)
                }
                report(.emptyPhrase(phrase.literal.range, removing: removing))
            }
        }
        return category
    }

    mutating func parseCounty() throws -> CountyDecl {
        let name = try expectName("the county's id")
        var county = CountyDecl(name: name, label: try expectLabel("the county's Persian name"))
        if accept("english") != nil {
            county.english = try expectLabel("the county's English name")
        }
        return county
    }

    mutating func parseEnum() throws -> EnumDecl {
        let name = try expectName("the enumeration's id")
        let label = optionalLabel()
        _ = try expectSymbol(
            ":", "before the enumeration's values",
            help: "write `enum status: open, assigned, resolved`")
        var values: [EnumDecl.Value] = []
        repeat {
            values.append(
                EnumDecl.Value(name: try expectName("an enumeration value"), label: optionalLabel())
            )
        } while acceptSymbol(",") != nil
        return EnumDecl(name: name, label: label, values: values)
    }

    // MARK: - Case schema

    mutating func parseSchema() throws -> SchemaDecl {
        let open = previous
        var fields: [FieldDecl] = []
        while !atEnd, !current.isWord("end") {
            if current.kind == .word, Parser.declarationStarters.contains(current.value),
                atLineStart
            {
                break
            }
            let itemStart = index
            do {
                fields.append(try parseField())
            } catch {
                synchronize(from: itemStart) {
                    $0.value == "field" || $0.value == "end"
                        || Parser.declarationStarters.contains($0.value)
                }
            }
        }
        try expectEnd(of: "case", opened: open)
        return SchemaDecl(fields: fields)
    }

    mutating func parseField() throws -> FieldDecl {
        let start = current.range.lower
        let doc = docComments(before: start)
        try expect(
            "field", "in the case schema", help: "each line of the schema is `field name : type`")
        let path = try parsePath()
        _ = try expectSymbol(
            ":", "between the field's name and its type",
            help: "write `field \(path.dotted) : text`")
        var isSet = false
        if accept("set") != nil {
            try expect("of", "in `set of …`")
            isSet = true
        }
        let type = try expectName("the field's type")
        var field = FieldDecl(
            doc: doc, path: path, type: type, isSet: isSet, isOptional: false, range: .empty)
        while true {
            if accept("optional") != nil {
                field.isOptional = true
            } else if accept("default") != nil {
                field.defaultValue = try parseOperand()
            } else if accept("infer") != nil {
                try expect("from", "in `infer from description`")
                field.inferFrom = try parsePath()
            } else {
                break
            }
        }
        field.label = optionalLabel()
        field.range = SourceRange(start, previous.range.upper)
        return field
    }

    mutating func parsePath(_ what: String = "a field name") throws -> FieldPath {
        let first = try expectName(what)
        var segments = [first]
        var optional: Set<Int> = []
        while current.isSymbol(".") || current.isSymbol("?.") {
            if advance().value == "?." { optional.insert(segments.count) }
            segments.append(try expectName("a field name after `.`"))
        }
        return FieldPath(
            segments: segments, optionalSegments: optional,
            range: SourceRange(first.range.lower, previous.range.upper))
    }

    // MARK: - Calendars

    mutating func parseCalendar() throws -> CalendarDecl {
        let open = previous
        var calendar = CalendarDecl(
            name: try expectName("the calendar's id"), label: optionalLabel(), clauses: [])
        while !atEnd, !current.isWord("end") {
            if current.kind == .word, Parser.declarationStarters.contains(current.value),
                atLineStart
            {
                break
            }
            let clauseStart = current.range.lower
            let itemStart = index
            do {
                if accept("zone") != nil {
                    calendar.clauses.append(
                        .zone(try expectLabel("a time zone such as \"Asia/Tehran\"")))
                } else if accept("holidays") != nil {
                    try expect("from", "in `holidays from \"file.tsv\"`")
                    calendar.clauses.append(.holidays(try expectLabel("the holiday file")))
                } else if accept("closed") != nil {
                    let from = try parseDate("the closed date")
                    let to = accept("to") != nil ? try parseDate("the last closed date") : nil
                    let reason =
                        accept("because") != nil
                        ? try expectLabel("the reason for the closure") : nil
                    calendar.clauses.append(
                        .closed(
                            from: from, to: to, reason: reason,
                            range: SourceRange(clauseStart, previous.range.upper)))
                } else if accept("hours") != nil {
                    let hours = try parseHoursList()
                    try expect(
                        "from", "in seasonal hours",
                        help: "write `hours 07:00-13:00 from 1403/04/01 to 1403/06/31`")
                    let from = try parseDate("the first day of the seasonal hours")
                    try expect(
                        "to", "in seasonal hours",
                        help: "write `hours 07:00-13:00 from 1403/04/01 to 1403/06/31`")
                    let to = try parseDate("the last day of the seasonal hours")
                    calendar.clauses.append(
                        .seasonal(
                            hours: hours, from: from, to: to,
                            range: SourceRange(clauseStart, previous.range.upper)))
                } else if current.kind == .word,
                    // A word that starts a declaration would, once on a line of its own, close
                    // the calendar: it is never a weekday.
                    !Parser.declarationStarters.contains(current.value)
                {
                    let first = try expectName("a weekday")
                    let last =
                        accept("to") != nil ? try expectName("the last weekday of the range") : nil
                    let hours: [CalendarDecl.TimeRangeSyntax]
                    if accept("off") != nil { hours = [] } else { hours = try parseHoursList() }
                    calendar.clauses.append(
                        .weekdays(
                            first: first, last: last, hours: hours,
                            range: SourceRange(clauseStart, previous.range.upper)))
                } else {
                    throw fail(
                        .unknownClause(
                            found: current, in: "a calendar",
                            candidates: ["zone", "holidays", "closed", "hours", "saturday", "end"],
                            source: source))
                }
            } catch {
                synchronize(from: itemStart) {
                    ["zone", "holidays", "closed", "hours", "end"].contains($0.value)
                        || Parser.weekdayNames.contains($0.value)
                        || Parser.declarationStarters.contains($0.value)
                }
            }
        }
        try expectEnd(of: "calendar", opened: open)
        return calendar
    }

    static let weekdayNames = [
        "saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
    ]

    mutating func parseHoursList() throws -> [CalendarDecl.TimeRangeSyntax] {
        var result: [CalendarDecl.TimeRangeSyntax] = []
        repeat {
            let from = try parseTime()
            _ = try expectSymbol(
                "-", "between opening and closing time",
                help: "write working hours as `07:30-14:30`")
            let to = try parseTime()
            result.append(.init(from: from.value, to: to.value, range: from.range.union(to.range)))
        } while acceptSymbol(",") != nil
        return result
    }

    mutating func parseTime() throws -> Token {
        let token = try expectToken(
            .time, "a time such as `07:30`", "in working hours",
            help: current.kind == .word ? "write `off` for a day without working hours" : nil)
        let parts = token.value.split(separator: ":").compactMap { Int($0) }
        if parts.count != 2 || parts[0] > 24 || parts[1] > 59 || (parts[0] == 24 && parts[1] != 0) {
            report(.invalidTime(token))
        }
        return token
    }

    mutating func parseDate(_ what: String) throws -> DateLiteral {
        let token = try expectToken(.date, "a date such as `1403/07/01`", "for \(what)")
        if !Parser.isPlausibleDate(token.value) {
            report(.invalidDate(token))
        } else if !LiteralLimits.yearInRange(token.value) {
            report(.dateOutOfRange(token))
        }
        var literal = DateLiteral(date: token.value, time: nil, range: token.range)
        if current.kind == .time {
            let time = try parseTime()
            literal.time = time.value
            literal.range = token.range.union(time.range)
        }
        return literal
    }

    /// Month and day ranges only; whether the day exists in that month is checked with the calendar.
    static func isPlausibleDate(_ text: String) -> Bool {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" }).compactMap { Int($0) }
        guard parts.count == 3 else { return false }
        return (1...12).contains(parts[1]) && (1...31).contains(parts[2])
    }

    mutating func expectEnd(of block: String, opened: Token?) throws {
        if accept("end") != nil { return }
        throw fail(
            .expectedEnd(block: block, found: current, opened: opened?.range, source: source))
    }
}
