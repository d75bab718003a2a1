import ArgumentParser
import Foundation
import Masir
import MasirBench

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Run the peer benchmark workload: translate, compile, verify every decision, then time evaluation.",
        discussion: """
            Reads rules_r<N>.tsv, cases_n<C>_s<S>.tsv and expected_r<N>_n<C>_s<S>.tsv from the workload folder \
            (shared/bench/workload; gen_workload.py there makes other sizes). Any decision that differs from \
            the expected file fails the run. Timing is single-threaded unless --jobs is given.
            """)

    @Option(help: "The workload folder.")
    var workload: String = "../shared/bench/workload"

    @Option(help: "Rulebook size (rules_r<N>.tsv).")
    var rules: Int = 200

    @Option(help: "Case file size and seed, as in the file names.")
    var cases: Int = 100_000
    @Option(help: "Case seed, as in the file names.")
    var seed: Int = 42

    @Option(help: "Seconds of timed evaluation (after one warm-up pass).")
    var seconds: Double = 3

    @Flag(help: "Also time the reference (tree-walking) evaluator.")
    var reference = false

    @Flag(help: "Print the figures as JSON.")
    var json = false

    @Option(help: "Write the translated Masir rulebook here.")
    var emit: String?

    @Option(
        help:
            "Compile this many times; the fastest run's times are reported, with the median total.")
    var compileRuns: Int = 5

    func run() throws {
        let benchmark = WorkloadBenchmark(
            workload: workload, rules: rules, cases: cases, seed: seed, seconds: seconds,
            reference: reference, emit: emit, compileRuns: compileRuns)
        do {
            let figures = try benchmark.run()
            print(json ? try figures.json() : figures.text)
        } catch let error as BenchmarkError {
            printError("masir bench: \(error)\n")
            if case .unreadable = error { throw Exit.usage }
            throw Exit.findings
        }
    }
}
