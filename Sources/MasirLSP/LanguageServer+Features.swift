import Foundation
import Masir

extension LanguageServer {
    // MARK: - Checking

    /// Checks every document changed since the last check, and publishes its findings. The
    /// pairwise analyses (shadowed and overlapping rules) get `editCheckTime`: what
    /// they could not finish by then is left out, and the document is checked again in full
    /// once the editor has been quiet a while (`publishCompleteDiagnostics`), so typing in a
    /// rulebook of thousands of rules gets its syntax and name errors at once.
    package func publishPendingDiagnostics() {
        let deadline = CheckDeadline.after(editCheckTime)
        for uri in pending.sorted() {
            guard let document = documents[uri] else { continue }
            var report = check(document, deadline: deadline)
            let cutShort = report.diagnostics.filter {
                $0.message.contains(CheckDeadline.stoppedReason)
            }
            if cutShort.isEmpty {
                incomplete.remove(uri)
            } else {
                incomplete.insert(uri)
                report.diagnostics.removeAll { $0.message.contains(CheckDeadline.stoppedReason) }
            }
            analyses[uri] = Analysis(diagnostics: report.diagnostics, sources: report.sources)
            if let book = report.rulebooks.first(where: { Self.same($0.file, document.path) })
                ?? report.rulebooks.last
            {
                adopt(book, for: uri)
            } else if models[uri] == nil,
                let saved = RulebookSource.files(document.path).check().rulebooks.first(where: {
                    Self.same($0.file, document.path)
                })
            {
                // A document opened with errors answers from its saved copy until it checks.
                adopt(saved, for: uri)
            }
            let own = report.diagnostics.filter { Self.same($0.file, document.path) }
            publish(
                uri: uri,
                own.map { diagnostic(for: $0, in: document.source, sources: report.sources) })
        }
        pending.removeAll()
    }

    /// Checks in full the documents whose last check was cut short, stopping (and leaving them
    /// to a later quiet moment) as soon as `interrupted` says the client has sent more.
    package func publishCompleteDiagnostics(interrupted: @escaping @Sendable () -> Bool) {
        for uri in incomplete.sorted() {
            guard let document = documents[uri] else {
                incomplete.remove(uri)
                continue
            }
            let report = check(document, deadline: CheckDeadline(isPast: interrupted))
            guard
                !report.diagnostics.contains(where: {
                    $0.message.contains(CheckDeadline.stoppedReason)
                })
            else { return }
            incomplete.remove(uri)
            analyses[uri] = Analysis(diagnostics: report.diagnostics, sources: report.sources)
            let own = report.diagnostics.filter { Self.same($0.file, document.path) }
            publish(
                uri: uri,
                own.map { diagnostic(for: $0, in: document.source, sources: report.sources) })
        }
    }

    /// The document checked with the rulebooks it extends: open documents as the editor shows
    /// them, every other file from the disk.
    func check(_ document: TextDocument, deadline: CheckDeadline = .none) -> CheckReport {
        RulebookSource(loader: workspaceLoader(), path: document.path).check(deadline: deadline)
    }

    /// Reads open documents as the editor has them and every other file from the disk.
    func workspaceLoader() -> Loader {
        let open = Dictionary(documents.values.map { (Self.normal($0.path), $0.text) }) { a, _ in a
        }
        return Loader(
            read: { path in
                if let text = open[Self.normal(path)] { return text }
                return try Loader.files.read(path)
            },
            exists: { open[Self.normal($0)] != nil || Loader.files.exists($0) }
        ).caching(parseCache)
    }

    func publish(uri: String, _ diagnostics: [[String: Any]]) {
        outgoing.append([
            "jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
            "params": ["uri": uri, "diagnostics": diagnostics] as [String: Any],
        ])
    }

    func diagnostic(
        for finding: Diagnostic, in source: SourceFile, sources: [String: SourceFile]
    ) -> [String: Any] {
        var message = finding.message
        if let help = finding.help { message += "\nhelp: \(help)" }
        var result: [String: Any] = [
            "range": TextDocument.range(in: source, finding.range),
            "severity": finding.severity == .error ? 1 : finding.severity == .warning ? 2 : 3,
            "code": finding.code.rawValue, "source": "masir", "message": message,
        ]
        let related: [[String: Any]] = finding.notes.compactMap { note in
            guard let file = note.file, let range = note.range,
                let noted = sources[file] ?? (Self.same(file, source.name) ? source : nil)
            else { return nil }
            return [
                "location": [
                    "uri": TextDocument.uri(of: Self.normal(file)),
                    "range": TextDocument.range(in: noted, range),
                ] as [String: Any],
                "message": note.message,
            ]
        }
        if !related.isEmpty { result["relatedInformation"] = related }
        return result
    }

    // MARK: - Names

    /// The name under the cursor: a word, or a dotted field path through it.
    func name(
        at params: [String: Any]
    ) -> (document: TextDocument, ids: [String], range: SourceRange)? {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String,
            let document = documents[uri], let position = params["position"] as? [String: Any]
        else { return nil }
        let offset = document.offset(
            line: position["line"] as? Int ?? 0, character: position["character"] as? Int ?? 0)
        let tokens = Lexer.lex(document.source).tokens
        guard
            let index = tokens.firstIndex(where: {
                $0.kind == .word && $0.range.lower <= offset && offset <= $0.range.upper
            })
        else { return nil }
        var first = index, last = index
        while first >= 2, tokens[first - 1].isSymbol("."), tokens[first - 2].kind == .word,
            tokens[first - 1].range.lower == tokens[first - 2].range.upper
        {
            first -= 2
        }
        while last + 2 < tokens.count, tokens[last + 1].isSymbol("."),
            tokens[last + 2].kind == .word,
            tokens[last + 1].range.lower == tokens[last].range.upper
        {
            last += 2
        }
        let path = stride(from: first, through: last, by: 2).map { tokens[$0].value }
            .joined(separator: ".")
        let ids = path == tokens[index].value ? [path] : [path, tokens[index].value]
        return (document, ids, tokens[index].range)
    }

    /// Keeps a document's checked model and the index of its names, built once per check.
    func adopt(_ book: Rulebook, for uri: String) {
        models[uri] = book
        entityIndex[uri] = book.entities
    }

    func entities(for uri: String, _ ids: [String]) -> [Entity] {
        guard let all = entityIndex[uri] else { return [] }
        for id in ids { if let found = all[id], !found.isEmpty { return found } }
        return []
    }

    func hover(_ params: [String: Any]) -> Any? {
        if let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String,
            let document = documents[uri], let position = params["position"] as? [String: Any],
            let deadline = deadlineHover(
                document,
                offset: document.offset(
                    line: position["line"] as? Int ?? 0,
                    character: position["character"] as? Int ?? 0))
        {
            return deadline
        }
        guard let (document, ids, range) = name(at: params) else { return nil }
        let found = entities(for: document.uri, ids)
        guard !found.isEmpty else { return nil }
        return [
            "contents": [
                "kind": "markdown", "value": found.map(\.summary).joined(separator: "\n\n---\n\n"),
            ],
            "range": TextDocument.range(in: document.source, range),
        ]
    }

    func definition(_ params: [String: Any]) -> Any? {
        guard let (document, ids, _) = name(at: params) else { return nil }
        return entities(for: document.uri, ids).compactMap {
            location(of: $0.origin, from: document)
        }
    }

    func location(of origin: Origin, from document: TextDocument) -> [String: Any]? {
        guard let source = source(of: origin.file, from: document) else { return nil }
        return [
            "uri": TextDocument.uri(of: Self.normal(origin.file)),
            "range": TextDocument.range(in: source, origin.range),
        ]
    }

    func source(of file: String, from document: TextDocument) -> SourceFile? {
        if let open = documents.values.first(where: { Self.same($0.path, file) }) {
            return open.source
        }
        if let checked = analyses[document.uri]?.sources[file] { return checked }
        guard let text = try? Loader.files.read(file) else { return nil }
        return SourceFile(name: file, text: text)
    }

    /// Every rulebook file a rename or a search for references covers: the workspace's, the
    /// files the document was checked with, and the open documents.
    func workspaceFiles(for document: TextDocument) -> [String: SourceFile] {
        var files: [String: SourceFile] = [:]
        if let root {
            let below = (try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []
            for path in below where path.hasSuffix(".masir") && !path.hasPrefix(".build") {
                let full = Self.normal(root + "/" + path)
                if let text = try? Loader.files.read(full) {
                    files[full] = SourceFile(name: full, text: text)
                }
            }
        }
        for (file, source) in analyses[document.uri]?.sources ?? [:] {
            files[Self.normal(file)] = source
        }
        for open in documents.values { files[Self.normal(open.path)] = open.source }
        return files
    }

    /// Where the name is written in every file: each word token spelling it.
    func occurrences(
        of id: String, for document: TextDocument
    ) -> [(String, SourceFile, SourceRange)] {
        var found: [(String, SourceFile, SourceRange)] = []
        let last = id.split(separator: ".").last.map(String.init) ?? id
        for (path, source) in workspaceFiles(for: document).sorted(by: { $0.key < $1.key }) {
            guard source.text.contains(last) else { continue }
            let tokens = Lexer.lex(source).tokens
            for (index, token) in tokens.enumerated()
            where token.kind == .word && token.value == last {
                if id.contains(".") {
                    // A field path: the words before must spell the rest of it.
                    let parts = id.split(separator: ".").map(String.init)
                    var at = index, matches = true
                    for part in parts.dropLast().reversed() {
                        guard at >= 2, tokens[at - 1].isSymbol("."), tokens[at - 2].value == part
                        else {
                            matches = false
                            break
                        }
                        at -= 2
                    }
                    if matches {
                        found.append(
                            (path, source, SourceRange(tokens[at].range.lower, token.range.upper)))
                    }
                } else {
                    let afterDot = index >= 1 && tokens[index - 1].isSymbol(".")
                    // An agency's `kind bank` names a kind of agency, never an id.
                    let isAgencyKind = index >= 1 && tokens[index - 1].isWord("kind")
                    if !afterDot, !isAgencyKind { found.append((path, source, token.range)) }
                }
            }
        }
        return found
    }

    func references(_ params: [String: Any]) -> Any? {
        guard let (document, ids, _) = name(at: params) else { return nil }
        let known = entities(for: document.uri, ids)
        guard let id = known.first?.id else { return [] as [Any] }
        return occurrences(of: id, for: document).map { path, source, range in
            ["uri": TextDocument.uri(of: path), "range": TextDocument.range(in: source, range)]
        }
    }

    /// What a rename at the cursor changes: an id, or for a field the last segment of its path.
    /// A field's other segments name the record it belongs to, which its sibling fields share, so
    /// renaming one of them would rename more than the field; the cursor must be on the last.
    func renameTarget(
        _ params: [String: Any]
    ) -> (document: TextDocument, id: String, range: SourceRange)? {
        guard let (document, ids, range) = name(at: params),
            let entity = entities(for: document.uri, ids).first
        else { return nil }
        // Names are found by their spelling, so an id that names two kinds of thing (an agency
        // and a level, say) cannot be renamed as one of them without renaming the other.
        guard Set(entities(for: document.uri, [entity.id]).map(\.kind)).count == 1 else {
            return nil
        }
        guard entity.id.contains(".") else { return (document, entity.id, range) }
        let last = entity.id.split(separator: ".").last.map(String.init) ?? entity.id
        let tokens = Lexer.lex(document.source).tokens
        guard entity.kind == .field,
            let index = tokens.firstIndex(where: { $0.range == range }),
            tokens[index].value == last,
            !(index + 1 < tokens.count && tokens[index + 1].isSymbol(".")
                && tokens[index + 1].range.lower == range.upper)
        else { return nil }
        return (document, entity.id, range)
    }

    func prepareRename(_ params: [String: Any]) -> Any? {
        guard let (document, _, range) = renameTarget(params) else { return nil }
        return TextDocument.range(in: document.source, range)
    }

    func rename(_ params: [String: Any]) -> Any? {
        guard let (document, id, _) = renameTarget(params), var new = params["newName"] as? String
        else { return nil }
        var segments = id.split(separator: ".").map(String.init)
        let last = segments.removeLast()
        let record = segments.joined(separator: ".")
        // A field may be renamed by its new last segment or by its whole new path.
        if !record.isEmpty, new.hasPrefix(record + ".") { new.removeFirst(record.count + 1) }
        guard new.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil,
            !Parser.keywords.contains(new), new != last
        else { return nil }
        let renamed = record.isEmpty ? new : record + "." + new
        // Renaming onto a name already declared would merge two things into one.
        guard entities(for: document.uri, [renamed]).isEmpty else { return nil }
        var changes: [String: [[String: Any]]] = [:]
        var rulebookFiles: Set<String> = [document.path]
        for (path, source, range) in occurrences(of: id, for: document) {
            // Only the last segment changes: `caller.needy` → `caller.poor`.
            let segment = SourceRange(range.upper - last.utf8.count, range.upper)
            changes[TextDocument.uri(of: path), default: []].append([
                "range": TextDocument.range(in: source, segment), "newText": new,
            ])
            rulebookFiles.insert(path)
        }
        // The rulebooks would check clean with their tests and cases still naming the old id.
        let groups = models[document.uri]?.groups.filter { $0.rules.contains { $0.id == id } }
        let renamedID = RenamedID(
            kinds: Set(entities(for: document.uri, [id]).map(\.kind)), old: id, new: renamed,
            groups: Set(groups?.map(\.id) ?? []))
        for (uri, edits) in testEdits(renamedID, for: document, rulebookFiles: rulebookFiles) {
            changes[uri, default: []] += edits
        }
        return ["changes": changes]
    }

    // MARK: - Editing help

    func formatting(_ params: [String: Any]) -> Any? {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String,
            let document = documents[uri]
        else { return nil }
        let parsed = Parser.parse(document.source)
        guard !parsed.diagnostics.hasErrors else { return [] as [Any] }
        let formatted = Formatter.format(parsed)
        guard formatted != document.text else { return [] as [Any] }
        return [
            [
                "range": TextDocument.range(
                    in: document.source, SourceRange(0, document.source.bytes.count)),
                "newText": formatted,
            ]
        ]
    }

    /// Formats the parts of the document (its header, its declarations) that the range touches,
    /// each as `masir fmt` would print it; everything else keeps its bytes. A part that starts a
    /// line is re-indented from the line's start, and blanks that trail it go with it.
    func rangeFormatting(_ params: [String: Any]) -> Any? {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String,
            let document = documents[uri], let range = params["range"] as? [String: Any]
        else { return [] as [Any] }
        let parsed = Parser.parse(document.source)
        guard !parsed.diagnostics.hasErrors else { return [] as [Any] }
        func offset(_ key: String) -> Int {
            let position = range[key] as? [String: Any] ?? [:]
            return document.offset(
                line: position["line"] as? Int ?? 0, character: position["character"] as? Int ?? 0)
        }
        let lower = offset("start"), upper = max(lower, offset("end"))
        let bytes = document.source.bytes
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        var edits: [[String: Any]] = []
        for (span, text) in Formatter.formattedParts(parsed) {
            // The protocol's ranges end before `end`; an empty range is a cursor inside a part.
            let touched =
                lower == upper
                ? span.lower <= lower && lower <= span.upper
                : span.lower < upper && lower < span.upper
            guard touched, span.upper > span.lower else { continue }
            var start = span.lower
            while start > 0, isBlank(bytes[start - 1]) { start -= 1 }
            if start > 0, bytes[start - 1] != 0x0A { start = span.lower }
            var end = span.upper
            while end < bytes.count, isBlank(bytes[end]) { end += 1 }
            if end < bytes.count, bytes[end] != 0x0A { end = span.upper }
            guard !bytes[start..<end].elementsEqual(text.utf8) else { continue }
            edits.append([
                "range": TextDocument.range(in: document.source, SourceRange(start, end)),
                "newText": text,
            ])
        }
        return edits
    }

    func codeActions(_ params: [String: Any]) -> Any? {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String,
            let document = documents[uri], let analysis = analyses[uri],
            let range = params["range"] as? [String: Any]
        else { return [] as [Any] }
        func offset(_ key: String) -> Int {
            let position = range[key] as? [String: Any] ?? [:]
            return document.offset(
                line: position["line"] as? Int ?? 0, character: position["character"] as? Int ?? 0)
        }
        let lower = offset("start"), upper = offset("end")
        var actions: [[String: Any]] = []
        for finding in analysis.diagnostics
        where Self.same(finding.file, document.path) && !finding.fixIts.isEmpty
            && finding.range.lower <= upper && lower <= finding.range.upper
        {
            let edits = finding.fixIts.map { fix in
                [
                    "range": TextDocument.range(in: document.source, fix.range),
                    "newText": fix.replacement,
                ]
            }
            let title =
                finding.fixIts.count == 1 && !finding.fixIts[0].replacement.isEmpty
                ? "Replace with `\(finding.fixIts[0].replacement)`" : "Fix: \(finding.message)"
            actions.append([
                "title": title, "kind": "quickfix", "isPreferred": true,
                "diagnostics": [
                    diagnostic(for: finding, in: document.source, sources: analysis.sources)
                ],
                "edit": ["changes": [uri: edits]],
            ])
        }
        return actions
    }

    func completion(_ params: [String: Any]) -> Any? {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String,
            let document = documents[uri], let position = params["position"] as? [String: Any]
        else { return [] as [Any] }
        let offset = document.offset(
            line: position["line"] as? Int ?? 0, character: position["character"] as? Int ?? 0)
        let before = document.source.text(of: SourceRange(0, offset))
        let line = before.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        let words = line.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "(" })
            .map(String.init)
        let typing = line.last.map { $0 != " " && $0 != "," } ?? false
        let previous = Array(words.dropLast(typing ? 1 : 0).suffix(2))
        let model = models[uri]
        func items(_ ids: [(String, String)], kind: Int) -> [[String: Any]] {
            ids.map { ["label": $0.0, "detail": $0.1, "kind": kind] }
        }
        let agencies = model?.agencies.map { ($0.id, $0.name) } ?? []
        switch previous.last {
        case "to", "copy", "supervisor", "copies":
            return items(agencies, kind: 6)
        case "under", "category":
            return items(model?.categories.map { ($0.id, $0.label) } ?? [], kind: 13)
        case "county":
            return items(model?.counties.map { ($0.id, $0.name) } ?? [], kind: 12)
        case "ladder":
            return items(model?.ladders.map { ($0.id, $0.label ?? "") } ?? [], kind: 20)
        case "calendar", "on":
            return items(model?.calendars.keys.sorted().map { ($0, "calendar") } ?? [], kind: 20)
        case "is", "in", "not":
            var values = model?.enumerations.flatMap { e in e.values.map { ($0, e.id) } } ?? []
            values += model?.counties.map { ($0.id, $0.name) } ?? []
            values += model?.categories.map { ($0.id, $0.label) } ?? []
            return items(values, kind: 20)
        default:
            var result = items(Parser.keywords.sorted().map { ($0, "keyword") }, kind: 14)
            result += items(model?.fields.map { ($0.path, "\($0.type)") } ?? [], kind: 5)
            result.append([
                "label": "rule", "kind": 15, "insertTextFormat": 2, "detail": "a routing rule",
                "insertText":
                    "rule ${1:id} \"${2:label}\"\n  when ${3:condition}\n  then refer to ${4:agency}",
            ])
            result.append([
                "label": "level", "kind": 15, "insertTextFormat": 2,
                "detail": "an escalation level",
                "insertText":
                    "level ${1:id} \"${2:label}\"\n  after ${3:3} working days since referred\n  then remind assignee",
            ])
            return result
        }
    }

    func documentSymbols(_ params: [String: Any]) -> Any? {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String,
            let document = documents[uri]
        else { return [] as [Any] }
        let source = document.source
        let syntax = Parser.parse(source).syntax
        func symbol(
            _ name: Name, _ kind: Int, _ range: SourceRange, detail: String? = nil,
            children: [[String: Any]] = []
        )
            -> [String: Any]
        {
            var result: [String: Any] = [
                "name": name.text.isEmpty ? "?" : name.text, "kind": kind,
                "range": TextDocument.range(in: source, range.union(name.range)),
                "selectionRange": TextDocument.range(in: source, name.range),
            ]
            if let detail { result["detail"] = detail }
            if !children.isEmpty { result["children"] = children }
            return result
        }
        func symbols(_ declaration: Declaration) -> [[String: Any]] {
            let range = declaration.range
            switch declaration.kind {
            case .agency(let agency):
                return [symbol(agency.name, 5, range, detail: agency.label.value)]
            case .category(let category):
                return [symbol(category.name, 10, range, detail: category.label.value)]
            case .county(let county):
                return [symbol(county.name, 18, range, detail: county.label.value)]
            case .enumeration(let enumeration): return [symbol(enumeration.name, 10, range)]
            case .calendar(let calendar):
                return [symbol(calendar.name, 19, range, detail: calendar.label?.value)]
            case .schema(let schema):
                let fields = schema.fields.map { field in
                    symbol(
                        Name(field.path.dotted, field.path.range), 8, field.range,
                        detail: field.type.text)
                }
                return [symbol(Name("case", range), 23, range, children: fields)]
            case .routing(let routing):
                let rules: [[String: Any]] = routing.items.compactMap { item in
                    switch item.kind {
                    case .rule(let rule), .replace(let rule):
                        return symbol(rule.name, 12, item.range, detail: rule.label?.value)
                    case .disable: return nil
                    }
                }
                return [
                    symbol(routing.name, 2, range, detail: routing.label?.value, children: rules)
                ]
            case .escalation(let ladder):
                let levels: [[String: Any]] = ladder.items.compactMap { item in
                    switch item.kind {
                    case .level(let level), .replace(let level):
                        return symbol(level.name, 22, item.range, detail: level.label?.value)
                    case .disable: return nil
                    }
                }
                return [
                    symbol(ladder.name, 2, range, detail: ladder.label?.value, children: levels)
                ]
            case .property(let property):
                return [symbol(property.name, 14, range, detail: property.label?.value)]
            case .replace(let inner): return symbols(inner)
            case .importFile, .disable: return []
            }
        }
        return syntax.declarations.flatMap(symbols)
    }

    func workspaceSymbols(_ params: [String: Any]) -> Any? {
        let query = (params["query"] as? String ?? "").lowercased()
        var seen = Set<String>()
        var result: [[String: Any]] = []
        for (uri, index) in entityIndex.sorted(by: { $0.key < $1.key }) {
            guard let document = documents[uri] else { continue }
            for (id, found) in index where query.isEmpty || id.lowercased().contains(query) {
                for entity in found
                where seen.insert("\(entity.kind)/\(id)/\(entity.origin.file)").inserted {
                    guard let location = location(of: entity.origin, from: document) else {
                        continue
                    }
                    result.append([
                        "name": id, "kind": Self.symbolKind(entity.kind), "location": location,
                        "containerName": entity.kind.rawValue,
                    ])
                }
            }
        }
        return result.sorted { ($0["name"] as? String ?? "") < ($1["name"] as? String ?? "") }
    }

    static func symbolKind(_ kind: Entity.Kind) -> Int {
        switch kind {
        case .agency: 5
        case .category, .enumeration: 10
        case .county: 18
        case .value: 22
        case .field: 8
        case .group, .ladder: 2
        case .rule: 12
        case .level: 22
        case .calendar: 19
        }
    }

    // MARK: - Paths

    static func normal(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    static func same(_ a: String, _ b: String) -> Bool { a == b || normal(a) == normal(b) }
}
