import Foundation
import Masir
import MasirTestSupport
import Testing

@testable import MasirVerify

/// The solver tests need z3 (scripts/setup.sh installs it); without it they are skipped, saying so.
let solver = Solver.installed()

func load(_ text: String, _ name: String = "r.masir") throws -> Rulebook {
    let result = Loader.memory([name: text]).load(name)
    guard let book = result.rulebook, !result.diagnostics.contains(where: { $0.severity == .error })
    else {
        throw VerifyError(
            "rulebook did not load:\n\(DiagnosticRenderer.render(result.diagnostics, sources: result.sources))"
        )
    }
    return book
}

@Suite(.enabled(if: solver != nil, "z3 is not installed (scripts/setup.sh installs it)"))
struct EquivalenceTests {
    static let base = RandomRulebook.header

    @Test func aRulebookIsEquivalentToItself() throws {
        let text =
            Self.base + """
                routing g first match
                  rule needy when needy and category under c1 refer to a1 priority high sla 3 working days
                  rule loan when description mentions "وام" refer to body copy a4
                  otherwise refer to a2
                end
                """
        let book = try load(text)
        let report = try Equivalence(old: book, new: book, solver: solver!).run()
        #expect(report.proved)
        #expect(report.disagreements.isEmpty)
    }

    @Test func aChangedReferralIsShownWithACaseBothSidesDecide() throws {
        let old = try load(
            Self.base + """
                routing g first match
                  rule deposit when category under c2 and county is k1 refer to a1
                  otherwise refer to a2
                end
                """)
        let new = try load(
            Self.base + """
                routing g first match
                  rule deposit when category under c2 and county in [k1, k2] refer to a1
                  otherwise refer to a2
                end
                """)
        let report = try Equivalence(old: old, new: new, solver: solver!).run()
        #expect(!report.proved)
        #expect(report.disagreements.isEmpty)
        let difference = try #require(report.differences.first)
        #expect(difference.changes == ["primary referral: a2 → a1"])
        #expect(difference.caseText.contains("county: k2"))
        #expect(report.differences.count == 1)
        #expect(report.complete)
    }

    /// A text that mentions «وام ودیعه» written without spaces need not mention «ودیعه»; the
    /// model lets the solver pick any set of phrases a real text can hold, and the case it
    /// writes mentions exactly those.
    @Test func phrasesInsideLongerPhrasesAreLinked() throws {
        let old = try load(
            Self.base + """
                routing g first match
                  rule deposit when description mentions "وام ودیعه" refer to a1
                  otherwise refer to a2
                end
                """)
        let new = try load(
            Self.base + """
                routing g first match
                  rule deposit when description mentions "وام ودیعه" and description mentions "ودیعه" refer to a1
                  otherwise refer to a2
                end
                """)
        let report = try Equivalence(old: old, new: new, solver: solver!).run()
        #expect(report.disagreements.isEmpty)
        // «وامودیعه» as one word mentions the long phrase and not the short one.
        #expect(report.differences.count == 1)
        let spaced = try load(
            Self.base + """
                routing g first match
                  rule deposit when description mentions "وامودیعه" refer to a1
                  otherwise refer to a2
                end
                """)
        #expect(try Equivalence(old: old, new: spaced, solver: solver!).run().proved)
    }

    /// Random pairs of generated rulebooks: every counter-example is decided differently by the
    /// evaluator, and a proved pair decides random cases alike: 1,250 cases per proved pair,
    /// 10,000 or more in all (a debug build decodes YAML slowly; `masir verify` itself is
    /// measured in docs/performance.md).
    @Test func randomPairsAgreeWithTheEvaluator() throws {
        var g = SplitMix64(seed: 20_261_205)
        var proved = 0
        var differing = 0
        var agreeing = 0
        for round in 0..<24 {
            let first = RandomRulebook.rulebook(&g)
            let second: String
            switch round % 3 {
            case 0: second = first
            case 1: second = RandomRulebook.rulebook(&g)
            default:
                // A small edit: one priority or one agency changed.
                second = first.replacingOccurrences(of: "priority high", with: "priority urgent")
                    .replacingOccurrences(of: "refer to a3", with: "refer to a1")
            }
            let old = try load(first)
            let new = try load(second)
            var equivalence = try Equivalence(old: old, new: new, solver: solver!)
            equivalence.limit = 6
            let report = try equivalence.run()
            #expect(
                report.disagreements.isEmpty, "\(report.disagreements)\n\(first)\n---\n\(second)")
            for difference in report.differences {
                #expect(!difference.old.agrees(with: difference.new))
                differing += 1
            }
            if report.proved {
                proved += 1
                let a = Evaluator(rulebook: old)
                let b = Evaluator(rulebook: new)
                for _ in 0..<1_250 {
                    let yaml = RandomRulebook.caseText(&g)
                    // One schema, so one decoded case serves both.
                    guard case .success(let subject) = CaseDecoder(rulebook: old).decodeOne(yaml)
                    else {
                        Issue.record("generated case did not decode: \(yaml)")
                        return
                    }
                    let at = Instant(localText: "1403/08/20 10:00")!
                    let x = Observed(a.decide(subject, at: at), book: old)
                    let y = Observed(b.decide(subject, at: at), book: new)
                    agreeing += 1
                    #expect(
                        x.agrees(with: y),
                        "proved equivalent, yet:\n\(yaml)\n\(first)\n---\n\(second)")
                    if !x.agrees(with: y) { return }
                }
            }
        }
        #expect(proved >= 8)
        #expect(agreeing >= 10_000)
        #expect(differing >= 8)
    }
}

/// `masir diff --symbolic`, run as a process: the solver's verdict over every case, in the same
/// words as `masir verify equivalent`, with the corpus report after it when cases are given.
@Suite(.enabled(if: solver != nil, "z3 is not installed (scripts/setup.sh installs it)"))
struct SymbolicDiffCommandTests {
    static let old =
        RandomRulebook.header + """
            routing g first match
              rule deposit when category under c2 and county is k1 refer to a1
              otherwise refer to a2
            end
            """
    static let new = old.replacingOccurrences(of: "county is k1", with: "county in [k1, k2]")

    @Test func diffSymbolicProvesOrShowsTheCaseDecidedDifferently() throws {
        let root = try Temporary.folder(
            "masir-symbolic-diff", files: ["old.masir": Self.old, "new.masir": Self.new])
        defer { try? FileManager.default.removeItem(at: root) }

        let differ = try MasirExecutable.run(
            ["diff", "--symbolic", "old.masir", "new.masir"], in: root)
        #expect(differ.status == 1, "\(differ.errors)")
        let expected = try Equivalence(
            old: load(Self.old), new: load(Self.new), solver: solver!
        ).run()
        #expect(!expected.proved)
        #expect(differ.output == VerifyRenderer.text(expected, old: "old.masir", new: "new.masir"))
        #expect(differ.output.contains("primary referral: a2 → a1"))
        #expect(differ.output.contains("county: k2"))

        let same = try MasirExecutable.run(
            ["diff", "--symbolic", "old.masir", "old.masir"], in: root)
        #expect(same.status == 0, "\(same.errors)")
        let proved = try Equivalence(old: load(Self.old), new: load(Self.old), solver: solver!)
            .run()
        #expect(proved.proved)
        #expect(same.output == VerifyRenderer.text(proved, old: "old.masir", new: "old.masir"))

        // Without --symbolic, diff still needs a corpus.
        let noCases = try MasirExecutable.run(["diff", "old.masir", "new.masir"], in: root)
        #expect(noCases.status == 2)
        #expect(noCases.errors.contains("--symbolic"))
    }

    @Test func diffSymbolicWithCasesAddsTheCorpusReport() throws {
        let cases = """
            id: C-1
            county: k2
            category: c2
            opened: 1403/08/12 09:00
            """
        let root = try Temporary.folder(
            "masir-symbolic-diff",
            files: ["old.masir": Self.old, "new.masir": Self.new, "cases.yaml": cases])
        defer { try? FileManager.default.removeItem(at: root) }
        let both = try MasirExecutable.run(
            ["diff", "--symbolic", "old.masir", "new.masir", "--cases", "cases.yaml"], in: root)
        #expect(both.status == 1, "\(both.errors)")
        let symbolic = try Equivalence(
            old: load(Self.old), new: load(Self.new), solver: solver!
        ).run()
        let text = VerifyRenderer.text(symbolic, old: "old.masir", new: "new.masir")
        #expect(both.output.hasPrefix(text))
        #expect(both.output.dropFirst(text.count).contains("1 of 1 compared cases"))
    }
}
