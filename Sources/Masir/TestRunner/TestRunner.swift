import Foundation

/// The result of one rulebook test.
public struct TestOutcome: Sendable {
    public var file: String
    public var name: String
    public var line: Int?
    /// Expected-versus-actual lines, empty when the test passed.
    public var failures: [String]
    /// The trace lines of the rules that decided, shown with a failure.
    public var trace: [String]
    public var seconds: Double
    /// The rules, fallbacks and ladder levels the test's decision used, each with the file that
    /// declares it: which tests cover a rule, for an editor's "N tests cover this rule".
    public var exercised: [ExercisedItem] = []

    public var passed: Bool { failures.isEmpty }
}

/// A rule, fallback or ladder level a decision used, named as `Coverage` names it
/// (`rule referrals.needy`, `otherwise referrals`, `level standard.remind`).
public struct ExercisedItem: Sendable, Hashable {
    public var name: String
    /// The rulebook file that declares it (a province's decision may use a national rule).
    public var file: String

    public init(name: String, file: String) {
        self.name = name
        self.file = file
    }

    /// The coverage key (`TestRunner.ruleKey` and its kin).
    var key: String { "\(file)\u{1F}\(name)" }
}

/// Which rules, fallbacks and ladder levels a rulebook declares, and which the tests exercised.
public struct Coverage: Sendable {
    public var rulebook: String
    public var file: String
    /// Item name (`rule referrals.needy`, `otherwise referrals`, `level standard.remind`) → exercised.
    public var items: [(name: String, covered: Bool)]

    public var percent: Double {
        items.isEmpty ? 100 : Double(items.filter(\.covered).count) * 100 / Double(items.count)
    }

    public var missed: [String] { items.filter { !$0.covered }.map(\.name) }
}

public struct TestReport: Sendable {
    public var outcomes: [TestOutcome]
    public var coverage: [Coverage]
    /// Problems with test files or rulebooks that stopped tests from running.
    public var errors: [String]

    public var failed: Int { outcomes.filter { !$0.passed }.count + errors.count }
}

/// Runs rulebook tests: each case is decoded against its rulebook, decided at the test's instant,
/// and compared with the expectations it names.
public struct TestRunner: Sendable {
    public var loader: Loader
    /// Decides a case instead of the engine (`Engine.decide`, with the trace), so another
    /// evaluator can be checked against the same tests.
    public var decide: (@Sendable (Rulebook, Case, Instant) -> Decision)?

    public init(
        loader: Loader = .files, decide: (@Sendable (Rulebook, Case, Instant) -> Decision)? = nil
    ) {
        self.loader = loader
        self.decide = decide
    }

    public func run(_ files: [RulebookTestFile], filter: String? = nil) -> TestReport {
        var report = TestReport(outcomes: [], coverage: [], errors: [])
        var books: [String: Rulebook] = [:]
        var engines: [String: Engine] = [:]
        var exercised = Set<String>()
        for file in files {
            report.errors += file.errors
            let key = loader.rulebookFile(file.rulebook)
            if books[key] == nil {
                let result = loader.load(file.rulebook)
                guard let book = result.rulebook else {
                    report.errors.append(
                        "\(file.path): the rulebook `\(file.rulebook)` has errors:\n"
                            + DiagnosticRenderer.render(result.diagnostics, sources: result.sources)
                    )
                    continue
                }
                books[key] = book
                engines[key] = Engine(
                    rulebooks: [book], dispatching: false, sources: result.sources)
            }
            let book = books[key]!
            for test in file.tests
            where filter.map({
                test.name.localizedCaseInsensitiveContains($0) || file.path.contains($0)
            }) ?? true {
                let started = ContinuousClock.now
                var outcome = TestOutcome(
                    file: file.path, name: test.name, line: test.line, failures: [], trace: [],
                    seconds: 0)
                defer {
                    let elapsed = ContinuousClock.now - started
                    outcome.seconds =
                        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds)
                        / 1e18
                    report.outcomes.append(outcome)
                }
                if let error = test.caseError {
                    outcome.failures = [error]
                    continue
                }
                guard let atText = test.at,
                    let instant = Instant(parsingCaseTime: PersianText.asciiDigits(atText))
                else {
                    outcome.failures = [
                        "the test needs a valid `at:` instant (in the test or at the top of the file)"
                    ]
                    continue
                }
                let decoded = CaseDecoder(rulebook: book).decode(test.document!, file: file.path)
                let subject: Case
                switch decoded {
                case .failure(let errors):
                    outcome.failures = errors.errors.map { "case: \($0.coded)" }
                    continue
                case .success(let value):
                    subject = value
                }
                let decision =
                    decide?(book, subject, instant)
                    ?? engines[key]!.decide(subject, by: book, at: instant, explain: true)
                outcome.failures = TestRunner.compare(test.expect, with: decision)
                outcome.exercised = TestRunner.exercised(by: decision, book: book)
                exercised.formUnion(outcome.exercised.map(\.key))
                if !outcome.passed {
                    outcome.trace = (decision.trace ?? []).filter {
                        $0.result != "no match" && $0.result != "not in force"
                    }.map { entry in
                        "\(entry.result): \(entry.group).\(entry.rule)"
                            + (entry.rule == "otherwise" ? "" : " when \(entry.condition)")
                    }
                }
            }
        }
        for book in books.values.sorted(by: { $0.file < $1.file }) {
            report.coverage.append(TestRunner.coverage(of: book, exercised: exercised))
        }
        return report
    }

    // MARK: - Coverage

    static func ruleKey(_ file: String, _ group: String, _ rule: String) -> String {
        "\(file)\u{1F}rule \(group).\(rule)"
    }
    static func fallbackKey(_ file: String, _ group: String) -> String {
        "\(file)\u{1F}otherwise \(group)"
    }
    static func levelKey(_ file: String, _ ladder: String, _ level: String) -> String {
        "\(file)\u{1F}level \(ladder).\(level)"
    }

    /// What `decision` used, keyed as `ruleKey`, `fallbackKey` and `levelKey` key it.
    static func exercised(by decision: Decision, book: Rulebook) -> [ExercisedItem] {
        var items: [ExercisedItem] = []
        for entry in decision.trace ?? [] where entry.result == "matched" {
            guard let group = book.groups.first(where: { $0.id == entry.group }) else { continue }
            if entry.rule == "otherwise" {
                if let origin = group.fallbackOrigin {
                    items.append(ExercisedItem(name: "otherwise \(group.id)", file: origin.file))
                }
            } else if let rule = group.rules.first(where: { $0.id == entry.rule }) {
                items.append(
                    ExercisedItem(name: "rule \(group.id).\(rule.id)", file: rule.origin.file))
            }
        }
        if let escalation = decision.escalation, let ladder = book.ladder(escalation.ladder) {
            for state in escalation.levels where state.fired {
                if let level = ladder.levels.first(where: { $0.id == state.level }) {
                    items.append(
                        ExercisedItem(
                            name: "level \(ladder.id).\(level.id)", file: level.origin.file))
                }
            }
        }
        return items
    }

    static func coverage(of book: Rulebook, exercised: Set<String>) -> Coverage {
        var items: [(String, Bool)] = []
        for group in book.groups {
            for rule in group.rules where rule.origin.file == book.file {
                items.append(
                    (
                        "rule \(group.id).\(rule.id)",
                        exercised.contains(ruleKey(rule.origin.file, group.id, rule.id))
                    ))
            }
            if let origin = group.fallbackOrigin, origin.file == book.file {
                items.append(
                    (
                        "otherwise \(group.id)",
                        exercised.contains(fallbackKey(origin.file, group.id))
                    ))
            }
        }
        for ladder in book.ladders {
            for level in ladder.levels where level.origin.file == book.file {
                items.append(
                    (
                        "level \(ladder.id).\(level.id)",
                        exercised.contains(levelKey(level.origin.file, ladder.id, level.id))
                    ))
            }
        }
        return Coverage(rulebook: book.id, file: book.file, items: items)
    }

    // MARK: - Expectations

    static func compare(
        _ expectations: [(key: String, value: Expectation)], with decision: Decision
    ) -> [String] {
        var failures: [String] = []
        func check(_ key: String, _ expected: String, _ actual: String?) {
            if expected != (actual ?? "none") {
                failures.append("\(key): expected \(expected), got \(actual ?? "none")")
            }
        }
        func checkList(_ key: String, _ expected: [String], _ actual: [String]) {
            if expected != actual {
                failures.append(
                    "\(key): expected [\(expected.joined(separator: ", "))], got [\(actual.joined(separator: ", "))]"
                )
            }
        }
        let primary = decision.referrals.first { $0.role == "primary" }
        let matched = Set(
            (decision.trace ?? []).filter { $0.result == "matched" }.flatMap {
                [$0.rule, "\($0.group).\($0.rule)"]
            })
        for (key, value) in expectations {
            switch (key, value) {
            case ("referral", .scalar(let agency)): check(key, agency, primary?.agency)
            case ("referrals", .list(let agencies)):
                checkList(key, agencies, decision.referrals.map(\.agency))
            case ("copies", .list(let agencies)):
                checkList(
                    key, agencies, decision.referrals.filter { $0.role == "copy" }.map(\.agency))
            case ("rule", .scalar(let rule)):
                let actual = primary.map { rule.contains(".") ? "\($0.group).\($0.rule)" : $0.rule }
                check(key, rule, actual)
            case ("priority", .scalar(let level)): check(key, level, decision.priority.level)
            case ("category", .scalar(let id)): check(key, id, decision.category?.id)
            case ("reason", .scalar(let text)): check(key, text, decision.reason?.text)
            case ("sla_due", .scalar(let text)):
                check(key, normalizedMoment(text), decision.sla?.due?.jalali)
            case ("errors", .scalar(let count)): check(key, count, String(decision.errors.count))
            case ("matched", .list(let rules)):
                for rule in rules where !matched.contains(rule) {
                    failures.append("matched: expected `\(rule)` to match, but it did not")
                }
            case ("not_matched", .list(let rules)):
                for rule in rules where matched.contains(rule) {
                    failures.append("not_matched: expected `\(rule)` not to match, but it did")
                }
            case ("targets", .mapping(let targets)):
                for (id, expected) in targets {
                    // The current round of a target: the last entry of that id.
                    guard let target = decision.targets?.last(where: { $0.target == id }) else {
                        failures.append("targets.\(id): expected the target, got none")
                        continue
                    }
                    guard case .mapping(let entries) = expected else { continue }
                    for (subkey, subvalue) in entries {
                        guard case .scalar(let text) = subvalue else { continue }
                        let key = "targets.\(id).\(subkey)"
                        switch subkey {
                        case "due": check(key, normalizedMoment(text), target.due?.jalali)
                        case "start": check(key, normalizedMoment(text), target.start.jalali)
                        case "clock": check(key, text, target.clock)
                        case "left":
                            check(key, text, target.remaining.map(DecisionRenderer.remainingText))
                        default:
                            failures.append(
                                "\(key): unknown expectation; use due, start, clock or left")
                        }
                    }
                }
            case ("escalation", .mapping(let entries)):
                guard let escalation = decision.escalation else {
                    failures.append("escalation: expected a ladder, got none")
                    continue
                }
                for (subkey, subvalue) in entries {
                    switch (subkey, subvalue) {
                    case ("ladder", .scalar(let id)):
                        check("escalation.ladder", id, escalation.ladder)
                    case ("clock", .scalar(let state)):
                        check("escalation.clock", state, escalation.clock)
                    case ("current", .scalar(let level)):
                        check("escalation.current", level, escalation.current)
                    case ("next", .scalar(let level)):
                        check("escalation.next", level, escalation.next?.level)
                    case ("next_due", .scalar(let text)):
                        check(
                            "escalation.next_due", normalizedMoment(text),
                            escalation.next?.due?.jalali)
                    case ("fired", .list(let levels)):
                        checkList(
                            "escalation.fired", levels,
                            escalation.levels.filter(\.fired).map(\.level))
                    case ("effective_priority", .scalar(let level)):
                        check("escalation.effective_priority", level, escalation.effectivePriority)
                    default:
                        failures.append(
                            "escalation.\(subkey): unknown expectation; use ladder, clock, current, next, next_due, fired or effective_priority"
                        )
                    }
                }
            default:
                failures.append(
                    "\(key): unknown expectation (or wrong shape \(value)); use referral, referrals, copies, rule, priority, category, reason, sla_due, targets, errors, matched, not_matched or escalation"
                )
            }
        }
        return failures
    }

    /// Expected instants may be written in any accepted form; compare in the Jalali display form.
    static func normalizedMoment(_ text: String) -> String {
        if text == "none" { return text }
        return Instant(parsingCaseTime: PersianText.asciiDigits(text))?.jalaliDescription ?? text
    }
}
