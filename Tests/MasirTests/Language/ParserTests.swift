import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

@Suite struct ParserTests {
    /// Parses `source` as the condition of a rule and prints it as an S-expression.
    static func condition(_ source: String) throws -> String {
        let parsed = parse("rulebook r\nrouting g\n  rule a when \(source) refer to y\nend\n")
        try #require(parsed.errors.isEmpty, "\(parsed.rendered)")
        guard case .routing(let routing) = parsed.syntax.declarations.first?.kind,
            case .rule(let rule) = routing.items.first?.kind,
            let condition = rule.condition
        else { throw Failure("no rule") }
        return sexpr(condition)
    }

    struct Failure: Error {
        let message: String; init(_ message: String) { self.message = message }
    }

    static func sexpr(_ expr: Expr) -> String {
        switch expr {
        case .text(let text): "\"\(text.value)\""
        case .integer(let value, _): "\(value)"
        case .money(let value, _): "\(value)rial"
        case .boolean(let value, _): "\(value)"
        case .date(let date): date.date + (date.time.map { "T" + $0 } ?? "")
        case .duration(let d): "\(d.amount)\(d.working ? "w" : "")\(d.unit.rawValue.prefix(1))"
        case .path(let path):
            path.segments.enumerated().map {
                ($0 > 0 ? (path.optionalSegments.contains($0) ? "?." : ".") : "") + $1.text
            }.joined()
        case .list(let items, _): "[" + items.map(sexpr).joined(separator: " ") + "]"
        case .call(let name, let arguments, _):
            "(\(name.text)() " + arguments.map(sexpr).joined(separator: " ") + ")"
        case .not(let operand, _): "(not \(sexpr(operand)))"
        case .binary(let op, let left, let right, _):
            "(\(op.rawValue) \(sexpr(left)) \(sexpr(right)))"
        case .presence(let operand, let present, _):
            "(\(present ? "present" : "absent") \(sexpr(operand)))"
        case .under(let operand, let category, _): "(under \(sexpr(operand)) \(category.text))"
        case .mentions(let operand, let mode, let phrases, _):
            "(mentions\(mode == .single ? "" : "-" + mode.rawValue) \(sexpr(operand)) \(sexpr(phrases)))"
        case .missing: "?"
        }
    }

    // MARK: - Precedence: or < and < not < comparison < ?? < operand

    @Test(arguments: [
        ("a or b and c", "(or a (and b c))"),
        ("a and b or c", "(or (and a b) c)"),
        ("a or b or c", "(or (or a b) c)"),
        ("a and b and c", "(and (and a b) c)"),
        ("not a and b", "(and (not a) b)"),
        ("not a or not b", "(or (not a) (not b))"),
        ("not not a", "(not (not a))"),
        ("not a is b", "(not (is a b))"),
        ("a is b and c is not d", "(and (is a b) (is not c d))"),
        ("a ?? b is c", "(is (?? a b) c)"),
        ("a ?? b ?? c", "(?? (?? a b) c)"),
        ("a < b", "(< a b)"), ("a <= b", "(<= a b)"), ("a > b", "(> a b)"), ("a >= b", "(>= a b)"),
        ("a in [1, 2]", "(in a [1 2])"),
        ("a not in []", "(not in a [])"),
        ("s contains \"x\"", "(contains s \"x\")"),
        ("s intersects [x]", "(intersects s [x])"),
        ("a is present", "(present a)"),
        ("a is not present", "(absent a)"),
        ("a is absent", "(absent a)"),
        ("a is not absent", "(present a)"),
        ("category under housing", "(under category housing)"),
        ("d mentions \"x\"", "(mentions d \"x\")"),
        ("d mentions any [\"x\"]", "(mentions-any d [\"x\"])"),
        ("d mentions all [\"x\"]", "(mentions-all d [\"x\"])"),
        ("(a or b) and c", "(and (or a b) c)"),
        ("not (a or b)", "(not (or a b))"),
        ("((a))", "a"),
        ("f()", "(f() )"),
        ("f(a, b or c)", "(f() a (or b c))"),
        ("caller?.age.value", "caller?.age.value"),
        ("x is 5,000 rials", "(is x 5000rial)"),
        ("x is 5 ریال", "(is x 5rial)"),
        ("x < 3 working days", "(< x 3wd)"),
        ("x < 1 hour", "(< x 1h)"),
        ("x >= 1403/07/01 10:00", "(>= x 1403/07/01T10:00)"),
        ("x is yes or x is false", "(or (is x true) (is x false))"),
        ("[[1], []] contains [1]", "(contains [[1] []] [1])"),
        // Keywords are contextual: where an operand is expected, a keyword is a field name.
        (
            "status is open and priority is high and sla > 2 days",
            "(and (and (is status open) (is priority high)) (> sla 2d))"
        ),
        ("rule is end", "(is rule end)"),
    ])
    func precedence(_ source: String, _ expected: String) throws {
        #expect(try Self.condition(source) == expected)
    }

    @Test(arguments: [
        ("a < b < c", DiagnosticCode.chainedComparison),
        ("a is b is c", .chainedComparison),
        ("a == b", .equalsOperator),
        ("a = b", .equalsOperator),
        ("a != b", .equalsOperator),
        ("(a", .expectedToken),
        ("a and", .expectedExpression),
        ("f(a,)", .expectedExpression),
        ("[1, 2", .expectedToken),
        ("99999999999999999999 > a", .numberTooLarge),
        ("a < 5 weeks", .unknownUnit),
        ("a < 5 working", .durationWithoutUnit),
        ("a under", .expectedName),
    ])
    func malformedConditions(_ source: String, _ code: DiagnosticCode) {
        let parsed = parse("rulebook r\nrouting g\n  rule a when \(source) refer to y\nend\n")
        #expect(parsed.errors.first?.code == code, "\(parsed.rendered)")
    }

    // MARK: - Declarations

    static func declarations(_ source: String) throws -> [Declaration.Kind] {
        let parsed = parse("rulebook r\n" + source)
        try #require(parsed.errors.isEmpty, "\(parsed.rendered)")
        return parsed.syntax.declarations.map(\.kind)
    }

    @Test func header() throws {
        let parsed = parse(
            """
            ## The doc.
            rulebook hamedan extends national
              title "t" province "p" english "e" area code "081" version "v"
              effective 1403/07/01 08:00 default calendar c default ladder l
            """)
        try #require(parsed.errors.isEmpty, "\(parsed.rendered)")
        let header = parsed.syntax.header
        #expect(header.id.text == "hamedan")
        #expect(header.extends?.text == "national")
        #expect(
            [header.title, header.province, header.english, header.areaCode, header.version].map {
                $0?.value
            } == ["t", "p", "e", "081", "v"])
        #expect(header.effective?.date == "1403/07/01")
        #expect(header.effective?.time == "08:00")
        #expect(header.defaultCalendar?.text == "c")
        #expect(header.defaultLadder?.text == "l")
        #expect(header.doc == ["The doc."])
    }

    @Test func agencyCategoryCountyEnumImport() throws {
        let kinds = try Self.declarations(
            """
            import "shared.masir"
            agency relief "امداد" english "Relief" kind support supervisor governorate
            category deposit "ودیعه" under housing mentions "ودیعه", «رهن»
            county malayer "ملایر" english "Malayer"
            enum status "وضعیت": open "باز", closed
            """)
        try #require(kinds.count == 5)
        guard case .importFile(let file) = kinds[0], case .agency(let agency) = kinds[1],
            case .category(let category) = kinds[2],
            case .county(let county) = kinds[3], case .enumeration(let enumeration) = kinds[4]
        else { Issue.record("\(kinds)"); return }
        #expect(file.value == "shared.masir")
        #expect(
            [
                agency.name.text, agency.label.value, agency.english?.value, agency.kind?.text,
                agency.supervisor?.text,
            ]
                == ["relief", "امداد", "Relief", "support", "governorate"])
        #expect(category.parent?.text == "housing")
        #expect(category.keywords.map(\.value) == ["ودیعه", "رهن"])
        #expect(county.english?.value == "Malayer")
        #expect(enumeration.label?.value == "وضعیت")
        #expect(enumeration.values.map(\.name.text) == ["open", "closed"])
        #expect(enumeration.values.map { $0.label?.value } == ["باز", nil])
    }

    @Test func schema() throws {
        let kinds = try Self.declarations(
            """
            case
              ## Said by the caller.
              field description : text "شرح"
              field category : category optional infer from description
              field caller.programs : set of agency default []
              field caller.needy : bool default no
            end
            """)
        guard case .schema(let schema) = kinds.first else { Issue.record("\(kinds)"); return }
        #expect(
            schema.fields.map(\.path.dotted) == [
                "description", "category", "caller.programs", "caller.needy",
            ])
        #expect(schema.fields.map(\.type.text) == ["text", "category", "agency", "bool"])
        #expect(schema.fields.map(\.isSet) == [false, false, true, false])
        #expect(schema.fields.map(\.isOptional) == [false, true, false, false])
        #expect(schema.fields[1].inferFrom?.dotted == "description")
        #expect(schema.fields[2].defaultValue.map(ParserTests.sexpr) == "[]")
        #expect(schema.fields[3].defaultValue.map(ParserTests.sexpr) == "false")
        #expect(schema.fields[0].label?.value == "شرح")
        #expect(schema.fields[0].doc == ["Said by the caller."])
    }

    @Test func calendar() throws {
        let kinds = try Self.declarations(
            """
            calendar government "ادارات"
              zone "Asia/Tehran"
              saturday to wednesday 07:30-14:30, 16:00-18:00
              friday off
              holidays from "h.tsv"
              closed 1403/05/10 to 1403/05/11 because "گرما"
              hours 07:00-13:00 from 1403/04/01 to 1403/06/31
            end
            """)
        guard case .calendar(let calendar) = kinds.first else { Issue.record("\(kinds)"); return }
        #expect(calendar.clauses.count == 6)
        guard case .zone(let zone) = calendar.clauses[0],
            case .weekdays(let first, let last, let hours, _) = calendar.clauses[1],
            case .weekdays(_, nil, let off, _) = calendar.clauses[2],
            case .holidays(let file) = calendar.clauses[3],
            case .closed(let from, let to, let reason, _) = calendar.clauses[4],
            case .seasonal(let seasonal, let start, let end, _) = calendar.clauses[5]
        else { Issue.record("\(calendar.clauses)"); return }
        #expect(zone.value == "Asia/Tehran")
        #expect([first.text, last?.text] == ["saturday", "wednesday"])
        #expect(hours.map { "\($0.from)-\($0.to)" } == ["07:30-14:30", "16:00-18:00"])
        #expect(off.isEmpty)
        #expect(file.value == "h.tsv")
        #expect([from.date, to?.date, reason?.value] == ["1403/05/10", "1403/05/11", "گرما"])
        #expect(seasonal.map(\.from) == ["07:00"])
        #expect([start.date, end.date] == ["1403/04/01", "1403/06/31"])
    }

    @Test func routing() throws {
        let kinds = try Self.declarations(
            """
            routing referrals "ارجاع" highest priority
              ## Needy callers first.
              rule needy "مددجو" valid from 1403/01/01 until 1405/01/01 when caller.needy
                refer to caller?.bank copy inspection, governorate priority high sla 5 working days because "چرا" ladder standard
              replace rule other when x priority 2
              disable rule old
              otherwise refer to governorate sla 48 hours
            end
            """)
        guard case .routing(let routing) = kinds.first else { Issue.record("\(kinds)"); return }
        #expect(routing.name.text == "referrals")
        #expect(routing.label?.value == "ارجاع")
        #expect(routing.policy == .highestPriority)
        #expect(routing.items.count == 3)
        guard case .rule(let rule) = routing.items[0].kind,
            case .replace(let replaced) = routing.items[1].kind,
            case .disable(let disabled) = routing.items[2].kind
        else { Issue.record("\(routing.items)"); return }
        #expect(routing.items[0].doc == ["Needy callers first."])
        #expect([rule.validFrom?.date, rule.validUntil?.date] == ["1403/01/01", "1405/01/01"])
        #expect(rule.condition.map(ParserTests.sexpr) == "caller.needy")
        #expect(rule.outcome.referTo?.dotted == "caller.bank")
        #expect(rule.outcome.referTo?.optionalSegments == [1])
        #expect(rule.outcome.copies.map(\.text) == ["inspection", "governorate"])
        #expect(rule.outcome.priority?.text == "high")
        #expect(
            rule.outcome.sla
                == DurationLiteral(
                    amount: 5, working: true, unit: .days, range: rule.outcome.sla!.range))
        #expect(rule.outcome.because?.value == "چرا")
        #expect(rule.outcome.ladder?.text == "standard")
        #expect(replaced.outcome.priority?.text == "2")
        #expect(disabled.text == "old")
        #expect(routing.otherwise?.referTo?.dotted == "governorate")
        #expect(routing.otherwise?.sla?.unit == .hours)
    }

    @Test(arguments: [
        ("first match", HitPolicy.firstMatch), ("highest priority", .highestPriority),
        ("all matches", .allMatches),
    ])
    func hitPolicies(_ text: String, _ policy: HitPolicy) throws {
        guard case .routing(let routing) = try Self.declarations("routing g \(text)\nend\n").first
        else { throw Failure("no routing") }
        #expect(routing.policy == policy)
    }

    @Test func escalation() throws {
        let kinds = try Self.declarations(
            """
            escalation standard "عادی" on government
              pause while waiting, on_hold
              stop when resolved
              level remind after 3 working days since referred when status is not resolved then remind assignee
              level first at sla then escalate to inspection, notify governor, raise priority to urgent
              replace level late after 1 day since caller?.called then raise priority to 1
              disable level old
            end
            """)
        guard case .escalation(let ladder) = kinds.first else { Issue.record("\(kinds)"); return }
        #expect(ladder.calendar?.text == "government")
        #expect(ladder.pauseWhile.map(\.text) == ["waiting", "on_hold"])
        #expect(ladder.stopWhen.map(\.text) == ["resolved"])
        guard case .level(let remind) = ladder.items[0].kind,
            case .level(let first) = ladder.items[1].kind,
            case .replace(let late) = ladder.items[2].kind,
            case .disable(let old) = ladder.items[3].kind
        else { Issue.record("\(ladder.items)"); return }
        #expect(remind.after?.amount == 3)
        guard case .field(let anchor) = remind.anchor, case .sla = first.anchor,
            case .field(let lateAnchor) = late.anchor
        else {
            Issue.record("anchors"); return
        }
        #expect(anchor.dotted == "referred")
        #expect(lateAnchor.optionalSegments == [1])
        #expect(remind.condition.map(ParserTests.sexpr) == "(is not status resolved)")
        #expect(first.after == nil)
        #expect(first.actions.map(\.kind) == [.escalate, .notify, .raisePriority])
        #expect(first.actions.map(\.target.text) == ["inspection", "governor", "urgent"])
        #expect(late.actions.map(\.target.text) == ["1"])
        #expect(old.text == "old")
    }

    @Test func replaceAndDisableDeclarations() throws {
        let kinds = try Self.declarations(
            "replace agency a \"A\"\nreplace calendar c\nend\ndisable county x\n")
        guard case .replace(let agency) = kinds[0], case .agency = agency.kind,
            case .replace(let calendar) = kinds[1],
            case .calendar = calendar.kind, case .disable(let what, let name) = kinds[2]
        else { Issue.record("\(kinds)"); return }
        #expect([what.text, name.text] == ["county", "x"])
    }

    // MARK: - Recovery

    @Test func mistakesInThreeRulesAreAllReported() {
        let parsed = parse(
            """
            rulebook r
            routing g
              rule a when x == 1 refer to y
              rule b when x refer y
              rule c when x refer to y sla 2 weeks
              rule d when x refer to y
            end
            """)
        #expect(parsed.errors.map(\.code) == [.equalsOperator, .expectedToken, .unknownUnit])
        // The rule after the mistakes is still in the tree.
        guard case .routing(let routing) = parsed.syntax.declarations.first?.kind else {
            Issue.record("no routing"); return
        }
        #expect(
            routing.items.compactMap {
                if case .rule(let rule) = $0.kind { rule.name.text } else { nil }
            }.contains("d"))
    }

    @Test func recoveryKeepsTheBlocksEnd() {
        // The mistake is found at `end`; recovery must not swallow it and report a missing `end`.
        let parsed = parse(
            "rulebook r\nrouting g\n  rule a when x refer to y sla 5\nend\nagency b \"B\"\n")
        #expect(parsed.errors.map(\.code) == [.durationWithoutUnit])
        #expect(parsed.syntax.declarations.count == 2)
    }

    @Test func everyMistakeInAFileOfMistakesIsFound() {
        let parsed = parse(
            """
            agency a "A"
            agnecy b "B"
            case
              field x text
            end
            calendar c
              saturday 25:00-26:00
            end
            escalation e
              level l after 3 days referred then remind assignee
            end
            """)
        #expect(
            parsed.errors.map(\.code) == [
                .expectedRulebook, .unknownDeclaration, .expectedToken, .invalidTime, .invalidTime,
                .expectedToken,
            ])
    }

    @Test func docCommentsAttachOnlyWhenDirectlyAbove() throws {
        let kinds = try Self.declarations(
            """
            ## One.
            ## Two.
            agency a "A"
            ## Orphan.
            # an ordinary comment in between
            agency b "B"
            agency c "C" ## trailing, not a doc
            agency d "D"
            """)
        let parsed = parse(
            "rulebook r\n## One.\n## Two.\nagency a \"A\"\n## Orphan.\n# ordinary\nagency b \"B\"\nagency c \"C\" ## trailing\nagency d \"D\"\n"
        )
        #expect(kinds.count == 4)
        #expect(parsed.syntax.declarations.map(\.doc) == [["One.", "Two."], [], [], []])
    }
}
