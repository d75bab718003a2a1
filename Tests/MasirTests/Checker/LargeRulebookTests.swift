import Foundation
import MasirTestSupport
import Synchronization
import Testing

@testable import Masir
@testable import MasirLanguage

/// Rulebooks far larger than policy staff write, from `scripts/gen_large_rulebook.py` (scaled
/// down): loading, checking and compiling them completes, the pairwise analyses stop at their
/// work budget or the caller's deadline and say so, and nothing grows with the square of the
/// rulebook. No timings are asserted; `docs/security.md` lists the limits. One test at a time,
/// since each keeps a thread busy for seconds and the servers other suites start need one.
@Suite(.serialized) struct LargeRulebookTests {
    /// The generator's rulebook of `shape` and size `n`, loaded without errors.
    static func load(
        _ shape: String, _ n: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Rulebook {
        let generated = try Command.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "scripts/gen_large_rulebook.py", shape, String(n)])
        try #require(generated.status == 0, "\(generated.errors)", sourceLocation: sourceLocation)
        let result = Loader.memory(["large.masir": generated.output]).load("large.masir")
        #expect(
            !result.diagnostics.hasErrors,
            "\(DiagnosticRenderer.render(Array(result.diagnostics.prefix(5)), sources: result.sources))",
            sourceLocation: sourceLocation)
        return try #require(result.rulebook, sourceLocation: sourceLocation)
    }

    static func notes(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.filter { $0.code == .notAnalysed }
    }

    @Test func twoThousandOverlappingRulesStopAtTheWorkBudgetAndSaySo() throws {
        let book = try Self.load("rules", 2_000)
        let notes = Self.notes(Checker.check(book))
        let note = try #require(notes.first { $0.message.contains("work budget") })
        #expect(note.message.contains("shadowed"))
        #expect(note.message.contains("`referrals`"))
        #expect(note.help?.contains("rulebook tests") == true)
    }

    @Test func everyShippedRulebookIsAnalysedWithinTheBudget() throws {
        let paths = try Corpus.paths(
            in: Repository.url("rules"), suffix: "rulebook.masir", recursive: true)
        for path in paths {
            let book = try #require(Loader.files.load(path).rulebook)
            let stopped = Self.notes(Checker.check(book)).filter {
                $0.message.contains("work budget")
            }
            #expect(stopped.isEmpty, "\(path): \(stopped.map(\.message))")
        }
    }

    @Test func aPassedDeadlineStopsEveryPairwiseAnalysis() throws {
        let book = try Self.load("rules", 200)
        let counter = Mutex(0)
        let diagnostics = Checker.check(
            book,
            deadline: CheckDeadline {
                counter.withLock { $0 += 1 }
                return true
            })
        #expect(counter.withLock { $0 } > 0)
        let stopped = Self.notes(diagnostics).filter { $0.message.contains("deadline") }
        #expect(stopped.contains { $0.message.contains("shadowed") })
        #expect(stopped.contains { $0.message.contains("overlap") })
        #expect(!diagnostics.contains { $0.code == .ruleOverlap || $0.code == .ruleShadowed })
        // Without a deadline the same rulebook is analysed in full.
        let full = Checker.check(book)
        #expect(full.contains { $0.code == .ruleOverlap })
        #expect(!Self.notes(full).contains { $0.message.contains("budget") })
    }

    @Test func twentyThousandCategoriesCompileIntoTablesOfLinearSize() throws {
        let book = try Self.load("flat", 20_000)
        #expect(book.categories.count == 20_000)
        _ = Checker.check(book)
        let plan = Plan(book)
        // A table of every pair of categories would take 400 MB here.
        #expect(plan.estimatedBytes < 40_000_000)
        #expect(book.category("c19999", isUnder: "c19999"))
        #expect(!book.category("c19999", isUnder: "c0"))
    }

    @Test func aChainTwoThousandDeepResolvesAndAnswersUnderAtAnyDepth() throws {
        let book = try Self.load("chain", 2_000)
        #expect(book.category("c1999")?.depth == 1_999)
        #expect(book.category("c1999", isUnder: "c0"))
        #expect(!book.category("c0", isUnder: "c1999"))
        #expect(book.categoryIDs(under: "c1000").count == 1_000)
        let plan = Plan(book)
        #expect(plan.categoryTree.contains(1_999, under: 0))
        #expect(!plan.categoryTree.contains(0, under: 1))
    }

    @Test func thousandsOfUnknownNamesAreEachReportedWithoutComparingAllPairs() {
        let count = 2_000
        var text = "rulebook r\nagency a1 \"یک\"\n"
        for i in 0..<count { text += "category c\(i) \"د\" under p\(i)\n" }
        text += "routing g\n  otherwise refer to a1\nend\n"
        let result = Loader.memory(["r.masir": text]).load("r.masir")
        let unknown = result.diagnostics.filter { $0.code == .unknownCategory }
        #expect(unknown.count == count)
        // `p1` is one letter from `c1`: suggested while the suggestion budget lasts, then not.
        #expect(unknown.first { $0.message.contains("`p1`") }?.help == "did you mean `c1`?")
        let budget = Resolver.suggestionBudget / count
        #expect(unknown.dropFirst(budget + 1).allSatisfy { $0.fixIts.isEmpty })
    }

    @Test func categoryCyclesAreReportedOncePerMemberAndBroken() {
        let text = """
            rulebook r
            agency a1 "یک"
            category a "الف" under b
            category b "ب" under a
            category c "پ" under a
            category d "ت" under d
            case
              field category : category optional
            end
            routing g
              otherwise refer to a1
            end

            """
        let result = Loader.memory(["r.masir": text]).load("r.masir")
        let cycles = result.diagnostics.filter { $0.code == .inheritanceCycle }
        #expect(
            cycles.map(\.message) == [
                "category `a` lies under itself", "category `b` lies under itself",
                "category `d` lies under itself",
            ])
    }
}
