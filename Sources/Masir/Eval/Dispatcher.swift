import Foundation
import Yams

/// Chooses the provincial rulebook for a case, as the 111 line does: by the case's province,
/// else by the caller's telephone area code. An unknown province is an error, never a silent
/// fallback to the national rulebook.
public struct Dispatcher: Sendable {
    /// Provincial rulebooks by id.
    public var rulebooks: [String: Rulebook]
    var byName: [String: String] = [:]
    var byAreaCode: [String: String] = [:]

    public init(rulebooks: [Rulebook]) {
        self.rulebooks = [:]
        for book in rulebooks where book.province != nil || book.areaCode != nil {
            self.rulebooks[book.id] = book
            byName[book.id.lowercased()] = book.id
            if let name = book.province { byName[PersianText.normalize(name)] = book.id }
            if let english = book.english { byName[english.lowercased()] = book.id }
            if let code = book.areaCode { byAreaCode[Dispatcher.areaKey(code)] = book.id }
        }
    }

    /// Loads every rulebook below `root` that declares a province.
    public static func load(
        root: String, loader: Loader = Loader.files.caching()
    ) -> (Dispatcher, Loader.Result) {
        var combined = Loader.Result(rulebook: nil, diagnostics: [], sources: [:], files: [])
        var books: [Rulebook] = []
        let folders = (try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []
        for path in folders.sorted() where path.hasSuffix("rulebook.masir") {
            let result = loader.load(Paths.join(root, path))
            combined.diagnostics += result.diagnostics.filter { new in
                !combined.diagnostics.contains(new)
            }
            combined.sources.merge(result.sources) { a, _ in a }
            if let book = result.rulebook { books.append(book) }
        }
        return (Dispatcher(rulebooks: books), combined)
    }

    static func areaKey(_ code: String) -> String {
        let digits = PersianText.asciiDigits(code).filter(\.isNumber)
        return String(digits.drop { $0 == "0" })
    }

    /// The rulebook for a case document, or an error naming what was wrong.
    func choose(_ document: InputValue, file: String?) throws(CaseErrors) -> Rulebook {
        guard case .mapping(let entries, _) = document else {
            throw CaseErrors(errors: [
                CaseError(
                    file: file, line: document.line, path: "",
                    message: "a case is a mapping of field names to values", kind: .notACase)
            ])
        }
        func scalar(_ path: [String]) -> (String, Int?)? {
            var current: [(String, InputValue)] = entries
            for (index, key) in path.enumerated() {
                guard let value = current.first(where: { $0.0 == key })?.1 else {
                    if index == 0,
                        let flat = entries.first(where: { $0.0 == path.joined(separator: ".") })?.1,
                        case .scalar(let text, _, let line) = flat
                    {
                        return (text, line)
                    }
                    return nil
                }
                if index == path.count - 1 {
                    if case .scalar(let text, _, let line) = value { return (text, line) }
                    return nil
                }
                guard case .mapping(let inner, _) = value else { return nil }
                current = inner
            }
            return nil
        }
        if let (province, line) = scalar(["province"]) {
            let key = province.trimmingCharacters(in: .whitespaces)
            if let id = byName[key.lowercased()] ?? byName[PersianText.normalize(key)],
                let book = rulebooks[id]
            {
                return book
            }
            let suggestion = Suggestions.closest(to: key, in: rulebooks.keys.sorted())
            throw CaseErrors(errors: [
                CaseError(
                    file: file, line: line, path: "province",
                    message: "unknown province `\(province)`"
                        + (suggestion.map { "; did you mean `\($0)`?" } ?? ""), kind: .noRulebook)
            ])
        }
        for path in [["caller", "area_code"], ["area_code"], ["caller", "phone"], ["phone"]] {
            guard let (code, line) = scalar(path) else { continue }
            let digits = Dispatcher.areaKey(code)
            // A full number starts with the area code; try the longest prefixes first.
            for length in stride(from: min(3, digits.count), through: 2, by: -1) {
                if let id = byAreaCode[String(digits.prefix(length))], let book = rulebooks[id] {
                    return book
                }
            }
            throw CaseErrors(errors: [
                CaseError(
                    file: file, line: line, path: path.joined(separator: "."),
                    message: "no province has the area code `\(code)`", kind: .noRulebook)
            ])
        }
        throw CaseErrors(errors: [
            CaseError(
                file: file, line: document.line, path: "province",
                message:
                    "the case names neither a province nor the caller's area code, so no provincial rulebook can be chosen",
                kind: .noRulebook)
        ])
    }

    /// Decodes every case in a document text, each against the rulebook chosen for it. A syntax
    /// error ends the text: the cases before it are decoded, and the error is the last element.
    public func decodeDocuments(
        _ text: String, file: String? = nil, strict: Bool = false
    ) -> [Swift.Result<(Rulebook, Case), CaseErrors>] {
        let read = CaseReader.read(text, as: .yaml, file: file)
        return read.documents.map { document in
            do throws(CaseErrors) {
                let book = try choose(document, file: file)
                return CaseDecoder(rulebook: book, strict: strict).decode(document, file: file).map
                { (book, $0) }
            } catch {
                return .failure(error)
            }
        } + (read.failure.map { [.failure(CaseErrors(errors: [$0]))] } ?? [])
    }
}
