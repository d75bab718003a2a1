import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// The guides for policy staff (docs/guide.md, and docs/guide.fa.md in Persian) and the worked
/// example of docs/impact.md cannot drift from the language: every Masir snippet in them is a
/// marked region of a file in docs/examples that loads without errors, the examples' tests pass,
/// and the commands they show print what they show.
///
/// After an intended change (to the examples, the rules or the output), rewrite the quoted blocks
/// and outputs from the real files and commands, then review the documents' diff:
///
///     MASIR_UPDATE_DOCS=1 swift test --filter GuideTests
@Suite(.serialized) struct GuideTests {
    static let updating = ProcessInfo.processInfo.environment["MASIR_UPDATE_DOCS"] != nil
    static let root = Repository.path
    static let examples = root + "/docs/examples"
    static let documents = ["docs/guide.md", "docs/guide.fa.md", "docs/impact.md"]

    // MARK: - Markdown

    /// A fenced block of a Markdown file, with the HTML comment on the line before it, if any.
    struct Block {
        var document: String
        var line: Int
        var info: String
        var text: String
        var comment: String?
    }

    /// Replaces the bodies of fenced blocks (by the line of their opening fence).
    static func rewrite(_ document: String, _ bodies: [Int: String]) throws {
        guard !bodies.isEmpty else { return }
        let path = root + "/" + document
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        for (line, body) in bodies.sorted(by: { $0.key > $1.key }) {
            var end = line
            while end < lines.count, !lines[end].hasPrefix("```") { end += 1 }
            lines.replaceSubrange(line..<end, with: body.components(separatedBy: "\n"))
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func blocks(_ document: String) throws -> [Block] {
        let lines = try String(contentsOfFile: root + "/" + document, encoding: .utf8).components(
            separatedBy: "\n")
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard line.hasPrefix("```") else {
                index += 1
                continue
            }
            let start = index
            let info = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            index += 1
            var body: [String] = []
            while index < lines.count, !lines[index].hasPrefix("```") {
                body.append(lines[index])
                index += 1
            }
            index += 1
            let previous = start > 0 ? lines[start - 1].trimmingCharacters(in: .whitespaces) : ""
            let comment =
                previous.hasPrefix("<!--") && previous.hasSuffix("-->")
                ? String(previous.dropFirst(4).dropLast(3)).trimmingCharacters(in: .whitespaces)
                : nil
            blocks.append(
                Block(
                    document: document, line: start + 1, info: info,
                    text: body.joined(separator: "\n"), comment: comment))
        }
        return blocks
    }

    // MARK: - Regions

    /// The regions of a file: the lines between `# begin: name` and `# end: name`, without blank
    /// lines at either end (the formatter puts one before a comment that follows a declaration).
    /// The marker lines themselves are left out of every region, so regions may nest.
    static func regions(_ path: String) throws -> [String: String] {
        let lines = try String(contentsOfFile: root + "/" + path, encoding: .utf8).components(
            separatedBy: "\n")
        var open: [String: [String]] = [:]
        var order: [String] = []
        var closed: [String: String] = [:]
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("# begin:") {
                let name = trimmed.dropFirst("# begin:".count).trimmingCharacters(in: .whitespaces)
                #expect(
                    open[name] == nil && closed[name] == nil,
                    "\(path): region `\(name)` begins twice")
                open[name] = []
                order.append(name)
            } else if trimmed.hasPrefix("# end:") {
                let name = trimmed.dropFirst("# end:".count).trimmingCharacters(in: .whitespaces)
                guard let body = open.removeValue(forKey: name) else {
                    Issue.record("\(path): region `\(name)` ends without beginning")
                    continue
                }
                var lines = body[...]
                while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                    lines.removeFirst()
                }
                while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                    lines.removeLast()
                }
                closed[name] = lines.joined(separator: "\n")
            } else {
                for name in open.keys { open[name]!.append(line) }
            }
        }
        #expect(open.isEmpty, "\(path): regions never ended: \(open.keys.sorted())")
        return closed
    }

    static func files(under folder: String, _ suffix: String) throws -> [String] {
        try Corpus.paths(in: URL(fileURLWithPath: folder), suffix: suffix, recursive: true)
    }

    // MARK: - (a) the examples load, and are laid out as `masir fmt` lays them out

    @Test func everyExampleRulebookLoadsWithoutErrors() throws {
        let rulebooks = try Self.files(under: Self.examples, ".masir")
        #expect(rulebooks.count >= 3)
        for path in rulebooks {
            let result = Loader.files.load(path)
            #expect(
                result.rulebook != nil && !result.diagnostics.hasErrors,
                "\(path):\n\(DiagnosticRenderer.render(result.diagnostics, sources: result.sources))"
            )
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(
                Formatter.format(Parser.parse(SourceFile(name: path, text: text))) == text,
                "run `masir fmt \(path)`")
        }
    }

    /// The patches of docs/impact.md still apply to the rulebook they change.
    @Test func theImpactPatchesApply() throws {
        for patch in try Self.files(under: Self.examples, ".patch") {
            let original = try String(
                contentsOfFile: Self.root + "/rules/provinces/hamedan/rulebook.masir",
                encoding: .utf8)
            let patched = try #require(
                Self.apply(try String(contentsOfFile: patch, encoding: .utf8), to: original),
                "\(patch) does not apply")
            let result = Loader.memory([
                "rules/national/rulebook.masir": try String(
                    contentsOfFile: Self.root + "/rules/national/rulebook.masir", encoding: .utf8),
                "rules/provinces/hamedan/rulebook.masir": patched,
            ]).load("rules/provinces/hamedan")
            #expect(
                !result.diagnostics.hasErrors,
                "\(patch): \(DiagnosticRenderer.render(result.diagnostics, sources: result.sources))"
            )
        }
    }

    /// Applies a unified diff of one file (context, removed and added lines; no fuzz).
    static func apply(_ patch: String, to text: String) -> String? {
        var lines = text.components(separatedBy: "\n")
        var offset = 0
        var hunk: (start: Int, old: [String], new: [String])?
        func flush() -> Bool {
            guard let h = hunk else { return true }
            let at = h.start - 1 + offset
            guard at >= 0, at + h.old.count <= lines.count,
                Array(lines[at..<at + h.old.count]) == h.old
            else { return false }
            lines.replaceSubrange(at..<at + h.old.count, with: h.new)
            offset += h.new.count - h.old.count
            hunk = nil
            return true
        }
        for line in patch.components(separatedBy: "\n") {
            if line.hasPrefix("@@") {
                guard flush() else { return nil }
                let start = line.split(separator: " ")[1].dropFirst().split(separator: ",")[0]
                hunk = (Int(start) ?? 1, [], [])
            } else if hunk != nil, line.hasPrefix("-") {
                hunk!.old.append(String(line.dropFirst()))
            } else if hunk != nil, line.hasPrefix("+") {
                hunk!.new.append(String(line.dropFirst()))
            } else if hunk != nil, line.hasPrefix(" ") {
                hunk!.old.append(String(line.dropFirst()))
                hunk!.new.append(String(line.dropFirst()))
            }
        }
        return flush() ? lines.joined(separator: "\n") : nil
    }

    // MARK: - (b) the guide quotes the examples exactly

    @Test func everyMasirBlockIsAMarkedRegionOfAnExample() throws {
        var cited = 0
        for document in Self.documents {
            var updates: [Int: String] = [:]
            defer { if Self.updating { try? Self.rewrite(document, updates) } }
            for block in try Self.blocks(document) {
                let snippet = block.comment.flatMap {
                    $0.hasPrefix("snippet:")
                        ? String($0.dropFirst("snippet:".count)).trimmingCharacters(
                            in: .whitespaces) : nil
                }
                if block.info == "masir" {
                    #expect(
                        snippet != nil,
                        "\(document):\(block.line): a masir block needs `<!-- snippet: docs/examples/FILE#REGION -->` on the line before it"
                    )
                }
                guard let snippet else { continue }
                let parts = snippet.split(separator: "#", maxSplits: 1).map(String.init)
                #expect(
                    parts[0].hasPrefix("docs/examples/"),
                    "\(document):\(block.line): snippets come from docs/examples")
                if parts.count == 1 {
                    // A whole file (a patch, a test file), without its final line end.
                    var text = try String(
                        contentsOfFile: Self.root + "/" + parts[0], encoding: .utf8)
                    if text.hasSuffix("\n") { text.removeLast() }
                    if Self.updating, block.text != text { updates[block.line] = text }
                    #expect(
                        Self.updating || block.text == text,
                        "\(document):\(block.line): the block differs from \(parts[0])")
                    cited += 1
                    continue
                }
                let regions = try Self.regions(parts[0])
                guard let region = regions[parts[1]] else {
                    Issue.record(
                        "\(document):\(block.line): `\(parts[0])` has no region `\(parts[1])` (it has \(regions.keys.sorted()))"
                    )
                    continue
                }
                if Self.updating, block.text != region { updates[block.line] = region }
                #expect(
                    Self.updating || block.text == region,
                    "\(document):\(block.line): the block differs from \(snippet); it should read:\n\(region)"
                )
                cited += 1
            }
        }
        #expect(cited >= 10)
    }

    // MARK: - (c) the examples' tests pass

    @Test func theExamplesTestsPass() throws {
        let paths = RulebookTestFile.discover([Self.examples])
        #expect(!paths.isEmpty)
        let files = try paths.map { path in
            RulebookTestFile.read(path, text: try String(contentsOfFile: path, encoding: .utf8)) {
                try String(contentsOfFile: $0, encoding: .utf8)
            }
        }
        let report = TestRunner().run(files)
        #expect(report.outcomes.count >= 5)
        #expect(report.failed == 0, "\(TestReporter.text(report, showCoverage: false))")
    }

    // MARK: - (d) the commands print what the documents show

    /// Each ```sh block after `<!-- run -->` is run from the repository root with the masir
    /// built with the tests first on the PATH; its output must equal the ```text block after it.
    static func runBlocks(_ document: String) throws -> [(script: Block, expected: Block)] {
        let blocks = try Self.blocks(document)
        var result: [(Block, Block)] = []
        for (index, block) in blocks.enumerated() where block.comment == "run" {
            try #require(
                block.info == "sh",
                "\(document):\(block.line): `<!-- run -->` goes before a sh block")
            try #require(
                index + 1 < blocks.count && blocks[index + 1].info == "text",
                "\(document):\(block.line): a run block is followed by a text block with its output"
            )
            result.append((block, blocks[index + 1]))
        }
        return result
    }

    static func run(_ script: String) throws -> String {
        let binary = try MasirExecutable.require().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = Repository.root
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] =
            Paths.directory(of: binary) + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func checkCommands(_ document: String, minimum: Int) throws {
        let blocks = try runBlocks(document)
        #expect(blocks.count >= minimum)
        var updates: [Int: String] = [:]
        for (script, expected) in blocks {
            let output = try run(script.text)
            let trimmed = output.hasSuffix("\n") ? String(output.dropLast()) : output
            if updating, trimmed != expected.text { updates[expected.line] = trimmed }
            #expect(
                updating || trimmed == expected.text,
                "\(document):\(script.line): the commands print, instead of the block at line \(expected.line) (MASIR_UPDATE_DOCS=1 rewrites it):\n\(trimmed)"
            )
        }
        if updating { try rewrite(document, updates) }
    }

    @Test func theGuidesCommandsPrintWhatItShows() throws {
        try Self.checkCommands("docs/guide.md", minimum: 5)
    }

    /// The Persian guide shows the REPL and `masir diff` as the English one does.
    @Test func thePersianGuidesCommandsPrintWhatItShows() throws {
        try Self.checkCommands("docs/guide.fa.md", minimum: 2)
    }

    /// The worked example compares two versions of Hamedan's rules over the 10,000 cases of
    /// data/cases; it is the slowest test of the suite.
    @Test func theImpactWorkedExamplePrintsWhatItShows() throws {
        try Self.checkCommands("docs/impact.md", minimum: 2)
    }
}
