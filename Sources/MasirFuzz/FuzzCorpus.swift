import Foundation

/// The committed inputs of each target: `Fuzz/corpus/TARGET` (what the fuzzer found worth
/// keeping) and `Fuzz/crashes/TARGET` (every input that once broke it).
package enum FuzzCorpus {
    /// The file itself, or every regular file below a folder, sorted.
    package static func files(_ path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return []
        }
        guard isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }.filter {
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &folder)
                && !folder.boolValue && !$0.hasSuffix("/README.md")
        }
    }
}
