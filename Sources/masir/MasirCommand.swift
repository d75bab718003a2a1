import ArgumentParser
import Foundation
import Masir

@main
struct MasirCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "masir",
        abstract: "Masir: rulebooks that decide where a citizen's case goes and when it escalates.",
        subcommands: [
            Check.self, Format.self, Route.self, Test.self, Bench.self, REPL.self, Diff.self,
            Serve.self, Playground.self, LSP.self, Verify.self,
        ]
    )

    /// ArgumentParser exits 64 on usage errors; Masir promises 2 for usage and I/O errors.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                printError(fullMessage(for: error) + "\n")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Exit codes shared by every subcommand: 0 clean, 1 findings, 2 usage or I/O error.
enum Exit {
    static let findings = ExitCode(1)
    static let usage = ExitCode(2)
}

func readFile(_ path: String) throws -> String {
    do {
        return try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        FileHandle.standardError.write(
            Data("masir: cannot read `\(path)`: \(error.localizedDescription)\n".utf8))
        throw Exit.usage
    }
}

/// Expands directories into the `.masir` files below them, sorted for stable output.
func masirFiles(_ paths: [String]) throws -> [String] {
    var result: [String] = []
    let manager = FileManager.default
    for path in paths {
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            FileHandle.standardError.write(Data("masir: no such file or folder `\(path)`\n".utf8))
            throw Exit.usage
        }
        if isDirectory.boolValue {
            let enumerator = manager.enumerator(atPath: path)
            var found: [String] = []
            while let item = enumerator?.nextObject() as? String {
                if item.hasSuffix(".masir") {
                    found.append(path.hasSuffix("/") ? path + item : path + "/" + item)
                }
            }
            result += found.sorted()
        } else {
            result.append(path)
        }
    }
    return result
}

var standardErrorIsTerminal: Bool { isatty(2) == 1 }
var standardOutputIsTerminal: Bool { isatty(1) == 1 }

/// Bytes straight to standard output, after anything `print` has buffered; for batch output.
func writeStandardOutput(_ bytes: [UInt8]) {
    fflush(nil)
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
