import Foundation
import Yams

/// A rulebook test file (`tests.yaml` or `*.tests.yaml` next to a rulebook): named cases, an
/// evaluation instant, and partial expectations — only what a test names is checked.
public struct RulebookTestFile: Sendable {
    public var path: String
    /// The rulebook folder or file the tests run against.
    public var rulebook: String
    public var tests: [RulebookTest]
    /// Problems reading the file itself.
    public var errors: [String]
}

public struct RulebookTest: Sendable {
    public var name: String
    public var line: Int?
    /// The case document, already parsed.
    var document: InputValue?
    var caseError: String?
    public var at: String?
    /// Expectation key → expected value(s), as written.
    public var expect: [(key: String, value: Expectation)]
}

/// An expected value: a scalar, or a list of them, or a nested mapping (for `escalation`).
public indirect enum Expectation: Sendable, CustomStringConvertible {
    case scalar(String)
    case list([String])
    case mapping([(key: String, value: Expectation)])

    public var description: String {
        switch self {
        case .scalar(let text): text
        case .list(let items): "[" + items.joined(separator: ", ") + "]"
        case .mapping(let entries):
            "{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    init(_ node: Node) {
        switch node {
        case .scalar(let scalar): self = .scalar(scalar.string)
        case .sequence(let items): self = .list(items.map { $0.string ?? "" })
        case .mapping(let mapping):
            self = .mapping(mapping.map { ($0.key.string ?? "", Expectation($0.value)) })
        case .alias: self = .scalar("")
        }
    }
}

extension RulebookTestFile {
    /// Every test file below `paths` (files named `tests.yaml` or ending in `.tests.yaml`).
    public static func discover(_ paths: [String]) -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                continue
            }
            if !isDirectory.boolValue {
                result.append(path)
                continue
            }
            let items = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
            for item in items.sorted() where isTestFile(item) {
                result.append(Paths.join(path, item))
            }
        }
        return result
    }

    static func isTestFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name == "tests.yaml" || name.hasSuffix(".tests.yaml")
    }

    /// Reads a test file; problems are collected, never thrown.
    public static func read(
        _ path: String, text: String, readCase: (String) throws -> String
    ) -> RulebookTestFile {
        let folder = Paths.directory(of: path)
        var file = RulebookTestFile(path: path, rulebook: folder, tests: [], errors: [])
        let root: Node
        do {
            guard let node = try CaseReader.yamlDocuments(text).first else {
                file.errors.append("\(path): the file is empty")
                return file
            }
            root = node
        } catch let error as CaseError {
            var error = error
            error.file = path
            file.errors.append(error.coded)
            return file
        } catch {
            file.errors.append("\(path): not valid YAML")
            return file
        }
        guard case .mapping(let top) = root else {
            file.errors.append("\(path): expected a mapping with `tests:`")
            return file
        }
        if let rulebook = top["rulebook"]?.string { file.rulebook = Paths.join(folder, rulebook) }
        let defaultAt = top["at"]?.string
        guard case .sequence(let items)? = top["tests"] else {
            file.errors.append("\(path): expected a list under `tests:`")
            return file
        }
        for (index, item) in items.enumerated() {
            guard case .mapping(let entries) = item else {
                file.errors.append(
                    "\(path):\(item.mark?.line ?? 0): test \(index + 1) is not a mapping")
                continue
            }
            var test = RulebookTest(
                name: entries["name"]?.string ?? "test \(index + 1)", line: item.mark?.line,
                at: entries["at"]?.string ?? defaultAt, expect: [])
            switch entries["case"] {
            case .scalar(let scalar)?:
                let casePath = Paths.join(folder, scalar.string)
                do {
                    let read = CaseReader.read(try readCase(casePath), as: .yaml, file: casePath)
                    if let failure = read.failure {
                        test.caseError = failure.coded
                    } else if let document = read.documents.first {
                        test.document = document
                    } else {
                        test.caseError = "\(casePath) is empty"
                    }
                } catch CaseFile.Failure.refused(let error) {
                    test.caseError = error.coded
                } catch {
                    test.caseError = "cannot read the case `\(casePath)`"
                }
            case .some(let node):
                test.document = InputValue(node)
            case nil:
                test.caseError = "the test has no `case:`"
            }
            if case .mapping(let expectations)? = entries["expect"] {
                test.expect = expectations.map { ($0.key.string ?? "", Expectation($0.value)) }
            } else {
                test.caseError = test.caseError ?? "the test has no `expect:` mapping"
            }
            file.tests.append(test)
        }
        return file
    }
}
