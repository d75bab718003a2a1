import Foundation
import MasirTestSupport
import Testing

/// The library's public types are its promise to embedders: a type becomes public on purpose,
/// by re-recording the list, never by accident.
@Suite struct PublicSurfaceTests {
    /// `public` type declarations in Sources/Masir, as "file: kind Name" lines, sorted.
    static func publicTypes() throws -> [String] {
        let pattern = try Regex(
            #"^\s*public\s+(?:final\s+)?(struct|enum|class|protocol|actor|typealias)\s+(\w+)"#)
        var found: [String] = []
        for path in try Repository.files(where: {
            $0.hasPrefix("Sources/Masir/") && $0.hasSuffix(".swift")
        }) {
            for line in try Repository.read(path).split(separator: "\n") {
                if let match = line.firstMatch(of: pattern), let kind = match.output[1].substring,
                    let name = match.output[2].substring
                {
                    found.append("\(path.dropFirst("Sources/Masir/".count)): \(kind) \(name)")
                }
            }
        }
        return found.sorted()
    }

    @Test func thePublicTypesAreTheRecordedOnes() throws {
        let types = try Self.publicTypes()
        #expect(types.count > 40)
        Golden.assertMatches(
            types.joined(separator: "\n") + "\n",
            file: "Tests/MasirTests/Golden/api/public-types.txt")
    }

    /// The compiled plan and the REPL session change with the evaluator and the terminal;
    /// `BatchRouter` and `Engine` are the contract for what they do.
    @Test func theCompiledPlanAndTheREPLSessionAreNotPublic() throws {
        let names = Set(
            try Self.publicTypes().compactMap { $0.split(separator: " ").last.map(String.init) })
        #expect(names.contains("BatchRouter") && names.contains("Engine"))
        for name in [
            "Plan", "CompiledCase", "CompactDecision", "LineDecoder", "SummaryWriter", "Session",
        ] {
            #expect(!names.contains(name), "\(name) is public")
        }
    }

    /// The command-line tool stays a thin shell: parsing flags and printing, each file short
    /// enough to read at once, with what a service would need kept in the library.
    @Test func everyFileOfTheCommandLineToolIsUnder150Lines() throws {
        let files = try Repository.files {
            $0.hasPrefix("Sources/masir/") && $0.hasSuffix(".swift")
        }
        #expect(files.count > 10)
        for file in files {
            let lines = try String(contentsOf: Repository.url(file), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(lines < 150, "\(file) has \(lines) lines")
        }
    }

}
