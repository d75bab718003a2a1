import Foundation

/// The checkout the tests run in, found from this file rather than the working directory, which
/// differs between `swift test`, an IDE and a test binary started by hand.
package enum Repository {
    /// The folder holding Package.swift.
    package static let root: URL = {
        let start = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        var folder = start
        while !FileManager.default.fileExists(
            atPath: folder.appendingPathComponent("Package.swift").path)
        {
            let parent = folder.deletingLastPathComponent()
            // This file is compiled from inside the checkout, so the walk ends before "/".
            precondition(parent.path != folder.path, "no Package.swift above \(start.path)")
            folder = parent
        }
        return folder.standardizedFileURL
    }()

    /// `root` as a path, without a trailing slash.
    package static var path: String { root.path }

    package static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    package static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// Relative paths of the files below `root` accepted by `include`, sorted, skipping build
    /// products, virtual environments and version control. Throws when the walk fails or finds
    /// nothing, so a test built on the list cannot pass over an empty one.
    package static func files(where include: (String) -> Bool) throws -> [String] {
        var failures: [String] = []
        let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isDirectoryKey]
        ) { url, error in
            failures.append("\(url.path): \(error)")
            return true
        }
        guard let enumerator else { throw CorpusError("cannot walk \(root.path)") }
        let prefix = root.path + "/"
        var result: [String] = []
        for case let url as URL in enumerator {
            let name = url.lastPathComponent
            if try url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory == true {
                if name.hasPrefix(".build")
                    || [".git", ".venv", ".swiftpm", "node_modules"].contains(name)
                {
                    enumerator.skipDescendants()
                }
                continue
            }
            let path = String(url.standardizedFileURL.path.dropFirst(prefix.count))
            if include(path) { result.append(path) }
        }
        guard failures.isEmpty else {
            throw CorpusError(
                "cannot read all of \(root.path):\n" + failures.joined(separator: "\n"))
        }
        guard !result.isEmpty else {
            throw CorpusError("no file below \(root.path) is of the kind asked for")
        }
        return result.sorted()
    }
}
