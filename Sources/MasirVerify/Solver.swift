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
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(
            String.init)
        let candidates: [(String, [String])] = [
            ("z3", ["-in", "-smt2"]),
            ("cvc5", ["--lang", "smt2", "--produce-models", "--incremental"]),
        ]
        for (name, arguments) in candidates {
            for folder in folders {
                let path = folder + "/" + name
                if FileManager.default.isExecutableFile(atPath: path) {
                    return Solver(executable: path, arguments: arguments)
                }
            }
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
                var values: [String: SExpr] = [:]
                for pair in pairs {
                    if case .list(let parts) = pair, parts.count == 2,
                        case .atom(let name) = parts[0]
                    {
                        values[name] = parts[1]
                    }
                }
                return .satisfiable(values)
            default:
                if line.isEmpty || line.hasPrefix("success") { continue }
                throw Failure(description: "the solver refused the model: \(line.prefix(600))")
            }
        }
        throw Failure(description: "the solver gave no answer: \(output.prefix(600))")
    }

    func run(_ script: String) throws -> String {
        // For whoever investigates an answer: the last query, as the solver read it.
        if let path = ProcessInfo.processInfo.environment["MASIR_SMT_DUMP"] {
            try? script.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
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
