import Foundation
import Masir

/// Why a benchmark run stopped.
package enum BenchmarkError: Error, CustomStringConvertible {
    case unreadable(String)
    case rulebook(String)
    case mismatch(String)

    package var description: String {
        switch self {
        case .unreadable(let message), .rulebook(let message), .mismatch(let message): message
        }
    }
}

/// The peer workload run as `masir bench` runs it: translate the workload into Masir, compile it
/// (several times: one run on a shared machine varies by a third), verify every decision against
/// the oracle, then time evaluation on one core.
package struct WorkloadBenchmark {
    package var workload: String
    package var rules: Int
    package var cases: Int
    package var seed: Int
    /// Seconds of timed evaluation (after one warm-up pass).
    package var seconds: Double
    /// Also time the reference (tree-walking) evaluator.
    package var reference: Bool
    /// Write the translated rulebook here.
    package var emit: String?
    package var compileRuns: Int

    package init(
        workload: String, rules: Int, cases: Int, seed: Int, seconds: Double, reference: Bool,
        emit: String?, compileRuns: Int
    ) {
        (self.workload, self.rules, self.cases, self.seed) = (workload, rules, cases, seed)
        (self.seconds, self.reference, self.emit, self.compileRuns) = (
            seconds, reference, emit, compileRuns
        )
    }

    func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw BenchmarkError.unreadable("cannot read `\(path)`: \(error.localizedDescription)")
        }
    }

    package func run() throws -> BenchmarkFigures {
        let folder = workload
        let rulesText = try read("\(folder)/rules_r\(rules).tsv")
        let casesText = try read("\(folder)/cases_n\(cases)_s\(seed).tsv")
        let expectedPath = "\(folder)/expected_r\(rules)_n\(cases)_s\(seed).tsv"
        let expected = try Workload.parseExpected(try read(expectedPath))
        let ruleLines = try Workload.parseRules(rulesText)
        let rows = try Workload.parseCases(casesText)
        let source = Workload.masirSource(ruleLines, cases: rows, name: "bench_r\(rules)")
        if let emit { try source.write(toFile: emit, atomically: true, encoding: .utf8) }

        // Compile: load (parse, resolve, type), then plan; parsing alone is timed first, for the
        // record. Repeated, since one run on a shared machine varies by a third: the fastest run's
        // figures are reported, with the median total beside them.
        let clock = ContinuousClock()
        var runs: [(parse: Duration, load: Duration, plan: Duration)] = []
        var compiledPlan: Plan?
        for _ in 0..<max(1, compileRuns) {
            let t0 = clock.now
            let parsed = Parser.parse(SourceFile(name: "bench.masir", text: source))
            let t1 = clock.now
            let loaded = Loader.memory(["bench.masir": source]).load("bench.masir")
            guard let book = loaded.rulebook else {
                throw BenchmarkError.rulebook(
                    DiagnosticRenderer.render(loaded.diagnostics, sources: loaded.sources))
            }
            let t2 = clock.now
            let made = Plan(book)
            let t3 = clock.now
            // The previous run's plan is freed outside the timed part.
            compiledPlan = made
            withExtendedLifetime(parsed) {}
            runs.append((t1 - t0, t2 - t1, t3 - t2))
        }
        let plan = compiledPlan!
        let book = plan.rulebook
        let fastest = runs.min { $0.load + $0.plan < $1.load + $1.plan }!
        let totals = runs.map { milliseconds($0.load + $0.plan) }.sorted()
        let medianCompile = totals[totals.count / 2]

        // Decode the cases into the plan's layout (not timed as evaluation).
        let d0 = clock.now
        let compiled = rows.map { plan.encode(Workload.makeCase($0, book: book)) }
        let decodeTime = clock.now - d0
        let at = Workload.evaluationInstant
        let day = Int64(at.civilDate().dayNumber)

        var scratch = Plan.Scratch()
        // Verify every decision against the oracle's.
        var mismatches = 0
        var firstMismatch = ""
        for (row, c) in zip(rows, compiled) {
            let d = plan.decideCompact(c, at: at, day: day, scratch: &scratch)
            let rule = plan.ruleID(of: d).map { $0 == "otherwise" ? "default" : $0 } ?? ""
            let got = Workload.Expected(
                ruleID: rule, agency: d.agency ?? "", priority: d.priority,
                escalate: d.fired & 1 == 1)
            if got != expected[row.id] {
                mismatches += 1
                if firstMismatch.isEmpty {
                    firstMismatch =
                        "case \(row.id): expected \(String(describing: expected[row.id])), got \(got)"
                }
            }
        }
        if mismatches > 0 || expected.count != rows.count {
            throw BenchmarkError.mismatch(
                "\(mismatches) of \(rows.count) decisions differ from \(expectedPath)\n  \(firstMismatch)"
            )
        }

        // Time: one warm-up pass, then batches of 1,000 cases until the time budget is spent.
        let batch = 1_000
        var sink = 0
        for c in compiled {
            sink &+= plan.decideCompact(c, at: at, day: day, scratch: &scratch).priority
        }
        var perDecision: [Double] = []
        var total = Duration.zero
        var decided = 0
        // Cases are lent to the plan straight from the buffer: copying one costs more than deciding it.
        compiled.withUnsafeBufferPointer { compiled in
            let base = compiled.baseAddress!
            while total < .seconds(seconds) {
                var start = 0
                while start < compiled.count {
                    let end = min(start + batch, compiled.count)
                    let b0 = clock.now
                    for i in start..<end {
                        sink &+=
                            plan.decideCompact(
                                (base + i).pointee, at: at, day: day, scratch: &scratch
                            ).priority
                    }
                    let elapsed = clock.now - b0
                    total += elapsed
                    decided += end - start
                    perDecision.append(nanoseconds(elapsed) / Double(end - start))
                    start = end
                }
            }
        }
        perDecision.sort()
        let median = perDecision[perDecision.count / 2]
        let p99 = perDecision[min(perDecision.count - 1, Int(Double(perDecision.count) * 0.99))]
        let rate = Double(decided) / (nanoseconds(total) / 1e9)

        var referenceRate: Double?
        if reference {
            let evaluator = Evaluator(rulebook: book)
            let sample = Array(compiled.prefix(20_000))
            let r0 = clock.now
            for c in sample { sink &+= evaluator.decide(c.source, at: at).priority.value }
            referenceRate = Double(sample.count) / (nanoseconds(clock.now - r0) / 1e9)
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return BenchmarkFigures(
            rules: ruleLines.rules.count, cases: rows.count, expectedPath: expectedPath,
            decisionsPerSecond: rate, medianNanoseconds: median,
            p99Nanoseconds: p99, fastestParse: fastest.parse, fastestLoad: fastest.load,
            fastestPlan: fastest.plan, medianCompileMilliseconds: medianCompile,
            compileRuns: runs.count, decodeTime: decodeTime,
            planBytesPerRule: plan.estimatedBytes / max(1, ruleLines.rules.count),
            peakRSSMegabytes: Double(usage.ru_maxrss) / 1024,
            referenceDecisionsPerSecond: referenceRate, sourceBytes: source.utf8.count,
            checksum: sink & 1, batch: batch)
    }
}

func nanoseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9
}

func milliseconds(_ d: Duration) -> Double { nanoseconds(d) / 1e6 }

func fmt(_ x: Double) -> String { String(format: "%.1f", x) }

/// What a benchmark run measured.
package struct BenchmarkFigures {
    package var rules: Int
    package var cases: Int
    package var expectedPath: String
    package var decisionsPerSecond: Double
    package var medianNanoseconds: Double
    package var p99Nanoseconds: Double
    package var fastestParse: Duration
    package var fastestLoad: Duration
    package var fastestPlan: Duration
    package var medianCompileMilliseconds: Double
    package var compileRuns: Int
    package var decodeTime: Duration
    package var planBytesPerRule: Int
    package var peakRSSMegabytes: Double
    package var referenceDecisionsPerSecond: Double?
    package var sourceBytes: Int
    package var checksum: Int
    package var batch: Int

    /// The figures as sorted, pretty-printed JSON (the keys `Benchmarks/figures/*.json` hold).
    package func json() throws -> String {
        let figures: [String: Any] = [
            "rules": rules, "cases": cases, "verified": cases, "mismatches": 0,
            "decisions_per_second": decisionsPerSecond.rounded(),
            "ns_per_decision_median": medianNanoseconds.rounded(),
            "ns_per_decision_p99": p99Nanoseconds.rounded(),
            "parse_ms": milliseconds(fastestParse), "load_and_check_ms": milliseconds(fastestLoad),
            "plan_ms": milliseconds(fastestPlan),
            "compile_ms_total": milliseconds(fastestLoad + fastestPlan),
            "compile_ms_median": medianCompileMilliseconds, "compile_runs": compileRuns,
            "decode_ms": milliseconds(decodeTime),
            "plan_bytes_per_rule": planBytesPerRule,
            "peak_rss_mb": peakRSSMegabytes,
            "reference_decisions_per_second": referenceDecisionsPerSecond.map { $0.rounded() }
                ?? NSNull(),
            "source_bytes": sourceBytes, "checksum": checksum,
        ]
        let data = try JSONSerialization.data(
            withJSONObject: figures, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    /// The figures for people.
    package var text: String {
        var text = """
            workload: \(rules) rules, \(cases) cases — every decision verified against \(expectedPath)
            compile:  load (parse, names, types) \(fmt(milliseconds(fastestLoad))) ms + plan \(fmt(milliseconds(fastestPlan))) ms = \(fmt(milliseconds(fastestLoad + fastestPlan))) ms, fastest of \(compileRuns) (median \(fmt(medianCompileMilliseconds)) ms; parsing alone \(fmt(milliseconds(fastestParse))) ms; source \(sourceBytes / 1024) KB)
            decode:   \(fmt(milliseconds(decodeTime))) ms for \(cases) cases
            evaluate: \(Int(decisionsPerSecond).formatted()) decisions/s, \(fmt(medianNanoseconds)) ns median, \(fmt(p99Nanoseconds)) ns p99 per decision (batches of \(batch), one core)
            plan:     ~\(planBytesPerRule) bytes per rule
            memory:   peak RSS \(fmt(peakRSSMegabytes)) MB
            """
        if let referenceDecisionsPerSecond {
            text +=
                "\nreference evaluator: \(Int(referenceDecisionsPerSecond).formatted()) decisions/s (first 20,000 cases)"
        }
        return text
    }
}
