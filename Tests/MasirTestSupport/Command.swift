import Foundation
import Testing

/// The `masir` executable that `swift build` and `swift test` put beside the test bundle.
package enum MasirExecutable {
    package static let url: URL? = {
        var candidates: [URL] = []
        // The test runner's own folder and a few above it: where SwiftPM puts the products.
        if let first = CommandLine.arguments.first {
            var folder = URL(fileURLWithPath: first).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("masir"))
                folder = folder.deletingLastPathComponent()
            }
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("masir"))
        candidates.append(
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("masir"))
        #if DEBUG
        candidates.append(Repository.url(".build/debug/masir"))
        #else
        candidates.append(Repository.url(".build/release/masir"))
        #endif
        return candidates.first { candidate in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory)
                && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: candidate.path)
        }
    }()

    /// `url`, or a test failure saying how to get it.
    package static func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        try #require(
            url, "the masir executable was not found beside the tests; run `swift build` first",
            sourceLocation: sourceLocation)
    }

    /// Runs `masir` with `arguments` (see `Command.run`).
    package static func run(
        _ arguments: [String], input: String? = nil, in directory: URL = Repository.root,
        environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Command.Output {
        try Command.run(
            require(sourceLocation: sourceLocation), arguments, input: input, in: directory,
            environment: environment)
    }
}

/// Child processes for the tests that run commands as a user would.
package enum Command {
    package struct Output: Sendable {
        package var status: Int32
        /// Standard output.
        package var output: String
        /// Standard error.
        package var errors: String
    }

    /// Runs `executable` in `directory` with `environment` added to this process's, `input` (if
    /// any) on its standard input, and waits for it.
    package static func run(
        _ executable: URL, _ arguments: [String], input: String? = nil,
        in directory: URL = Repository.root,
        environment: [String: String] = [:]
    ) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let standardInput = Pipe(), standardOutput = Pipe(), standardError = Pipe()
        process.standardInput = standardInput
        process.standardOutput = standardOutput
        process.standardError = standardError
        try process.run()
        // Feed and drain on threads of their own: a child blocked on a full pipe while this thread
        // waits on another would never finish. Swift's task threads are left for other tests.
        let done = DispatchGroup()
        let writer = standardInput.fileHandleForWriting
        let inputData = input.map { Data($0.utf8) }
        onThread(done) {
            if let inputData { writer.write(inputData) }
            try? writer.close()
        }
        let errors = Collected(standardError.fileHandleForReading)
        onThread(done) { errors.collect() }
        let output = standardOutput.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            errors: String(decoding: errors.data, as: UTF8.self))
    }

    private static func onThread(_ group: DispatchGroup, _ work: @escaping @Sendable () -> Void) {
        group.enter()
        Thread.detachNewThread {
            work()
            group.leave()
        }
    }

    /// What a pipe held, read to its end on another thread; `data` is read only once that thread
    /// is done.
    private final class Collected: @unchecked Sendable {
        let handle: FileHandle
        var data = Data()
        init(_ handle: FileHandle) { self.handle = handle }
        func collect() { data = handle.readDataToEndOfFile() }
    }
}
