import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Batch routing: the summary line agrees with the full decision, and streaming JSON Lines gives
/// the same bytes whatever the thread count or read block size.
@Suite struct BatchRoutingTests {
    /// The summary's fields, as the full (reference) decision states them.
    static func expectedSummary(_ decision: Decision, case id: String?) -> [String: AnyHashable] {
        var fields: [String: AnyHashable] = [
            "rulebook": decision.rulebook.id, "priority": decision.priority.level,
            "undecided": !decision.errors.isEmpty,
        ]
        if let id { fields["case"] = id }
        if let primary = decision.referrals.first(where: { $0.role == "primary" }) {
            fields["rule"] = "\(primary.group).\(primary.rule)"
            fields["agency"] = primary.agency
        }
        let copies = decision.referrals.filter { $0.role == "copy" }.map(\.agency)
        if !copies.isEmpty { fields["copies"] = copies }
        if let due = decision.sla?.due { fields["sla_due"] = due.iso }
        if let escalation = decision.escalation {
            fields["escalated"] = escalation.levels.filter(\.fired).map(\.level)
        }
        return fields
    }

    static func summary(
        _ plan: Plan, _ subject: Case, at instant: Instant
    ) throws -> [String: AnyHashable] {
        var scratch = Plan.Scratch()
        let c = plan.encode(subject)
        var bytes: [UInt8] = []
        SummaryWriter(plan: plan).append(
            plan.decideCompact(
                c, at: instant, day: Int64(instant.civilDate().dayNumber), scratch: &scratch),
            of: c, to: &bytes)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        var fields: [String: AnyHashable] = [:]
        for (key, value) in object {
            if key == "undecided" {
                fields[key] = value as? Bool
            } else if let list = value as? [String] {
                fields[key] = list
            } else {
                fields[key] = value as? String ?? "\(value)"
            }
        }
        return fields
    }

    @Test func summariesAgreeWithFullDecisionsOnRandomRulebooks() throws {
        var g = SplitMix64(seed: 20_261_130)
        var compared = 0
        for _ in 0..<15 {
            let text = RandomRulebook.rulebook(&g)
            let book = try #require(Loader.memory(["r.masir": text]).load("r.masir").rulebook)
            let plan = Plan(book)
            for _ in 0..<20 {
                let yaml = RandomRulebook.caseText(&g)
                guard case .success(let subject) = CaseDecoder(rulebook: book).decodeOne(yaml)
                else { continue }
                for at in ["1403/08/20 10:00", "1403/09/15 09:00"] {
                    let instant = Instant(parsingCaseTime: at)!
                    let full = Evaluator(rulebook: book).decide(subject, at: instant)
                    #expect(
                        try Self.summary(plan, subject, at: instant)
                            == Self.expectedSummary(full, case: subject.id), "\(text)\n\(yaml)")
                    compared += 1
                }
            }
        }
        #expect(compared > 400)
    }

    @Test func streamingGivesTheSameBytesForAnyJobsAndBlockSize() throws {
        let root = Repository.path
        let lines = try String(
            contentsOfFile: root + "/data/cases/hamedan-1403-08.jsonl", encoding: .utf8
        )
        .split(separator: "\n").prefix(300)
        // A blank line and a broken one: skipped, and reported with their line numbers.
        let input =
            (lines.prefix(150) + [
                "", "{\"province\": \"hamedan\", \"category\": \"no_such_thing\"}",
            ] + lines.dropFirst(150)).joined(separator: "\n")
        let folder = try Temporary.folder("masir-batch", files: ["cases.jsonl": input])
        defer { try? FileManager.default.removeItem(at: folder) }
        for format in ["jsonl", "summary"] {
            var outputs: [String] = []
            for extra in [[], ["--jobs", "2"], ["--jobs", "3", "--read-block", "700"]] {
                let run = try MasirExecutable.run(
                    [
                        "route", root + "/rules", "cases.jsonl", "--format", format, "--at",
                        "1403/08/20 10:00",
                    ] + extra, in: folder)
                #expect(run.status == 1, "one line fails")
                #expect(
                    run.errors.contains(
                        "cases.jsonl:152: category: unknown category `no_such_thing`"),
                    "\(run.errors)")
                outputs.append(run.output)
            }
            #expect(outputs.count == 3 && outputs.allSatisfy { $0 == outputs[0] })
            #expect(outputs[0].split(separator: "\n").count == 300)
            // Standard output redirected to a file: the threads write at their offsets.
            let masir = try MasirExecutable.require().path
            let redirected = try Command.run(
                URL(fileURLWithPath: "/bin/sh"),
                [
                    "-c",
                    "'\(masir)' route '\(root)/rules' cases.jsonl --format \(format) --at '1403/08/20 10:00' --jobs 3 --read-block 700 --stats > out.txt",
                ], in: folder)
            #expect(
                redirected.errors.contains("by every thread at its offset"), "\(redirected.errors)")
            let file = try String(
                contentsOf: folder.appendingPathComponent("out.txt"), encoding: .utf8)
            #expect(file == outputs[0])
        }
        let tooLong = try MasirExecutable.run(
            ["route", root + "/rules", "cases.jsonl", "--read-block", "100"], in: folder)
        #expect(
            tooLong.status == 1 && tooLong.errors.contains("a line longer than 99 bytes"),
            "\(tooLong.errors)")
    }

    /// Written to a regular file, each thread writes its own records at their offsets: the file
    /// must read exactly as the records written in order would, after what it already held, and
    /// the next write must follow them. A file opened for appending is written in order.
    @Test func recordsWrittenAtTheirOffsetsReadAsWrittenInOrder() throws {
        let root = Repository.path
        let lines = try String(
            contentsOfFile: root + "/data/cases/hamedan-1403-08.jsonl", encoding: .utf8
        )
        .split(separator: "\n").prefix(300)
        let input = (lines.prefix(150) + ["", "{\"category\": 7}"] + lines.dropFirst(150))
            .joined(separator: "\n")
        let folder = try Temporary.folder("masir-positional", files: ["cases.jsonl": input])
        defer { try? FileManager.default.removeItem(at: folder) }
        let engine = try Engine.load(path: root + "/rules")
        let at = try #require(Instant(iso8601: "2024-11-10T10:00:00+03:30"))
        func route(_ router: BatchRouter, descriptor: Int32?) throws -> ([UInt8], Int, Bool) {
            let file = try #require(fopen(folder.path + "/cases.jsonl", "r"))
            defer { fclose(file) }
            var written: [UInt8] = []
            var stages = BatchRouter.Statistics()
            let failures = try router.routeLines(
                from: file, name: "cases.jsonl", at: at, statistics: &stages,
                writingTo: descriptor, write: { written += $0 }, report: { _ in })
            return (written, failures, stages.writesInParallel)
        }
        var compared = 0
        for format in [BatchRouter.Format.summary, .jsonLines] {
            for (jobs, block) in [(1, JSONLines.blockSize), (2, 700), (3, 1_500)] {
                let router = BatchRouter(
                    engine: engine, format: format, jobs: jobs, blockSize: block)
                let (expected, failures, _) = try route(router, descriptor: nil)
                #expect(failures == 1 && expected.count > 10_000)
                for appending in [false, true] {
                    let path = folder.path + "/out-\(jobs)-\(appending)"
                    let descriptor = open(
                        path, O_WRONLY | O_CREAT | O_TRUNC | (appending ? O_APPEND : 0), 0o644)
                    #expect(descriptor >= 0)
                    _ = write(descriptor, "before\n", 7)
                    let (closure, positionalFailures, inParallel) = try route(
                        router, descriptor: descriptor)
                    _ = write(descriptor, "after\n", 6)
                    close(descriptor)
                    #expect(closure.isEmpty, "the records went to the file, not to `write`")
                    #expect(positionalFailures == 1)
                    #expect(inParallel == !appending)
                    let file = try #require(FileManager.default.contents(atPath: path))
                    #expect(
                        [UInt8](file) == Array("before\n".utf8) + expected + Array("after\n".utf8))
                    compared += 1
                }
            }
        }
        #expect(compared == 12)
    }

    /// With one rulebook, `--format summary` lays plain records out straight from their bytes
    /// (`LineDecoder`) and leaves the rest to the general decoder: either way each line must be
    /// the summary of the case the general decoder reads, for any thread count and block size.
    @Test func directlyDecodedLinesGiveTheGeneralDecodersSummaries() throws {
        var g = SplitMix64(seed: 20_261_204)
        let text = RandomRulebook.rulebook(&g)
        let book = try #require(Loader.memory(["r.masir": text]).load("r.masir").rulebook)
        let writer = SummaryWriter(plan: Plan(book))
        let instant = try #require(Instant(parsingCaseTime: "1403/08/20 10:00"))
        var lines: [String] = []
        var expected: [String] = []
        var scratch = Plan.Scratch()
        var direct = 0
        let decoder = LineDecoder(plan: writer.plan)
        var lineScratch = LineDecoder.Scratch()
        for _ in 0..<600 {
            let line = LineDecoderTests.record(&g).trimmingCharacters(in: .whitespacesAndNewlines)
            guard case .success(let subject) = CaseDecoder(rulebook: book).decodeOne(line) else {
                continue
            }
            lines.append(line)
            var bytes: [UInt8] = []
            writer.append(summaryOf: subject, at: instant, scratch: &scratch, to: &bytes)
            expected.append(String(decoding: bytes, as: UTF8.self))
            if Array(line.utf8).withUnsafeBufferPointer({
                decoder.decode($0, scratch: &lineScratch)
            }) != nil {
                direct += 1
            }
        }
        #expect(
            direct > 200 && direct < lines.count,
            "both paths are taken: \(direct) of \(lines.count) direct")
        let folder = try Temporary.folder(
            "masir-batch",
            files: ["r.masir": text, "cases.jsonl": lines.joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        for extra in [[], ["--jobs", "2"], ["--jobs", "3", "--read-block", "900"]] {
            let run = try MasirExecutable.run(
                [
                    "route", "r.masir", "cases.jsonl", "--format", "summary", "--at",
                    "1403/08/20 10:00",
                ] + extra, in: folder)
            #expect(run.status == 0, "\(run.errors)")
            let output = run.output.split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast().map(String.init)
            #expect(output == expected, "\(extra)")
        }
    }

    /// Without `--at`, each record is decided at the instant it carries (`evaluated_at`, or the
    /// key `--at-field` names), on the direct path and the general one alike; `--at` fixes one
    /// instant for every record.
    @Test func eachRecordIsDecidedAtTheInstantItCarries() throws {
        var g = SplitMix64(seed: 20_261_205)
        let text = RandomRulebook.rulebook(&g)
        let book = try #require(Loader.memory(["r.masir": text]).load("r.masir").rulebook)
        let writer = SummaryWriter(plan: Plan(book))
        let decoder = LineDecoder(plan: writer.plan)
        var lineScratch = LineDecoder.Scratch()
        var scratch = Plan.Scratch()
        var lines: [String] = [], expected: [String] = [], instants: [String] = []
        var direct = 0
        for _ in 0..<800 {
            var line = LineDecoderTests.record(&g).trimmingCharacters(in: .whitespacesAndNewlines)
            guard case .success(let subject) = CaseDecoder(rulebook: book).decodeOne(line),
                let own = subject.evaluatedAt
            else { continue }
            var bytes: [UInt8] = []
            writer.append(summaryOf: subject, at: own, scratch: &scratch, to: &bytes)
            expected.append(String(decoding: bytes, as: UTF8.self))
            instants.append(own.isoText)
            if Array(line.utf8).withUnsafeBufferPointer({
                decoder.decode($0, scratch: &lineScratch)
            }) != nil {
                direct += 1
            }
            line = line.replacingOccurrences(of: "\"evaluated_at\"", with: "\"decided\"")
            lines.append(line)
        }
        #expect(direct > 20 && direct < lines.count, "\(direct) of \(lines.count) direct")
        let folder = try Temporary.folder(
            "masir-own-instants",
            files: ["r.masir": text, "cases.jsonl": lines.joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        for extra in [[], ["--jobs", "2", "--read-block", "900"]] {
            let run = try MasirExecutable.run(
                ["route", "r.masir", "cases.jsonl", "--format", "summary", "--at-field", "decided"]
                    + extra, in: folder)
            #expect(run.status == 0, "\(run.errors)")
            let output = run.output.split(separator: "\n").map(String.init)
            #expect(output == expected, "\(extra)")
        }
        let full = try MasirExecutable.run(
            ["route", "r.masir", "cases.jsonl", "--format", "jsonl", "--at-field", "decided"],
            in: folder)
        let ats = full.output.split(separator: "\n").map {
            ((try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["at"]
                as? [String: Any])?["iso"] as? String
        }
        #expect(ats == instants.map { Optional($0) })
        // `--at` fixes the instant for every record, whatever it carries.
        let fixed = try MasirExecutable.run(
            [
                "route", "r.masir", "cases.jsonl", "--format", "jsonl", "--at-field", "decided",
                "--at", "1403/09/01 10:00",
            ], in: folder)
        let fixedAts = Set(
            fixed.output.split(separator: "\n").map {
                ((try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["at"]
                    as? [String: Any])?["iso"] as? String
            })
        #expect(fixedAts.count == 1, "\(fixedAts)")
    }
}
