import Foundation
import MasirTestSupport
import Testing

/// The code keeps the layout `.swift-format` describes (lines within 100 columns where they can be
/// broken, one import order, …): what `swift format lint --strict` says of the sources and tests.
@Suite struct FormattingTests {
    @Test func sourcesAndTestsLintClean() throws {
        let swift = try #require(
            ["/usr/bin/swift", "/opt/swift/usr/bin/swift", "/usr/local/bin/swift"]
                .first { FileManager.default.isExecutableFile(atPath: $0) }
                ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
                .map { "\($0)/swift" }.first { FileManager.default.isExecutableFile(atPath: $0) },
            "no `swift` on this machine")
        let lint = try Command.run(
            URL(fileURLWithPath: swift),
            [
                "format", "lint", "--strict", "--recursive", "--configuration", ".swift-format",
                "Sources", "Tests",
            ])
        #expect(
            lint.status == 0 && lint.errors.isEmpty,
            "run `swift format format -i -r Sources Tests`:\n\(lint.errors.prefix(2_000))")
    }
}
