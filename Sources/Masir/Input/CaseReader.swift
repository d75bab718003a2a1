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
        readJSON(bytes, file: file, line: firstLine)
    }

    static func readJSON(_ bytes: [UInt8], file: String?, line: Int?) -> ReadDocuments {
        do {
            let value = try JSONReader.parse(bytes: bytes, line: line)
            return documents(of: [value], isBatch: isList(value))
        } catch {
            let kind: CaseError.Kind = error.isTooDeep ? .tooDeep : .malformedJSON
            let message =
                error.isTooDeep
                ? "the document nests more than \(InputLimits.maximumNesting) levels deep"
                : "not valid JSON: \(error.message) at byte \(error.offset + 1)"
            return ReadDocuments(
                documents: [], isBatch: false,
                failure: CaseError(file: file, line: line, path: "", message: message, kind: kind))
        }
    }

    static func readYAML(_ text: String, file: String?, firstLine: Int) -> ReadDocuments {
        let offset = firstLine - 1
        if let line = tooDeep(text) {
            return ReadDocuments(
                documents: [], isBatch: false,
                failure: CaseError(
                    file: file, line: line + offset, path: "",
                    message:
                        "the document nests more than \(InputLimits.maximumNesting) levels deep",
                    kind: .tooDeep))
        }
        var nodes: [Node] = []
        var failure: CaseError?
        do {
            try yamlDocuments(text) { nodes.append($0) }
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
        read.failure = failure
        return read
    }

    /// Every YAML document of `text`, for files that hold cases among other things (rulebook
    /// tests). Throws the first syntax error.
    package static func yamlDocuments(_ text: String) throws -> [Node] {
        var nodes: [Node] = []
        try yamlDocuments(text) { nodes.append($0) }
        return nodes
    }

    /// Document by document: `compose_all`'s sequence drops an error after the first document
    /// instead of throwing it. Yams's default tag resolver shares regular expressions that crash
    /// when used from several threads on Linux, and Masir reads scalars itself, so the basic
    /// resolver is used.
    static func yamlDocuments(_ text: String, _ body: (Node) -> Void) throws {
        let parser = try Yams.Parser(yaml: text, resolver: .basic)
        while let node = try parser.nextRoot() { body(node) }
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

    /// The line where a YAML text nests deeper than `InputLimits.maximumNesting` (flow brackets,
    /// or indentation columns for block nesting), or nil when it does not. Checked before the
    /// YAML parser runs, since the parser recurses once per level.
    static func tooDeep(_ text: String) -> Int? {
        let maximum = InputLimits.maximumNesting
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
                    if column > maximum * 4 { return line }
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
            case "[", "{":
                depth += 1
                if depth > maximum { return line }
            case "]", "}": depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }
}
