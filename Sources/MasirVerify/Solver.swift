import Foundation

/// An SMT solver run as a separate process that reads SMT-LIB 2 on standard input: `z3 -in -smt2`
/// (or `cvc5 --lang smt2`). Each query is one script and one process, so a query that goes wrong
/// cannot poison the next.
package struct Solver: Sendable {
    package var executable: String
    package var arguments: [String]

    /// What a query found.
    package enum Answer: Sendable, Equatable {
        /// The assertions can all hold: the values asked for, by name.
        case satisfiable([String: SExpr])
        /// No assignment satisfies the assertions: whatever was denied is proved.
        case unsatisfiable
        case unknown(String)
    }

    package struct Failure: Error, CustomStringConvertible, Sendable {
        package var description: String
    }

    /// The first solver found on `PATH` (z3, then cvc5), or nil when none is installed.
    package static func installed(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Solver? {
        named("z3", environment: environment) ?? named("cvc5", environment: environment)
    }

    /// The solver `name` (`z3` or `cvc5`) found on `PATH`, run as Masir runs it, or nil.
    package static func named(
        _ name: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Solver? {
        let arguments: [String]
        switch name {
        case "z3": arguments = ["-in", "-smt2"]
        case "cvc5": arguments = ["--lang", "smt2", "--produce-models", "--incremental"]
        default: return nil
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for folder in folders
        where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return Solver(executable: "\(folder)/\(name)", arguments: arguments)
        }
        return nil
    }

    /// What to tell someone who has no solver.
    package static let missing =
        "no SMT solver is installed: `masir verify` needs z3 (apt-get install z3) or cvc5 on PATH"

    /// Runs `script`, then `(check-sat)` and, when satisfiable, `(get-value names)`.
    /// `minimize`, an Int term, asks z3 for the smallest model by that measure (other solvers
    /// ignore it).
    package func check(
        _ script: String, values names: [String], minimize: String? = nil
    ) throws
        -> Answer
    {
        var text = script
        if let minimize, executable.hasSuffix("z3") { text += "(minimize \(minimize))\n" }
        text += "(check-sat)\n"
        if !names.isEmpty { text += "(get-value (" + names.joined(separator: " ") + "))\n" }
        let output = try run(text + "(exit)\n")
        // The verdict is the first line that is not an error; anything the solver refused before
        // it is a fault in the model, not an answer.
        var rest = Substring(output)
        while let newline = rest.firstIndex(of: "\n") {
            let line = rest[..<newline].trimmingCharacters(in: .whitespaces)
            rest = rest[rest.index(after: newline)...]
            switch line {
            case "unsat": return .unsatisfiable
            case "unknown": return .unknown(String(rest.prefix(400)))
            case "sat":
                guard !names.isEmpty else { return .satisfiable([:]) }
                guard case .list(let pairs)? = SExpr.parse(rest) else {
                    throw Failure(
                        description: "the solver's values do not read: \(rest.prefix(400))")
                }
                return .satisfiable(Self.values(pairs))
            default:
                if line.isEmpty || line.hasPrefix("success") { continue }
                throw Failure(description: "the solver refused the model: \(line.prefix(600))")
            }
        }
        throw Failure(description: "the solver gave no answer: \(output.prefix(600))")
    }

    /// One question of a batch: what is assumed for it alone, the values wanted when it is
    /// satisfiable, and an Int term to make as small as the solver can (z3 only).
    package struct Query: Sendable {
        package var assertions: [String]
        package var values: [String]
        package var minimize: String?

        package init(_ assertions: [String], values: [String] = [], minimize: String? = nil) {
            self.assertions = assertions
            self.values = values
            self.minimize = minimize
        }
    }

    /// Answers every query over `script` in one process, each in a scope of its own: a routing
    /// group asks a question per rule, and reading a rulebook's script once instead of once per
    /// question is most of the time saved. `timeout` (milliseconds) bounds each question; one
    /// that runs out answers `unknown` with the solver's reason.
    package func checkEach(
        _ script: String, _ queries: [Query], timeout: Int? = nil
    ) throws -> [Answer] {
        var text = script
        let z3 = executable.hasSuffix("z3")
        for query in queries {
            text += "(push 1)\n"
            for assertion in query.assertions { text += "(assert \(assertion))\n" }
            if let minimize = query.minimize, z3 { text += "(minimize \(minimize))\n" }
            text += "(check-sat)\n(get-info :reason-unknown)\n"
            if !query.values.isEmpty {
                text += "(get-value (" + query.values.joined(separator: " ") + "))\n"
            }
            text += "(pop 1)\n"
        }
        var extra: [String] = []
        if let timeout { extra = [z3 ? "-t:\(timeout)" : "--tlimit-per=\(timeout)"] }
        let output = try run(text + "(exit)\n", extra: extra)
        var items = SExpr.parseAll(Substring(output))[...]
        func refused(_ item: SExpr) -> Failure? {
            guard case .list(let parts) = item, parts.first == .atom("error") else { return nil }
            return Failure(description: "the solver refused the model: \(item.text.prefix(600))")
        }
        var answers: [Answer] = []
        for query in queries {
            // Anything but a verdict where one is due is a fault in the model, not an answer.
            while items.first == .atom("success") { items.removeFirst() }
            guard let verdict = items.popFirst() else {
                // The process ended early (killed, or out of memory): what is left is undecided.
                answers.append(.unknown("the solver stopped before answering"))
                continue
            }
            if let failure = refused(verdict) { throw failure }
            // The answer to `get-info :reason-unknown`: the reason (z3 always gives one), or
            // an error saying there is none after `sat` or `unsat` (cvc5).
            var reason = ""
            if case .list(let parts)? = items.first,
                parts.first == .atom(":reason-unknown") || parts.first == .atom("error")
            {
                if parts.first == .atom(":reason-unknown") {
                    reason = parts.dropFirst().first?.text ?? ""
                }
                items.removeFirst()
            }
            var values: [String: SExpr] = [:]
            if !query.values.isEmpty, let given = items.popFirst() {
                if case .list(let pairs) = given, refused(given) == nil {
                    values = Self.values(pairs)
                }
            }
            switch verdict {
            case .atom("sat"): answers.append(.satisfiable(values))
            case .atom("unsat"): answers.append(.unsatisfiable)
            case .atom("unknown"):
                answers.append(
                    .unknown(reason.trimmingCharacters(in: CharacterSet(charactersIn: "\""))))
            default:
                throw Failure(
                    description: "the solver gave no verdict: \(verdict.text.prefix(600))")
            }
        }
        return answers
    }

    /// The values of a `get-value` answer by name. A name is kept both with and without the
    /// bars that quote it: z3 writes `|f.id?|` as the script did, cvc5 writes `f.id?`.
    static func values(_ pairs: [SExpr]) -> [String: SExpr] {
        var values: [String: SExpr] = [:]
        for pair in pairs {
            guard case .list(let parts) = pair, parts.count == 2, case .atom(let name) = parts[0]
            else { continue }
            let bare =
                name.count >= 2 && name.hasPrefix("|") && name.hasSuffix("|")
                ? String(name.dropFirst().dropLast()) : name
            values[bare] = parts[1]
            values["|\(bare)|"] = parts[1]
        }
        return values
    }

    func run(_ script: String, extra: [String] = []) throws -> String {
        // For whoever investigates an answer: the last query, as the solver read it.
        if let path = ProcessInfo.processInfo.environment["MASIR_SMT_DUMP"] {
            try? script.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + extra
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        do { try process.run() } catch {
            throw Failure(description: "cannot run \(executable): \(error.localizedDescription)")
        }
        // Written from another thread: a large script fills the pipe before the solver answers.
        let data = Data(script.utf8)
        let writer = input.fileHandleForWriting
        let thread = Thread {
            // A solver that stops reading (on an error in the script, say) closes the pipe: the
            // write must then fail on this thread, not raise SIGPIPE and end the whole process.
            var pipeSignal = sigset_t()
            sigemptyset(&pipeSignal)
            sigaddset(&pipeSignal, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
            try? writer.write(contentsOf: data)
            try? writer.close()
        }
        thread.start()
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: answer, as: UTF8.self)
    }
}

/// An s-expression of the solver's answers.
package indirect enum SExpr: Sendable, Equatable {
    case atom(String)
    case list([SExpr])

    /// Reads the first s-expression of `text`.
    static func parse(_ text: Substring) -> SExpr? {
        var index = text.startIndex
        return read(text, &index)
    }

    /// Every s-expression of `text`, in order.
    static func parseAll(_ text: Substring) -> [SExpr] {
        var items: [SExpr] = []
        var index = text.startIndex
        while let item = read(text, &index) { items.append(item) }
        return items
    }

    /// As the solver wrote it.
    var text: String {
        switch self {
        case .atom(let atom): atom
        case .list(let items): "(" + items.map(\.text).joined(separator: " ") + ")"
        }
    }

    private static func read(_ text: Substring, _ i: inout Substring.Index) -> SExpr? {
        while i < text.endIndex, text[i].isWhitespace { i = text.index(after: i) }
        guard i < text.endIndex else { return nil }
        if text[i] == "(" {
            i = text.index(after: i)
            var items: [SExpr] = []
            while true {
                while i < text.endIndex, text[i].isWhitespace { i = text.index(after: i) }
                guard i < text.endIndex else { return nil }
                if text[i] == ")" {
                    i = text.index(after: i)
                    return .list(items)
                }
                guard let item = read(text, &i) else { return nil }
                items.append(item)
            }
        }
        let start = i
        // A string literal may hold parentheses (the reasons solvers give); `""` is a quote.
        if text[i] == "\"" {
            i = text.index(after: i)
            while i < text.endIndex {
                if text[i] == "\"" {
                    let next = text.index(after: i)
                    if next < text.endIndex, text[next] == "\"" {
                        i = text.index(after: next)
                        continue
                    }
                    i = next
                    break
                }
                i = text.index(after: i)
            }
            return .atom(String(text[start..<i]))
        }
        if text[i] == "|" {
            i = text.index(after: i)
            while i < text.endIndex, text[i] != "|" { i = text.index(after: i) }
            if i < text.endIndex { i = text.index(after: i) }
            return .atom(String(text[start..<i]))
        }
        while i < text.endIndex, !text[i].isWhitespace, text[i] != "(", text[i] != ")" {
            i = text.index(after: i)
        }
        return .atom(String(text[start..<i]))
    }

    /// A whole number: `5` or `(- 5)`.
    var integer: Int64? {
        switch self {
        case .atom(let text): return Int64(text)
        case .list(let items):
            if items.count == 2, items[0] == .atom("-"), let value = items[1].integer {
                return 0 &- value
            }
            return nil
        }
    }

    var boolean: Bool? {
        switch self {
        case .atom("true"): true
        case .atom("false"): false
        default: nil
        }
    }
}
