import Masir

/// What `masir verify` found for each property of one rulebook.
package struct PropertyReport: Sendable {
    package enum Verdict: Sendable {
        /// No case the schema allows breaks the property.
        case proved
        /// A case the evaluator decides against the property: the smallest the solver found.
        case fails(CounterExample)
        /// The solver's cases lean on what the model over-approximates, and the evaluator did not
        /// confirm them: neither proved nor refuted.
        case unconfirmed(CounterExample)
        /// The model and the evaluator disagree on a case the model follows exactly: a fault in
        /// the model, never hidden.
        case disagreement(String)
    }

    package struct CounterExample: Sendable {
        package var caseText: String
        package var at: Instant
        package var decided: Observed
    }

    package struct Result: Sendable {
        package var property: Property
        package var verdict: Verdict
    }

    package var rulebook: String
    package var results: [Result] = []
    /// Conditions the model treats as unknown values.
    package var approximations: [String] = []

    package var proved: Int {
        results.filter { if case .proved = $0.verdict { true } else { false } }.count
    }
    package var failed: Int {
        results.filter { if case .fails = $0.verdict { true } else { false } }.count
    }
    package var disagreements: [String] {
        results.compactMap { if case .disagreement(let why) = $0.verdict { why } else { nil } }
    }
    package var allProved: Bool { proved == results.count }
}

/// Proves each property of a rulebook over every case its schema allows, or finds the smallest
/// case (fewest optional fields, set members and phrases) that breaks it, decided again by the
/// evaluator before it is believed.
package struct PropertyCheck {
    package var book: Rulebook
    package var solver: Solver
    /// Cases tried per property before an unconfirmed counter-example is reported as such.
    package var attempts = 3

    package init(book: Rulebook, solver: Solver) {
        self.book = book
        self.solver = solver
    }

    package func run() throws -> PropertyReport {
        var report = PropertyReport(rulebook: book.id)
        guard !book.properties.isEmpty else { return report }
        var space = CaseSpace(schema: book.fields, rulebooks: [book])
        var kinds: [SLAKind] = []
        let model = SymbolicRulebook(book, side: "a", space: &space, slaKinds: &kinds)
        // Every property is encoded before the phrases are linked: its conditions may mention
        // phrases the rules do not.
        var encoder = ExpressionEncoder(decision: model, slaKinds: kinds, side: "p")
        encoder.prepareInference(&space)
        var violations: [String] = []
        for property in book.properties {
            var concerned = "true"
            if let condition = property.condition {
                let encoded = encoder.encode(condition, &space)
                concerned = SMT.and([encoded.defined, encoded.term ?? "false"])
            }
            let claim = encoder.encode(property.claim, &space)
            let holds = SMT.and([claim.defined, claim.term ?? "false"])
            violations.append(
                space.script.define("pviolated", "Bool", SMT.and([concerned, SMT.not(holds)])))
        }
        space.linkPhrases()
        report.approximations = space.approximations
        let observables =
            [model.primary, model.priority, model.sla] + model.shortest
            + model.referred.values + model.copied.values
        let names =
            space.variables
            + observables.filter { SMT.constant($0) == nil && $0 != "true" && $0 != "false" }
        let size = space.size
        for (property, violated) in zip(book.properties, violations) {
            var script = space.script
            script.assert(violated)
            var verdict = PropertyReport.Verdict.proved
            attempt: for _ in 0..<attempts {
                switch try solver.check(script.text, values: names, minimize: size) {
                case .unsatisfiable:
                    break attempt
                case .unknown(let why):
                    throw VerifyError(
                        "the solver could not decide property `\(property.id)`: \(why)")
                case .satisfiable(let values):
                    let (text, at) = space.caseText(values)
                    let predicted = Observed(model, values: values, space: space, slaKinds: kinds)
                    let (decision, subject) = try decide(text, at)
                    let decided = Observed(decision, book: book)
                    let example = PropertyReport.CounterExample(
                        caseText: text, at: at, decided: decided)
                    let holds = property.holds(for: subject, decision: decision, in: book)
                    if holds == false {
                        verdict = .fails(example)
                        break attempt
                    }
                    // Followed exactly, the model must predict the evaluator's decision, and with
                    // the same deadline the property must fail under both.
                    let exact = space.approximations.isEmpty
                    let sameDeadline =
                        predicted.sla.flatMap(Observed.key) == decided.sla.flatMap(Observed.key)
                    if exact && (!predicted.admits(decided) || sameDeadline) {
                        verdict = .disagreement(
                            "property `\(property.id)`: the model predicted \(predicted) and the property broken, the evaluator decided \(decided) and the property \(holds == nil ? "not concerned" : "holding"), for the case\n\(text)"
                        )
                        break attempt
                    }
                    // The case leans on an over-approximation (a condition the model does not
                    // follow, or which of two kinds of deadline falls first): try another.
                    verdict = .unconfirmed(example)
                    let same = space.variables.compactMap { name -> String? in
                        values[name].map { SMT.equal(name, Equivalence.text($0)) }
                    }
                    script.assert(SMT.not(SMT.and(same)))
                }
            }
            report.results.append(.init(property: property, verdict: verdict))
        }
        return report
    }

    func decide(_ text: String, _ at: Instant) throws -> (Decision, Case) {
        switch CaseDecoder(rulebook: book).decodeOne(text) {
        case .success(let subject):
            return (Evaluator(rulebook: book).decide(subject, at: at), subject)
        case .failure(let errors):
            throw VerifyError(
                "the model gave a case the case reader refuses (\(errors.coded)):\n\(text)")
        }
    }
}
