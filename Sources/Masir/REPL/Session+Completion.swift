import Foundation

// Tab completion, for any line editor: given the word under the cursor and the text before
// it, the words it may become.

extension Session {
    /// Characters that end a word for completion (the line editor must split words the same way).
    package static let wordBreakCharacters = " \t\n\"'`@$><=;|&{(["

    static let expressionKeywords = [
        "and", "or", "not", "is", "is not", "present", "absent", "in", "not in", "under",
        "mentions", "any", "all",
        "contains", "intersects", "yes", "no", "true", "false", "rials", "working", "days", "hours",
        "minutes",
    ]

    /// Completions of `word`, which follows `before` on the line: commands at the start of a
    /// line, field paths and values after `:set`, file paths after `:load` and `:case load/save`,
    /// otherwise fields, ids, functions and keywords of an expression. Sorted, without duplicates.
    package func completions(for word: String, after before: String) -> [String] {
        let words = before.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let startsLine = before.trimmingCharacters(in: .whitespaces).isEmpty
        if startsLine, word.isEmpty || word.hasPrefix(":") {
            return Session.unique(Session.commandNames.filter { $0.hasPrefix(word) })
        }
        let book = chosenBook().book ?? workspace?.rulebooks.first
        if let first = words.first, first.hasPrefix(":") {
            let command =
                Session.commandNames.contains(first)
                ? first : Session.commandNames.filter { $0.hasPrefix(first) }.first ?? first
            let position = words.count  // the word being completed is argument number `position`
            switch command {
            case ":set", ":unset":
                if position == 1 {
                    var paths = book?.fields.map(\.path) ?? []
                    if command == ":unset" { paths = Array(entries.keys) + ["history"] }
                    return Session.complete(word, paths)
                }
                if command == ":set", position == 2, words[1] == "province",
                    workspace?.isTree == true
                {
                    return Session.complete(
                        word, workspace?.dispatcher?.rulebooks.keys.sorted() ?? [])
                }
                if command == ":set", position == 2, let field = book?.field(words[1]) {
                    return Session.complete(word, values(of: field.type, book: book))
                }
                return []
            case ":help":
                return position == 1
                    ? Session.complete(
                        word,
                        Session.commandNames.map { String($0.dropFirst()) } + Session.commandNames)
                    : []
            case ":case":
                if position == 1 { return Session.complete(word, ["load", "save", "clear"]) }
                if position == 2, ["load", "save"].contains(words[1]) { return files(word) }
                return []
            case ":load":
                return position == 1 ? files(word) : []
            case ":history":
                if position == 1, let book, let status = book.statusField {
                    return Session.complete(word, values(of: status.type, book: book) + ["clear"])
                }
                return []
            case ":at":
                return position == 1 ? Session.complete(word, ["now"]) : []
            case ":rules":
                return position == 1
                    ? Session.complete(word, book?.groups.flatMap { $0.rules.map(\.id) } ?? []) : []
            case ":agencies":
                return position == 1 ? Session.complete(word, book?.agencies.map(\.id) ?? []) : []
            case ":categories":
                return position == 1 ? Session.complete(word, book?.categories.map(\.id) ?? []) : []
            case ":counties":
                return position == 1 ? Session.complete(word, book?.counties.map(\.id) ?? []) : []
            default:
                return []
            }
        }
        guard let book else { return Session.complete(word, ["help", "quit"]) }
        // An expression: after `under`, a category; otherwise anything that can stand there.
        if words.last == "under" { return Session.complete(word, book.categories.map(\.id)) }
        var candidates = book.fields.map(\.path)
        candidates += book.agencies.map(\.id) + book.categories.map(\.id) + book.counties.map(\.id)
        candidates += book.enumerations.flatMap(\.values) + Priority.allCases.map(\.name)
        candidates += Builtin.allCases.map(\.rawValue)
        if !startsLine { candidates += Session.expressionKeywords.filter { !$0.contains(" ") } }
        return Session.complete(word, candidates)
    }

    /// The values a field of `type` takes, for completion.
    func values(of type: ValueType, book: Rulebook?) -> [String] {
        guard let book else { return [] }
        switch type {
        case .bool: return ["yes", "no"]
        case .agency: return book.agencies.map(\.id)
        case .category: return book.categories.map(\.id)
        case .county: return book.counties.map(\.id)
        case .priority: return Priority.allCases.map(\.name)
        case .enumeration(let name): return book.enumeration(name)?.values ?? []
        case .set(let element): return values(of: element, book: book)
        default: return []
        }
    }

    static func complete(_ word: String, _ candidates: [String]) -> [String] {
        unique(candidates.filter { $0.hasPrefix(word) })
    }

    static func unique(_ words: [String]) -> [String] {
        Array(Set(words)).sorted()
    }

    /// File and folder names for `:load` and `:case load/save`; folders end in `/`.
    func files(_ word: String) -> [String] {
        let directoryPart = word.contains("/") ? String(word[...word.lastIndex(of: "/")!]) : ""
        let namePart = String(word.dropFirst(directoryPart.count))
        let folder = resolvePath(directoryPart.isEmpty ? "." : directoryPart)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            return []
        }
        var result: [String] = []
        for name in names
        where name.hasPrefix(namePart) && (!name.hasPrefix(".") || namePart.hasPrefix(".")) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(
                atPath: Paths.join(folder, name), isDirectory: &isDirectory)
            result.append(directoryPart + name + (isDirectory.boolValue ? "/" : ""))
        }
        return result.sorted()
    }
}
