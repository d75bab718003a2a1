import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Small rulebooks and cases for change-impact analysis. The base is the test national rulebook:
/// loans go to bank_melli (7 working days), large ones to deputy_economic, needy callers' loans to
/// their support body (high priority, 5 working days), anything else to inspection.
enum ImpactFixtures {
    static let at = Instant(parsingCaseTime: "1403/08/20 10:00")!

    static func files(_ extra: [String: String] = [:]) -> [String: String] {
        ["r/national/rulebook.masir": TestRulebooks.national].merging(extra) { _, new in new }
    }

    static func side(_ path: String, _ extra: [String: String] = [:]) throws -> ImpactSide {
        let side = ImpactSide.load(path, loader: .memory(files(extra)))
        try #require(
            side.rulebook != nil,
            "\(DiagnosticRenderer.render(side.diagnostics, sources: side.sources))")
        return side
    }

    static var national: ImpactSide { get throws { try side("r/national") } }

    /// Housing-deposit loans go to Behzisti within 3 working days, before every inherited rule.
    static let depositToWelfare = """
        rulebook changed extends national
        routing referrals
          rule deposit "ودیعه"
            when category under housing_deposit
            refer to welfare
            sla 3 working days
        end
        """

    static var changed: ImpactSide {
        get throws { try side("r/changed", ["r/changed/rulebook.masir": depositToWelfare]) }
    }

    /// Opened on Saturday 2024-11-02 (1403/08/12) at 10:00: 7 working days end on Monday
    /// 11 November at 14:30, 5 on Saturday the 9th, 3 on Tuesday the 5th.
    static let cases = """
        id: D-1
        description: "وام ودیعه مسکن می‌خواهم"
        opened: 2024-11-02T10:00:00+03:30
        ---
        id: L-1
        description: "درخواست وام دارم"
        opened: 2024-11-02T10:00:00+03:30
        ---
        id: D-2
        description: "برای رهن خانه وام می‌خواهم"
        opened: 2024-11-02T10:00:00+03:30
        ---
        id: B-1
        description: "وام می‌خواهم"
        amount: 2,000,000,000 rials
        opened: 2024-11-02T10:00:00+03:30
        ---
        id: O-1
        description: "سلام"
        opened: 2024-11-02T10:00:00+03:30
        ---
        id: D-3
        description: "ودیعه"
        opened: 2024-11-02T10:00:00+03:30
        ---
        id: N-1
        description: "وام ودیعه"
        caller: {needy: yes, support_body: welfare}
        opened: 2024-11-02T10:00:00+03:30
        """
}

@Suite struct ChangeImpactTests {
    @Test func theSameRulesChangeNothing() throws {
        let report = ChangeImpact.compare(
            old: try ImpactFixtures.national, new: try ImpactFixtures.national,
            cases: ImpactFixtures.cases, at: ImpactFixtures.at)
        #expect(report.cases == 7)
        #expect(report.compared == 7)
        #expect(report.changed == 0)
        #expect(report.changes == ImpactReport.Changes())
        #expect(
            report.referralMoves.isEmpty && report.ruleMoves.isEmpty && report.priorityMoves.isEmpty
        )
        #expect(report.sla == ImpactReport.SLAChanges())
        #expect(report.notCompared.total == 0)
    }

    @Test func aNewRuleMovesCasesBetweenAgenciesRulesPrioritiesAndDeadlines() throws {
        let report = ChangeImpact.compare(
            old: try ImpactFixtures.national, new: try ImpactFixtures.changed,
            cases: ImpactFixtures.cases, at: ImpactFixtures.at, samples: 2)
        #expect(report.compared == 7)
        #expect(report.changed == 4)
        #expect(report.changes.primaryReferral == 3)
        #expect(report.changes.referrals == 4)
        #expect(report.changes.rule == 4)
        #expect(report.changes.priority == 1)
        #expect(report.changes.slaDue == 4)
        #expect(report.changes.category == 0)
        #expect(
            report.referralMoves == [
                .init(from: "bank_melli", to: "welfare", count: 3, samples: ["D-1", "D-2"])
            ])
        #expect(
            report.ruleMoves == [
                .init(
                    from: "referrals.loan", to: "referrals.deposit", count: 3,
                    samples: ["D-1", "D-2"]),
                .init(from: "referrals.needy", to: "referrals.deposit", count: 1, samples: ["N-1"]),
            ])
        #expect(
            report.priorityMoves == [.init(from: "high", to: "normal", count: 1, samples: ["N-1"])])
        #expect(
            report.referralsAdded == [
                .init(agency: "welfare", role: "primary", count: 3, samples: ["D-1", "D-2"])
            ])
        #expect(
            report.referralsRemoved == [
                .init(agency: "bank_melli", role: "primary", count: 3, samples: ["D-1", "D-2"]),
                .init(agency: "inspection", role: "copy", count: 1, samples: ["N-1"]),
            ])
        // Three cases due 6 days earlier (Monday 11 → Tuesday 5 November), one 4 days earlier
        // (Saturday 9 → Tuesday 5).
        #expect(report.sla.earlier.count == 4)
        #expect(report.sla.earlier.meanSeconds == (3 * 6 + 4) * 86_400 / 4)
        #expect(report.sla.earlier.maxSeconds == 6 * 86_400)
        #expect(report.sla.later.count == 0)
    }

    @Test func theReverseChangeMovesCasesBack() throws {
        let report = ChangeImpact.compare(
            old: try ImpactFixtures.changed, new: try ImpactFixtures.national,
            cases: ImpactFixtures.cases, at: ImpactFixtures.at)
        #expect(
            report.referralMoves.map { "\($0.from)→\($0.to)×\($0.count)" } == [
                "welfare→bank_melli×3"
            ])
        #expect(report.sla.later.count == 4)
        #expect(report.sla.later.meanSeconds == (3 * 6 + 4) * 86_400 / 4)
        #expect(report.ruleMoves.first?.from == "referrals.deposit")
    }

    @Test func addingACopyChangesTheReferralsButNotThePrimary() throws {
        let copies = try ImpactFixtures.side(
            "r/copies",
            [
                "r/copies/rulebook.masir": """
                rulebook copies extends national
                routing referrals
                  replace rule loan when category under bank_facilities refer to bank_melli copy deputy_economic sla 7 working days
                end
                """
            ])
        let report = ChangeImpact.compare(
            old: try ImpactFixtures.national, new: copies, cases: ImpactFixtures.cases,
            at: ImpactFixtures.at)
        #expect(report.changes.primaryReferral == 0)
        #expect(report.changes.rule == 0)
        #expect(report.changes.referrals == 4)
        #expect(report.changed == 4)
        #expect(report.referralsAdded.map(\.agency) == ["deputy_economic"])
        #expect(report.referralsAdded.first?.role == "copy")
        #expect(report.referralsAdded.first?.samples == ["D-1", "L-1", "D-2"])
    }

    @Test func categoryAndLadderChangesAreCounted() throws {
        let changed = try ImpactFixtures.side(
            "r/keywords",
            [
                "r/keywords/rulebook.masir": """
                rulebook keywords extends national
                replace category investment "موانع سرمایه گذاری" mentions "سرمایه گذاری", "سلام"
                escalation fast
                  level first at sla then escalate to inspection
                end
                routing referrals
                  rule investment when category under investment refer to deputy_economic ladder fast
                end
                """
            ])
        let report = ChangeImpact.compare(
            old: try ImpactFixtures.national, new: changed, cases: ImpactFixtures.cases,
            at: ImpactFixtures.at)
        #expect(
            report.categoryMoves == [
                .init(from: "none", to: "investment", count: 1, samples: ["O-1"])
            ])
        #expect(
            report.ladderMoves == [.init(from: "standard", to: "fast", count: 1, samples: ["O-1"])])
        #expect(
            report.referralMoves == [
                .init(from: "inspection", to: "deputy_economic", count: 1, samples: ["O-1"])
            ])
        #expect(report.ruleMoves.first?.from == "referrals.otherwise")
        #expect(report.sla.disappeared.count == 1)
    }

    @Test func casesThatFailToDecodeAreCountedBySide() throws {
        let stricter = try ImpactFixtures.side(
            "r/stricter",
            [
                "r/stricter/rulebook.masir":
                    "rulebook stricter extends national\ndisable agency welfare\n"
            ])
        let cases =
            ImpactFixtures.cases + """

                ---
                id: BAD-1
                caller: {needy: "بله"}
                opened: 2024-11-02T10:00:00+03:30
                """
        let report = ChangeImpact.compare(
            old: try ImpactFixtures.national, new: stricter, cases: cases, file: "c.yaml",
            at: ImpactFixtures.at)
        #expect(report.cases == 8)
        #expect(report.compared == 6)
        #expect(report.notCompared.decodeFailed == .init(old: 0, new: 1, both: 1))
        #expect(report.failures.map(\.side) == ["new", "both"])
        #expect(report.failures.map(\.caseLabel) == ["N-1", "BAD-1"])
        #expect(
            report.failures[0].message.contains("caller.support_body: unknown agency `welfare`"))
        #expect(report.failures[1].message.contains("caller.needy: expected yes/no, found \"بله\""))
    }

    /// Yams stops reading documents at a syntax error without throwing; the comparison counts
    /// it as a case that did not decode instead of dropping it silently.
    @Test func aSyntaxErrorIsAFailureNotASilentEnd() throws {
        let cases = ImpactFixtures.cases + "\n---\nid: [B\nopened: 2024-11-02T10:00:00+03:30\n"
        let report = ChangeImpact.compare(
            old: try ImpactFixtures.national, new: try ImpactFixtures.national, cases: cases,
            file: "c.yaml", at: ImpactFixtures.at)
        #expect(report.cases == 8)
        #expect(report.compared == 7)
        #expect(report.notCompared.decodeFailed.both == 1)
        #expect(report.failures.first?.message.hasPrefix("c.yaml:") == true)
        #expect(report.failures.first?.message.contains("not valid YAML or JSON") == true)
    }

    @Test func aSingleProvincialRulebookTakesOnlyItsOwnCases() throws {
        let files = [
            "r/hamedan/rulebook.masir":
                "rulebook hamedan extends national\n  province \"همدان\"\n  english \"Hamedan\"\n  area code \"081\"\n"
        ]
        let hamedan = try ImpactFixtures.side("r/hamedan", files)
        let cases = """
            {"id": "T-1", "province": "تهران", "description": "وام", "opened": "1403/08/12 10:00"}
            {"id": "T-2", "caller": {"area_code": "021"}, "description": "وام", "opened": "1403/08/12 10:00"}
            {"id": "H-1", "province": "همدان", "description": "وام", "opened": "1403/08/12 10:00"}
            {"id": "H-2", "province": "Hamedan", "description": "وام", "opened": "1403/08/12 10:00"}
            {"id": "H-3", "caller": {"area_code": "۰۸۱"}, "description": "وام", "opened": "1403/08/12 10:00"}
            {"id": "X-1", "description": "وام", "opened": "1403/08/12 10:00"}
            """
        var tally = ChangeImpact(old: hamedan, new: hamedan, at: ImpactFixtures.at).tally()
        JSONLines.forEachLine(in: cases) { line, number in
            tally.add(jsonLine: line, file: "c.jsonl", number: number)
        }
        #expect(tally.report.cases == 6)
        #expect(tally.report.compared == 4)
        #expect(tally.report.notCompared.outOfScope == 2)
        #expect(tally.report.notCompared.total == 2)
    }

    /// A tree in which one provincial rulebook does not load: its cases are reported as such,
    /// not as unknown provinces, and the other provinces are still compared.
    @Test func casesOfARulebookThatFailedToLoadAreReported() throws {
        let hamedan =
            "rulebook hamedan extends national\n  province \"همدان\"\n  area code \"081\"\n"
        let tehran =
            "rulebook tehran extends national\n  province \"تهران\"\n  english \"Tehran\"\n  area code \"021\"\n"
        let root = try Temporary.folder(
            "masir-impact",
            files: [
                "old/national/rulebook.masir": TestRulebooks.national,
                "old/provinces/hamedan/rulebook.masir": hamedan,
                "old/provinces/tehran/rulebook.masir": tehran,
                "new/national/rulebook.masir": TestRulebooks.national,
                "new/provinces/hamedan/rulebook.masir": hamedan,
                "new/provinces/tehran/rulebook.masir": tehran
                    + "replace agency nowhere \"هیچ‌جا\"\n",
            ]
        ).path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let old = ImpactSide.load(root + "/old"), new = ImpactSide.load(root + "/new")
        #expect(old.failed.isEmpty)
        #expect(new.failed.map(\.file) == [root + "/new/provinces/tehran/rulebook.masir"])
        #expect(new.failed.first?.province == "تهران")
        #expect(new.failed.first?.areaCode == "021")
        #expect(new.failed.first?.errors == 1)
        #expect(new.diagnostics.contains { $0.code == DiagnosticCode.overrideOfMissing })
        let cases = """
            {"id": "T-1", "province": "تهران", "description": "وام", "opened": "1403/08/12 10:00"}
            {"id": "T-2", "caller": {"area_code": "021"}, "description": "وام", "opened": "1403/08/12 10:00"}
            {"id": "T-3", "province": "tehran", "description": "وام", "opened": "1403/08/12 10:00"}
            {"id": "H-1", "province": "همدان", "description": "وام", "opened": "1403/08/12 10:00"}
            {"id": "Q-1", "province": "قم", "description": "وام", "opened": "1403/08/12 10:00"}
            """
        var tally = ChangeImpact(old: old, new: new, at: ImpactFixtures.at).tally()
        JSONLines.forEachLine(in: cases) { line, number in
            tally.add(jsonLine: line, file: "c.jsonl", number: number)
        }
        let report = tally.report
        #expect(report.compared == 1)
        #expect(report.notCompared.rulebookFailed == .init(old: 0, new: 3, both: 0))
        #expect(report.notCompared.decodeFailed == .init(old: 0, new: 0, both: 1))
        #expect(
            report.failures.first { $0.kind == "rulebook" }?.message.contains(
                "tehran/rulebook.masir") == true)
        #expect(report.failures.first { $0.kind == "decode" }?.caseLabel == "Q-1")
        #expect(report.new.failedRulebooks.count == 1)
        #expect(
            ImpactRenderer.text(report).contains(
                "rulebook failed to load  3: old only 0, new only 3, both 0"))
    }

    /// The same rulebook in two folders is recognised (its digest covers texts, not file names),
    /// so the provinces a change does not touch are decided once; a changed province is not.
    @Test func copiesOfATreeAreRecognisedByTheirTexts() throws {
        let hamedan =
            "rulebook hamedan extends national\n  province \"همدان\"\n  area code \"081\"\n"
        let tehran = "rulebook tehran extends national\n  province \"تهران\"\n  area code \"021\"\n"
        let root = try Temporary.folder(
            "masir-impact",
            files: [
                "a/national/rulebook.masir": TestRulebooks.national,
                "a/provinces/hamedan/rulebook.masir": hamedan,
                "a/provinces/tehran/rulebook.masir": tehran,
                "b/national/rulebook.masir": TestRulebooks.national,
                "b/provinces/hamedan/rulebook.masir": hamedan
                    + ImpactFixtures.depositToWelfare.replacingOccurrences(
                        of: "rulebook changed extends national", with: ""),
                "b/provinces/tehran/rulebook.masir": tehran,
            ]
        ).path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let a = ImpactSide.load(root + "/a"), b = ImpactSide.load(root + "/b")
        let tehranA = try #require(a.dispatcher?.rulebooks["tehran"]),
            tehranB = try #require(b.dispatcher?.rulebooks["tehran"])
        #expect(a.identity(tehranA) == b.identity(tehranB))
        #expect(
            a.identity(try #require(a.dispatcher?.rulebooks["hamedan"]))
                != b.identity(try #require(b.dispatcher?.rulebooks["hamedan"])))
        let cases = """
            {"id": "T-1", "province": "تهران", "description": "ودیعه", "opened": "1403/08/12 10:00"}
            {"id": "H-1", "province": "همدان", "description": "ودیعه", "opened": "1403/08/12 10:00"}
            """
        var tally = ChangeImpact(old: a, new: b, at: ImpactFixtures.at).tally()
        JSONLines.forEachLine(in: cases) { line, number in
            tally.add(jsonLine: line, file: "c.jsonl", number: number)
        }
        #expect(tally.report.compared == 2)
        #expect(
            tally.report.referralMoves == [
                .init(from: "bank_melli", to: "welfare", count: 1, samples: ["H-1"])
            ])
    }

    @Test func aSingleRulebookThatFailsToLoadFailsEveryCase() throws {
        let broken = ImpactSide.load(
            "r/broken",
            loader: .memory(
                ImpactFixtures.files([
                    "r/broken/rulebook.masir":
                        "rulebook broken extends national\nrouting referrals\n  rule x when nothing refer to nowhere\nend\n"
                ])))
        #expect(broken.rulebook == nil)
        #expect(broken.failed.count == 1)
        let report = ChangeImpact.compare(
            old: try ImpactFixtures.national, new: broken, cases: ImpactFixtures.cases,
            at: ImpactFixtures.at)
        #expect(report.compared == 0)
        #expect(report.notCompared.rulebookFailed.new == 7)
    }

    @Test func samplesAreLimitedAndTablesSortedByCount() throws {
        let report = ChangeImpact.compare(
            old: try ImpactFixtures.national, new: try ImpactFixtures.changed,
            cases: ImpactFixtures.cases, at: ImpactFixtures.at, samples: 0)
        #expect(report.referralMoves.allSatisfy { $0.samples.isEmpty })
        #expect(report.ruleMoves.map(\.count) == [3, 1])
    }

    /// Parallel batches count the cases in file order, so the report — samples included — is
    /// the same for any number of jobs.
    @Test func theReportDoesNotDependOnTheNumberOfJobs() throws {
        let root = try Temporary.folder("masir-impact").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var lines: [String] = []
        for index in 0..<600 {
            let description = ["وام ودیعه", "درخواست وام", "سلام", "رهن"][index % 4]
            lines.append(
                #"{"id": "C-\#(index)", "description": "\#(description)", "opened": "1403/08/\#(10 + index % 9) 10:00"}"#
            )
            if index % 97 == 0 { lines.append("{broken") }
        }
        let path = root + "/cases.jsonl"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let one = try ChangeImpact(
            old: try ImpactFixtures.national, new: try ImpactFixtures.changed,
            at: ImpactFixtures.at, jobs: 1
        ).compare(files: [path])
        let four = try ChangeImpact(
            old: try ImpactFixtures.national, new: try ImpactFixtures.changed,
            at: ImpactFixtures.at, jobs: 4
        ).compare(files: [path])
        #expect(one.cases == 607)
        #expect(one.changed == 300)
        #expect(one == four)
    }

    @Test func theReportRoundTripsThroughJSON() throws {
        let report = ChangeImpact.compare(
            old: try ImpactFixtures.national, new: try ImpactFixtures.changed,
            cases: ImpactFixtures.cases, at: ImpactFixtures.at)
        let json = ImpactRenderer.json(report)
        #expect(json.contains("\"format\" : \"masir.impact/1\""))
        let decoded = try JSONDecoder().decode(ImpactReport.self, from: Data(json.utf8))
        #expect(decoded == report)
    }

    @Test func theTextReport() throws {
        var report = ChangeImpact.compare(
            old: try ImpactFixtures.national, new: try ImpactFixtures.changed,
            cases: ImpactFixtures.cases, at: ImpactFixtures.at, samples: 2)
        report.inputs = ["cases.yaml"]
        let text = ImpactRenderer.text(report)
        let expected = """
            change impact: r/national → r/changed
              old: \(report.old.rulebooks[0])
              new: \(report.new.rulebooks[0])
              cases: cases.yaml, evaluated at 1403/08/20 10:00

            7 cases read, 7 compared, 0 not compared.
            4 of 7 compared cases (57.1%) change:
              primary referral  3  (42.9%)
              referrals         4  (57.1%)
              priority          1  (14.3%)
              SLA due           4  (57.1%)
              deciding rule     4  (57.1%)
              priority rule     1  (14.3%)
              category          0
              ladder            0

            primary referral (old → new)
              3  bank_melli → welfare  e.g. D-1, D-2

            referrals added (agency, role)
              3  welfare (primary)  e.g. D-1, D-2

            referrals removed (agency, role)
              3  bank_melli (primary)  e.g. D-1, D-2
              1  inspection (copy)     e.g. N-1

            priority (old → new)
              1  high → normal  e.g. N-1

            SLA due
              earlier   4 cases, by 5 d 12 h on average, at most 6 d
                  e.g. D-1, D-2

            deciding rule (the rule that chose the primary referral)
              referrals.loan lost 3 cases to referrals.deposit
                  e.g. D-1, D-2
              referrals.needy lost 1 case to referrals.deposit
                  e.g. N-1

            priority rule (the rule that set the priority)
              referrals.needy lost 1 case to the default (normal)
                  e.g. N-1

            rules undecided for missing data: in 5 cases under old, 2 under new

            """
        #expect(text == expected)
    }
}

@Suite struct JSONLinesTests {
    /// Lines are split across the reader's 64 KiB chunks, CRLF and a missing final newline are
    /// handled, and the numbers count every line, blank or not.
    @Test func readsLinesAcrossChunksInConstantMemory() throws {
        let root = try Temporary.folder("masir-impact").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let long = String(repeating: "و", count: 20_000)
        let lines = [
            #"{"id": "A", "description": "وام", "opened": "1403/08/12 10:00"}"#,
            "",
            #"{"id": "B", "description": "\#(long)", "note": "\#(String(repeating: "x", count: 40_000))", "opened": "1403/08/12 10:00"}"#,
            #"{"id": "C", "description": "ودیعه", "opened": "1403/08/12 10:00"}"# + "\r",
            "{not json",
            #"{"id": "D", "description": "سلام", "opened": "1403/08/12 10:00"}"#,
        ]
        let path = root + "/cases.jsonl"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let handle = try #require(FileHandle(forReadingAtPath: path))
        var read: [(String, Int)] = []
        try JSONLines.forEachLine(in: handle) { read.append(($0, $1)) }
        #expect(read.map(\.1) == [1, 2, 3, 4, 5, 6])
        #expect(read.map(\.0) == lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 })

        let national = try ImpactFixtures.national
        let report = try ChangeImpact(
            old: national, new: try ImpactFixtures.changed, at: ImpactFixtures.at
        ).compare(files: [path])
        #expect(report.inputs == [path])
        #expect(report.cases == 5)
        #expect(report.compared == 4)
        #expect(report.notCompared.decodeFailed.both == 1)
        #expect(report.failures.first?.caseLabel == path + ":5")
        #expect(report.referralMoves.first?.samples == ["C"])
    }

    @Test func textLinesAreNumberedFromOne() {
        var seen: [Int] = []
        JSONLines.forEachLine(in: "a\r\nb\n\nc") { line, number in
            seen.append(number)
            #expect(!line.contains("\r"))
        }
        #expect(seen == [1, 2, 3, 4])
    }
}

/// The generated month of cases (scripts/gen_cases.py) is what `masir diff` is demonstrated on:
/// every case must decode with the shipped rulebooks.
@Suite struct GeneratedCasesTests {
    @Test func everyGeneratedCaseDecodesWithTheShippedRules() throws {
        let root = Repository.path
        let side = ImpactSide.load(root + "/rules")
        #expect(side.failed.isEmpty && !side.diagnostics.hasErrors)
        let impact = ChangeImpact(old: side, new: side, at: ImpactFixtures.at)
        let handle = try #require(
            FileHandle(forReadingAtPath: root + "/data/cases/hamedan-1403-08.jsonl"))
        defer { try? handle.close() }
        var cases = 0, failures: [String] = []
        var provinces: [String: Int] = [:]
        try JSONLines.forEachLine(in: handle) { line, number in
            let (documents, syntax) = impact.documents(
                line, file: "hamedan-1403-08.jsonl", lineOffset: number - 1, singleLine: true)
            if syntax != nil { failures.append("line \(number): not JSON") }
            for document in documents {
                cases += 1
                switch side.choose(document, file: "hamedan-1403-08.jsonl") {
                case .book(let book):
                    provinces[book.id, default: 0] += 1
                    if case .failure(let errors) = CaseDecoder(rulebook: book, strict: true).decode(
                        document, file: "hamedan-1403-08.jsonl")
                    {
                        failures.append(errors.description)
                    }
                case .none(let outcome):
                    failures.append("line \(number): \(outcome)")
                }
            }
        }
        #expect(cases >= 10_000)
        #expect(failures.isEmpty, "\(failures.prefix(5).joined(separator: "\n"))")
        // Mostly Hamedan, and every other province some of the time.
        #expect(Double(provinces["hamedan"] ?? 0) / Double(cases) > 0.8)
        #expect(provinces.count == 31)
    }
}

/// The `masir diff` command, run as a process.
@Suite struct DiffCommandTests {
    static func run(_ arguments: [String], in folder: String) throws -> Command.Output {
        try MasirExecutable.run(arguments, in: URL(fileURLWithPath: folder))
    }

    @Test func diffPrintsTheLibrarysReportAndExitsOneOnChanges() throws {
        let root = try Temporary.folder(
            "masir-impact",
            files: ImpactFixtures.files([
                "r/changed/rulebook.masir": ImpactFixtures.depositToWelfare,
                "cases.yaml": ImpactFixtures.cases,
            ])
        ).path
        defer { try? FileManager.default.removeItem(atPath: root) }

        let text = try Self.run(
            [
                "diff", "r/national", "r/changed", "--cases", "cases.yaml", "--at",
                "1403/08/20 10:00", "--samples", "2",
            ], in: root)
        #expect(text.status == 1, "\(text.errors)")
        let loader = Loader(
            read: { try String(contentsOfFile: root + "/" + $0, encoding: .utf8) },
            exists: { FileManager.default.fileExists(atPath: root + "/" + $0) })
        var expected = ChangeImpact.compare(
            old: ImpactSide.load("r/national", loader: loader),
            new: ImpactSide.load("r/changed", loader: loader),
            cases: ImpactFixtures.cases, file: "cases.yaml", at: ImpactFixtures.at, samples: 2)
        expected.inputs = ["cases.yaml"]
        #expect(text.output == ImpactRenderer.text(expected))

        let json = try Self.run(
            [
                "diff", "r/national", "r/changed", "--cases", "cases.yaml", "--at",
                "1403/08/20 10:00", "--format", "json",
            ], in: root)
        let report = try JSONDecoder().decode(ImpactReport.self, from: Data(json.output.utf8))
        #expect(report.changed == 4)
        #expect(report.referralMoves.first?.samples == ["D-1", "D-2", "D-3"])

        let same = try Self.run(
            [
                "diff", "r/national", "r/national", "--cases", "cases.yaml", "--at",
                "1403/08/20 10:00",
            ], in: root)
        #expect(same.status == 0)
        #expect(same.output.contains("0 of 7 compared cases (0.0%) change:"))

        let missing = try Self.run(
            ["diff", "r/national", "r/nowhere", "--cases", "cases.yaml"], in: root)
        #expect(missing.status == 2)
        #expect(missing.errors.contains("no such rulebook `r/nowhere`"))
    }
}
