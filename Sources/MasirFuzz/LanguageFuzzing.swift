import Foundation
import Masir

enum SyntaxFuzzing {
    static func run(_ bytes: UnsafeRawBufferPointer) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        let parsed = Parser.parse(SourceFile(name: "fuzz.masir", text: text))
        guard !parsed.diagnostics.hasErrors else { return nil }
        let once = Formatter.format(parsed)
        let reparsed = Parser.parse(SourceFile(name: "fuzz.masir", text: once))
        if reparsed.diagnostics.hasErrors {
            return "the formatted text does not parse:\n\(once)"
        }
        let twice = Formatter.format(reparsed)
        if twice != once { return "formatting is not idempotent:\n\(once)\n---\n\(twice)" }
        return nil
    }
}

enum RulebookFuzzing {
    /// Parsing and checking cost grows with the text; the fuzzer looks for crashes, not for slow
    /// large inputs, which the limits and budgets have their own tests for.
    static let maximumBytes = 64 << 10

    static func run(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count <= maximumBytes else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let source = RulebookSource.text(
            text, name: "provinces/fuzz/rulebook.masir",
            parents: [FuzzFixtures.nationalPath: FuzzFixtures.nationalText])
        guard let compiled = try? Engine.load(source, strategy: .compiled),
            let reference = try? Engine.load(source, strategy: .reference)
        else { return nil }
        let input = CaseInput.value(FuzzFixtures.baseCase)
        let fast = try? compiled.evaluate(input, at: FuzzFixtures.instant)
        let slow = try? reference.evaluate(input, at: FuzzFixtures.instant)
        if fast != slow {
            return "the compiled plan and the reference evaluator disagree:\n"
                + "\(String(describing: fast))\n---\n\(String(describing: slow))"
        }
        return nil
    }
}
