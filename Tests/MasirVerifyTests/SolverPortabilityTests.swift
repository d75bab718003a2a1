import Foundation
import Masir
import MasirTestSupport
import Testing

@testable import MasirVerify

/// What Masir writes for a solver is standard SMT-LIB, and what it reads back is read whichever
/// solver answered: z3 and cvc5 prove and find the same things.
@Suite struct SolverPortabilityTests {
    static let solvers = ["z3", "cvc5"].filter { Solver.named($0) != nil }

    @Test(arguments: solvers)
    func hamedansPropertiesAreProvedByEverySolver(_ name: String) throws {
        let solver = try #require(Solver.named(name))
        let engine = try Engine.load(path: Repository.url("rules").path)
        let book = try #require(engine.rulebook("hamedan"))
        let report = try PropertyCheck(book: book, solver: solver).run()
        #expect(report.results.count >= 6)
        for item in report.results {
            guard case .proved = item.verdict else {
                Issue.record("\(name): \(item.property.id) is \(item.verdict)")
                continue
            }
        }
    }

    /// The national rulebook's groups that the built-in analysis leaves open: every solver
    /// settles them, finds the same gap in `urgency`, and the evaluator confirms its example.
    @Test(arguments: solvers)
    func theNationalGroupsAreSettledAlikeByEverySolver(_ name: String) throws {
        let solver = try #require(Solver.named(name))
        let file = Repository.url("rules/national/rulebook.masir").path
        let check = SolverCheck(solver: solver)
        let report = CheckReport.check(files: [file], refine: check.refine)
        #expect(check.disagreements.isEmpty, "\(name)")
        #expect(check.analysed > 0, "\(name)")
        #expect(!report.diagnostics.contains { $0.code == .notAnalysed }, "\(name)")
        let gaps = report.diagnostics.filter { $0.code == .groupGap }
        #expect(
            gaps.count == 1 && gaps[0].message.contains("`urgency`"),
            "\(name): \(gaps.map { $0.message })")
    }

    /// A solver that stops reading before the script ends (an error in it, say) is a failure
    /// the caller hears of; the write into its closed pipe does not end the process.
    @Test func aSolverThatStopsReadingIsAFailureNotTheEndOfTheProcess() throws {
        let quitter = Solver(executable: "/bin/true", arguments: [])
        let script = String(repeating: "(assert true)\n", count: 100_000)
        #expect(throws: Solver.Failure.self) { try quitter.check(script, values: []) }
    }

    @Test func integersAreWrittenAsSMTLIBAndReadBack() {
        for value: Int64 in [0, 7, -1, -42, .max, .min] {
            let term = SMT.int(value)
            #expect(!term.hasPrefix("-"), "\(term)")
            #expect(SMT.constant(term) == value)
        }
        #expect(SMT.none == "(- 1)")
        #expect(SMT.equal(SMT.none, "3") == "false")
        #expect(SMT.constant("x") == nil && SMT.constant("(- x)") == nil)
    }

    /// z3 names a value `|f.id?|`, as the script wrote it; cvc5 writes `f.id?`.
    @Test func valuesAreFoundByTheirNameWithOrWithoutBars() throws {
        let answer = try #require(SExpr.parse("((f.id? true) (|t.d#1| false) (today 16071))"))
        guard case .list(let pairs) = answer else { throw VerifyError("not a list") }
        let values = Solver.values(pairs)
        #expect(values["|f.id?|"] == .atom("true") && values["f.id?"] == .atom("true"))
        #expect(values["|t.d#1|"] == .atom("false"))
        #expect(values["today"]?.integer == 16071)
    }
}
