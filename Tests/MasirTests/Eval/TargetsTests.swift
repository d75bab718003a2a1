import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage

/// Several SLA targets per case, levels at a share of a target's time, re-opened and
/// re-classified cases; the compiled plan decides them as the reference evaluator does.
@Suite struct TargetsTests {
    /// Working days Saturday–Wednesday 08:00–16:00; 1403/08/05 is a Saturday.
    static func rulebook(_ ladderClauses: String) -> String {
        """
        rulebook t
          default calendar gov
          default ladder standard

        agency a "الف"
        agency boss "ب"
        category water "آب"
        category power "برق"
        enum status: registered, referred, answered, resolved, reopened
        case
          field status : status default registered
          field category : category optional
          field opened : datetime
          field referred : datetime optional
          field urgent : bool default no
        end

        calendar gov
          zone "Asia/Tehran"
          saturday to wednesday 08:00-16:00
          thursday off
          friday off
        end

        escalation standard on gov
          stop when resolved
        \(ladderClauses)
          level warn at 75% of sla then remind assignee
          level fa_half at 50% of sla first_answer then remind assignee
          level fa_late at sla first_answer then notify boss
          level late at sla then notify boss
        end

        routing r first match
          rule u when urgent
            refer to a
            sla 4 working days
            sla first_answer 1 working day
          otherwise
            refer to a
            sla 8 days
            sla first_answer 2 working days when category is water
            sla first_answer 3 working days
        end
        """
    }

    static let clauses = """
          on reopen resume
          sla first_answer stop when answered, resolved
          sla first_answer on reopen restart
        """

    static func decide(
        _ caseText: String, at: String, clauses: String = TargetsTests.clauses,
        strategy: EvaluationStrategy = .reference
    ) throws -> Decision {
        let folder = try Temporary.folder("targets", files: ["t.masir": rulebook(clauses)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let engine = try Engine.load(
            path: folder.appendingPathComponent("t.masir").path, strategy: strategy)
        return try engine.evaluate(.text(caseText), at: Instant(parsingCaseTime: at)!)
    }

    static let urgent =
        #"{"opened": "1403/08/05 09:00", "referred": "1403/08/05 10:00", "urgent": true}"#

    @Test func eachTargetHasItsDeadlineAndTimeLeft() throws {
        let decision = try Self.decide(Self.urgent, at: "1403/08/06 10:00")
        let targets = try #require(decision.targets)
        #expect(targets.map(\.target) == ["sla", "first_answer"])
        // 4 working days: Sunday to Wednesday; 1 working day: Sunday.
        #expect(targets[0].due?.jalali == "1403/08/09 16:00")
        #expect(targets[1].due?.jalali == "1403/08/06 16:00")
        #expect(targets[1].remaining?.working == "6 working hours")
        #expect(targets[1].remaining?.calendar == "6 hours")
        #expect(decision.sla?.due == targets[0].due)
        #expect(decision.compactJSON.contains(#""target":"first_answer""#))
        #expect(DecisionRenderer.text(decision).contains("first_answer: 1 working day from"))
    }

    @Test func aShareOfATargetCountsItsWorkingTime() throws {
        let decision = try Self.decide(Self.urgent, at: "1403/08/06 10:00")
        let levels = try #require(decision.escalation?.levels)
        // First answer: Saturday 10–16 and Sunday 8–16 hold 14 working hours; half is 7,
        // so Sunday 09:00. Final result: 6 + 4 × 8 = 38 hours; three quarters is 28.5, so
        // Tuesday 14:30.
        #expect(levels.first { $0.level == "fa_half" }?.due?.jalali == "1403/08/06 09:00")
        #expect(levels.first { $0.level == "fa_half" }?.fired == true)
        #expect(levels.first { $0.level == "warn" }?.due?.jalali == "1403/08/08 14:30")
        #expect(decision.escalation?.next?.level == "fa_late")
        #expect(levels.first { $0.level == "fa_late" }?.target == "first_answer")
    }

    @Test func aConditionalTargetReplacesTheUnconditionalOne() throws {
        let water = try Self.decide(
            #"{"opened": "1403/08/05 09:00", "referred": "1403/08/05 10:00", "category": "water"}"#,
            at: "1403/08/05 11:00")
        let power = try Self.decide(
            #"{"opened": "1403/08/05 09:00", "referred": "1403/08/05 10:00", "category": "power"}"#,
            at: "1403/08/05 11:00")
        #expect(water.targets?.last?.duration == "2 working days")
        #expect(power.targets?.last?.duration == "3 working days")
    }

    static let reopened = """
        opened: 1403/08/05 09:00
        referred: 1403/08/05 10:00
        urgent: yes
        status: reopened
        history:
          - {status: referred, at: "1403/08/05 10:00"}
          - {status: answered, at: "1403/08/06 09:00"}
          - {status: resolved, at: "1403/08/07 12:00"}
          - {status: reopened, at: "1403/08/12 10:00"}
        """

    @Test func anAnswerStopsOnlyTheFirstAnswerClock() throws {
        let decision = try Self.decide(
            """
            opened: 1403/08/05 09:00
            referred: 1403/08/05 10:00
            urgent: yes
            status: answered
            history:
              - {status: referred, at: "1403/08/05 10:00"}
              - {status: answered, at: "1403/08/06 09:00"}
            """, at: "1403/08/07 10:00")
        let targets = try #require(decision.targets)
        #expect(targets[0].clock == "running")
        #expect(targets[1].clock == "stopped")
        #expect(targets[1].met == true)
        #expect(targets[1].remaining == nil)
        #expect(decision.escalation?.levels.first { $0.level == "fa_late" }?.fired == false)
    }

    @Test func reopeningResumesOrRestartsAsTheLadderSays() throws {
        let decision = try Self.decide(Self.reopened, at: "1403/08/12 11:00")
        let targets = try #require(decision.targets)
        // Resumed: 20 working hours were left at the close (Monday 12:00); from Saturday 10:00
        // that is Saturday 6, Sunday 8, Monday 6 hours.
        #expect(targets[0].due?.jalali == "1403/08/14 14:00")
        // Restarted: one working day from the re-opening.
        #expect(targets[1].start.jalali == "1403/08/12 10:00")
        #expect(targets[1].due?.jalali == "1403/08/13 16:00")
        // Without `on reopen`, the final result keeps its first deadline, long past.
        let kept = try Self.decide(
            Self.reopened, at: "1403/08/12 11:00",
            clauses: "  sla first_answer stop when answered, resolved")
        #expect(kept.targets?[0].due?.jalali == "1403/08/09 16:00")
        #expect(kept.targets?[0].remaining?.overdue == true)
    }

    @Test func aNewTargetKeepsTheFirstRoundAsItEnded() throws {
        let decision = try Self.decide(
            Self.reopened, at: "1403/08/12 11:00",
            clauses: "  on reopen new target\n  sla first_answer stop when answered, resolved")
        let rounds = try #require(decision.targets).filter { $0.target == "sla" }
        #expect(rounds.count == 2)
        #expect(rounds[0].clock == "stopped")
        #expect(rounds[0].stopped?.jalali == "1403/08/07 12:00")
        #expect(rounds[0].met == true)
        #expect(rounds[1].round == 2)
        #expect(rounds[1].start.jalali == "1403/08/12 10:00")
        // Four working days from Saturday 10:00: Sunday to Wednesday.
        #expect(rounds[1].due?.jalali == "1403/08/16 16:00")
    }

    @Test func reclassificationRestartsOrKeepsTheStart() throws {
        let moved = """
            opened: 1403/08/05 09:00
            referred: 1403/08/05 10:00
            urgent: yes
            category: power
            history:
              - {category: water, at: "1403/08/05 10:00"}
              - {category: power, at: "1403/08/06 12:00"}
            """
        let restart = try Self.decide(
            moved, at: "1403/08/06 13:00", clauses: "  on reclassify restart")
        #expect(restart.sla?.start.jalali == "1403/08/06 12:00")
        let keep = try Self.decide(
            moved, at: "1403/08/06 13:00", clauses: "  on reclassify keep start")
        #expect(keep.sla?.start.jalali == "1403/08/05 10:00")
    }

    @Test func theReferenceEvaluatorAndThePlanAgree() throws {
        let cases = [Self.urgent, Self.reopened]
        for text in cases {
            for at in ["1403/08/05 11:00", "1403/08/06 12:00", "1403/08/13 10:00"] {
                let reference = try Self.decide(text, at: at)
                let compiled = try Self.decide(text, at: at, strategy: .compiled)
                #expect(reference == compiled)
            }
        }
    }

    @Test func shareAndTargetsParseAndFormat() throws {
        let parsed = Parser.parse(SourceFile(name: "t.masir", text: Self.rulebook(Self.clauses)))
        #expect(parsed.diagnostics.isEmpty)
        let formatted = Formatter.format(parsed)
        let again = Parser.parse(SourceFile(name: "t.masir", text: formatted))
        #expect(SyntaxDump.dump(again.syntax) == SyntaxDump.dump(parsed.syntax))
        #expect(formatted.contains("at 75% of sla\n"))
        #expect(formatted.contains("sla first_answer on reopen restart"))
        let bad = Parser.parse(
            SourceFile(
                name: "b.masir",
                text:
                    "rulebook b\nescalation e\n  level x at 150% of sla then remind assignee\nend\n"
            ))
        #expect(bad.diagnostics.contains { $0.code == .outOfRange })
    }
}

/// The targets' rulebook with the given ladder clauses, for tests of other front ends.
enum TargetsTestsRulebook {
    static func text(_ clauses: String) -> String { TargetsTests.rulebook(clauses) }
}
