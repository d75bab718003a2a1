import Foundation

extension Session {
    /// One REPL command: its name, how it is called, and one line of help.
    package struct CommandHelp: Sendable {
        package var name: String
        package var usage: String
        package var help: String
    }

    /// Every command, in the order `:help` lists them: how it is called (its name first), then
    /// after ` — ` one line of help.
    package static let commands: [CommandHelp] = """
        :help [COMMAND] — list the commands, or explain one
        :load PATH — load a rulebook (folder or .masir file) or a tree of them such as rules/
        :reload — load the same path again; keeps the current rulebook if the new one has errors
        :set FIELD VALUE — set a field of the case, checked against the schema (quotes «…» or "…" optional)
        :unset FIELD — remove a field from the case (its default, if any, applies again)
        :case [load FILE | save FILE | clear] — show the case as YAML, read it from a case file, write it to one, or start afresh
        :history [category] NAME INSTANT | clear — add a status change (clocks pause and stop on it), or with `category` a change of category, to the case's history; or clear it
        :at [INSTANT | now] — show or set the evaluation instant (1403/08/12 10:00 or ISO 8601); default now
        :route — decide the case: where it goes, priority, deadline and escalation
        :explain [all] — the decision, the rules that decided it and why the related ones did not match
        :timeline — every escalation level with its due time, fired or not, and the next one
        :rules [FILTER | RULE] — list the routing rules (those whose id contains FILTER), or show one in full
        :agencies [FILTER] — list the agencies (id, Persian name, kind)
        :categories [FILTER] — list the categories as a tree
        :counties [FILTER] — list the counties
        :schema — the case's fields with their types and defaults, and the enums
        :quit — leave the REPL (also :exit or Ctrl-D)
        """.split(separator: "\n").map { row in
            let columns = row.split(separator: " — ", maxSplits: 1)
            let usage = String(columns[0])
            return CommandHelp(
                name: String(usage.prefix { $0 != " " }), usage: usage, help: String(columns[1]))
        }

    /// Command names a prefix may stand for (`:ti` → `:timeline`); `:exit` is `:quit`.
    static var commandNames: [String] { commands.map(\.name) + [":exit"] }

    func command(_ input: String) -> Reply {
        let (word, rest) = Session.splitWord(input)
        let name: String
        let candidates = Session.commandNames.filter { $0.hasPrefix(word) }
        if Session.commandNames.contains(word) {
            name = word
        } else if candidates.count == 1 {
            name = candidates[0]
        } else if candidates.isEmpty {
            let suggestion = Suggestions.closest(to: word, in: Session.commandNames)
            return error(
                "unknown command `\(word)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? "")
                    + " (:help lists the commands)")
        } else {
            return error(
                "`\(word)` could be " + candidates.map { "`\($0)`" }.joined(separator: ", "))
        }
        switch name {
        case ":help": return help(rest)
        case ":load": return rest.isEmpty ? error("usage: :load PATH") : load(rest)
        case ":reload": return reload()
        case ":set": return set(rest)
        case ":unset": return unset(rest)
        case ":case": return caseCommand(rest)
        case ":history": return historyCommand(rest)
        case ":at": return at(rest)
        case ":route": return route(explain: false)
        case ":explain": return explain(rest)
        case ":timeline": return timeline()
        case ":rules": return rules(rest)
        case ":agencies": return agencies(rest)
        case ":categories": return categories(rest)
        case ":counties": return counties(rest)
        case ":schema": return schema()
        case ":quit", ":exit": return Reply(quit: true)
        default: return error("unknown command `\(word)`")
        }
    }

    /// The first word and the rest, trimmed.
    static func splitWord(_ text: String) -> (String, String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let space = trimmed.firstIndex(where: { $0.isWhitespace }) else {
            return (trimmed, "")
        }
        return (
            String(trimmed[..<space]),
            trimmed[space...].trimmingCharacters(in: .whitespacesAndNewlines)
        )
    }

    func help(_ topic: String) -> Reply {
        if !topic.isEmpty {
            let name = topic.hasPrefix(":") ? topic : ":" + topic
            guard
                let command = Session.commands.first(where: {
                    $0.name == name || ($0.name == ":quit" && name == ":exit")
                })
            else {
                return error("no command `\(topic)` (:help lists them)")
            }
            return Reply(text: "\(command.usage)\n  \(command.help)")
        }
        let width = Session.commands.map(\.usage.count).max() ?? 0
        var lines = Session.commands.map {
            "  " + $0.usage.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.help
        }
        lines.append(
            "  " + "EXPRESSION".padding(toLength: width, withPad: " ", startingAt: 0)
                + "  evaluate a Masir expression against the case: `caller.needy and category under bank_facilities`"
        )
        lines.append(
            "A line ending in \\ or with an open ( or [ continues on the next. Tab completes commands, fields and ids."
        )
        return Reply(text: lines.joined(separator: "\n"))
    }

    // MARK: - Loading

    /// Loads a rulebook or tree; on errors the current one stays.
    package func load(_ path: String) -> Reply {
        let (loaded, diagnostics, sources) = Workspace.load(
            path, relativeTo: options.workingDirectory, loader: loader)
        var text =
            diagnostics.isEmpty
            ? "" : DiagnosticRenderer.render(diagnostics, sources: sources, colour: options.colour)
        guard let loaded else {
            let keeping =
                workspace.map { "; keeping \(describe($0)) \(identify($0))" }
                ?? "; no rulebook is loaded"
            text += "error: `\(path)` has errors" + keeping
            return Reply(text: text, isError: true)
        }
        workspace = loaded
        loadedPath = path
        loadedAt = options.now()
        // The checker's warnings, one line each (`masir check` shows them in full); its notes
        // are left to `masir check`.
        for warning in loaded.warnings where warning.severity == .warning {
            guard !diagnostics.contains(warning) else { continue }
            let line = loaded.sources[warning.file].map {
                ":\($0.location(of: warning.range.lower).line)"
            }
            text += "warning[\(warning.code.rawValue)] \(warning.file)\(line ?? ""): "
            text += warning.message + "\n"
        }
        text += "loaded " + describe(loaded, long: true)
        text += recheckCase()
        return Reply(text: text)
    }

    func reload() -> Reply {
        guard let loadedPath else { return error("nothing to reload; use :load PATH") }
        return load(loadedPath)
    }

    /// Which copy of the rules is in use, when the version alone cannot say (a failed reload of
    /// a file whose version did not change): its digest and when it was loaded.
    func identify(_ workspace: Workspace) -> String {
        let digest = workspace.single?.digest ?? workspace.engine.digest
        let when = loadedAt.map { ", loaded \($0.jalaliDescription)" } ?? ""
        return "(digest \(digest.prefix(12))\(when))"
    }

    func describe(_ workspace: Workspace, long: Bool = false) -> String {
        if let book = workspace.single {
            var text = "rulebook \(book.id)" + (book.version.map { " v\($0)" } ?? "")
            if long {
                if let title = book.title { text += " «\(title)»" }
                if book.lineage.count > 1 {
                    text += " (" + book.lineage.joined(separator: " → ") + ")"
                }
                text += " from \(workspace.path)"
            }
            return text
        }
        let count = workspace.dispatcher?.rulebooks.count ?? 0
        var text = "\(count) provincial rulebook\(count == 1 ? "" : "s") from \(workspace.path)"
        if long {
            text += workspace.base.map { " (base \($0.id))" } ?? ""
            text += "; the case's province or area code chooses one"
        }
        return text
    }

    /// After a new rulebook: whether the case still fits it.
    func recheckCase() -> String {
        guard !entries.isEmpty || !history.isEmpty else { return "" }
        let (book, chooseError) = chosenBook()
        var text = ""
        if let chooseError, workspace?.isTree == true,
            entries["province"] != nil || entries["caller.area_code"] != nil
        {
            text += "\nwarning: " + chooseError.description
        }
        guard let book else { return text }
        if case .failure(let errors) = decode(book: book, lenient: true, strict: true) {
            text +=
                "\nwarning: the case no longer fits the rulebook:"
                + errors.errors.map { "\n  " + $0.description }.joined()
        }
        return text
    }

    // MARK: - The evaluation instant

    func at(_ argument: String) -> Reply {
        if argument.isEmpty {
            if let fixedInstant { return Reply(text: "at \(Session.describe(fixedInstant))") }
            return Reply(text: "at now: \(Session.describe(options.now())) (:at fixes an instant)")
        }
        if argument == "now" {
            fixedInstant = nil
            return Reply(text: "at now: \(Session.describe(options.now()))")
        }
        guard let parsed = Instant(parsingCaseTime: PersianText.asciiDigits(argument)) else {
            return error(
                "cannot read the instant `\(argument)`; write 1403/08/12 10:00, 2024-11-02 10:00 or 2024-11-02T10:00:00+03:30"
            )
        }
        fixedInstant = parsed
        return Reply(text: "at \(Session.describe(parsed))")
    }

    static func describe(_ instant: Instant) -> String {
        "\(instant.jalaliDescription) (\(instant.isoText))"
    }
}
