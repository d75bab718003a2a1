import Foundation
import Yams

/// Change-impact analysis: every case is decided under the old and the new version of the rules,
/// and the differences are counted — where cases go, how urgent they are, when they are due, and
/// which rules decide them.
///
/// ```swift
/// let report = ChangeImpact.compare(old: ImpactSide(rulebook: before), new: ImpactSide(rulebook: after),
///                                   cases: yaml, at: instant)
/// ```
public struct ChangeImpact: Sendable {
    public var old: ImpactSide
    public var new: ImpactSide
    /// The evaluation instant: which rules are in force, and which escalation levels have fired.
    public var at: Instant
    /// Sample case ids kept per move (and failures kept per kind and side).
    public var samples: Int
    /// Unknown fields are errors rather than warnings.
    public var strict: Bool
    /// Cases decided at once, in batches; the report is the same for any number.
    public var jobs: Int

    public init(
        old: ImpactSide, new: ImpactSide, at: Instant, samples: Int = 3, strict: Bool = false,
        jobs: Int = 1
    ) {
        self.old = old
        self.new = new
        self.at = at
        self.samples = samples
        self.strict = strict
        self.jobs = max(1, jobs)
    }

    /// Compares every case in a YAML or JSON text (one case, `---` documents, or a list).
    public static func compare(
        old: ImpactSide, new: ImpactSide, cases: String, file: String? = nil, at: Instant,
        samples: Int = 3
    ) -> ImpactReport {
        var tally = ChangeImpact(old: old, new: new, at: at, samples: samples).tally()
        tally.add(documents: cases, file: file)
        return tally.report
    }

    /// Compares every case in the files: `.jsonl` / `.ndjson` files are read line by line in
    /// constant memory, others as YAML or JSON documents. `-` is standard input, as JSON Lines.
    public func compare(files: [String]) throws -> ImpactReport {
        var tally = tally()
        for path in files {
            tally.partial.inputs.append(path)
            let name = path == "-" ? "<stdin>" : path
            if path == "-" || JSONLines.isJSONLines(path) {
                let file: UnsafeMutablePointer<FILE>
                switch CaseFile.open(path) {
                case .success(let opened): file = opened
                case .failure(.refused(let error)):
                    tally.fold(Self.refused(error, label: name))
                    continue
                case .failure(let failure): throw failure
                }
                defer { fclose(file) }
                // Lines are decided a block at a time on the batch router's pipeline, so memory
                // stays bounded by the block.
                let impact = self
                _ = try LinePipeline.run(file, blockSize: JSONLines.blockSize, jobs: jobs) {
                    block, lines in
                    block.lines[lines].flatMap { line -> [Evaluated] in
                        switch CaseReader.text(
                            of: block.bytes[line.range], file: name, firstLine: line.number)
                        {
                        case .success(let text):
                            impact.evaluate(line: text, number: line.number, file: name)
                        case .failure(let error):
                            [Self.refused(error, label: "\(name):\(line.number)")]
                        }
                    }
                } consume: { results, tooLong, limit in
                    for result in results.joined() { tally.fold(result) }
                    for number in tooLong {
                        let errors = CaseErrors(errors: [
                            CaseError(
                                file: name, line: number, path: "",
                                message: "a line longer than \(limit) bytes", kind: .tooLarge)
                        ])
                        tally.fold(
                            Evaluated(
                                old: .decodeFailed(errors), new: .decodeFailed(errors),
                                label: "\(name):\(number)"))
                    }
                }
            } else {
                switch CaseFile.read(path) {
                case .success(let text): tally.add(documents: text, file: path)
                case .failure(.refused(let error)): tally.fold(Self.refused(error, label: name))
                case .failure(let failure): throw failure
                }
            }
        }
        return tally.report
    }

    /// A case input refused before any case was read, counted as one case that did not decode.
    static func refused(_ error: CaseError, label: String) -> Evaluated {
        let errors = CaseErrors(errors: [error])
        return Evaluated(old: .decodeFailed(errors), new: .decodeFailed(errors), label: label)
    }

    public func tally() -> Tally { Tally(self) }

    /// Accumulates the comparison one case at a time; its memory does not grow with the number
    /// of cases (only a few samples are kept per move).
    public struct Tally {
        let impact: ChangeImpact
        var partial: ImpactReport
        var moves: [Table: [Pair: Accumulated]] = [:]
        var referralChanges: [Bool: [Pair: Accumulated]] = [:]
        var slaSums: [SLAKind: Int64] = [:]
        var failureCounts: [String: Int] = [:]

        enum Table: Hashable, CaseIterable {
            case referral, priority, rule, priorityRule, category, ladder
        }
        enum SLAKind: Hashable { case earlier, later }

        struct Pair: Hashable {
            var from: String
            var to: String
        }

        struct Accumulated {
            var count = 0
            var samples: [String] = []
        }

        init(_ impact: ChangeImpact) {
            self.impact = impact
            partial = ImpactReport(old: .init(impact.old), new: .init(impact.new), at: impact.at)
        }

        /// Every case in a YAML or JSON text.
        public mutating func add(documents text: String, file: String?) {
            let (documents, failure) = impact.documents(
                text, file: file, lineOffset: 0, singleLine: false)
            let impact = self.impact
            for result in impact.map(
                documents.count, { impact.evaluate(documents[$0], file: file) })
            { fold(result) }
            if let failure { fold(failure) }
        }

        /// One line of a JSON Lines file (`number` counts from 1); blank lines are skipped.
        public mutating func add(jsonLine line: String, file: String?, number: Int) {
            add([(line, number)], file: file)
        }

        /// Lines of a JSON Lines file, decided in parallel and counted in order.
        mutating func add(_ lines: [(String, Int)], file: String?) {
            let impact = self.impact
            for results in impact.map(
                lines.count, { impact.evaluate(line: lines[$0].0, number: lines[$0].1, file: file) }
            ) {
                for result in results { fold(result) }
            }
        }

        mutating func fold(_ result: Evaluated) {
            partial.cases += 1
            if case .decided(let a) = result.old, case .decided(let b) = result.new {
                compare(a, b, label: a.caseId ?? b.caseId ?? result.label)
            } else {
                notCompared(old: result.old, new: result.new, label: result.label)
            }
        }

        mutating func notCompared(old: ImpactSide.Outcome, new: ImpactSide.Outcome, label: String) {
            func failure(_ outcome: ImpactSide.Outcome) -> (kind: String, message: String)? {
                switch outcome {
                case .rulebookFailed(let file): ("rulebook", "its rulebook `\(file)` did not load")
                case .decodeFailed(let errors):
                    (
                        "decode",
                        errors.errors.filter { !$0.isWarning }.map(\.coded).joined(
                            separator: "; ")
                    )
                default: nil
                }
            }
            let a = failure(old), b = failure(new)
            let kind: String
            if a?.kind == "rulebook" || b?.kind == "rulebook" {
                kind = "rulebook"
            } else if a != nil || b != nil {
                kind = "decode"
            } else {
                partial.notCompared.outOfScope += 1
                return
            }
            let onOld = a?.kind == kind, onNew = b?.kind == kind
            let side = onOld && onNew ? "both" : onOld ? "old" : "new"
            var counts =
                kind == "rulebook"
                ? partial.notCompared.rulebookFailed : partial.notCompared.decodeFailed
            switch side {
            case "both": counts.both += 1
            case "old": counts.old += 1
            default: counts.new += 1
            }
            if kind == "rulebook" {
                partial.notCompared.rulebookFailed = counts
            } else {
                partial.notCompared.decodeFailed = counts
            }
            let key = kind + "/" + side
            if failureCounts[key, default: 0] < max(impact.samples, 3) {
                failureCounts[key, default: 0] += 1
                // Both sides usually fail for the same reason; the old one's message is shown.
                let message = (onOld ? a : b)!.message
                partial.failures.append(
                    .init(side: side, kind: kind, caseLabel: label, message: message))
            }
        }

        mutating func compare(_ a: Decision, _ b: Decision, label: String) {
            partial.compared += 1
            var changed = false
            func note(_ table: Table, _ from: String, _ to: String) -> Bool {
                guard from != to else { return false }
                Self.record(
                    &moves[table, default: [:]], Pair(from: from, to: to), label,
                    samples: impact.samples)
                changed = true
                return true
            }
            let primaryA = a.referrals.first { $0.role == "primary" },
                primaryB = b.referrals.first { $0.role == "primary" }
            if note(.referral, primaryA?.agency ?? "none", primaryB?.agency ?? "none") {
                partial.changes.primaryReferral += 1
            }
            if note(
                .rule, primaryA.map { "\($0.group).\($0.rule)" } ?? "none",
                primaryB.map { "\($0.group).\($0.rule)" } ?? "none")
            {
                partial.changes.rule += 1
            }
            let referralsA = Set(a.referrals.map { Pair(from: $0.agency, to: $0.role) })
            let referralsB = Set(b.referrals.map { Pair(from: $0.agency, to: $0.role) })
            if referralsA != referralsB {
                partial.changes.referrals += 1
                changed = true
                for added in referralsB.subtracting(referralsA) {
                    Self.record(
                        &referralChanges[true, default: [:]], added, label, samples: impact.samples)
                }
                for removed in referralsA.subtracting(referralsB) {
                    Self.record(
                        &referralChanges[false, default: [:]], removed, label,
                        samples: impact.samples)
                }
            }
            if note(.priority, a.priority.level, b.priority.level) { partial.changes.priority += 1 }
            if note(.priorityRule, a.priority.rule ?? "none", b.priority.rule ?? "none") {
                partial.changes.priorityRule += 1
            }
            if note(.category, a.category?.id ?? "none", b.category?.id ?? "none") {
                partial.changes.category += 1
            }
            if note(.ladder, a.escalation?.ladder ?? "none", b.escalation?.ladder ?? "none") {
                partial.changes.ladder += 1
            }

            let dueA = a.sla?.due?.instant, dueB = b.sla?.due?.instant
            if dueA != dueB {
                partial.changes.slaDue += 1
                changed = true
                switch (dueA, dueB) {
                case (nil, _): Self.shift(&partial.sla.appeared, 0, label, samples: impact.samples)
                case (_, nil):
                    Self.shift(&partial.sla.disappeared, 0, label, samples: impact.samples)
                case (let x?, let y?):
                    let seconds = x.distance(to: y)
                    if seconds < 0 {
                        Self.shift(&partial.sla.earlier, -seconds, label, samples: impact.samples)
                        slaSums[.earlier, default: 0] += -seconds
                    } else {
                        Self.shift(&partial.sla.later, seconds, label, samples: impact.samples)
                        slaSums[.later, default: 0] += seconds
                    }
                }
            }
            if !a.errors.isEmpty { partial.undecided.old += 1 }
            if !b.errors.isEmpty { partial.undecided.new += 1 }
            if changed { partial.changed += 1 }
        }

        static func record(
            _ table: inout [Pair: Accumulated], _ pair: Pair, _ label: String, samples: Int
        ) {
            var entry = table[pair, default: Accumulated()]
            entry.count += 1
            if entry.samples.count < samples { entry.samples.append(label) }
            table[pair] = entry
        }

        static func shift(
            _ shift: inout ImpactReport.Shift, _ seconds: Int64, _ label: String, samples: Int
        ) {
            shift.count += 1
            shift.maxSeconds = max(shift.maxSeconds, seconds)
            if shift.samples.count < samples { shift.samples.append(label) }
        }

        /// The report of every case added so far, its tables sorted by count (then by name).
        public var report: ImpactReport {
            var result = partial
            // Most cases first, then by name, so reports compare line by line.
            func rows<Row>(
                _ table: [Pair: Accumulated]?, _ row: (Pair, Accumulated) -> Row
            ) -> [Row] {
                (table ?? [:]).sorted {
                    ($1.value.count, $0.key.from, $0.key.to) < (
                        $0.value.count, $1.key.from, $1.key.to
                    )
                }
                .map { row($0.key, $0.value) }
            }
            func sorted(_ table: Table) -> [ImpactReport.Move] {
                rows(moves[table]) {
                    ImpactReport.Move(
                        from: $0.from, to: $0.to, count: $1.count, samples: $1.samples)
                }
            }
            func changes(_ added: Bool) -> [ImpactReport.ReferralChange] {
                rows(referralChanges[added]) {
                    ImpactReport.ReferralChange(
                        agency: $0.from, role: $0.to, count: $1.count, samples: $1.samples)
                }
            }
            result.referralMoves = sorted(.referral)
            result.priorityMoves = sorted(.priority)
            result.ruleMoves = sorted(.rule)
            result.priorityRuleMoves = sorted(.priorityRule)
            result.categoryMoves = sorted(.category)
            result.ladderMoves = sorted(.ladder)
            result.referralsAdded = changes(true)
            result.referralsRemoved = changes(false)
            if result.sla.earlier.count > 0 {
                result.sla.earlier.meanSeconds =
                    slaSums[.earlier, default: 0] / Int64(result.sla.earlier.count)
            }
            if result.sla.later.count > 0 {
                result.sla.later.meanSeconds =
                    slaSums[.later, default: 0] / Int64(result.sla.later.count)
            }
            return result
        }
    }
}

// MARK: - Deciding cases under both versions

extension ChangeImpact {
    /// One case under both versions, before it is counted.
    struct Evaluated: Sendable {
        var old: ImpactSide.Outcome
        var new: ImpactSide.Outcome
        /// The case's id, or where it is, for failures.
        var label: String
    }

    /// One case document. When both versions choose the same rulebook (the same digest, as for
    /// the provinces a change does not touch), the case is decoded and decided once.
    func evaluate(_ document: InputValue, file: String?) -> Evaluated {
        let label =
            ImpactSide.scalar(document, ["id"])
            ?? "\(file ?? "case")\(document.line.map { ":\($0)" } ?? "")"
        let a = old.choose(document, file: file), b = new.choose(document, file: file)
        let before = old.outcome(a, document, file: file, at: at, strict: strict)
        if case .book(let x) = a, case .book(let y) = b, old.identity(x) == new.identity(y) {
            return Evaluated(old: before, new: before, label: label)
        }
        return Evaluated(
            old: before, new: new.outcome(b, document, file: file, at: at, strict: strict),
            label: label)
    }

    /// One line of JSON Lines: usually one case; a list gives several, bad syntax one failure.
    func evaluate(line: String, number: Int, file: String?) -> [Evaluated] {
        if line.allSatisfy(\.isWhitespace) { return [] }
        let (documents, failure) = documents(
            line, file: file, lineOffset: number - 1, singleLine: true)
        return documents.map { evaluate($0, file: file) } + (failure.map { [$0] } ?? [])
    }

    /// The case documents of a text (lists are opened), and a failure for the syntax error that
    /// ended them, if any: what follows a syntax error is lost and counts as one case that did not
    /// decode. A JSON Lines record (`singleLine`) is JSON; other texts YAML.
    func documents(
        _ text: String, file: String?, lineOffset: Int, singleLine: Bool
    ) -> ([InputValue], Evaluated?) {
        let read = CaseReader.read(
            text, as: singleLine ? .json : .yaml, file: file, firstLine: lineOffset + 1)
        guard let failure = read.failure else { return (read.documents, nil) }
        let errors = CaseErrors(errors: [failure])
        return (
            read.documents,
            Evaluated(
                old: .decodeFailed(errors), new: .decodeFailed(errors),
                label: "\(file ?? "case"):\(failure.line ?? lineOffset + 1)")
        )
    }

    /// `body` for 0..<count, on up to `jobs` threads, in order.
    func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        Parallel.map(count, jobs: jobs, body)
    }
}
