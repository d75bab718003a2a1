import Yams

/// How an input's text is written.
package enum CaseSyntax: Sendable {
    /// JSON and nothing else: a JSON Lines record, `CaseInput.json`, an `application/json` body.
    case json
    /// YAML, of which JSON is a part: case files, standard input, the REPL, YAML bodies.
    case yaml
}

/// The case documents of one input, top-level lists opened.
package struct ReadDocuments {
    package var documents: [InputValue]
    /// Written as a batch (a top-level list, or several YAML documents) rather than one case.
    /// A list of one case is still a batch.
    package var isBatch: Bool
    /// What stopped reading, if anything; the documents before it are kept.
    package var failure: CaseError?
}

/// The one place where case text becomes case documents, for every path that reads cases:
/// `masir route` and batch routing, `masir diff`, rulebook tests, the REPL, the embedding API and
/// the server.
///
/// One rule says how text is read: text declared JSON, and any one-line text that starts with `{`
/// or `[`, is JSON (read by the JSON reader, much faster than the YAML parser); any other text is
/// YAML (JSON is valid YAML), whose errors name the line. `InputLimits` apply to both, and every failure is a `CaseError` whose kind is
/// the same whichever path read the input.
package enum CaseReader {
    /// Reads `text`. `firstLine` is the line of the file the text starts on (a JSON Lines record's
    /// number), so errors and documents name lines of the whole file; one-line text without it
    /// names no line.
    package static func read(
        _ text: String, as syntax: CaseSyntax, file: String?, firstLine: Int? = nil
    ) -> ReadDocuments {
        switch syntax {
        case .json:
            return readJSON(Array(text.utf8), file: file, line: firstLine)
        case .yaml:
            if !text.utf8.contains(0x0A),
                let first = text.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }),
                first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
            {
                return readJSON(Array(text.utf8), file: file, line: firstLine)
            }
            return readYAML(text, file: file, firstLine: firstLine ?? 1)
        }
    }

    /// Reads JSON bytes (a request body, `CaseInput.json`).
    package static func read(
        json bytes: [UInt8], file: String?, firstLine: Int? = nil
    ) -> ReadDocuments {
        if let failure = invalidUTF8(bytes, file: file, firstLine: firstLine) {
            return ReadDocuments(documents: [], isBatch: false, failure: failure)
        }
        return readJSON(bytes, file: file, line: firstLine)
    }

    /// Reads bytes (a file, standard input, a JSON Lines record): bytes that are not UTF-8 are
    /// refused as `input.invalid-utf8` whatever the syntax, never read with replacement
    /// characters.
    package static func read(
        bytes: some Collection<UInt8>, as syntax: CaseSyntax, file: String?, firstLine: Int? = nil
    ) -> ReadDocuments {
        if syntax == .json, String(validating: bytes, as: UTF8.self) != nil {
            return readJSON(Array(bytes), file: file, line: firstLine)
        }
        return switch text(of: bytes, file: file, firstLine: firstLine) {
        case .success(let text): read(text, as: syntax, file: file, firstLine: firstLine)
        case .failure(let failure): ReadDocuments(documents: [], isBatch: false, failure: failure)
        }
    }

    /// The text of `bytes`, or `input.invalid-utf8` naming the line of the first bad byte.
    package static func text(
        of bytes: some Collection<UInt8>, file: String?, firstLine: Int? = nil
    ) -> Result<String, CaseError> {
        if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
        return .failure(
            invalidUTF8(bytes, file: file, firstLine: firstLine)
                ?? CaseError(
                    file: file, line: firstLine, path: "", message: "not UTF-8 text",
                    kind: .invalidUTF8))
    }

    /// The failure for the first byte of `bytes` that is not UTF-8, or nil when all are.
    static func invalidUTF8(
        _ bytes: some Collection<UInt8>, file: String?, firstLine: Int?
    ) -> CaseError? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0, line = firstLine ?? 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                if scalar.count == 1, scalar.first == 0x0A { line += 1 }
                offset += scalar.count
            case .error(let length):
                return CaseError(
                    file: file, line: line, path: "",
                    message: "not UTF-8 text: a bad byte sequence at byte \(offset + 1)"
                        + (length > 1 ? " (\(length) bytes)" : ""),
                    kind: .invalidUTF8)
            case .emptyInput:
                return nil
            }
        }
    }

    static func readJSON(_ bytes: [UInt8], file: String?, line: Int?) -> ReadDocuments {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return ReadDocuments(
                documents: [], isBatch: false, failure: empty(file: file, line: line))
        }
        do {
            let value = try JSONReader.parse(bytes: bytes, line: line)
            return documents(of: [value], isBatch: isList(value))
        } catch {
            let kind: CaseError.Kind = error.kind
            let message =
                switch kind {
                case .tooDeep:
                    "the document nests more than \(InputLimits.maximumNesting) levels deep"
                case .duplicateKey: "\(error.message) at byte \(error.offset + 1)"
                default: "not valid JSON: \(error.message) at byte \(error.offset + 1)"
                }
            return ReadDocuments(
                documents: [], isBatch: false,
                failure: CaseError(file: file, line: line, path: "", message: message, kind: kind))
        }
    }

    static func empty(file: String?, line: Int?) -> CaseError {
        CaseError(
            file: file, line: line, path: "", message: "no case: the input is empty",
            kind: .empty)
    }

    static func readYAML(_ text: String, file: String?, firstLine: Int) -> ReadDocuments {
        let offset = firstLine - 1
        if var failure = prescan(text) {
            failure.file = file
            failure.line = failure.line.map { $0 + offset }
            return ReadDocuments(documents: [], isBatch: false, failure: failure)
        }
        var nodes: [Node] = []
        var failure: CaseError?
        do {
            var aliasNodes = InputLimits.maximumAliasNodes
            try yamlDocuments(text) { node in
                // Anchors are weak references the parser keeps alive, so expansion is measured
                // here, while it still exists.
                if let line = aliasOverflow(node, budget: &aliasNodes) {
                    failure = CaseError(
                        file: file, line: line + offset, path: "",
                        message:
                            "aliases expand to more than \(InputLimits.maximumAliasNodes) nodes",
                        kind: .tooManyAliases)
                    return false
                }
                nodes.append(node)
                return true
            }
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            failure = CaseError(
                file: file, line: context.mark.line + offset, path: "",
                message: "the key `\(duplicates.joined(separator: "`, `"))` appears twice",
                kind: .duplicateKey)
        } catch let error as YamlError {
            failure = CaseError(
                file: file, line: line(of: error).map { $0 + offset } ?? firstLine, path: "",
                message: "not valid YAML or JSON: \(describe(error))", kind: .malformedYAML)
        } catch {
            failure = CaseError(
                file: file, line: firstLine, path: "", message: "not valid YAML or JSON",
                kind: .malformedYAML)
        }
        var read = documents(
            of: nodes.map { InputValue($0, lineOffset: offset) },
            isBatch: nodes.count > 1
                || nodes.contains { if case .sequence = $0 { true } else { false } })
        read.failure = failure ?? (nodes.isEmpty ? empty(file: file, line: firstLine) : nil)
        return read
    }

    /// Every YAML document of `text`, for files that hold cases among other things (rulebook
    /// tests).
    /// Throws the first syntax error, or a `CaseError` for input over the limits.
    package static func yamlDocuments(_ text: String) throws -> [Node] {
        if let failure = prescan(text) { throw failure }
        var nodes: [Node] = []
        var aliasNodes = InputLimits.maximumAliasNodes
        var overflow: Int?
        try yamlDocuments(text) {
            overflow = aliasOverflow($0, budget: &aliasNodes)
            nodes.append($0)
            return overflow == nil
        }
        if let overflow {
            throw CaseError(
                line: overflow, path: "",
                message: "aliases expand to more than \(InputLimits.maximumAliasNodes) nodes",
                kind: .tooManyAliases)
        }
        return nodes
    }

    /// Document by document: `compose_all`'s sequence drops an error after the first document
    /// instead of throwing it. Yams's default tag resolver shares regular expressions that crash
    /// when used from several threads on Linux, and Masir reads scalars itself, so the basic
    /// resolver is used.
    /// resolver is used. `body` returns false to stop reading.
    static func yamlDocuments(_ text: String, _ body: (Node) -> Bool) throws {
        let parser = try Yams.Parser(yaml: text, resolver: .basic)
        while let node = try parser.nextRoot(), body(node) {}
    }

    /// The line where aliases in `node` have expanded past `budget` nodes (the budget is shared
    /// by the documents of one input), or nil. A node met again under the same anchor is an alias
    /// standing for it; its whole expansion counts, counted with an early stop so the count
    /// itself stays small.
    static func aliasOverflow(_ root: Node, budget: inout Int) -> Int? {
        var defined: Set<ObjectIdentifier> = []
        func size(_ node: Node, _ limit: Int) -> Int {
            var count = 1
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping where count <= limit {
                    count += size(key, limit - count) + size(value, limit - count)
                }
            case .sequence(let sequence):
                for item in sequence where count <= limit { count += size(item, limit - count) }
            case .scalar, .alias: break
            }
            return count
        }
        // `line` is where the node is used: an alias's node carries its anchor's line.
        func walk(_ node: Node, line: Int?) -> Int? {
            if let anchor = node.anchor {
                if defined.contains(ObjectIdentifier(anchor)) {
                    budget -= size(node, budget)
                    return budget < 0 ? line : nil
                }
                defined.insert(ObjectIdentifier(anchor))
            }
            let line = node.mark?.line ?? line
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    let keyLine = key.mark?.line ?? line
                    if let overflow = walk(key, line: keyLine) ?? walk(value, line: keyLine) {
                        return overflow
                    }
                }
            case .sequence(let sequence):
                for item in sequence {
                    if let overflow = walk(item, line: line) { return overflow }
                }
            case .scalar, .alias: break
            }
            return nil
        }
        return walk(root, line: root.mark?.line)
    }

    static func documents(of values: [InputValue], isBatch: Bool) -> ReadDocuments {
        var documents: [InputValue] = []
        for value in values {
            if case .sequence(let items, _) = value {
                documents += items
            } else {
                documents.append(value)
            }
        }
        return ReadDocuments(documents: documents, isBatch: isBatch, failure: nil)
    }

    static func isList(_ value: InputValue) -> Bool {
        if case .sequence = value { return true }
        return false
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            mark.line
        default: nil
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _),
            .composer(_, let problem, _, _):
            problem
        default: "\(error)"
        }
    }

    /// What the YAML parser must not be given, found by a scan of the text before it runs:
    /// nesting deeper than `InputLimits.maximumNesting` (flow brackets, or indentation columns
    /// for block nesting), since the parser recurses once per level; and more aliases than
    /// `InputLimits.maximumAliases`, since it compares keys by their expanded values. The
    /// failure names the line (from 1), not the file.
    static func prescan(_ text: String) -> CaseError? {
        let maximum = InputLimits.maximumNesting
        var aliases = 0
        var depth = 0, line = 1, column = 0
        var quote: Unicode.Scalar?
        var comment = false, leading = true
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if scalar == "\n" {
                line += 1
                column = 0
                leading = true
                comment = false
                quote = nil
                continue
            }
            if leading {
                if scalar == " " || scalar == "-" || scalar == "\t" {
                    column += 1
                    if column > maximum * 4 { return tooDeep(line) }
                    continue
                }
                leading = false
            }
            if comment { continue }
            if let open = quote {
                if scalar == open { quote = nil }
                continue
            }
            switch scalar {
            // A quote opens a quoted scalar only where a token starts (not in `it's`).
            case "\"" where " \t\n[{,:-".unicodeScalars.contains(previous),
                "'" where " \t\n[{,:-".unicodeScalars.contains(previous):
                quote = scalar
            case "#" where previous == " " || previous == "\t" || previous == "\n": comment = true
            case "*" where " \t\n[{,:-".unicodeScalars.contains(previous):
                aliases += 1
                if aliases > InputLimits.maximumAliases {
                    return CaseError(
                        line: line, path: "",
                        message: "more than \(InputLimits.maximumAliases) aliases",
                        kind: .tooManyAliases)
                }
            case "[", "{":
                depth += 1
                if depth > maximum { return tooDeep(line) }
            case "]", "}": depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }

    static func tooDeep(_ line: Int) -> CaseError {
        CaseError(
            line: line, path: "",
            message: "the document nests more than \(InputLimits.maximumNesting) levels deep",
            kind: .tooDeep)
    }
}
