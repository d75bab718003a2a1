import Foundation
import MasirTestSupport
import Testing

@testable import Masir

/// The rules every reader of cases applies: alias limits, one answer to repeated keys, bytes
/// that are not UTF-8, empty input, well-formed thousands, and files that are not files.
@Suite struct InputRulesTests {
    static let engine = try! Engine.load(path: Repository.url("rules").path)
    static let base = "province: hamedan\nopened: 1403/08/12 10:00\ndescription: وام\n"

    static func laughs(levels: Int) -> String {
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            + (1..<levels).map { level in
                let name = "l\(level)", previous = level == 1 ? "a" : "l\(level - 1)"
                return "\(name): &\(name) ["
                    + Array(repeating: "*" + previous, count: 9).joined(separator: ", ") + "]\n"
            }.joined()
    }

    @Test func aliasesOfAliasesAreRefusedBeforeTheyExpand() {
        let text = Self.laughs(levels: 9)
        #expect(text.utf8.count < 1_000)
        let read = CaseReader.read(text, as: .yaml, file: "laughs.yaml")
        #expect(read.failure?.kind == .tooManyAliases)
        #expect(read.failure?.file == "laughs.yaml")
        // The second level holds the 17th alias.
        #expect(read.failure?.line == 3)
        #expect(read.documents.isEmpty)
    }

    @Test func fewAliasesStandingForMuchAreRefusedByTheirExpansion() {
        let list = "[" + Array(repeating: "x", count: 2_000).joined(separator: ", ") + "]"
        let text = "a: &a \(list)\nb: [*a, *a, *a, *a, *a, *a]\n"
        let read = CaseReader.read(text, as: .yaml, file: "c.yaml", firstLine: 10)
        #expect(read.failure?.kind == .tooManyAliases)
        #expect(read.failure?.line == 11)
    }

    @Test func aliasesWithinTheLimitsAreRead() throws {
        let text =
            "caller: &c {needy: yes}\nprovince: &p hamedan\nopened: 1403/08/12 10:00\n"
            + "x: [*p, *p, *c]\n"
        let read = CaseReader.read(text, as: .yaml, file: nil)
        #expect(read.failure == nil)
        #expect(read.documents.count == 1)
        // A rulebook test file is read with the same limits.
        #expect(throws: CaseError.self) { try CaseReader.yamlDocuments(Self.laughs(levels: 9)) }
    }

    @Test(arguments: [
        #"{"province": "hamedan", "province": "tehran"}"#,
        #"{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "e": 10}"#,
        #"{"caller": {"needy": true, "n\u0065edy": false}}"#,
        "province: hamedan\nprovince: tehran\n",
        "caller:\n  needy: yes\n  needy: no\n",
    ])
    func aRepeatedKeyIsRefusedInJSONAndYAMLAlike(_ text: String) {
        #expect(CaseReader.read(text, as: .yaml, file: nil).failure?.kind == .duplicateKey)
        if text.hasPrefix("{") {
            #expect(CaseReader.read(text, as: .json, file: nil).failure?.kind == .duplicateKey)
            #expect(throws: MasirError.self) { try CaseInput.json(Data(text.utf8)).read() }
        }
    }

    @Test func bytesThatAreNotUTF8AreRefusedOnEveryPath() throws {
        let yaml = Array(Self.base.utf8) + Array("id: \"".utf8) + [0xFF] + Array("\"\n".utf8)
        let json =
            Array(#"{"province": "hamedan", "id": ""#.utf8) + [0xC0, 0x80] + Array(#""}"#.utf8)
        let fromYAML = CaseReader.read(bytes: yaml, as: .yaml, file: "c.yaml")
        #expect(fromYAML.failure?.kind == .invalidUTF8)
        #expect(fromYAML.failure?.line == 4)
        #expect(CaseReader.read(bytes: json, as: .json, file: nil).failure?.kind == .invalidUTF8)
        #expect(CaseReader.read(json: json, file: nil).failure?.kind == .invalidUTF8)
        do {
            _ = try CaseInput.json(Data(json)).read()
            Issue.record("read bytes that are not UTF-8")
        } catch {
            guard case .malformed(_, _, let kind) = error else { throw error }
            #expect(kind == .invalidUTF8)
        }

        // A JSON Lines batch refuses the line and decides the next.
        let good = #"{"province": "hamedan", "opened": "1403/08/12 10:00", "description": "وام"}"#
        let path = Temporary.file("masir-utf8", extension: "jsonl").path
        try Data(json + [0x0A] + Array(good.utf8) + [0x0A]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for engine in [
            Self.engine, try Engine.load(path: Repository.url("rules/provinces/hamedan").path),
        ] {
            let file = try #require(fopen(path, "r"))
            defer { fclose(file) }
            var output: [UInt8] = []
            var problems: [CaseErrors] = []
            _ = try BatchRouter(engine: engine, format: .summary).routeLines(
                from: file, name: "c.jsonl", at: .now, write: { output += $0 }
            ) { problems.append($0) }
            #expect(problems.map { $0.errors[0].kind } == [.invalidUTF8])
            #expect(problems.map { $0.errors[0].line } == [1])
            #expect(output.split(separator: 0x0A).count == 1)
        }
    }

    @Test(arguments: ["", "  \n\n", "# a comment\n", "\u{FEFF}"])
    func anEmptyInputIsAnError(_ text: String) throws {
        #expect(CaseReader.read(text, as: .yaml, file: "c.yaml").failure?.kind == .empty)
        // JSON has no comments; blanks alone are no JSON document either.
        #expect(
            CaseReader.read(text, as: .json, file: "c.yaml").failure?.kind
                == (text.contains("#") || text.hasPrefix("\u{FEFF}") ? .malformedJSON : .empty))
        var output: [UInt8] = []
        let problems = BatchRouter(engine: Self.engine, format: .summary).route(
            text: text, file: "c.yaml", at: .now, to: &output)
        #expect(problems.map { $0.errors[0].kind } == [.empty])
        do {
            _ = try Self.engine.evaluate(.text(text))
            Issue.record("decided an empty input")
        } catch {
            guard case .case(let errors) = error else { throw error }
            #expect(errors.errors.map(\.kind) == [.empty])
        }
    }

    @Test func anEmptyListIsNoCaseRatherThanNoInput() throws {
        do {
            _ = try Self.engine.evaluate(.text("[]"))
        } catch {
            guard case .case(let errors) = error else { throw error }
            #expect(errors.errors.map(\.kind) == [.notOneCase])
        }
    }

    @Test(arguments: [
        ("1,500,000", 1_500_000), ("1500000", 1_500_000), ("۱٬۵۰۰٬۰۰۰", 1_500_000),
        ("١،٥٠٠", 1_500), ("12_345", 12_345), ("-1,000", -1_000), ("999", 999),
    ])
    func wellGroupedNumbersAreRead(_ text: String, _ value: Int64) {
        #expect(CaseDecoder.parseNumber(text) == value)
    }

    @Test(arguments: [
        "1,,,5", "1,5,0", "1,5000", ",500", "500,", "1__000", "1,000.5", "1,00", "12,34,567",
        "1,000,00", "", "-", "+", "1,000,", "1, 000", "99999999999999999999",
        "9,223,372,036,854,775,808",
    ])
    func slipsInGroupingAreRefused(_ text: String) {
        #expect(CaseDecoder.parseNumber(text) == nil)
    }

    @Test func moneyWithASlipIsAnInvalidValue() throws {
        let text = Self.base + "amount: \"1,,,5 rials\"\n"
        do {
            _ = try Self.engine.evaluate(.text(text))
            Issue.record("read 1,,,5 rials as an amount")
        } catch {
            guard case .case(let errors) = error else { throw error }
            #expect(errors.errors.map(\.kind) == [.invalidValue])
            #expect(errors.errors.first?.path == "amount")
        }
    }

    @Test func aFIFOIsNotAFileAndDoesNotBlock() throws {
        let folder = try Temporary.folder("masir-fifo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("cases.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [fifo, "/dev/zero", folder.path] {
            guard case .failure(.refused(let error)) = CaseFile.read(path) else {
                Issue.record("read \(path)")
                continue
            }
            #expect(error.kind == .notAFile, "\(path)")
            #expect(!error.message.contains("permission"), "\(error.message)")
        }
        guard case .failure(.refused(let error)) = CaseFile.read(fifo) else { return }
        #expect(error.message.contains("FIFO"))
    }

    @Test func aFileOverTheLimitIsTooLarge() throws {
        let path = Temporary.file("masir-large", extension: "yaml").path
        try Data(Self.base.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard case .failure(.refused(let error)) = CaseFile.read(path, maximumBytes: 10) else {
            Issue.record("read a file over the limit")
            return
        }
        #expect(error.kind == .tooLarge)
        #expect(try CaseFile.read(path).get() == Self.base)
    }

    /// `masir route` names what a FIFO and a device are, with the code, and does not wait on
    /// them; an endless standard input stops at the limit.
    @Test func routeRefusesWhatIsNotACaseFile() throws {
        let folder = try Temporary.folder("masir-fifo-route")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("cases.jsonl").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let hamedan = Repository.url("rules/provinces/hamedan").path
        for path in [fifo, "/dev/zero"] {
            let routed = try MasirExecutable.run(["route", hamedan, path])
            #expect(routed.status == 1)
            #expect(
                routed.errors.contains("not a regular file [input.not-a-file]"), "\(routed.errors)")
        }
        let masir = try MasirExecutable.require()
        let endless = try Command.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", #"exec "$0" route "$1" - < /dev/zero"#, masir.path, hamedan])
        #expect(endless.status == 1)
        #expect(endless.errors.contains("[input.too-large]"), "\(endless.errors)")
    }

    /// A JSON Lines record of 5 MB, longer than the block the batch reads at a time, fails on
    /// its own through `masir route`, and the cases after it are decided.
    @Test func routeDecidesTheCasesAfterAnOverlongLine() throws {
        let good = #"{"province": "hamedan", "opened": "1403/08/12 10:00", "description": "وام"}"#
        let long =
            #"{"province": "hamedan", "description": ""#
            + String(repeating: "x", count: 5 << 20) + "\"}"
        let path = Temporary.file("masir-long", extension: "jsonl").path
        try [good, long, good, good].joined(separator: "\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for jobs in ["1", "2"] {
            let routed = try MasirExecutable.run(
                ["route", "--format", "summary", "--jobs", jobs, "rules", path])
            #expect(routed.status == 1)
            #expect(routed.output.split(separator: "\n").count == 3, "\(routed.output)")
            #expect(routed.errors.contains(":2: a line longer than"), "\(routed.errors)")
            #expect(routed.errors.contains("[input.too-large]"))
        }
    }

    /// `masir route` refuses the rulebooks `masir serve` refuses, with the same diagnostics.
    @Test func routeRefusesWhatServeRefuses() throws {
        let folder = try Temporary.folder(
            "masir-cycle",
            files: [
                "provinces/a.masir": "rulebook a extends b\n  province \"a\"\n",
                "provinces/b.masir": "rulebook b extends a\n  province \"b\"\n",
            ])
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: Repository.url("rules/national"), to: folder.appendingPathComponent("national"))
        let casePath = folder.appendingPathComponent("c.yaml").path
        try Self.base.write(toFile: casePath, atomically: true, encoding: .utf8)
        func errors(_ text: String) -> [String] {
            text.split(separator: "\n").filter { $0.contains("error[") }.map(String.init).sorted()
        }
        let routed = try MasirExecutable.run(["route", folder.path, casePath])
        let served = try MasirExecutable.run(["serve", "--port", "0", folder.path])
        #expect(routed.status == 1)
        #expect(served.status != 0)
        #expect(routed.output.isEmpty)
        #expect(routed.errors.contains("error[name.inheritance-cycle]"))
        #expect(errors(routed.errors).count == 2)
        let servedErrors = (served.errors + served.output).split(separator: "\n").filter {
            $0.contains("error[")
        }.map { String($0.drop { $0 == " " }) }
        #expect(Set(servedErrors) == Set(errors(routed.errors)), "\(served.errors)")
    }
}
