import Foundation
import Masir

enum CaseFuzzing {
    static let engine = FuzzFixtures.hamedan

    /// Reads the bytes as a JSON body and as YAML text, and decides whatever cases they hold.
    static func run(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard let engine else { return "the Hamedan rulebook did not load" }
        let data = Data(bytes)
        for input in [CaseInput.json(data), .text(String(decoding: data, as: UTF8.self))] {
            guard
                let results = try? engine.evaluateAll(
                    input, at: FuzzFixtures.instant, explain: true)
            else { continue }
            for case .success(let decision) in results where decision.trace == nil {
                return "an explained decision has no trace"
            }
        }
        return nil
    }

    static let lines: (plan: Plan, decoder: LineDecoder, rulebook: Rulebook)? = {
        guard let engine = FuzzFixtures.hamedan, let book = engine.rulebooks.first else {
            return nil
        }
        let plan = engine.plans[book.id] ?? Plan(book)
        return (plan, LineDecoder(plan: plan), book)
    }()

    /// A line the fast decoder takes must decode the same through the general reader, and both
    /// must decide alike.
    static func runLine(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard let (plan, decoder, book) = lines else { return "the Hamedan rulebook did not load" }
        var scratch = LineDecoder.Scratch()
        let fast = decoder.decode(bytes.assumingMemoryBound(to: UInt8.self), scratch: &scratch)
        guard let fast else { return nil }
        let line = String(decoding: bytes, as: UTF8.self)
        guard case .success(let subject) = CaseDecoder(rulebook: book).decodeOne(line) else {
            return "the fast decoder took a line the general reader refuses: \(line)"
        }
        let instant = FuzzFixtures.instant
        let day = Int64(instant.civilDate().dayNumber)
        var planScratch = Plan.Scratch()
        let general = plan.encode(subject)
        if plan.decideCompact(fast, at: instant, day: day, scratch: &planScratch)
            != plan.decideCompact(general, at: instant, day: day, scratch: &planScratch)
        {
            return "the fast and general decoders decide differently: \(line)"
        }
        if plan.decide(fast.source, at: instant) != plan.decide(subject, at: instant) {
            return "the case rebuilt from the line decides differently: \(line)"
        }
        return nil
    }

    /// The fields of the Hamedan schema that read a value from text, one of each type.
    static let scannedFields = [
        ["opened"], ["referred"], ["amount"], ["repeat_calls"], ["caller", "needy"], ["county"],
        ["category"], ["status"], ["description"],
    ]

    /// Feeds the text to every scanner a case field uses, and to the calendar's own parsers.
    static func runScanners(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard let engine else { return "the Hamedan rulebook did not load" }
        let text = String(decoding: bytes, as: UTF8.self)
        if let date = JalaliDate(parsing: text), JalaliDate(parsing: date.description) != date {
            return "a Jalali date does not survive its own printing: \(text) → \(date)"
        }
        if let date = CivilDate(parsing: text), CivilDate(parsing: date.description) != date {
            return "a civil date does not survive its own printing: \(text) → \(date)"
        }
        if let instant = Instant(parsingCaseTime: text),
            Instant(parsingCaseTime: instant.iso8601UTC) != instant
        {
            return "an instant does not survive its ISO 8601 form: \(text) → \(instant.iso8601UTC)"
        }
        for path in scannedFields {
            let input = CaseInput.value(
                replacing(path, in: FuzzFixtures.baseCase, with: .string(text)))
            _ = try? engine.evaluate(input, at: FuzzFixtures.instant)
        }
        return nil
    }

    static func replacing(_ path: [String], in value: CaseValue, with new: CaseValue) -> CaseValue {
        guard let key = path.first, case .object(var fields) = value else { return value }
        let rest = Array(path.dropFirst())
        if let index = fields.firstIndex(where: { $0.key == key }) {
            fields[index].value =
                rest.isEmpty ? new : replacing(rest, in: fields[index].value, with: new)
        } else {
            fields.append((key, rest.isEmpty ? new : replacing(rest, in: [:], with: new)))
        }
        return .object(fields)
    }
}
