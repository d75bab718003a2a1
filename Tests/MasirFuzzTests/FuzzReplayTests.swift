import Foundation
import MasirFuzz
import MasirTestSupport
import Testing

/// Every input the fuzzers kept, and every input that once broke a target, runs again on each
/// test run: a fixed crash that comes back fails here, without the fuzzer.
@Suite struct FuzzReplayTests {
    static let root = Repository.url("Fuzz").path

    @Test(arguments: FuzzTarget.allCases)
    func savedInputsStillHold(_ target: FuzzTarget) async throws {
        let files =
            FuzzCorpus.files("\(Self.root)/corpus/\(target.rawValue)")
            + FuzzCorpus.files("\(Self.root)/crashes/\(target.rawValue)")
        #expect(!files.isEmpty, "no saved inputs for \(target.rawValue)")
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let message = await Self.offThePool { target.run(data) }
            #expect(message == nil, "\(file): \(message ?? "")")
        }
    }

    /// Runs blocking work on a thread of its own: the HTTP target waits for its server, which
    /// needs the task threads a blocked test would hold.
    static func offThePool(_ work: @escaping @Sendable () -> String?) async -> String? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }

    @Test func wellFormedInputsHold() {
        // Well-formed text of each kind passes: the targets report only what is broken.
        let stable = "rulebook r\n  title \"ت\"\n"
        #expect(FuzzTarget.syntax.run(Data(stable.utf8)) == nil)
        #expect(FuzzTarget.cases.run(Data("{\"id\": 1".utf8)) == nil)
    }
}
