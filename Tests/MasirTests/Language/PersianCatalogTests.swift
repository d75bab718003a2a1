import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Every finding Masir can report is said in Persian as a whole sentence, notes included: each
/// code is made to appear by rulebooks (the diagnostics corpus, the checker's fixtures and the
/// small rulebooks below, which reach the wordings of a code the others do not), and its Persian
/// rendering must have no English fallback. The catalog keeps no sentence that no finding says.
@Suite struct PersianCatalogTests {
    /// Codes no rulebook can make Masir report, with why.
    static let untriggerable: [DiagnosticCode: String] = CheckerFixtures.reserved

    /// Catalog entries no small rulebook reaches, with why.
    static let unreached: [String: String] = [
        "the rulebook would cost {} steps per case, over the budget of {}":
            "needs a rulebook too large to load in a unit test",
        "no such rulebook, file or folder {}": "said by the REPL's `:load` of a missing path",
        "{} holds no provincial rulebook (one with a `province` or `area code`)":
            "said by the REPL's `:load` of a folder of national rulebooks",
        "row has no date": "a holiday file's header must name a date column, so every row has one",
    ]

    /// A small rulebook that reports `code`, beside the files it needs.
    struct Trigger: CustomStringConvertible, Sendable {
        var code: DiagnosticCode
        var files: [String: String]
        var main = "t.masir"
        /// Whether the checker's deadline has passed before it starts.
        var late = false
        var description: String { "\(code.rawValue): \(files[main]?.prefix(60) ?? "")" }
    }

    /// Two groups on a number, one first-match and one highest-priority, each with a first rule
    /// and the line given: for analyses that the checker's deadline cuts short.
    static func twoGroups(_ referrals: String, _ ranks: String) -> String {
        onCalls(
            """
            routing referrals first match
              rule a when calls > 1 refer to relief
              \(referrals)
            end
            routing ranks highest priority
              rule c when calls > 1 refer to relief
              \(ranks)
            end
            """)
    }

    /// A rulebook with the agency `relief` and a number field `calls`, then `groups`.
    static func onCalls(_ groups: String, rulebook name: String = "t") -> String {
        """
        rulebook \(name)
        agency relief "کمیته امداد"
        case
          field calls : int default 0
        end
        \(groups)

        """
    }

    /// A rulebook with a field of every type, a calendar and a ladder; `declarations` go before
    /// the routing group and `condition` is its one rule's.
    static func rulebook(
        condition: String = "caller.needy", declarations: String = "", schema: String = "",
        calendar: String = "", rules: String = ""
    ) -> [String: String] {
        [
            "t.masir": """
            rulebook t
              default calendar office
              default ladder standard
            agency relief "کمیته امداد"
            agency bank "بانک ملی"
            category loans "تسهیلات بانکی" mentions "وام"
            enum status: registered, referred, resolved
            case
              field description : text default ""
              field amount : money default 0 rials
              field calls : int default 0
              field caller.needy : bool default no
              field category : category optional
              field programs : set of agency optional
              field counties : set of county optional
              field status : status default registered
              field opened : datetime
              field born : date optional
            \(schema)
            end
            calendar office
              saturday to wednesday 07:30-14:30
              thursday to friday off
            \(calendar)
            end
            escalation standard
              stop when resolved
              level l1 after 2 working days since opened then remind assignee
            end
            \(declarations)
            routing referrals first match
              rule probe when \(condition) refer to relief
            \(rules)
              otherwise refer to bank
            end

            """
        ]
    }

    static func condition(_ code: DiagnosticCode, _ text: String) -> Trigger {
        Trigger(code: code, files: rulebook(condition: text))
    }

    static let triggers: [Trigger] = [
        Trigger(code: .outOfRange, files: rulebook(condition: "born > 9999/01/01")),
        Trigger(
            code: .outOfRange, files: rulebook(condition: "amount > 1,000,000,000,000,001 rials")),
        Trigger(code: .outOfRange, files: rulebook(condition: "calls > 9000000000000000000")),
        Trigger(
            code: .outOfRange,
            files: rulebook(rules: "  rule slow when calls > 3 refer to relief sla 999999 days")),
        Trigger(
            code: .outOfRange,
            files: rulebook(
                declarations:
                    "escalation quick\n  level l at 150% of sla then remind assignee\nend")),
        // Types
        condition(.typeMismatch, "description > 5"),
        condition(.typeMismatch, "description is 5"),
        condition(.typeMismatch, "calls in [\"a\", \"b\"]"),
        condition(.typeMismatch, "calls in 5"),
        condition(.typeMismatch, "programs contains 5"),
        condition(.typeMismatch, "description contains \"x\""),
        condition(.typeMismatch, "programs intersects counties"),
        condition(.typeMismatch, "calls in [1, \"x\"]"),
        condition(.typeMismatch, "(calls ?? \"x\") > 1"),
        condition(.typeMismatch, "calls under loans"),
        condition(.typeMismatch, "calls mentions \"وام\""),
        condition(.typeMismatch, "description mentions 5"),
        condition(.typeMismatch, "description mentions [\"وام\", \"قرض\"]"),
        condition(.typeMismatch, "description mentions any [\"وام\", 5]"),
        Trigger(code: .typeMismatch, files: rulebook(schema: "  field x : int default \"a\"")),
        Trigger(
            code: .typeMismatch,
            files: rulebook(
                rules:
                    "  rule old valid from 1403/01/01 until 1402/01/01 when calls > 3 refer to relief"
            )),
        Trigger(
            code: .typeMismatch,
            files: rulebook(rules: "  rule by_field when calls > 3 refer to description")),
        Trigger(
            code: .typeMismatch,
            files: rulebook(
                declarations:
                    "escalation dated\n  level l after 2 days since born then remind assignee\nend")
        ),
        condition(.notBoolean, "amount"),
        condition(.notBoolean, "caller.needy and amount"),
        condition(.invalidDate, "opened > 1402/12/30 10:00"),
        condition(.wrongArguments, "length(calls) > 2"),
        Trigger(
            code: .invalidSchema,
            files: rulebook(schema: "  field programme : int optional infer from description")),
        // Calendars and holiday files
        Trigger(code: .invalidCalendar, files: rulebook(calendar: "  zone \"Asia/Tehrn\"")),
        Trigger(
            code: .invalidCalendar, files: rulebook(calendar: "  closed 1403/01/04 to 1403/01/01")),
        Trigger(
            code: .invalidCalendar,
            files: rulebook(calendar: "  hours 07:00-13:00 from 1403/06/31 to 1403/04/01")),
        Trigger(code: .invalidDate, files: rulebook(calendar: "  closed 1402/12/30")),
        holidays("jalali\tname_fa\n1403/01/01"),
        holidays(""),
        holidays("jalali\tjalali\n"),
        holidays("name_fa\n"),
        holidays("jalali\n1403-01-01\n"),
        holidays("gregorian\n2024/03/20\n"),
        holidays("jalali\tgregorian\n1403/01/01\t2024-03-21\n"),
        holidays("jalali\tname_fa\n\tنوروز\n"),
        holidays("jalali\tjalali_year\n1403/01/01\t1402\n"),
        holidays("jalali\tweekday_en\n1403/01/01\tmonday\n"),
        holidays("jalali\tweekday_fa\n1403/01/01\tدوشنبه\n"),
        holidays("jalali\tkind\n1403/01/01\tfestive\n"),
        holidays("jalali\testimated\n1403/01/01\tmaybe\n"),
        Trigger(
            code: .holidayCoverage,
            files: [
                "t.masir": """
                rulebook t
                  effective 1407/01/01
                agency relief "کمیته امداد"
                calendar office
                  saturday to wednesday 07:30-14:30
                  thursday to friday off
                  holidays from "iran-official"
                end
                routing referrals first match
                  otherwise refer to relief
                end

                """
            ]),
        Trigger(
            code: .weekdayUndeclared,
            files: [
                "t.masir": """
                rulebook t
                  default calendar office
                agency relief "کمیته امداد"
                calendar office
                  saturday to wednesday 07:30-14:30
                  thursday off
                end
                routing referrals first match
                  otherwise refer to relief sla 2 working days
                end

                """
            ]),
        // Names and declarations
        Trigger(
            code: .duplicateName,
            files: rulebook(declarations: "enum channel: phone, web, phone")),
        Trigger(code: .duplicateName, files: rulebook(schema: "  field calls : int default 0")),
        Trigger(
            code: .duplicateName,
            files: rulebook(
                declarations:
                    "escalation twice\n  level l after 1 days since opened then remind assignee\n  level l after 2 days since opened then remind assignee\nend"
            )),
        Trigger(
            code: .duplicateName,
            files: [
                "n.masir":
                    "rulebook n\nagency relief \"کمیته امداد\"\nrouting referrals first match\n  rule a when yes refer to relief\nend\n",
                "t.masir":
                    "rulebook t extends n\nrouting referrals highest priority\n  otherwise refer to relief\nend\n",
            ]),
        Trigger(
            code: .duplicateName,
            files: [
                "n.masir":
                    "rulebook n\nagency relief \"کمیته امداد\"\nrouting referrals first match\n  rule a when yes refer to relief\nend\n",
                "t.masir":
                    "rulebook t extends n\nagency relief \"کمیته امداد\"\nrouting referrals\n  rule a when yes refer to relief\nend\n",
            ]),
        Trigger(
            code: .inheritanceCycle,
            files: rulebook(
                declarations:
                    "category a \"الف\" under b mentions \"الف\"\ncategory b \"ب\" under a mentions \"ب\""
            )),
        Trigger(
            code: .unknownValue,
            files: rulebook(
                declarations: "", rules: "  rule closed when status is resolvd refer to relief")),
        Trigger(
            code: .unknownValue,
            files: rulebook(
                declarations:
                    "escalation reopening\n  on reopen resume\n  level l at sla then remind assignee\nend"
            )),
        Trigger(
            code: .unknownField,
            files: [
                "t.masir": """
                rulebook t
                  default ladder standard
                agency relief "کمیته امداد"
                case
                  field opened : datetime
                end
                escalation standard
                  stop when resolved
                  on reclassify restart
                  level l after 2 days since opened then remind assignee
                end
                routing referrals first match
                  otherwise refer to relief sla 2 days
                end

                """
            ]),
        Trigger(
            code: .unknownCalendar,
            files: [
                "t.masir": """
                rulebook t
                  default ladder standard
                agency relief "کمیته امداد"
                case
                  field opened : datetime
                end
                escalation standard
                  level l after 2 working days since opened then remind assignee
                end
                routing referrals first match
                  otherwise refer to relief sla 2 days
                end

                """
            ]),
        Trigger(
            code: .invalidEncoding, files: ["t.masir": ""],
            main: "t.masir"),
        // Syntax
        condition(.unexpectedCharacter, "calls > 1 $"),
        Trigger(code: .expectedToken, files: rulebook(schema: "  field p : set agency")),
        Trigger(
            code: .expectedToken,
            files: rulebook(rules: "  rule soon when calls > 1 refer to relief sla working")),
        condition(
            .tooDeep,
            Array(repeating: "calls > 1", count: 520).joined(separator: " or ")),
        Trigger(
            code: .inheritanceCycle,
            files: [
                "n.masir": "rulebook n extends t\nagency relief \"کمیته امداد\"\n",
                "t.masir": "rulebook t extends n\nagency bank \"بانک ملی\"\n",
            ]),
        // Findings of an analysis the deadline cut short
        Trigger(
            code: .notAnalysed,
            files: [
                "t.masir": twoGroups(
                    "rule b when calls > 5 refer to relief", "rule d when calls > 2 refer to relief"
                )
            ],
            late: true),
        Trigger(
            code: .notAnalysed,
            files: ["t.masir": twoGroups("otherwise refer to relief", "otherwise refer to relief")],
            late: true),
        Trigger(
            code: .notAnalysed,
            files: rulebook(
                rules:
                    "  rule loan when description mentions \"وام\" refer to relief\n  rule debt when description mentions \"قرض\" refer to bank"
            )),
        Trigger(
            code: .ruleShadowed,
            files: [
                "n.masir": onCalls(
                    """
                    routing referrals first match
                      rule a when calls > 1 refer to relief
                      rule a2 when calls > 2 refer to relief
                      rule c when calls > 5 refer to relief
                      otherwise refer to relief
                    end
                    """, rulebook: "n"),
                "t.masir": "rulebook t extends n\nagency bank \"بانک ملی\"\n",
            ]),
        Trigger(
            code: .partAlwaysHolds,
            files: [
                "t.masir": """
                rulebook t
                agency relief "کمیته امداد"
                agency bank "بانک ملی"
                case
                  field caller.needy : bool default no
                end
                routing referrals first match
                  otherwise refer to bank
                    copy relief when caller.needy or not caller.needy
                end

                """
            ]),
        // The checker's examples that cover every case
        Trigger(
            code: .groupGap,
            files: [
                "t.masir": """
                rulebook t
                agency relief "کمیته امداد"
                case
                  field caller.needy : bool default no
                end
                routing referrals first match
                  rule never when caller.needy and not caller.needy refer to relief
                end

                """
            ]),
        Trigger(
            code: .ruleOverlap,
            files: [
                "t.masir": """
                rulebook t
                agency relief "کمیته امداد"
                agency bank "بانک ملی"
                routing referrals highest priority
                  rule a when yes refer to relief priority high
                  rule b when yes refer to bank priority high
                end

                """
            ]),
        Trigger(
            code: .ruleShadowed,
            files: [
                "n.masir": onCalls(
                    """
                    routing referrals first match
                      rule late when calls > 5 refer to relief
                      otherwise refer to relief
                    end
                    """, rulebook: "n"),
                "t.masir": """
                rulebook t extends n
                routing referrals
                  replace rule late when calls > 5 refer to relief priority high
                  rule early when calls > 1 refer to relief
                end

                """,
            ]),
        Trigger(
            code: .ruleShadowed,
            files: rulebook(
                rules:
                    "  rule a when calls > 1 refer to relief\n  rule b when calls > 2 refer to relief\n  rule c when calls > 3 refer to relief"
            )),
        Trigger(
            code: .escalateToHolder,
            files: [
                "t.masir": """
                rulebook t
                  default ladder standard
                agency inspection "دفتر بازرسی" supervisor governor
                agency relief "کمیته امداد"
                agency governor "استاندار"
                case
                  field opened : datetime
                  field a : bool default no
                  field b : bool default no
                end
                routing referrals first match
                  rule one when a refer to inspection sla 5 days
                  rule two when b refer to inspection sla 5 days
                  otherwise refer to relief sla 10 days
                end
                escalation standard
                  level first at sla then escalate to inspection
                end

                """
            ]),
    ]

    /// A rulebook whose calendar reads `table` as its holiday file.
    static func holidays(_ table: String) -> Trigger {
        var files = rulebook(calendar: "  holidays from \"h.tsv\"")
        files["h.tsv"] = table
        return Trigger(code: .holidayFile, files: files)
    }

    /// What checking a trigger reports, as `masir check` does: the loader's findings, the
    /// checker's, and the checks over the rulebooks that extend one another.
    static func run(_ trigger: Trigger) -> ([Diagnostic], [String: SourceFile]) {
        let files = trigger.files
        let loader =
            trigger.code == .invalidEncoding
            ? Loader(
                read: { _ in
                    throw InvalidUTF8(bytes: Array("rulebook t\n#".utf8) + [0xFF], offset: 12)
                },
                exists: { _ in true })
            : Loader.memory(files)
        let result = loader.load(trigger.main)
        var diagnostics = result.diagnostics
        var books: [Rulebook] = []
        if let book = result.rulebook {
            diagnostics += Checker.check(
                book, deadline: trigger.late ? CheckDeadline { true } : .none)
            books.append(book)
        }
        for path in files.keys.sorted() where path != trigger.main && path.hasSuffix(".masir") {
            if let book = loader.load(path).rulebook { books.append(book) }
        }
        if books.count > 1 { diagnostics += Checker.checkTree(books) }
        return (diagnostics, result.sources)
    }

    /// Every run that reports `code`: the corpus cases that expect it, its checker fixture and
    /// the triggers above.
    static func runs(
        for code: DiagnosticCode
    ) throws -> [(String, [Diagnostic], [String: SourceFile])] {
        var runs: [(String, [Diagnostic], [String: SourceFile])] = []
        for name in try DiagnosticGoldenTests.cases() {
            let text = try Repository.read("\(DiagnosticGoldenTests.folder)/\(name)")
            let header = text.split(separator: "\n").prefix { $0.hasPrefix("# expect: ") }
            guard header.contains(where: { $0.hasPrefix("# expect: \(code.rawValue) ") }) else {
                continue
            }
            let (diagnostics, sources) = DiagnosticGoldenTests.check(text, name: name)
            runs.append((name, diagnostics, sources))
        }
        let fixture = "\(code.rawValue).masir"
        if FileManager.default.fileExists(
            atPath: CheckerFixtures.folder.appendingPathComponent(fixture).path)
        {
            let run = try CheckerFixtures.run(fixture)
            runs.append(("checker/\(fixture)", run.diagnostics, run.sources))
        }
        for trigger in triggers where trigger.code == code {
            let (diagnostics, sources) = run(trigger)
            runs.append((trigger.description, diagnostics, sources))
        }
        return runs
    }

    static func hasPersianLetters(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) }
    }

    @Test(arguments: DiagnosticCode.allCases)
    func everyFindingOfTheCodeIsSaidInPersian(_ code: DiagnosticCode) throws {
        if let reason = Self.untriggerable[code] {
            #expect(!reason.isEmpty)
            return
        }
        let runs = try Self.runs(for: code)
        try #require(!runs.isEmpty, "no rulebook reports \(code.rawValue)")
        for (name, diagnostics, sources) in runs {
            #expect(
                diagnostics.contains { $0.code == code },
                "\(name) does not report \(code.rawValue):\n\(DiagnosticRenderer.render(diagnostics, sources: sources))"
            )
            for diagnostic in diagnostics {
                let sentence = diagnostic.persianMessage
                #expect(
                    sentence != nil && !PersianMessages.hasEnglishWords(sentence ?? ""),
                    "\(name): no Persian sentence for \(diagnostic.code.rawValue): \(diagnostic.message)"
                )
                for note in diagnostic.notes {
                    let said = note.message(in: .persian)
                    #expect(
                        said != note.message && !PersianMessages.hasEnglishWords(said),
                        "\(name): no Persian sentence for the note \(note.message)")
                }
            }
            let persian = DiagnosticRenderer.render(
                diagnostics, sources: sources, language: .persian)
            #expect(
                !persian.contains("= en:"), "\(name): the Persian rendering fell back:\n\(persian)")
            #expect(Self.hasPersianLetters(persian), "\(name): \(persian)")
        }
    }

    /// Every sentence of the catalog is said for some finding or note the rulebooks above make,
    /// so a changed English message cannot leave its old Persian sentence behind unnoticed.
    @Test func everyCatalogSentenceIsSaidForSomeFinding() throws {
        var used = Set<Int>()
        for code in DiagnosticCode.allCases where Self.untriggerable[code] == nil {
            for (_, found, _) in try Self.runs(for: code) {
                // As shown: past a number of findings of one code, the rest fold into a note.
                let diagnostics = found.sortedByPosition().groupingRepeats()
                for text in diagnostics.map(\.message) + diagnostics.flatMap(\.notes).map(\.message)
                {
                    var indices: [Int] = []
                    _ = PersianMessages.sentence(for: text, used: &indices)
                    used.formUnion(indices)
                }
            }
        }
        // A tree with no rulebook in it is refused by the engine, not by the loader.
        do {
            _ = try Engine.load(.memory(["tree/notes.txt": "یادداشت"], path: "tree"))
            Issue.record("a tree without rulebooks loaded")
        } catch {
            guard case .rulebook(let diagnostics, _) = error else {
                Issue.record("\(error)")
                return
            }
            for diagnostic in diagnostics {
                var indices: [Int] = []
                #expect(PersianMessages.sentence(for: diagnostic.message, used: &indices) != nil)
                used.formUnion(indices)
            }
        }
        let unused = PersianMessages.sentences.indices.filter { !used.contains($0) }
            .map { PersianMessages.sentences[$0].english }
        #expect(
            unused.filter { Self.unreached[$0] == nil } == [],
            "catalog sentences no finding says")
        #expect(
            Self.unreached.keys.filter { !unused.contains($0) }.sorted() == [],
            "sentences listed as unreached that a rulebook now reaches")
        #expect(
            Self.unreached.keys.filter { key in
                !PersianMessages.sentences.contains { $0.english == key }
                    && PersianMessages.phrases[key] == nil
            }.sorted() == [], "unreached entries the catalog does not have")
    }

    /// The phrases the parser names in "expected …" (what it wanted, and after or in what) are
    /// all said in Persian; they are read from the parser's source, so a new one cannot be missed.
    @Test func everyPhraseOfTheParserIsSaidInPersian() throws {
        let folder = Repository.url("Sources/MasirLanguage/Parser")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        let patterns = [
            #"(?:expectName|expectLabel|parseDate|parseDuration)\(\s*"([^"\\]*)""#,
            #"\.expected\(\s*"([^"\\]*)""#,
            #"context: "([^"\\]*)""#,
            #"(?:expect|expectSymbol)\("[^"]*", "([^"\\]*)""#,
        ].map { try! NSRegularExpression(pattern: $0) }
        var phrases = Set<String>()
        for file in files {
            let text = try String(
                contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for pattern in patterns {
                let range = NSRange(text.startIndex..., in: text)
                for match in pattern.matches(in: text, range: range) {
                    guard let found = Range(match.range(at: 1), in: text) else { continue }
                    phrases.insert(String(text[found]))
                }
            }
        }
        #expect(phrases.count > 40)
        for phrase in phrases.sorted() {
            var used: [Int] = []
            let said = PersianMessages.phrase(phrase, used: &used)
            #expect(
                said != nil && !PersianMessages.hasEnglishWords(said ?? ""),
                "the parser's phrase \(phrase) has no Persian")
        }
    }

    /// JSON in Persian carries the Persian notes, in `notes` and in `related`.
    @Test func persianJSONCarriesPersianNotes() throws {
        let text = Self.rulebook(rules: "  rule probe when calls > 1 refer to relief")["t.masir"]!
        let result = Loader.memory(["t.masir": text]).load("t.masir")
        let duplicate = try #require(result.diagnostics.first { $0.code == .duplicateName })
        let json = DiagnosticRenderer.json([duplicate], sources: result.sources, language: .persian)
        let objects = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let said = "نخستین بار اینجا تعریف شده است"
        #expect(objects.first?["notes"] as? [String] == [said])
        let related = objects.first?["related"] as? [[String: Any]]
        #expect(related?.first?["message"] as? String == said)
        #expect(related?.first?["line"] as? Int != nil)
        let record = DiagnosticRecord(duplicate, source: nil, language: .persian)
        #expect(record.notes == [said])
        let english = DiagnosticRecord(duplicate, source: nil)
        #expect(english.notes == ["first declared here"])
    }
}
