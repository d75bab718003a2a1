import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// The line decoder must lay a record out exactly as the general decoder and `Plan.encode` do,
/// or decline it: random rulebooks, random records written in plain and awkward forms, and
/// mutations of them (a crash or a disagreement fails).
@Suite struct LineDecoderTests {
    typealias G = SplitMix64

    static func pick<T>(_ items: [T], _ g: inout G) -> T { RandomRulebook.pick(items, &g) }

    /// A record for `RandomRulebook.header`'s schema: usually every field in a plain form
    /// the line decoder takes; sometimes one or two in a form it must leave to the general decoder.
    static func record(_ g: inout G) -> String {
        // (key, percent present, plain forms, awkward forms)
        let schema: [(String, UInt64, [String], [String])] = [
            (
                "id", 80,
                [
                    #""case-7""#, "12", "null", #""a\"b\\c""#, #""\u0645\u0648\u0631\u062f""#,
                    #""مورد ۳""#,
                ], ["[1]"]
            ),
            (
                "opened", 100,
                [
                    #""2024-11-02T09:00:00+03:30""#, #""1403/08/12 10:00""#, #""2024-11-09 16:30""#,
                    #""1403/08/18""#, #""2024-11-10T07:00:00Z""#,
                ],
                [#""۱۴۰۳/۰۸/۱۲ ۱۰:۰۰""#, #"" 1403/08/12 10:00""#, #""never""#, "20241102", "null"]
            ),
            (
                "referred", 50, [#""1403/08/19 10:00""#, #""2024-11-10T10:00:00Z""#, "null"],
                [#""1403/13/01""#]
            ),
            (
                "county", 85, [#""k1""#, #""k2""#, #""k3""#, "null"],
                [#""دو""#, #"" k1""#, #""k9""#, "3"]
            ),
            (
                "category", 100, [#""c1""#, #""c2""#, #""c3""#, #""c4""#, #""c5""#],
                [#""یک""#, #""c9""#, "null"]
            ),
            (
                "description", 80,
                [
                    #""درخواست وام فوری""#, #""وديعه مسكن""#, #""رهن خانه""#, #""کار""#,
                    #""بیمار هستم""#,
                    #""\u0648\u0627\u0645 \u0641\u0648\u0631\u06cc""#, #""«وام» \"فوری\"\n""#,
                    #""""#, #""وام و قرض""#, "null",
                ], ["12", #""\ud800""#]
            ),
            (
                "needy", 60, ["true", "false", #""yes""#, #""no""#, "null"],
                [#""Yes""#, #""بله""#, "1"]
            ),
            ("disabled", 50, ["true", "false", #""true""#, "null"], [#""maybe""#]),
            ("body", 50, [#""a1""#, #""a2""#, #""a3""#, "null"], [#""الف""#, #""a9""#]),
            (
                "programs", 50, [#"["a1"]"#, "[]", #"["a1", "a2"]"#, #"[ "a3" ,"a1" ]"#],
                [#"["x"]"#, #""a1""#, "[null]", #"["a1",]"#]
            ),
            (
                "amount", 60, ["1000", #""500000""#, "2000000", "0", "-5"],
                ["1.5", #""2,000,000""#, #""1000 rials""#, "12345678901234567890", "1e3"]
            ),
            ("calls", 50, ["0", "1", "2", "3", #""2""#, "null"], ["+2", "2.0"]),
            (
                "status", 85,
                [#""open""#, #""open""#, #""answered""#, #""waiting""#, #""resolved""#],
                [#""Open""#, #""closed""#]
            ),
            (
                "history", 0, [],
                [
                    #"[{"status": "open", "at": "1403/08/18 09:00"}, {"status": "waiting", "at": "1403/08/19 11:00"}]"#
                ]
            ),
            (
                "evaluated_at", 30,
                [#""1403/08/25 11:00""#, #""2024-11-20T09:00:00+03:30""#, "null"],
                [#""someday""#, "12", #""۱۴۰۳/۰۸/۲۵""#]
            ),
            ("extra", 0, [], ["1"]),
            ("caller", 0, [], [#"{"needy": true}"#]),
        ]
        var awkward = Set<Int>()
        if g.next() % 10 < 4 {
            for _ in 0..<(1 + g.next() % 2) { awkward.insert(Int(g.next() % UInt64(schema.count))) }
        }
        var fields: [(String, String)] = []
        for (i, (key, percent, plain, odd)) in schema.enumerated() {
            if awkward.contains(i) {
                fields.append((key, pick(odd, &g)))
            } else if g.next() % 100 < percent {
                fields.append((key, pick(plain, &g)))
            }
        }
        if g.next() % 25 == 0, let first = fields.first { fields.append(first) }
        // Key order and spacing vary; the layout must not.
        for i in fields.indices.reversed() where g.next() % 3 == 0 {
            fields.swapAt(i, Int(g.next() % UInt64(i + 1)))
        }
        let space = g.next() % 4 == 0 ? " " : ""
        let body = fields.map { "\"\($0.0)\"\(space):\(space)\($0.1)" }.joined(
            separator: "," + space)
        return pick(["{\(body)}", "{\(body)}", " {\(space)\(body)\(space)} ", "{\(body)}\r"], &g)
    }

    /// Everything a plan reads from a laid-out case.
    static func layout(_ c: CompiledCase, _ plan: Plan) -> [Int64] {
        var result: [Int64] = []
        for slot in 0..<plan.slotCount { result.append(c.has(slot) ? c.value(slot) : -999) }
        for slot in plan.setSlots where c.has(slot) {
            let packed = c.value(slot)
            let start = Int(packed >> 32)
            result += (start..<(start + Int(packed & 0xFFFF_FFFF))).map { c.value($0) }
        }
        return result + c.storage.header.hits.flatMap { $0.map { $0 ? 1 : 0 } }
    }

    /// Checks one line; returns whether the line decoder took it.
    @discardableResult
    static func check(
        _ line: String, _ book: Rulebook, _ plan: Plan, _ direct: LineDecoder,
        _ scratch: inout LineDecoder.Scratch, context: String
    ) -> Bool {
        let bytes = Array(line.utf8)
        let fast = bytes.withUnsafeBufferPointer { direct.decode($0, scratch: &scratch) }
        guard let fast else { return false }
        guard case .success(let subject) = CaseDecoder(rulebook: book).decodeOne(line) else {
            Issue.record(
                "the line decoder took a line the general decoder refuses: \(line)\n\(context)")
            return true
        }
        let general = plan.encode(subject)
        #expect(layout(fast, plan) == layout(general, plan), "\(line)\n\(context)")
        #expect(fast.id == subject.id, "\(line)")
        #expect(fast.evaluatedAt == subject.evaluatedAt, "\(line)")
        var planScratch = Plan.Scratch()
        for at in ["1403/08/20 10:00", "1403/09/15 09:00"] {
            let instant = Instant(parsingCaseTime: at)!
            let day = Int64(instant.civilDate().dayNumber)
            #expect(
                plan.decideCompact(fast, at: instant, day: day, scratch: &planScratch)
                    == plan.decideCompact(general, at: instant, day: day, scratch: &planScratch),
                "\(line)\n\(context)")
        }
        // The case rebuilt from the line (for the paths that need it) decides as the original.
        let instant = Instant(parsingCaseTime: "1403/08/20 10:00")!
        #expect(
            plan.decide(fast.source, at: instant) == plan.decide(subject, at: instant), "\(line)")
        return true
    }

    @Test func agreesWithTheGeneralDecoderOnRandomRecords() throws {
        var g = G(seed: 20_261_201)
        var taken = 0, declined = 0
        for _ in 0..<25 {
            let text = RandomRulebook.rulebook(&g)
            let book = try #require(Loader.memory(["r.masir": text]).load("r.masir").rulebook)
            let plan = Plan(book)
            let direct = LineDecoder(plan: plan)
            var scratch = LineDecoder.Scratch()
            for _ in 0..<120 {
                let line = Self.record(&g)
                if Self.check(line, book, plan, direct, &scratch, context: text) {
                    taken += 1
                } else {
                    declined += 1
                }
            }
        }
        // Both sides are exercised: plain records go direct, awkward ones to the general decoder.
        #expect(taken > 1_500, "taken \(taken), declined \(declined)")
        #expect(declined > 600, "taken \(taken), declined \(declined)")
    }

    /// A key given twice, however it is written (escaped, with the same or another value), is
    /// declined by the line decoder and refused as `input.duplicate-key` by the general reader,
    /// so a batch refuses it whichever decoder reads the line.
    @Test func aRepeatedKeyIsRefusedByBoth() throws {
        var g = G(seed: 20_261_203)
        let book = try #require(
            Loader.memory(["r.masir": RandomRulebook.rulebook(&g)]).load("r.masir").rulebook)
        let direct = LineDecoder(plan: Plan(book))
        var scratch = LineDecoder.Scratch()
        var checked = 0
        for _ in 0..<600 {
            let line = Self.record(&g)
            guard case .mapping(let entries, _)? = try? JSONReader.parse(line), !entries.isEmpty
            else { continue }
            let (key, _) = Self.pick(entries, &g)
            // The key again, sometimes with its first letter escaped, before or after the rest.
            var written = Array(key.unicodeScalars)
            let escaped =
                g.next() % 2 == 0 && !written.isEmpty
                ? String(format: "\\u%04x", written.removeFirst().value)
                    + String(
                        String.UnicodeScalarView(written)) : key
            let value = Self.pick(["1", #""x""#, "null", "[]"], &g)
            let body = line.trimmingCharacters(in: .whitespacesAndNewlines)
            let repeated =
                g.next() % 2 == 0
                ? "{\"\(escaped)\": \(value), " + String(body.dropFirst())
                : String(body.dropLast()) + ", \"\(escaped)\": \(value)}"
            let bytes = Array(repeated.utf8)
            #expect(
                bytes.withUnsafeBufferPointer { direct.decode($0, scratch: &scratch) } == nil,
                "\(repeated)")
            let read = CaseReader.read(repeated, as: .json, file: nil)
            #expect(read.failure?.kind == .duplicateKey, "\(repeated)")
            checked += 1
        }
        #expect(checked > 500)
    }

    @Test func mutatedRecordsNeverCrashOrDisagree() throws {
        var g = G(seed: 20_261_202)
        let book = try #require(
            Loader.memory(["r.masir": RandomRulebook.rulebook(&g)]).load("r.masir").rulebook)
        let plan = Plan(book)
        let direct = LineDecoder(plan: plan)
        var scratch = LineDecoder.Scratch()
        let alphabet =
            Array(#"{}[]",:\ 0123456789abcdeflnrstuy-+.é"#.utf8) + Array("و".utf8) + [
                0x00, 0x0A, 0xC3, 0xFF,
            ]
        var taken = 0
        for _ in 0..<3_000 {
            var bytes = Array(Self.record(&g).utf8)
            for _ in 0..<(1 + Int(g.next() % 3)) where !bytes.isEmpty {
                let at = Int(g.next() % UInt64(bytes.count))
                switch g.next() % 4 {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(Self.pick(alphabet, &g), at: at)
                case 2: bytes[at] = Self.pick(alphabet, &g)
                default: bytes.removeSubrange(at...)
                }
            }
            let line = String(decoding: bytes, as: UTF8.self)
            // Invalid UTF-8 is repaired by `String`; the decoder sees the raw bytes first.
            let raw = bytes.withUnsafeBufferPointer { direct.decode($0, scratch: &scratch) }
            if raw != nil, Array(line.utf8) != bytes {
                Issue.record("took invalid UTF-8: \(bytes)")
            }
            if Self.check(line, book, plan, direct, &scratch, context: "mutated") { taken += 1 }
        }
        #expect(taken > 30)
    }

    @Test func declinesWhatOnlyTheGeneralDecoderCanJudge() throws {
        let book = try #require(
            Loader.memory(["r.masir": RandomRulebook.header]).load("r.masir").rulebook)
        let direct = LineDecoder(plan: Plan(book))
        var scratch = LineDecoder.Scratch()
        func takes(_ line: String) -> Bool {
            Array(line.utf8).withUnsafeBufferPointer { direct.decode($0, scratch: &scratch) } != nil
        }
        let plain =
            #"{"id": "x", "opened": "1403/08/12 10:00", "category": "c1", "county": "k1", "amount": 5}"#
        #expect(takes(plain))
        #expect(
            !takes(#"{"id": "x", "opened": "1403/08/12 10:00", "county": "k1"}"#),
            "a category left to be inferred")
        #expect(!takes(#"{"id": "x", "category": "c1"}"#), "a missing required field")
        #expect(!takes(#"{"opened": "1403/08/12 10:00", "category": "یک"}"#), "a label")
        #expect(
            !takes(#"{"opened": "1403/08/12 10:00", "category": "c1", "extra": 1}"#),
            "an unknown field")
        #expect(
            !takes(#"{"opened": "1403/08/12 10:00", "category": "c1", "category": "c2"}"#),
            "a repeated field")
        #expect(!takes(plain + " x"), "text after the record")
        #expect(!takes(String(plain.dropLast())), "an unclosed record")
        #expect(!takes(#"[{"opened": "1403/08/12 10:00", "category": "c1"}]"#), "a list")
    }

    @Test func isoTimesReadFromBytesAgreeWithTheGeneralParser() {
        var g = G(seed: 20_261_203)
        var read = 0
        for _ in 0..<20_000 {
            func two(_ range: ClosedRange<UInt64>) -> String {
                let n = range.lowerBound + g.next() % (range.upperBound - range.lowerBound + 1)
                return n < 10 ? "0\(n)" : "\(n)"
            }
            let year = ["2024", "2023", "1999", "2100", "0004"][Int(g.next() % 5)]
            var text =
                "\(year)-\(two(0...13))-\(two(0...32))\(Self.pick(["T", "t", " ", "_"], &g))\(two(0...25)):\(two(0...61)):\(two(0...61))"
            text += Self.pick(
                [
                    "Z", "z", "+03:30", "-04:00", "+24:00", "+03:60", "+0330", "", "+03:30:00",
                    "*03:30",
                ], &g)
            if g.next() % 8 == 0 {
                var bytes = Array(text.utf8)
                bytes[Int(g.next() % UInt64(bytes.count))] = Self.pick(
                    Array("0123456789-:T+Z ".utf8), &g)
                text = String(decoding: bytes, as: UTF8.self)
            }
            guard let fast = Array(text.utf8).withUnsafeBufferPointer({ Instant(isoBytes: $0) })
            else { continue }
            read += 1
            #expect(fast == Instant(iso8601: text), "\(text)")
        }
        #expect(read > 1_000)
    }
}
