import Masir

/// The answer to "do OLD and NEW decide every case the same?".
package struct EquivalenceReport: Sendable {
    /// One case decided differently, under both rulebooks, by the evaluator.
    package struct Difference: Sendable {
        package var caseText: String
        package var at: Instant
        package var old: Observed
        package var new: Observed
        /// What changes, one entry per part: `primary referral: relief → governorate`.
        package var changes: [String]
    }
    package var differences: [Difference] = []
    /// Counter-examples the evaluator did not confirm: they lean on what the model
    /// over-approximates (`approximations`), so they are shown apart and prove nothing.
    package var unconfirmed: [Difference] = []
    /// Where the model and the evaluator disagree on a case the model follows exactly: a fault in
    /// the model, never hidden.
    package var disagreements: [String] = []
    /// Conditions the model treats as unknown values.
    package var approximations: [String] = []
    /// True when the solver showed no further difference exists (not cut short by the limit).
    package var complete = false

    /// Proved: no case is decided differently.
    package var proved: Bool { complete && differences.isEmpty && unconfirmed.isEmpty }
}

package struct VerifyError: Error, CustomStringConvertible, Sendable {
    package var description: String
    package init(_ description: String) { self.description = description }
}

/// The comparison of two rulebooks over every case their schema allows.
package struct Equivalence {
    package var old: Rulebook
    package var new: Rulebook
    package var solver: Solver
    /// At most this many counter-examples, one per distinct kind of change.
    package var limit = 20

    /// Compares the whole decisions, or only what routing group `group` contributes.
    package init(old: Rulebook, new: Rulebook, group: String? = nil, solver: Solver) throws {
        self.old = old
        self.new = new
        self.solver = solver
        if let group {
            for (name, book) in [("old", old), ("new", new)]
            where !book.groups.contains(where: { $0.id == group }) {
                throw VerifyError("the \(name) rulebook has no routing group `\(group)`")
            }
            self.old.groups = old.groups.filter { $0.id == group }
            self.new.groups = new.groups.filter { $0.id == group }
        }
        try Self.sameSchema(old, new)
    }

    /// Both rulebooks must read a case the same way, or "the same case" means nothing.
    static func sameSchema(_ a: Rulebook, _ b: Rulebook) throws {
        func shape(_ f: Field) -> String {
            "\(f.path) : \(f.type)\(f.mayBeAbsent ? " optional" : "")"
                + (f.defaultValue.map { " default \($0)" } ?? "")
                + (f.inferFrom.map { " infer from \($0)" } ?? "")
        }
        let x = Set(a.fields.map(shape))
        let y = Set(b.fields.map(shape))
        if x != y {
            let differ = x.symmetricDifference(y).sorted().prefix(4).joined(separator: "; ")
            throw VerifyError("the two rulebooks' case schemas differ (\(differ))")
        }
    }

    package func run() throws -> EquivalenceReport {
        var space = CaseSpace(schema: old.fields, rulebooks: [old, new])
        var kinds: [SLAKind] = []
        let a = SymbolicRulebook(old, side: "a", space: &space, slaKinds: &kinds)
        let b = SymbolicRulebook(new, side: "b", space: &space, slaKinds: &kinds)
        space.linkPhrases()
        var differs = [
            SMT.not(SMT.equal(a.primary, b.primary)), SMT.not(SMT.equal(a.priority, b.priority)),
        ]
        for (x, y) in zip(a.shortest, b.shortest) { differs.append(SMT.not(SMT.equal(x, y))) }
        for (number, referred) in a.referred.sorted(by: { $0.key < $1.key }) {
            differs.append(SMT.not(SMT.equal(referred, b.referred[number] ?? "false")))
            differs.append(SMT.not(SMT.equal(a.copied[number]!, b.copied[number] ?? "false")))
        }
        space.script.assert(SMT.or(differs))
        let observables =
            [a.primary, b.primary, a.priority, b.priority, a.sla, b.sla]
            + a.shortest + b.shortest
            + a.referred.values + b.referred.values + a.copied.values + b.copied.values
        let names =
            space.variables
            + observables.filter { SMT.constant($0) == nil && $0 != "true" && $0 != "false" }

        var report = EquivalenceReport()
        report.approximations = space.approximations
        var script = space.script
        for _ in 0..<limit {
            switch try solver.check(script.text, values: names) {
            case .unsatisfiable:
                report.complete = true
                return report
            case .unknown(let why):
                throw VerifyError("the solver could not decide: \(why)")
            case .satisfiable(let values):
                let (text, at) = space.caseText(values)
                let predicted = (
                    Observed(a, values: values, space: space, slaKinds: kinds),
                    Observed(b, values: values, space: space, slaKinds: kinds)
                )
                let decided = try (decide(old, text, at), decide(new, text, at))
                let difference = EquivalenceReport.Difference(
                    caseText: text, at: at, old: decided.0, new: decided.1,
                    changes: Self.changes(decided.0, decided.1))
                if !predicted.0.admits(decided.0) || !predicted.1.admits(decided.1) {
                    if space.approximations.isEmpty {
                        report.disagreements.append(
                            "the model predicted old: \(predicted.0); new: \(predicted.1), the evaluator decided old: \(decided.0); new: \(decided.1), for the case\n\(text)"
                        )
                    } else {
                        report.unconfirmed.append(difference)
                    }
                } else if decided.0.agrees(with: decided.1) {
                    // The shortest deadlines of some family differ, but on this case the
                    // deadline that falls first is the same.
                    report.unconfirmed.append(difference)
                } else {
                    report.differences.append(difference)
                }
                // One counter-example per kind of change: the next must differ in what it shows.
                var same = observables.compactMap { name -> String? in
                    guard SMT.constant(name) == nil, name != "true", name != "false",
                        let value = values[name]
                    else { return nil }
                    return SMT.equal(name, Self.text(value))
                }
                if same.isEmpty { same = ["true"] }
                script.assert(SMT.not(SMT.and(same)))
            }
        }
        return report
    }

    func decide(_ book: Rulebook, _ text: String, _ at: Instant) throws -> Observed {
        switch CaseDecoder(rulebook: book).decodeOne(text) {
        case .success(let subject):
            return Observed(Evaluator(rulebook: book).decide(subject, at: at), book: book)
        case .failure(let errors):
            throw VerifyError(
                "the model gave a case the case reader refuses (\(errors.coded)):\n\(text)")
        }
    }

    static func text(_ value: SExpr) -> String {
        switch value {
        case .atom(let atom): atom
        case .list(let items): "(" + items.map(text).joined(separator: " ") + ")"
        }
    }

    static func changes(_ old: Observed, _ new: Observed) -> [String] {
        var changes: [String] = []
        if old.primary != new.primary {
            changes.append("primary referral: \(old.primary ?? "none") → \(new.primary ?? "none")")
        }
        if old.also != new.also {
            changes.append(
                "also referred: [\(old.also.joined(separator: ", "))] → [\(new.also.joined(separator: ", "))]"
            )
        }
        if old.copies != new.copies {
            changes.append(
                "copies: [\(old.copies.joined(separator: ", "))] → [\(new.copies.joined(separator: ", "))]"
            )
        }
        if old.priority != new.priority {
            changes.append("priority: \(old.priority) → \(new.priority)")
        }
        if old.sla != new.sla { changes.append("sla: \(old.sla ?? "none") → \(new.sla ?? "none")") }
        return changes
    }
}
