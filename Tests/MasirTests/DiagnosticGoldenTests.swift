import Foundation
import Testing
@testable import Masir

/// Mistakes policy writers really make, each rendered as `masir check` shows it. The first line of
/// every case lists the codes it must produce, in order, so re-recording cannot quietly accept a
/// lost or extra diagnostic; the golden file pins the wording, carets and help.
@Suite struct DiagnosticGoldenTests {
    static let folder = "Tests/MasirTests/Golden/diagnostics"
    static let cases: [String] = Repository.files { $0.hasPrefix(folder + "/") && $0.hasSuffix(".masir") }
        .map { String($0.dropFirst(folder.count + 1)) }

    @Test func thereAreEnoughCases() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func renderedDiagnosticsMatchGolden(_ name: String) throws {
        let text = try Repository.read("\(Self.folder)/\(name)")
        let header = text.prefix { $0 != "\n" }
        let expected = try #require(
            header.hasPrefix("# expect: ") ? header.dropFirst("# expect: ".count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : nil,
            "\(name) must begin with `# expect: <code>, …`")
        let parsed = parse(text, name: name)
        let rendered = DiagnosticRenderer.render(parsed.diagnostics, sources: [name: parsed.source])
        #expect(parsed.diagnostics.sortedByPosition().map(\.code.rawValue) == expected, "\(rendered)")
        Golden.assertMatches(rendered, file: "\(Self.folder)/\(name).diagnostics")
    }
}
