import Foundation

/// The Masir REPL without a terminal: one line in, the text to show out.
///
/// A session holds the loaded rulebook (or tree of rulebooks), the case being built, and the
/// evaluation instant. Lines that begin with `:` are commands (`:help` lists them); any other
/// line is a Masir expression, evaluated against the case and shown with its type. Nothing here
/// reads a terminal or the console, so the command-line tool, tests and any other front end
/// share the same behaviour: `process(_:)` never throws and no error ends the session.
package final class Session {
    package struct Options: Sendable {
        /// ANSI colours in replies (for terminals).
        package var colour: Bool
        /// Relative paths in `:load` and `:case load/save` are read from here (default: the
        /// process's current folder).
        package var workingDirectory: String?
        /// The evaluation instant when `:at` has not fixed one.
        package var now: @Sendable () -> Instant

        package init(
            colour: Bool = false, workingDirectory: String? = nil,
            now: @escaping @Sendable () -> Instant = { Instant.now }
        ) {
            self.colour = colour
            self.workingDirectory = workingDirectory
            self.now = now
        }
    }

    /// What one line produced.
    package struct Reply: Sendable, Equatable {
        /// The text to show, ending in a newline unless empty.
        package var text: String
        /// Whether the line failed (a bad command, value or expression).
        package var isError: Bool
        /// Whether the user asked to leave.
        package var quit: Bool
        /// Whether the line was incomplete (ending in `\` or with an open bracket): the next
        /// line continues it.
        package var needsMore: Bool

        package init(
            text: String = "", isError: Bool = false, quit: Bool = false, needsMore: Bool = false
        ) {
            self.text = text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
            self.isError = isError
            self.quit = quit
            self.needsMore = needsMore
        }
    }

    package let options: Options
    let loader: Loader
    var workspace: Workspace?
    /// The path `:reload` loads again.
    var loadedPath: String?
    /// When the rules in use were loaded.
    var loadedAt: Instant?
    /// The case being built: raw values by field path, as a case file would hold them.
    var entries: [String: InputValue] = [:]
    /// Paths in the order they were set, for fields the schema does not order.
    var entryOrder: [String] = []
    /// `history:` status changes, as a list of `{status, at}` mappings.
    var history: [InputValue] = []
    /// The instant fixed with `:at`; nil means "now".
    var fixedInstant: Instant?
    /// The `evaluated_at` of the loaded case, used when `:at` has fixed no instant.
    var caseInstant: Instant?
    /// Lines of an input still being continued.
    var pending: [String] = []
    /// How many lines failed so far.
    package private(set) var errorCount = 0

    /// Case files are read from the file system as every other path reads them (regular files
    /// only, within the input limits, UTF-8 or refused); false when a loader was given.
    let caseFiles: Bool

    /// `loader` reads rulebooks and case files (by default, the file system); relative paths are
    /// taken from `options.workingDirectory`, while messages name them as they were typed.
    package init(options: Options = Options(), loader: Loader? = nil) {
        self.options = options
        let directory = options.workingDirectory
        caseFiles = loader == nil
        let loader = loader ?? .files
        self.loader = Loader(
            read: { try loader.read(Workspace.resolve($0, relativeTo: directory)) },
            exists: { loader.exists(Workspace.resolve($0, relativeTo: directory)) })
    }

    // MARK: - Lines

    /// The prompt for the next line: the rulebook's id, or `...>` while continuing.
    package var prompt: String {
        let name = promptName
        if pending.isEmpty { return name + "> " }
        return String(repeating: " ", count: max(0, name.count - 3)) + "...> "
    }

    var promptName: String {
        guard let workspace else { return "masir" }
        if let single = workspace.single { return single.id }
        let tree = Paths.lastComponent(of: workspace.path)
        if let book = chosenBook().book, book.province != nil { return "\(tree)→\(book.id)" }
        return tree
    }

    /// Whether a line has been started and not finished.
    package var isContinuing: Bool { !pending.isEmpty }

    /// Handles one line of input.
    package func process(_ line: String) -> Reply {
        var line = line
        while line.hasSuffix("\r") || line.hasSuffix("\n") { line.removeLast() }
        let trimmedRight = line.trimmingTrailingWhitespace()
        if trimmedRight.hasSuffix("\\") {
            pending.append(String(trimmedRight.dropLast()))
            return Reply(needsMore: true)
        }
        // A command typed while an expression is still open abandons the expression.
        var dropped: String?
        if let first = pending.first, !first.trimmingCharacters(in: .whitespaces).hasPrefix(":"),
            line.trimmingCharacters(in: .whitespaces).hasPrefix(":")
        {
            dropped = pending.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            pending = []
        }
        let parts = pending + [line]
        let isCommand = parts[0].trimmingCharacters(in: .whitespaces).hasPrefix(":")
        let input =
            isCommand
            ? parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(
                separator: " ")
            : parts.joined(separator: "\n")
        if !isCommand, !line.trimmingCharacters(in: .whitespaces).isEmpty,
            Session.openBrackets(input) > 0
        {
            pending.append(line)
            return Reply(needsMore: true)
        }
        pending = []
        var reply = execute(input)
        if let dropped {
            reply.text = "error: the unfinished expression `\(dropped)` was dropped\n" + reply.text
            reply.isError = true
        }
        if reply.isError { errorCount += 1 }
        if options.colour, reply.isError, !reply.text.isEmpty, !reply.text.contains("\u{1B}[") {
            reply.text = paint(reply.text.trimmingTrailingWhitespace(), .red) + "\n"
        }
        return reply
    }

    /// Abandons a line being continued (Ctrl-C at a continuation prompt).
    package func cancelContinuation() { pending = [] }

    /// Processes a whole script (one line per line) and returns the transcript: each line after
    /// the prompt it was typed at, then what it produced — what the terminal would have shown.
    package func transcript(_ script: String) -> String {
        var text = ""
        var lines = script.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            text += prompt + line.trimmingTrailingCarriageReturn() + "\n"
            let reply = process(line)
            text += reply.text
            if reply.quit { break }
        }
        return text
    }

    /// How many `(` and `[` are open in an expression, outside quoted text.
    static func openBrackets(_ text: String) -> Int {
        let tokens = Lexer.lex(SourceFile(name: "", text: text)).tokens
        var depth = 0
        for token in tokens where token.kind == .symbol {
            switch token.value {
            case "(", "[": depth += 1
            case ")", "]": depth -= 1
            default: break
            }
        }
        return depth
    }

    func execute(_ input: String) -> Reply {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return Reply() }
        if trimmed.hasPrefix(":") { return command(trimmed) }
        if ["help", "quit", "exit"].contains(trimmed) { return command(":" + trimmed) }
        if trimmed.hasPrefix("#") { return Reply() }
        var reply = evaluate(input)
        // `route` is not a field: it was meant as a command.
        let (word, _) = Session.splitWord(trimmed)
        if reply.isError, Session.commandNames.contains(":" + word) {
            reply.text += "did you mean `:\(trimmed)`? (commands start with a colon)\n"
        }
        return reply
    }

    // MARK: - Text helpers

    enum Tint: String {
        case red = "31", yellow = "33", green = "32", dim = "2", bold = "1", cyan = "36"
    }

    func paint(_ text: String, _ tint: Tint) -> String {
        options.colour ? "\u{1B}[\(tint.rawValue)m\(text)\u{1B}[0m" : text
    }

    func error(_ message: String) -> Reply {
        Reply(text: "error: " + message, isError: true)
    }

    /// The evaluation instant: the one `:at` fixed, else the loaded case's own, else now.
    var instant: Instant { fixedInstant ?? caseInstant ?? options.now() }

    /// A path the user typed, for the file system (the loader resolves its own).
    func resolvePath(_ path: String) -> String {
        Workspace.resolve(path, relativeTo: options.workingDirectory)
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var text = self
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }

    func trimmingTrailingCarriageReturn() -> String {
        hasSuffix("\r") ? String(dropLast()) : self
    }
}

extension Paths {
    /// The last component of a path, ignoring a trailing slash.
    static func lastComponent(of path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
