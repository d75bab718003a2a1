import Foundation

// Building the case: it is kept as the mapping a case file would hold and decoded with the same
// `CaseDecoder` as `masir route`, so values are checked, and errors worded, exactly as there.

extension Session {
    /// The case as a case document.
    func document(
        _ entries: [String: InputValue]? = nil, history: [InputValue]? = nil
    ) -> InputValue {
        let entries = entries ?? self.entries
        let history = history ?? self.history
        var pairs = orderedPaths(entries).map { ($0, entries[$0]!) }
        if !history.isEmpty { pairs.append(("history", .sequence(history, line: nil))) }
        return .mapping(pairs, line: nil)
    }

    /// Field paths in schema order, then any others in the order they were set; paths that share
    /// a first segment (`caller.…`) stay together, where the first of them would be.
    func orderedPaths(_ entries: [String: InputValue]) -> [String] {
        let schema =
            (chosenBook(entries).book ?? workspace?.rulebooks.first)?.fields.map(\.path) ?? []
        let known = schema.filter { entries[$0] != nil }
        let others = entryOrder.filter { entries[$0] != nil && !known.contains($0) }
        let rest = entries.keys.filter { !known.contains($0) && !others.contains($0) }.sorted()
        return Session.keepingPrefixesTogether(known + others + rest, depth: 0)
    }

    static func keepingPrefixesTogether(_ paths: [String], depth: Int) -> [String] {
        var groups: [(String, [String])] = []
        for path in paths {
            let segments = path.split(separator: ".")
            let key = segments.count > depth + 1 ? String(segments[depth]) : "\u{0}" + path
            if let index = groups.firstIndex(where: { $0.0 == key }) {
                groups[index].1.append(path)
            } else {
                groups.append((key, [path]))
            }
        }
        return groups.flatMap {
            $0.0.hasPrefix("\u{0}") ? $0.1 : keepingPrefixesTogether($0.1, depth: depth + 1)
        }
    }

    /// The rulebook for the case: the loaded one, or in a tree the province's (the base rulebook,
    /// with the reason, while the case names no province).
    func chosenBook(_ entries: [String: InputValue]? = nil) -> (book: Rulebook?, error: CaseErrors?)
    {
        guard let workspace else { return (nil, nil) }
        if let single = workspace.single { return (single, nil) }
        let entries = entries ?? self.entries
        return workspace.choose(.mapping(entries.map { ($0.key, $0.value) }, line: nil))
    }

    /// A copy of `book` in which every field is optional, so a case still being built decodes
    /// with its missing required fields absent.
    static func lenient(_ book: Rulebook) -> Rulebook {
        var copy = book
        for index in copy.fields.indices { copy.fields[index].isOptional = true }
        return copy
    }

    func decode(
        book: Rulebook, lenient: Bool, strict: Bool = false, entries: [String: InputValue]? = nil
    ) -> Swift.Result<Case, CaseErrors> {
        CaseDecoder(rulebook: lenient ? Session.lenient(book) : book, strict: strict).decode(
            document(entries), file: nil)
    }

    func requireWorkspace() -> Reply? {
        workspace == nil
            ? error(
                "no rulebook is loaded; use :load PATH (a rulebook folder, or rules/ for every province)"
            ) : nil
    }

    // MARK: - :set and :unset

    func set(_ argument: String) -> Reply {
        if let missing = requireWorkspace() { return missing }
        var (path, raw) = Session.splitWord(argument)
        if let equals = path.firstIndex(of: "="), equals != path.startIndex {
            raw = String(path[path.index(after: equals)...]) + (raw.isEmpty ? "" : " " + raw)
            path = String(path[..<equals])
        } else if raw.hasPrefix("=") {
            raw = raw.dropFirst().trimmingCharacters(in: .whitespaces)
        }
        guard !path.isEmpty, !raw.isEmpty else {
            return error("usage: :set FIELD VALUE, such as :set caller.needy yes")
        }
        if path == "history" {
            return error(
                "history is a list of status changes; add them with :history STATUS INSTANT")
        }
        let book = chosenBook().book
        let type = book?.field(path)?.type
        let value = Session.inputValue(raw, type: type)
        var proposed = entries
        proposed[path] = value
        let (chosen, chooseError) = chosenBook(proposed)
        if let chooseError, chooseError.errors.contains(where: { $0.path == path }) {
            return error(chooseError.description)
        }
        guard let chosen else {
            return error(
                "set the case's province first (:set province همدان): in a tree of rulebooks it chooses the rulebook"
            )
        }
        let decoded: Case
        var warnings: [String] = []
        switch decode(book: chosen, lenient: true, strict: true, entries: proposed) {
        case .success(let value):
            decoded = value
        case .failure(let errors):
            let own = errors.errors.filter { $0.path == path || $0.path.hasPrefix(path + "[") }
            let others = errors.errors.filter { error in !own.contains(error) && !error.isWarning }
            if !own.isEmpty {
                var text = own.map(\.description).joined(separator: "\nerror: ")
                if workspace?.isTree == true, chooseError != nil {
                    // A county or a provincial agency: say which provinces know it.
                    let single: [String: InputValue] = [path: value]
                    let provinces =
                        (workspace?.dispatcher?.rulebooks.values.filter { book in
                            (try? CaseDecoder(rulebook: Session.lenient(book)).decode(
                                document(single, history: []), file: nil
                            ).get()) != nil
                        }.map(\.id).sorted()) ?? []
                    if !provinces.isEmpty {
                        let named =
                            provinces.prefix(3).joined(separator: ", ")
                            + (provinces.count > 3 ? " and \(provinces.count - 3) more" : "")
                        text +=
                            "\n(the case names no province yet; `\(raw)` is known in \(named): :set province first)"
                    }
                }
                return error(text)
            }
            if Session.choosingPaths.contains(path), !others.isEmpty {
                return error(
                    others.map(\.description).joined(separator: "\nerror: ")
                        + "\n(the case would go to `\(chosen.id)`, which does not accept the fields above: :unset them first)"
                )
            }
            // Fields that no longer fit (after another rulebook was loaded) are left out until fixed.
            guard let value = decodeIgnoringErrors(book: chosen, entries: proposed).subject else {
                return error(errors.errors.map(\.description).joined(separator: "\nerror: "))
            }
            decoded = value
            warnings = others.map { "warning: \($0.description) (ignored until it is fixed)" }
        }
        let before = decodeIgnoringErrors(book: chosen).subject?.inferredCategory
        entries = proposed
        entryOrder.removeAll { $0 == path }
        entryOrder.append(path)
        var lines = [describeField(path, in: decoded, book: chosen)]
        if workspace?.isTree == true,
            chosen.id != book?.id || (path == "province" || path == "caller.area_code")
        {
            lines.append("rulebook: \(chosen.id)" + (chosen.province.map { " («\($0)»)" } ?? ""))
        }
        if let inferred = decoded.inferredCategory, inferred != before, entries["category"] == nil,
            path != "category"
        {
            lines.append(Session.describeInference(inferred, book: chosen))
        }
        return Reply(text: (lines + warnings).joined(separator: "\n"))
    }

    /// The fields the dispatcher reads to choose a province's rulebook.
    static let choosingPaths: Set<String> = [
        "province", "caller.area_code", "area_code", "caller.phone", "phone",
    ]

    /// The case without the fields that do not fit `book` (and the errors that left them out).
    func decodeIgnoringErrors(
        book: Rulebook, entries: [String: InputValue]? = nil
    ) -> (subject: Case?, ignored: [CaseError]) {
        var entries = entries ?? self.entries
        var history = self.history
        var ignored: [CaseError] = []
        for _ in 0..<2 {
            let result = CaseDecoder(rulebook: Session.lenient(book)).decode(
                document(entries, history: history), file: nil)
            switch result {
            case .success(let subject): return (subject, ignored)
            case .failure(let errors):
                for error in errors.errors where !error.isWarning {
                    ignored.append(error)
                    let path = String(error.path.prefix { $0 != "[" })
                    if path.hasPrefix("history") { history = [] } else { entries[path] = nil }
                }
            }
        }
        return (nil, ignored)
    }

    /// `path = value`, with the Persian label of an id.
    func describeField(_ path: String, in subject: Case, book: Rulebook) -> String {
        guard let slot = book.fieldIndex[path], let value = subject.values[slot] else {
            return "\(path) is absent"
        }
        return "\(path) = \(Session.show(value))"
            + Session.label(of: value, type: book.fields[slot].type, book: book).map { " «\($0)»" }
            .orEmpty
    }

    static func describeInference(_ inferred: InferredCategory, book: Rulebook) -> String {
        "category = \(inferred.category)"
            + (book.category(inferred.category).map { " «\($0.label)»" } ?? "")
            + ", inferred from " + inferred.keywords.map { "«\($0)»" }.joined(separator: ", ")
    }

    static func label(of value: Value, type: ValueType, book: Rulebook) -> String? {
        guard case .symbol(let id) = value else { return nil }
        switch type {
        case .agency: return book.agency(id)?.name
        case .category: return book.category(id)?.label
        case .county: return book.county(id)?.name
        case .enumeration(let name): return book.enumeration(name)?.labels[id]
        case .priority: return Priority(word: id)?.persianName
        default: return nil
        }
    }

    /// The value as typed: «…» or "…" quote it (the quotes are dropped); a set takes `[a, b]`.
    static func inputValue(_ raw: String, type: ValueType?) -> InputValue {
        if case .set = type {
            var inner = raw.trimmingCharacters(in: .whitespaces)
            if inner.hasPrefix("["), inner.hasSuffix("]") {
                inner = String(inner.dropFirst().dropLast())
            }
            let items = inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            return .sequence(items.map { scalar($0) }, line: nil)
        }
        return scalar(raw)
    }

    static func scalar(_ raw: String) -> InputValue {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.count >= 2, text.hasPrefix("«"), text.hasSuffix("»") {
            return .scalar(String(text.dropFirst().dropLast()), quoted: true, line: nil)
        }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
            var unescaped = ""
            var escaping = false
            for character in text.dropFirst().dropLast() {
                if escaping {
                    unescaped.append(character == "n" ? "\n" : character)
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else {
                    unescaped.append(character)
                }
            }
            return .scalar(unescaped, quoted: true, line: nil)
        }
        return .scalar(text, quoted: false, line: nil)
    }

    func unset(_ argument: String) -> Reply {
        if let missing = requireWorkspace() { return missing }
        let path = argument.trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty else {
            return error("usage: :unset FIELD (:case clear empties the whole case)")
        }
        if path == "history" {
            history = []
            return Reply(text: "history cleared")
        }
        guard entries[path] != nil else {
            let book = chosenBook().book
            if book?.field(path) != nil { return Reply(text: "\(path) is not set") }
            let suggestion = Suggestions.closest(to: path, in: book?.fields.map(\.path) ?? [])
            return error(
                "\(path): unknown field" + (suggestion.map { "; did you mean `\($0)`?" } ?? ""))
        }
        entries[path] = nil
        entryOrder.removeAll { $0 == path }
        let (chosen, chooseError) = chosenBook()
        if workspace?.isTree == true, Session.choosingPaths.contains(path), let chooseError {
            return Reply(
                text: "\(path) unset\nrulebook: none — "
                    + chooseError.errors.map(\.message).joined(separator: "; "))
        }
        guard let book = chosen, let field = book.field(path) else {
            return Reply(text: "\(path) unset")
        }
        if let value = field.defaultValue {
            return Reply(text: "\(path) unset (default \(Session.show(value)))")
        }
        return Reply(
            text: "\(path) unset" + (field.isOptional ? "" : " (required: :route needs it)"))
    }

    // MARK: - :history

    func historyCommand(_ argument: String) -> Reply {
        if let missing = requireWorkspace() { return missing }
        if argument.isEmpty {
            if history.isEmpty {
                return Reply(
                    text:
                        "no history (:history STATUS INSTANT adds a status change, :history category CATEGORY INSTANT a change of category)"
                )
            }
            return Reply(text: Session.yamlHistory(history))
        }
        if argument == "clear" {
            history = []
            return Reply(text: "history cleared")
        }
        var (status, at) = Session.splitWord(argument)
        // `:history category power 1403/08/06 12:00`: the case was put in another category.
        let key = status == "category" ? "category" : "status"
        if key == "category" { (status, at) = Session.splitWord(at) }
        guard !at.isEmpty else {
            return error(
                "usage: :history STATUS INSTANT or :history category CATEGORY INSTANT, such as :history waiting_documents 1403/08/14 10:00"
            )
        }
        let entry = InputValue.mapping(
            [
                (key, .scalar(status, quoted: false, line: nil)),
                ("at", .scalar(at, quoted: false, line: nil)),
            ], line: nil)
        guard let book = chosenBook().book else {
            return error("set the case's province first: it chooses the rulebook")
        }
        let proposed = history + [entry]
        switch CaseDecoder(rulebook: Session.lenient(book)).decode(
            document(history: proposed), file: nil)
        {
        case .failure(let errors):
            return error(errors.errors.map(\.description).joined(separator: "\nerror: "))
        case .success(let decoded):
            history = proposed
            let changes =
                decoded.history.map { "\($0.status) at \($0.at.jalaliDescription)" }
                + decoded.reclassifications.map {
                    "category \($0.category) at \($0.at.jalaliDescription)"
                }
            var text = "history: " + changes.joined(separator: ", ")
            if key == "category" { return Reply(text: text) }
            // A status with a datetime field of its own name (`referred`) is what clocks count
            // from; the status change says when it happened, so the field follows unless set.
            if entries[status] == nil,
                book.fields.contains(where: { $0.path == status && $0.type == .datetime }),
                let change = decoded.history.last(where: { $0.status == status })
            {
                entries[status] = .scalar(at, quoted: false, line: nil)
                entryOrder.append(status)
                text +=
                    "\nset \(status): \(change.at.jalaliDescription) (the field clocks count from)"
            }
            return Reply(text: text)
        }
    }

    // MARK: - :case

    func caseCommand(_ argument: String) -> Reply {
        if let missing = requireWorkspace() { return missing }
        let (verb, rest) = Session.splitWord(argument)
        switch verb {
        case "": return showCase()
        case "load": return rest.isEmpty ? error("usage: :case load FILE") : loadCase(rest)
        case "save": return rest.isEmpty ? error("usage: :case save FILE") : saveCase(rest)
        case "clear", "new":
            entries = [:]
            entryOrder = []
            history = []
            caseInstant = nil
            return Reply(text: "the case is empty")
        default: return error("usage: :case [load FILE | save FILE | clear]")
        }
    }

    func showCase() -> Reply {
        var text = yaml()
        if text.isEmpty { text = "# the case is empty (:set FIELD VALUE)\n" }
        let (book, chooseError) = chosenBook()
        if workspace?.isTree == true {
            if let book, chooseError == nil {
                text += "# rulebook: \(book.id)\n"
            } else if let chooseError {
                text +=
                    "# rulebook: none yet — "
                    + chooseError.errors.map(\.message).joined(separator: "; ") + "\n"
            }
        }
        guard let book else { return Reply(text: text) }
        let (subject, ignored) = decodeIgnoringErrors(book: book)
        for error in ignored { text += "# does not fit \(book.id): \(error.description)\n" }
        guard let decoded = subject else { return Reply(text: text) }
        var defaults: [String] = []
        var missing: [String] = []
        for (slot, field) in book.fields.enumerated() where entries[field.path] == nil {
            if let value = field.defaultValue {
                defaults.append("\(field.path) \(value.description)")
            } else if !field.isOptional, field.inferFrom == nil || decoded.values[slot] == nil {
                missing.append("\(field.path) (\(field.type))")
            }
        }
        if let inferred = decoded.inferredCategory {
            text += "# " + Session.describeInference(inferred, book: book) + "\n"
        }
        if !defaults.isEmpty { text += "# defaults: " + defaults.joined(separator: ", ") + "\n" }
        if !missing.isEmpty {
            text += "# missing, required: " + missing.joined(separator: ", ") + "\n"
        }
        return Reply(text: text)
    }

    func loadCase(_ file: String) -> Reply {
        let text: String
        if caseFiles {
            switch CaseFile.read(
                Workspace.resolve(file, relativeTo: options.workingDirectory), name: file)
            {
            case .success(let read): text = read
            case .failure(.refused(let failure)): return self.error(failure.coded)
            case .failure: return self.error("cannot read `\(file)`")
            }
        } else {
            do {
                text = try loader.read(file)
            } catch {
                return self.error("cannot read `\(file)`")
            }
        }
        let read = CaseReader.read(text, as: .yaml, file: file)
        if let failure = read.failure { return self.error(failure.coded) }
        let nodes = read.documents
        guard nodes.count == 1, case .mapping(let pairs, _) = nodes[0] else {
            if nodes.count != 1 {
                return error(
                    "\(file): expected one case, found \(nodes.count) [\(CaseError.Kind.notOneCase.rawValue)]"
                )
            }
            return error(
                "\(file): a case is a mapping of field names to values [\(CaseError.Kind.notACase.rawValue)]"
            )
        }
        guard let workspace else { return error("no rulebook is loaded") }
        let (book, chooseError) = workspace.choose(nodes[0])
        if workspace.isTree, let chooseError {
            var errors = chooseError
            for index in errors.errors.indices { errors.errors[index].file = file }
            return self.error(errors.coded)
        }
        guard let book else { return error("no rulebook to check the case against") }
        // Flatten nested mappings into field paths, as the decoder does.
        var loaded: [String: InputValue] = [:]
        var order: [String] = []
        var loadedHistory: [InputValue] = []
        var loadedInstant: Instant?
        var warnings: [String] = []
        func flatten(_ pairs: [(String, InputValue)], prefix: String) {
            for (key, child) in pairs {
                let path = prefix.isEmpty ? key : prefix + "." + key
                if prefix.isEmpty, key == "history", book.field("history") == nil {
                    if case .sequence(let items, _) = child {
                        loadedHistory = items
                    } else {
                        loadedHistory = [child]
                    }
                    continue
                }
                if prefix.isEmpty, key == CaseDecoder.defaultAtField, book.field(key) == nil {
                    if case .scalar(let text, _, _) = child {
                        loadedInstant = Instant(parsingCaseTime: PersianText.asciiDigits(text))
                    }
                    continue
                }
                if book.field(path) == nil, case .mapping(let inner, _) = child,
                    book.fields.contains(where: { $0.path.hasPrefix(path + ".") })
                {
                    flatten(inner, prefix: path)
                } else if book.field(path) == nil, path != "id" {
                    let suggestion = Suggestions.closest(to: path, in: book.fields.map(\.path))
                    warnings.append(
                        "warning: "
                            + CaseError(
                                file: file, line: child.line, path: path,
                                message: "unknown field (ignored)"
                                    + (suggestion.map { "; did you mean `\($0)`?" } ?? ""),
                                kind: .unknownField
                            ).description)
                } else {
                    loaded[path] = child
                    order.append(path)
                }
            }
        }
        flatten(pairs, prefix: "")
        // Re-check with the file's lines, so errors point into it.
        let check = CaseDecoder(rulebook: Session.lenient(book)).decode(nodes[0], file: file)
        if case .failure(let errors) = check {
            return error(
                errors.errors.filter { !$0.isWarning }.map(\.coded).joined(
                    separator: "\nerror: "))
        }
        entries = loaded.mapValues(\.withoutLines)
        entryOrder = order
        history = loadedHistory.map(\.withoutLines)
        caseInstant = (try? check.get())?.evaluatedAt ?? loadedInstant
        var lines = warnings
        let id = (try? check.get())?.id
        lines.append(
            "loaded case \(id ?? "(no id)") from \(file): \(loaded.count) field\(loaded.count == 1 ? "" : "s")"
                + (history.isEmpty
                    ? "" : ", \(history.count) status change\(history.count == 1 ? "" : "s")")
                + (workspace.isTree ? "; rulebook \(book.id)" : "")
                + (caseInstant.map {
                    fixedInstant == nil
                        ? "; decided at its evaluated_at \($0.jalaliDescription)" : ""
                } ?? ""))
        return Reply(text: lines.joined(separator: "\n"))
    }

    func saveCase(_ path: String) -> Reply {
        let text = yaml()
        do {
            try text.write(toFile: resolvePath(path), atomically: true, encoding: .utf8)
        } catch {
            return self.error("cannot write `\(path)`: \(error.localizedDescription)")
        }
        return Reply(
            text:
                "saved the case to \(path) (\(entries.count) field\(entries.count == 1 ? "" : "s"))"
        )
    }

    // MARK: - YAML

    /// The case as a YAML case file: fields in schema order, `caller.needy` nested under `caller`.
    func yaml() -> String {
        var lines: [String] = []
        var openPrefix: [String] = []
        for path in orderedPaths(entries) {
            let segments = path.split(separator: ".").map(String.init)
            let parents = Array(segments.dropLast())
            var common = 0
            while common < min(parents.count, openPrefix.count),
                parents[common] == openPrefix[common]
            { common += 1 }
            for depth in common..<parents.count {
                lines.append(
                    String(repeating: "  ", count: depth) + Session.yamlKey(parents[depth]) + ":")
            }
            openPrefix = parents
            lines.append(
                String(repeating: "  ", count: parents.count)
                    + Session.yamlKey(segments.last ?? path) + ": "
                    + Session.yamlValue(entries[path]!))
        }
        var text = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        if !history.isEmpty { text += Session.yamlHistory(history) + "\n" }
        return text
    }

    static func yamlHistory(_ history: [InputValue]) -> String {
        "history:\n" + history.map { "  - " + yamlValue($0, flow: true) }.joined(separator: "\n")
    }

    static func yamlKey(_ key: String) -> String {
        needsQuotes(key) ? quoted(key) : key
    }

    /// A value in YAML; `flow` inside `[…]` or `{…}`, where commas and brackets need quotes.
    static func yamlValue(_ value: InputValue, flow: Bool = false) -> String {
        switch value {
        case .scalar(let text, let isQuoted, _):
            isQuoted || needsQuotes(text, flow: flow) ? quoted(text) : text
        case .sequence(let items, _):
            "[" + items.map { yamlValue($0, flow: true) }.joined(separator: ", ") + "]"
        case .mapping(let pairs, _):
            "{"
                + pairs.map { yamlKey($0.0) + ": " + yamlValue($0.1, flow: true) }.joined(
                    separator: ", ") + "}"
        case .null: "~"
        }
    }

    static func needsQuotes(_ text: String, flow: Bool = true) -> Bool {
        guard let first = text.first, let last = text.last else { return true }
        if first.isWhitespace || last.isWhitespace || last == ":" { return true }
        if "-?:,[]{}#&*!|>'\"%@`".contains(first) { return true }
        if ["~", "null", "Null", "NULL"].contains(text) { return true }
        // Control characters only survive a round trip inside double quotes, escaped.
        return text.contains(": ") || text.contains(" #")
            || text.unicodeScalars.contains(where: { $0.value < 0x20 })
            || text.contains(where: \.isNewline)
            || (flow && text.contains(where: { "[]{},".contains($0) }))
    }

    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        // JSON's escapes are YAML's too, so a saved case loads back whatever it holds.
        JSONString.append(text, to: &bytes, escaping: .json)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension InputValue {
    /// The same value without the lines of the file it came from.
    var withoutLines: InputValue {
        switch self {
        case .scalar(let text, let quoted, _): .scalar(text, quoted: quoted, line: nil)
        case .mapping(let pairs, _): .mapping(pairs.map { ($0.0, $0.1.withoutLines) }, line: nil)
        case .sequence(let items, _): .sequence(items.map(\.withoutLines), line: nil)
        case .null: .null(line: nil)
        }
    }
}

extension Optional where Wrapped == String {
    var orEmpty: String { self ?? "" }
}
