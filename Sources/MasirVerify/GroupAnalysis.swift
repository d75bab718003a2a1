import Masir

/// The checker's questions about one routing group (rules that can never fire, cases no rule
/// takes, rules of equal priority that both match) put to the solver, for groups whose conditions
/// the built-in analysis cannot decide: `mentions`, sets, functions, fields compared with fields.
/// Every case the solver gives is routed again by the evaluator before it is shown, so a finding
/// never rests on the model alone.
package struct GroupAnalysis {
    package var book: Rulebook
    package var solver: Solver
    /// Milliseconds the solver may spend on one question before it answers unknown.
    package var timeout = 20_000
    /// Cases tried for one question before an answer that leans on what the model
    /// over-approximates is left undecided.
    package var attempts = 3

    package init(book: Rulebook, solver: Solver) {
        self.book = book
        self.solver = solver
    }

    package struct Result: Sendable {
        /// Findings with the codes and wording of the built-in analysis.
        package var findings: [Diagnostic] = []
        /// Questions the solver left open, and why.
        package var undecided: [String] = []
        /// Cases the model and the evaluator route differently although the model follows every
        /// condition exactly: a fault in the model, never hidden.
        package var disagreements: [String] = []
        /// The case behind each finding that shows one, as case YAML `masir route` reads, with
        /// the rules it concerns: for whoever wants to route it again.
        package var examples: [Example] = []
        /// Whether every question about the group has an answer.
        package var decided: Bool { undecided.isEmpty && disagreements.isEmpty }
    }

    package struct Example: Sendable {
        package var code: DiagnosticCode
        package var rules: [String]
        package var caseText: String
        package var at: Instant
    }

    /// What a question asks of a case the solver gives.
    private enum Question {
        /// The group applies rule `r` (first match).
        case fires(Rule)
        /// Rule `r` matches.
        case matches(Rule)
        /// Rule `r` matches but the group applies another (shown for a shadowed rule).
        case shadowed(Rule)
        /// No rule without dates of validity matches.
        case gap([Rule])
        /// Both rules match.
        case overlap(Rule, Rule)
        /// Rule `r` matches and the group applies the other; only whether such a case exists is
        /// asked, to name the rules that take a shadowed rule's cases.
        case blocks(Rule, by: Rule)
    }

    /// A question's answer: a case the evaluator routes as the question says, none (proved), or
    /// why there is no answer.
    private enum Verdict {
        case example(text: String, at: Instant, values: [String: SExpr])
        case none
        case undecided(String)
    }

    /// Answers the checker's questions about group `id`; `known`, the built-in findings, are not
    /// repeated.
    package func run(group id: String, known: [Diagnostic]) throws -> Result {
        guard let group = book.groups.first(where: { $0.id == id }) else {
            throw VerifyError("the rulebook has no routing group `\(id)`")
        }
        var single = book
        single.groups = [group]
        var space = CaseSpace(schema: book.fields, rulebooks: [single])
        var kinds: [SLAKind] = []
        let model = SymbolicRulebook(single, side: "a", space: &space, slaKinds: &kinds)
        space.linkPhrases()
        let session = Session(
            analysis: self, group: group, model: model, space: space, names: space.variables,
            size: space.size)
        return try session.run(known: known)
    }

    /// One group's questions over its model.
    private struct Session {
        let analysis: GroupAnalysis
        let group: RuleGroup
        let model: SymbolicRulebook
        let space: CaseSpace
        let names: [String]
        let size: String
        var book: Rulebook { analysis.book }

        func matched(_ rule: Rule) -> String { model.matches["\(group.id).\(rule.id)"] ?? "false" }
        func applied(_ rule: Rule) -> String { model.decides["\(group.id).\(rule.id)"] ?? "false" }

        func query(_ question: Question, shown: Bool) -> Solver.Query {
            let assertions: [String]
            switch question {
            case .fires(let rule): assertions = [applied(rule)]
            case .matches(let rule), .shadowed(let rule): assertions = [matched(rule)]
            case .gap(let rules): assertions = rules.map { SMT.not(matched($0)) }
            case .overlap(let a, let b): assertions = [matched(a), matched(b)]
            case .blocks(let rule, let other): assertions = [matched(rule), applied(other)]
            }
            if case .blocks = question { return Solver.Query(assertions) }
            return Solver.Query(assertions, values: names, minimize: shown ? size : nil)
        }

        /// Whether the evaluator routes the case as the question says.
        func confirms(_ question: Question, matching: [String], applied: [String]) -> Bool {
            switch question {
            case .fires(let rule): applied.contains(rule.id)
            case .matches(let rule): matching.contains(rule.id)
            case .shadowed(let rule): matching.contains(rule.id) && !applied.contains(rule.id)
            case .gap(let rules): rules.allSatisfy { !matching.contains($0.id) }
            case .overlap(let a, let b): matching.contains(a.id) && matching.contains(b.id)
            case .blocks: true
            }
        }

        /// Asks every question at once, then routes each case the solver gives again with the
        /// evaluator; a case it does not confirm is retried alone, apart from the cases before.
        func ask(
            _ questions: [Question], shown: Bool, result: inout Result
        ) throws -> [Verdict] {
            let answers = try analysis.solver.checkEach(
                space.script.text, questions.map { query($0, shown: shown) },
                timeout: analysis.timeout)
            var verdicts: [Verdict] = []
            for (question, answer) in zip(questions, answers) {
                var answer = answer
                var verdict = Verdict.undecided("no case was confirmed")
                var excluded: [String] = []
                attempt: for attempt in 0..<analysis.attempts {
                    if attempt > 0 {
                        var retry = query(question, shown: shown)
                        retry.assertions += excluded
                        answer = try analysis.solver.checkEach(
                            space.script.text, [retry], timeout: analysis.timeout)[0]
                    }
                    switch answer {
                    case .unsatisfiable:
                        verdict = attempt == 0 ? .none : verdict
                        break attempt
                    case .unknown(let why):
                        verdict = .undecided(
                            "the solver answered unknown" + (why.isEmpty ? "" : " (\(why))"))
                        break attempt
                    case .satisfiable(let values):
                        if case .blocks = question {
                            verdict = .example(
                                text: "", at: Instant(secondsSinceEpoch: 0), values: [:])
                            break attempt
                        }
                        let (text, at) = space.caseText(values)
                        guard let routed = try route(text, at) else {
                            result.disagreements.append(
                                "the model gave a case the case reader refuses:\n\(text)")
                            break attempt
                        }
                        if confirms(question, matching: routed.matching, applied: routed.applied) {
                            verdict = .example(text: text, at: at, values: values)
                            break attempt
                        }
                        if space.approximations.isEmpty {
                            result.disagreements.append(
                                "in `\(group.id)`, the model says \(describe(question)), the evaluator matches [\(routed.matching.joined(separator: ", "))] and applies [\(routed.applied.joined(separator: ", "))] for the case (decided at \(at.jalaliText())):\n\(text)"
                            )
                            verdict = .undecided("the model and the evaluator disagree")
                            break attempt
                        }
                        // The case leans on a condition the model over-approximates: another
                        // case may not.
                        verdict = .undecided(
                            "the solver's cases lean on conditions it treats as unknown values (\(space.approximations.map { "`\($0)`" }.joined(separator: ", "))), and the evaluator did not confirm them"
                        )
                        let same = space.variables.compactMap { name -> String? in
                            values[name].map { SMT.equal(name, Equivalence.text($0)) }
                        }
                        excluded.append(SMT.not(SMT.and(same)))
                    }
                }
                verdicts.append(verdict)
            }
            return verdicts
        }

        func describe(_ question: Question) -> String {
            switch question {
            case .fires(let rule): "`\(rule.id)` decides"
            case .matches(let rule): "`\(rule.id)` matches"
            case .shadowed(let rule): "`\(rule.id)` matches and another rule decides"
            case .gap: "no rule matches"
            case .overlap(let a, let b): "`\(a.id)` and `\(b.id)` both match"
            case .blocks(let a, let b): "`\(a.id)` matches and `\(b.id)` decides"
            }
        }

        /// The rules of the group the evaluator finds matching, and those it applies; nil when
        /// the case reader refuses the case.
        func route(_ text: String, _ at: Instant) throws -> (matching: [String], applied: [String])?
        {
            guard case .success(let subject) = CaseDecoder(rulebook: book).decodeOne(text) else {
                return nil
            }
            return Evaluator(rulebook: book).group(group.id, for: subject, at: at)
        }

        func run(known: [Diagnostic]) throws -> Result {
            var result = Result()
            let firstMatch = group.policy == .firstMatch
            let undated = group.rules.filter { $0.validFrom == nil && $0.validUntil == nil }
            var questions: [Question] = group.rules.map { firstMatch ? .fires($0) : .matches($0) }
            var shown: [Question] = []
            if group.fallback == nil && group.policy != .allMatches { shown.append(.gap(undated)) }
            if group.policy == .highestPriority {
                let rules = group.rules
                for i in rules.indices {
                    for j in rules.indices where j > i {
                        let (a, b) = (rules[i], rules[j])
                        // As the built-in analysis: only equal priorities with different
                        // outcomes leave the choice to the order of the rules.
                        guard a.outcome.priority == b.outcome.priority,
                            !Checker.sameApartFromPriority(a.outcome, b.outcome),
                            max(a.validFrom ?? .min, b.validFrom ?? .min)
                                < min(a.validUntil ?? .max, b.validUntil ?? .max),
                            !known.contains(where: { isOverlap($0, a, b) })
                        else { continue }
                        shown.append(.overlap(a, b))
                    }
                }
            }
            let reachable = try ask(questions, shown: false, result: &result)
            let found = try ask(shown, shown: true, result: &result)

            // A rule that the group never applies: its condition is never true, or, in a first
            // match group, the rules above take every case it matches.
            questions = []
            var never: [Rule] = []
            for (rule, verdict) in zip(group.rules, reachable) {
                switch verdict {
                case .example: break
                case .undecided(let why):
                    result.undecided.append("whether `\(rule.id)` can fire: \(why)")
                case .none:
                    if firstMatch {
                        never.append(rule)
                        questions.append(.shadowed(rule))
                    } else {
                        report(unsatisfiable: rule, known: known, into: &result)
                    }
                }
            }
            let witnesses = try ask(questions, shown: true, result: &result)
            for (rule, verdict) in zip(never, witnesses) {
                switch verdict {
                case .none:
                    report(unsatisfiable: rule, known: known, into: &result)
                case .undecided(let why):
                    result.undecided.append("why `\(rule.id)` never fires: \(why)")
                case .example(let text, let at, let values):
                    let above = group.rules.prefix { $0.id != rule.id }
                    let blocking = try ask(
                        above.map { .blocks(rule, by: $0) }, shown: false, result: &result)
                    let blockers = zip(above, blocking).compactMap { other, verdict -> Rule? in
                        if case .example = verdict { return other }
                        return nil
                    }
                    let decidedBy = try route(text, at)?.applied.first
                    if report(
                        shadowed: rule, by: blockers, example: show(values, at, [rule]),
                        takenBy: decidedBy, known: known, into: &result)
                    {
                        result.examples.append(
                            .init(code: .ruleShadowed, rules: [rule.id], caseText: text, at: at))
                    }
                }
            }
            for (question, verdict) in zip(shown, found) {
                switch (question, verdict) {
                case (.gap(let rules), .example(let text, let at, let values)):
                    guard
                        !known.contains(where: { $0.code == .groupGap && located(group.origin, $0) }
                        )
                    else { break }
                    result.findings.append(
                        Diagnostic(
                            .groupGap,
                            "some cases match no rule of `\(group.id)`, which has no `otherwise`; for example \(show(values, at, rules))",
                            file: group.origin.file, at: group.origin.range,
                            help:
                                "add `otherwise refer to …` to the group, or a rule for such cases",
                            notes: [Self.confirmed]))
                    result.examples.append(
                        .init(code: .groupGap, rules: rules.map(\.id), caseText: text, at: at))
                case (.overlap(let a, let b), .example(let text, let at, let values)):
                    let reported =
                        known.filter {
                            $0.code == .ruleOverlap && $0.message.contains("`\(group.id)`")
                        }
                        .count + result.findings.filter { $0.code == .ruleOverlap }.count
                    // As the built-in analysis: ten are enough to show the group needs work.
                    guard reported < 10 else { break }
                    result.findings.append(
                        Diagnostic(
                            .ruleOverlap,
                            "rules `\(a.id)` and `\(b.id)` of `\(group.id)` have the same priority and can both match, e.g. \(show(values, at, [a, b]))",
                            file: b.origin.file, at: b.origin.range,
                            help:
                                "give one of them a different priority, or make their conditions exclusive; otherwise the earlier rule wins silently",
                            notes: [
                                .init(
                                    "`\(a.id)` is here", file: a.origin.file, range: a.origin.range),
                                Self.confirmed,
                            ]))
                    result.examples.append(
                        .init(code: .ruleOverlap, rules: [a.id, b.id], caseText: text, at: at))
                case (.gap, .undecided(let why)):
                    result.undecided.append("whether some cases match no rule: \(why)")
                case (.overlap(let a, let b), .undecided(let why)):
                    result.undecided.append("whether `\(a.id)` and `\(b.id)` overlap: \(why)")
                default:
                    break
                }
            }
            return result
        }

        static let confirmed = Diagnostic.Note(
            "found by the SMT solver; the evaluator routes the example case the same way")

        func located(_ origin: Origin, _ diagnostic: Diagnostic) -> Bool {
            diagnostic.file == origin.file && diagnostic.range == origin.range
        }

        func isOverlap(_ diagnostic: Diagnostic, _ a: Rule, _ b: Rule) -> Bool {
            diagnostic.code == .ruleOverlap && located(b.origin, diagnostic)
                && diagnostic.message.hasPrefix("rules `\(a.id)` and `\(b.id)` of `\(group.id)`")
        }

        func reportedAtRule(_ rule: Rule, _ known: [Diagnostic]) -> Bool {
            known.contains {
                ($0.code == .ruleShadowed || $0.code == .ruleUnsatisfiable)
                    && located(rule.origin, $0)
            }
        }

        func report(unsatisfiable rule: Rule, known: [Diagnostic], into result: inout Result) {
            guard !reportedAtRule(rule, known) else { return }
            result.findings.append(
                Diagnostic(
                    .ruleUnsatisfiable,
                    "rule `\(group.id).\(rule.id)` can never fire: its condition is never true",
                    file: rule.origin.file, at: rule.origin.range,
                    help:
                        "no case the schema allows makes `\(rule.conditionText)` true, on any day the rule is in force; correct the condition or remove the rule",
                    notes: [.init("proved by the SMT solver over every case the schema allows")]))
        }

        /// Whether the finding is new.
        func report(
            shadowed rule: Rule, by blockers: [Rule], example: String, takenBy: String?,
            known: [Diagnostic], into result: inout Result
        ) -> Bool {
            guard !reportedAtRule(rule, known) else { return false }
            let taken = takenBy.map { " (taken by `\($0)`)" } ?? ""
            result.findings.append(
                .shadowed(
                    rule, of: group.id, in: book, by: blockers,
                    example: ", e.g. \(example)\(taken)", extraNotes: [Self.confirmed]))
            return true
        }

        /// A case as the built-in analysis shows one: the fields the rules concerned read, as
        /// `field: value` (a text by the phrases it mentions); the day too when a rule has dates
        /// of validity.
        func show(_ values: [String: SExpr], _ at: Instant, _ rules: [Rule]) -> String {
            var read: [String] = []
            for rule in rules {
                ExpressionEncoder.collectFields(rule.condition, into: &read)
                if case .field(_, let path)? = rule.outcome.referTo { read.append(path) }
            }
            // A category left out is inferred from its text, so the text is part of the example.
            for field in book.fields where read.contains(field.path) {
                if let source = field.inferFrom { read.append(source) }
            }
            let text = space.caseText(values, keeping: Set(read)).yaml
            let lines = text.split(separator: "\n").filter { line in
                read.contains { line.hasPrefix("\($0): ") }
            }
            var shown = lines.isEmpty ? "any case" : lines.joined(separator: ", ")
            if rules.contains(where: { $0.validFrom != nil || $0.validUntil != nil }) {
                shown += " on \(at.jalaliText())"
            }
            return shown
        }
    }
}
