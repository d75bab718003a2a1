import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// The checker's fixtures (Tests/MasirTests/Fixtures/checker): for each finding code,
/// `<code>.masir` reports it — its first line says `# expect: <code> at line N` — and
/// `<code>.near-miss.masir`, a minimal change of it, loads clean and does not.
///
/// A fixture that needs other files (a parent, provinces that extend it, an imported file, a
/// holiday table) keeps them in its companion folder, named like the fixture without `.masir`.
/// The fixture is loaded in memory as `checker/<its rulebook id>.masir`, with the companion files
/// beside it, so parents and children find each other by id as they do in `rules/`.
enum CheckerFixtures {
    static let folder = TestRulebooks.fixtures.appendingPathComponent("checker")

    /// Codes that no part of Masir reports yet, so they have no fixture.
    static let reserved: [DiagnosticCode: String] = [
        .unknownRule:
            "`replace rule` and `disable rule` of a missing rule report name.override-missing",
        .unknownLevel:
            "`replace level` and `disable level` of a missing level report name.override-missing",
    ]

    /// Fixtures whose finding the checker does not report as it should yet (see `explanation`).
    static let knownGaps: [DiagnosticCode: String] = [:]

    /// Findings placed at the top of the file rather than at their declaration.
    static let knownWrongLine: [DiagnosticCode: String] = [:]

    /// Every code the fixtures cover: the checker's, the name and type codes, the holiday file.
    static let codes: [DiagnosticCode] = {
        var codes = DiagnosticCode.checkerCodes
        for code in DiagnosticCode.allCases
        where code.rawValue.hasPrefix("name.") || code.rawValue.hasPrefix("type.")
            || code == .holidayFile
        {
            if !codes.contains(code) { codes.append(code) }
        }
        return codes.filter { reserved[$0] == nil }
    }()

    struct Run {
        var path: String
        var diagnostics: [Diagnostic]
        var sources: [String: SourceFile]
        var rulebook: Rulebook?

        var rendered: String { DiagnosticRenderer.render(diagnostics, sources: sources) }

        /// The 1-based line a finding starts on.
        func line(of diagnostic: Diagnostic) -> Int? {
            sources[diagnostic.file].map { $0.location(of: diagnostic.range.lower).line }
        }
    }

    struct Expectation: Equatable {
        var code: String
        var line: Int
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// `# expect: <code> at line N` on the first line.
    static func expectation(_ text: String) -> Expectation? {
        let first = text.prefix { $0 != "\n" }
        guard first.hasPrefix("# expect: ") else { return nil }
        let words = first.dropFirst("# expect: ".count).split(separator: " ")
        guard words.count == 4, words[1] == "at", words[2] == "line", let line = Int(words[3])
        else { return nil }
        return Expectation(code: String(words[0]), line: line)
    }

    static func rulebookID(_ text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix("rulebook ") {
            return line.split(separator: " ").dropFirst().first.map(String.init)
        }
        return nil
    }

    /// Loads a fixture with its companions, and checks it as `masir check` would: the loader's
    /// findings, the checker's for the rulebook, and the tree checks over it and its companions.
    static func run(_ name: String) throws -> Run {
        let text = try text(name)
        let id = try #require(rulebookID(text), "\(name) has no `rulebook` line")
        let path = "checker/\(id).masir"
        var files = [path: text]
        var companions: [String] = []
        let companionFolder = folder.appendingPathComponent(String(name.dropLast(".masir".count)))
        // Most fixtures stand alone; but one whose companions cannot be read must fail, not be
        // checked without the parent or imports it was written against.
        let entries =
            FileManager.default.fileExists(atPath: companionFolder.path)
            ? try FileManager.default.contentsOfDirectory(atPath: companionFolder.path).sorted()
            : []
        for entry in entries {
            let companion = "checker/\(entry)"
            #expect(
                companion != path, "\(name): a companion file may not take the fixture's own name")
            files[companion] = try String(
                contentsOf: companionFolder.appendingPathComponent(entry), encoding: .utf8)
            if entry.hasSuffix(".masir") { companions.append(companion) }
        }
        let loader = Loader.memory(files)
        let result = loader.load(path)
        var diagnostics = result.diagnostics
        var books: [Rulebook] = []
        if let book = result.rulebook {
            diagnostics += Checker.check(book)
            books.append(book)
        }
        books += companions.compactMap { loader.load($0).rulebook }
        diagnostics += Checker.checkTree(books)
        return Run(
            path: path, diagnostics: diagnostics, sources: result.sources, rulebook: result.rulebook
        )
    }
}

@Suite struct CheckerFixtureTests {
    @Test func everyCodeHasATriggerAndANearMissAndNothingElseLivesThere() throws {
        let entries = try FileManager.default.contentsOfDirectory(
            atPath: CheckerFixtures.folder.path)
        let fixtures = Set(entries.filter { $0.hasSuffix(".masir") })
        var expected = Set<String>()
        for code in CheckerFixtures.codes {
            expected.insert("\(code.rawValue).masir")
            expected.insert("\(code.rawValue).near-miss.masir")
        }
        #expect(
            fixtures.subtracting(expected).sorted() == [],
            "fixtures for no code (or for a reserved one)")
        #expect(expected.subtracting(fixtures).sorted() == [], "codes without a fixture")
        // Companion folders belong to a fixture.
        for entry in entries where !entry.hasSuffix(".masir") {
            #expect(
                fixtures.contains(entry + ".masir"),
                "`\(entry)` is not the companion folder of a fixture")
        }
        #expect(CheckerFixtures.codes.count == 42)
    }

    @Test func reservedCodesAreReportedByNothingYet() throws {
        // If one of these starts being reported, it needs fixtures and leaves the reserved list.
        let root = Repository.url("Sources")
        let sources = try Corpus.names(in: root, suffix: ".swift", recursive: true)
        for code in CheckerFixtures.reserved.keys {
            let uses = try sources.filter {
                !$0.hasPrefix("MasirLanguage/Diagnostics/DiagnosticCode")
            }.filter { path in
                try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8).contains(
                    ".\(code)")
            }
            #expect(uses == [], "\(code.rawValue) is reported in \(uses); give it fixtures")
        }
    }

    @Test(arguments: CheckerFixtures.codes)
    func triggerReportsTheCodeOnceAtTheExpectedLine(_ code: DiagnosticCode) throws {
        let name = "\(code.rawValue).masir"
        let expectation = try #require(
            CheckerFixtures.expectation(try CheckerFixtures.text(name)),
            "\(name) must start with `# expect: \(code.rawValue) at line N`")
        #expect(expectation.code == code.rawValue)
        let run = try CheckerFixtures.run(name)
        #expect(
            !run.diagnostics.contains { $0.code.rawValue.hasPrefix("syntax.") },
            "\(name) must parse:\n\(run.rendered)")
        if DiagnosticCode.checkerCodes.contains(code), code.rawValue.hasPrefix("check.") {
            #expect(
                run.rulebook != nil, "\(name) must load for the checker to run:\n\(run.rendered)")
        }
        // Nothing else is wrong with it (notes aside), so the fixture shows this one mistake.
        let others = run.diagnostics.filter { $0.code != code && $0.severity != .note }
        #expect(
            others.isEmpty,
            "\(name) reports other findings too:\n\(DiagnosticRenderer.render(others, sources: run.sources))"
        )

        func reportsItOnce() throws {
            let found = run.diagnostics.filter { $0.code == code }
            #expect(
                found.count == 1, "\(name) should report \(code.rawValue) once:\n\(run.rendered)")
            let finding = try #require(found.first)
            #expect(finding.file == run.path)
            func atLine() {
                #expect(
                    run.line(of: finding) == expectation.line,
                    "\(name): \(code.rawValue) at the wrong line:\n\(run.rendered)")
            }
            if let reason = CheckerFixtures.knownWrongLine[code] {
                withKnownIssue(Comment(rawValue: reason)) { atLine() }
            } else {
                atLine()
            }
        }
        if let reason = CheckerFixtures.knownGaps[code] {
            withKnownIssue(Comment(rawValue: reason)) { try reportsItOnce() }
        } else {
            try reportsItOnce()
        }
    }

    @Test(arguments: CheckerFixtures.codes)
    func nearMissLoadsCleanAndDoesNotReportIt(_ code: DiagnosticCode) throws {
        let name = "\(code.rawValue).near-miss.masir"
        let text = try CheckerFixtures.text(name)
        #expect(CheckerFixtures.expectation(text) == nil, "a near miss expects nothing")
        let run = try CheckerFixtures.run(name)
        #expect(run.rulebook != nil, "\(name) must load:\n\(run.rendered)")
        #expect(
            !run.diagnostics.contains { $0.code == code },
            "\(name) still reports \(code.rawValue):\n\(run.rendered)")
        let findings = run.diagnostics.filter { $0.severity != .note }
        #expect(
            findings.isEmpty,
            "\(name) should be clean:\n\(DiagnosticRenderer.render(findings, sources: run.sources))"
        )
        // A minimal change: the first line (what the file shows) and at most two lines more.
        let trigger = try CheckerFixtures.text("\(code.rawValue).masir")
        let changed = LineDiff.changedLineCount(
            String(trigger.drop { $0 != "\n" }), String(text.drop { $0 != "\n" }))
        #expect(
            changed <= 4,
            "\(name) differs from its trigger in \(changed) added or removed lines; keep the change minimal"
        )
    }
}
