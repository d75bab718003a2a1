import Foundation
import Masir
import Yams

extension LanguageServer {
    /// An id being renamed, with what is needed to recognise it where tests and cases name it.
    struct RenamedID {
        /// What the id names; one id may name several things (a group and a ladder).
        var kinds: Set<Entity.Kind>
        /// The whole id before and after: a field's dotted path, any other thing's id.
        var old: String
        var new: String
        /// The routing groups that hold a rule of this id, for references written `group.rule`.
        var groups: Set<String>
    }

    /// The edits that keep the rulebooks' tests passing after a rename: the test files whose
    /// rulebook is one of `rulebookFiles` or extends one of them (the discovery the lenses use),
    /// and the cases they run, inline or in case files (those they name and those in a `cases`
    /// folder beside them). Only values whose key means that kind of id change: an expected
    /// referral, copy, category, rule, ladder or level, a case field of that type, and for a
    /// field its key; a description that happens to hold the same word keeps it.
    func testEdits(
        _ renamed: RenamedID, for document: TextDocument, rulebookFiles: Set<String>
    ) -> [String: [[String: Any]]] {
        let loader = workspaceLoader()
        let tests = coveringTests(testPaths(for: document), of: rulebookFiles, loader: loader)
        var files: [String: YAMLRename] = [:]
        var caseFiles: [(path: String, book: Rulebook)] = []
        var seenCases = Set<String>()
        func text(of path: String) -> String? {
            if let open = documents.values.first(where: { Self.same($0.path, path) }) {
                return open.text
            }
            return try? Loader.files.read(path)
        }
        func addCaseFile(_ path: String, _ book: Rulebook) {
            let path = Self.normal(path)
            if seenCases.insert(path).inserted { caseFiles.append((path, book)) }
        }
        for test in tests {
            guard let book = test.rulebook else { continue }
            let path = Self.normal(test.file.path)
            let folder = (path as NSString).deletingLastPathComponent
            var rename = YAMLRename(path: path, text: text(of: path) ?? test.text, renamed: renamed)
            for root in (try? CaseReader.yamlDocuments(rename.text)) ?? [] {
                guard case .mapping(let top) = root, case .sequence(let items)? = top["tests"]
                else { continue }
                for case .mapping(let entries) in items {
                    switch entries["case"] {
                    case .scalar(let scalar)?:
                        addCaseFile(
                            scalar.string.hasPrefix("/")
                                ? scalar.string : folder + "/" + scalar.string, book)
                    case .mapping(let inline)?:
                        rename.renameCase(.mapping(inline), in: book)
                    default: break
                    }
                    if case .mapping(let expect)? = entries["expect"] {
                        rename.renameExpectations(expect)
                    }
                }
            }
            files[path] = rename
            // Sample cases kept beside the tests, whether or not a test names them yet.
            let cases = folder + "/cases"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: cases)) ?? []
            where [".yaml", ".yml", ".json", ".jsonl", ".ndjson"].contains(where: {
                name.hasSuffix($0)
            }) {
                addCaseFile(cases + "/" + name, book)
            }
        }
        for (path, book) in caseFiles where files[path] == nil {
            guard let text = text(of: path) else { continue }
            var rename = YAMLRename(path: path, text: text, renamed: renamed)
            if JSONLines.isJSONLines(path) {
                rename.renameLines(in: book)
                files[path] = rename
                continue
            }
            for root in (try? CaseReader.yamlDocuments(text)) ?? [] {
                // One case, or a batch of them.
                if case .sequence(let items) = root {
                    for item in items { rename.renameCase(item, in: book) }
                } else {
                    rename.renameCase(root, in: book)
                }
            }
            files[path] = rename
        }
        var changes: [String: [[String: Any]]] = [:]
        for (path, rename) in files where !rename.edits.isEmpty {
            let source = SourceFile(name: path, text: rename.text)
            changes[TextDocument.uri(of: path)] = rename.edits.sorted {
                $0.key.lower < $1.key.lower
            }
            .map { range, text in
                ["range": TextDocument.range(in: source, range), "newText": text]
            }
        }
        return changes
    }
}

/// The edits of one YAML (or JSON) file, placed by the parser's marks. A mark counts lines and
/// Unicode scalars, not bytes; each edit is made only where the bytes at the mark spell the old
/// value, so a scalar written in a form the marks do not place plainly (a block scalar, an
/// escape) is left alone rather than edited in the wrong place.
struct YAMLRename {
    let path: String
    let text: String
    let renamed: LanguageServer.RenamedID
    private let bytes: [UInt8]
    private let lineStarts: [Int]
    private(set) var edits: [SourceRange: String] = [:]

    init(path: String, text: String, renamed: LanguageServer.RenamedID) {
        self.path = path
        self.text = text
        self.renamed = renamed
        bytes = Array(text.utf8)
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        lineStarts = starts
    }

    /// Replaces the scalar `node` when it is exactly `old`.
    mutating func replace(_ node: Node, _ old: String, with new: String) {
        guard case .scalar(let scalar) = node, scalar.string == old, let mark = scalar.mark,
            mark.line >= 1, mark.line <= lineStarts.count
        else { return }
        var offset = lineStarts[mark.line - 1]
        var column = 1
        while column < mark.column, offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") {
            // Step over one scalar: its lead byte and its continuation bytes.
            offset += 1
            while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            column += 1
        }
        if offset < bytes.count,
            bytes[offset] == UInt8(ascii: "\"") || bytes[offset] == UInt8(ascii: "'")
        {
            offset += 1
        }
        let spelled = Array(old.utf8)
        guard offset + spelled.count <= bytes.count,
            bytes[offset..<offset + spelled.count].elementsEqual(spelled)
        else { return }
        edits[SourceRange(offset, offset + spelled.count)] = new
    }

    /// A scalar, or each item of a sequence, that names a thing of `kind` by the renamed id.
    mutating func renameIDs(_ node: Node, kind: Entity.Kind) {
        guard renamed.kinds.contains(kind) else { return }
        if case .sequence(let items) = node {
            for item in items { replace(item, renamed.old, with: renamed.new) }
        } else {
            replace(node, renamed.old, with: renamed.new)
        }
    }

    /// A rule as tests name it: `rule` or `group.rule`.
    mutating func renameRules(_ node: Node) {
        let items: [Node]
        if case .sequence(let all) = node { items = Array(all) } else { items = [node] }
        for item in items {
            guard let written = item.string else { continue }
            if renamed.kinds.contains(.rule) {
                if written == renamed.old {
                    replace(item, written, with: renamed.new)
                } else if let dot = written.firstIndex(of: "."),
                    renamed.groups.contains(String(written[..<dot])),
                    written[written.index(after: dot)...] == renamed.old
                {
                    replace(item, written, with: String(written[...dot]) + renamed.new)
                }
            }
            if renamed.kinds.contains(.group), written.hasPrefix(renamed.old + ".") {
                replace(item, written, with: renamed.new + written.dropFirst(renamed.old.count))
            }
        }
    }

    /// The expectations of a test (`TestRunner.compare` reads the same keys).
    mutating func renameExpectations(_ expect: Node.Mapping) {
        for (key, value) in expect {
            switch key.string {
            case "referral", "referrals", "copies": renameIDs(value, kind: .agency)
            case "category": renameIDs(value, kind: .category)
            case "rule", "matched", "not_matched": renameRules(value)
            case "escalation":
                guard case .mapping(let entries) = value else { continue }
                for (subkey, subvalue) in entries {
                    switch subkey.string {
                    case "ladder": renameIDs(subvalue, kind: .ladder)
                    case "current", "next", "fired": renameIDs(subvalue, kind: .level)
                    default: break
                    }
                }
            default: break
            }
        }
    }

    /// A case document, walked as `CaseDecoder` flattens it: a nested mapping is a record only
    /// while no schema field has its path, so a key is renamed where it is the field's.
    mutating func renameCase(_ node: Node, in book: Rulebook, prefix: String = "") {
        guard case .mapping(let entries) = node else { return }
        for (key, value) in entries {
            guard let name = key.string else { continue }
            let path = prefix.isEmpty ? name : prefix + "." + name
            if path == "history", book.field("history") == nil {
                renameHistory(value, in: book)
            } else if let field = book.fields.first(where: { $0.path == path }) {
                if renamed.kinds.contains(.field), path == renamed.old {
                    let last = renamed.old.split(separator: ".").last.map(String.init) ?? ""
                    let newLast = renamed.new.split(separator: ".").last.map(String.init) ?? ""
                    replace(key, name, with: String(name.dropLast(last.count)) + newLast)
                }
                renameValue(value, type: field.type, in: book)
            } else if case .mapping = value,
                book.fields.contains(where: { $0.path.hasPrefix(path + ".") })
            {
                renameCase(value, in: book, prefix: path)
            }
        }
    }

    /// A case's history, read as `CaseDecoder.decodeHistory` reads it: a change of status names
    /// a value of the status field, a change of category a category.
    mutating func renameHistory(_ node: Node, in book: Rulebook) {
        guard case .sequence(let changes) = node else { return }
        for case .mapping(let change) in changes {
            for (key, value) in change {
                let field = key.string.flatMap { $0 == "at" ? nil : book.field($0) }
                if let field { renameValue(value, type: field.type, in: book) }
            }
        }
    }

    /// A JSON Lines file of cases: each line is a case of its own, renamed where it stands.
    mutating func renameLines(in book: Rulebook) {
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let lineText = String(line)
            var inLine = YAMLRename(path: path, text: lineText, renamed: renamed)
            if let root = try? CaseReader.yamlDocuments(lineText).first {
                inLine.renameCase(root, in: book)
            }
            for (range, new) in inLine.edits {
                edits[SourceRange(range.lower + offset, range.upper + offset)] = new
            }
            offset += line.utf8.count + 1
        }
    }

    mutating func renameValue(_ node: Node, type: ValueType, in book: Rulebook) {
        switch type {
        case .set(let element):
            if case .sequence(let items) = node {
                for item in items { renameValue(item, type: element, in: book) }
            }
        case .agency: renameIDs(node, kind: .agency)
        case .category: renameIDs(node, kind: .category)
        case .county: renameIDs(node, kind: .county)
        case .enumeration(let id):
            if book.enumerations.contains(where: { $0.id == id && $0.values.contains(renamed.old) })
            {
                renameIDs(node, kind: .value)
            }
        default: break
        }
    }
}
