import Foundation

/// Scratch files and folders in the system's temporary directory, named uniquely so tests running
/// at the same time never share one. The caller removes what it made.
package enum Temporary {
    /// A new folder holding `files` (relative path → text), intermediate folders included.
    package static func folder(_ prefix: String, files: [String: String] = [:]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write(files, under: folder)
        return folder
    }

    /// Writes `files` (relative path → text) below `folder`, creating folders as needed.
    package static func write(_ files: [String: String], under folder: URL) throws {
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// A path for a file that does not exist yet, ending in `.extension`.
    package static func file(_ prefix: String, extension: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(prefix)-\(UUID().uuidString).\(`extension`)")
    }
}
