import Foundation
import Masir
import MasirTestSupport
import Testing

@testable import MasirVerify

/// `masir check --verify`: the solver answers what the built-in analysis leaves as
/// `check.not-analysed`, and every case it shows is one the evaluator routes as claimed.
@Suite(.enabled(if: solver != nil, "z3 is not installed (scripts/setup.sh installs it)"))
struct GroupAnalysisTests {
    /// The rulebook `text` and the solver's analysis of its group `g`, beside the built-in findings.
    static func analysed(_ text: String) throws -> (Rulebook, GroupAnalysis.Result) {
        let book = try load(text)
        return (
            book,
            try GroupAnalysis(book: book, solver: solver!).run(
                group: "g", known: Checker.check(book))
        )
    }

    static let base = RandomRulebook.header

    /// Routes an example again, apart from the analysis that found it.
    func route(
        _ example: GroupAnalysis.Example, _ book: Rulebook, group: String
    ) throws -> (
        matching: [String], applied: [String]
    ) {
        guard case .success(let subject) = CaseDecoder(rulebook: book).decodeOne(example.caseText)
        else {
            Issue.record("the example does not read as a case:\n\(example.caseText)")
            throw VerifyError("unreadable example")
        }
        return try #require(Evaluator(rulebook: book).group(group, for: subject, at: example.at))
    }

    func notes(_ report: CheckReport) -> [Diagnostic] {
        report.diagnostics.filter { $0.code == .notAnalysed }
    }

    @Test func aMentionsRuleShadowedByAnEarlierOneIsFoundWithACaseTheEvaluatorConfirms() throws {
        // Every case that mentions «قرض» is taken by `loans` first; «وام ودیعه» written as one
        // word mentions no «وام», so `deposit` can fire.
        let text =
            Self.base + """
                routing g first match
                  rule loans when description mentions any ["وام", "قرض"] refer to a1
                  rule deposit when description mentions "وام ودیعه" refer to a2
                  rule needy_loans when needy and description mentions "قرض" refer to a2
                  rule jobs when description mentions "کار" refer to a4
                  otherwise refer to a3
                end
                """
        let (book, result) = try Self.analysed(text)
        #expect(result.disagreements.isEmpty)
        #expect(result.decided)
        let finding = try #require(result.findings.only)
        #expect(finding.code == .ruleShadowed)
        #expect(
            finding.message.hasPrefix("rule `g.needy_loans` can never fire: rule `loans` above it"))
        #expect(finding.message.contains("e.g. description: "))
        let example = try #require(result.examples.only)
        let routed = try route(example, book, group: "g")
        #expect(routed.matching.contains("needy_loans"))
        #expect(routed.applied == ["loans"])

        // Through the checker, the group's note gives way to the finding.
        let loader = Loader.memory(["r.masir": text])
        #expect(notes(CheckReport.check(files: ["r.masir"], loader: loader)).count == 1)
        let check = SolverCheck(solver: solver!)
        let report = CheckReport.check(files: ["r.masir"], loader: loader, refine: check.refine)
        #expect(notes(report).isEmpty)
        #expect(report.diagnostics.contains { $0.code == .ruleShadowed })
        #expect(check.disagreements.isEmpty)
        #expect(check.decided == 1)
    }

    @Test func rulesThatCanAllFireGiveNoFindingAndTheNoteGoes() throws {
        let text =
            Self.base + """
                routing g first match
                  rule deposit when description mentions "وام ودیعه" refer to a2
                  rule loans when description mentions any ["وام", "قرض"] refer to a1
                  rule needy_jobs when needy and description mentions "کار" refer to a4
                  otherwise refer to a3
                end
                """
        let (_, result) = try Self.analysed(text)
        #expect(result.disagreements.isEmpty)
        #expect(result.decided)
        #expect(result.findings.isEmpty)

        let loader = Loader.memory(["r.masir": text])
        #expect(notes(CheckReport.check(files: ["r.masir"], loader: loader)).count == 1)
        let check = SolverCheck(solver: solver!)
        let report = CheckReport.check(files: ["r.masir"], loader: loader, refine: check.refine)
        #expect(notes(report).isEmpty)
        let analysed: Set<DiagnosticCode> = [
            .ruleShadowed, .ruleUnsatisfiable, .groupGap, .ruleOverlap,
        ]
        #expect(!report.diagnostics.contains { analysed.contains($0.code) })
    }

    @Test func aConditionNeverTrueIsProved() throws {
        let book = try load(
            Self.base + """
                routing g first match
                  rule odd when description mentions "وام" and not (description mentions any ["وام", "قرض"]) refer to a1
                  otherwise refer to a3
                end
                """)
        let result = try GroupAnalysis(book: book, solver: solver!).run(
            group: "g", known: Checker.check(book))
        #expect(result.decided)
        #expect(result.findings.map(\.code) == [.ruleUnsatisfiable])
    }

    @Test func gapsAndOverlapsComeWithCasesTheEvaluatorConfirms() throws {
        let book = try load(
            Self.base + """
                routing g first match
                  rule loans when description mentions "وام" refer to a1
                  rule jobs when description mentions "کار" refer to a2
                end

                routing u highest priority
                  rule words when description mentions "فوری" refer to a1 priority high
                  rule needy when needy refer to a2 priority high
                  otherwise refer to a3
                end
                """)
        let known = Checker.check(book)
        let gap = try GroupAnalysis(book: book, solver: solver!).run(group: "g", known: known)
        #expect(gap.disagreements.isEmpty)
        #expect(gap.findings.map(\.code) == [.groupGap])
        let hole = try #require(gap.examples.only)
        #expect(try route(hole, book, group: "g").matching.isEmpty)

        let overlap = try GroupAnalysis(book: book, solver: solver!).run(group: "u", known: known)
        #expect(overlap.disagreements.isEmpty)
        let finding = try #require(overlap.findings.only)
        #expect(finding.code == .ruleOverlap)
        #expect(finding.message.contains("needy: yes"))
        let both = try #require(overlap.examples.only)
        #expect(Set(try route(both, book, group: "u").matching) == ["words", "needy"])
    }

    @Test func aGroupTheSolverCannotSettleKeepsItsNoteAndSaysWhy() throws {
        // The model treats `length(…)` as any number, and a case it builds from phrases is never
        // long enough for the evaluator: that rule's reachability stays open.
        let text =
            Self.base + """
                routing g first match
                  rule long when length(description) > 400 and description mentions "وام" refer to a1
                  otherwise refer to a3
                end
                """
        let loader = Loader.memory(["r.masir": text])
        let check = SolverCheck(solver: solver!)
        let report = CheckReport.check(files: ["r.masir"], loader: loader, refine: check.refine)
        #expect(check.disagreements.isEmpty)
        #expect(check.decided == 0)
        let note = try #require(notes(report).only)
        #expect(
            note.notes.contains {
                $0.message.hasPrefix("with --verify, the solver left open whether `long` can fire")
                    && $0.message.contains("`length(description)`")
            })
    }

    @Test func theShippedRulebooksLoseTheirNotAnalysedNotes() throws {
        let files = try Repository.files { $0.hasPrefix("rules/") && $0.hasSuffix(".masir") }
            .map { Repository.url($0).path }
        let plain = CheckReport.check(files: files)
        #expect(!notes(plain).isEmpty)
        let check = SolverCheck(solver: solver!)
        let report = CheckReport.check(files: files, refine: check.refine)
        #expect(check.disagreements.isEmpty)
        #expect(check.analysed > 0)
        #expect(notes(report).isEmpty, "\(notes(report).map(\.message))")
    }
}

/// Without a solver, `--verify` says so, the built-in findings and their notes are printed, and
/// the exit status is 2, as for `masir verify`.
@Suite struct CheckVerifyWithoutSolverTests {
    @Test func theNotesStayAndTheRunSaysWhy() throws {
        let folder = try Temporary.folder(
            "check-verify",
            files: [
                "r.masir": RandomRulebook.header + """
                    routing g first match
                      rule loans when description mentions "وام" refer to a1
                      otherwise refer to a3
                    end
                    """
            ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try MasirExecutable.run(
            ["check", "--verify", folder.appendingPathComponent("r.masir").path],
            environment: ["PATH": "/nonexistent"])
        #expect(run.status == 2)
        #expect(run.errors.contains("--verify needs an SMT solver, and none is installed"))
        #expect(run.output.contains("note[check.not-analysed]"))
    }
}

extension Array {
    /// The one element, or nil when there are none or several.
    fileprivate var only: Element? { count == 1 ? first : nil }
}
