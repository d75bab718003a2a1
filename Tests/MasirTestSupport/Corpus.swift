import Foundation

/// A folder of inputs that tests are built from. Listing one never fails quietly: an unreadable
/// folder or one with nothing of the kind asked for throws, because a test over an empty list
/// (in particular a parameterised one, which Swift Testing then skips) would pass vacuously.
package enum Corpus {
    /// The names in `folder` (relative to it, and below it when `recursive`) ending in `suffix`,
    /// sorted.
    package static func names(
        in folder: URL, suffix: String, recursive: Bool = false
    ) throws -> [String] {
        let manager = FileManager.default
        let entries =
            recursive
            ? try manager.subpathsOfDirectory(atPath: folder.path)
            : try manager.contentsOfDirectory(atPath: folder.path)
        let names = entries.filter { $0.hasSuffix(suffix) }.sorted()
        guard !names.isEmpty else { throw CorpusError("\(folder.path) holds no `\(suffix)` file") }
        return names
    }

    /// The paths of the files `names(in:suffix:recursive:)` finds, as `folder.path/name`.
    package static func paths(
        in folder: URL, suffix: String, recursive: Bool = false
    ) throws -> [String] {
        try names(in: folder, suffix: suffix, recursive: recursive).map { folder.path + "/" + $0 }
    }
}

/// A corpus that is missing, unreadable or empty.
package struct CorpusError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
