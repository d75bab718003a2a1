import Foundation

/// Decodes case documents (YAML or JSON, one case or a batch) against a rulebook's schema.
public struct CaseDecoder: Sendable {
    public var rulebook: Rulebook
    /// Unknown fields are errors rather than warnings.
    public var strict: Bool
    /// The top-level key that carries the case's own evaluation instant. When the schema
    /// declares a field of that name, its value is both the field and the instant.
    public var atField: String

    /// The key a case's own evaluation instant is read from unless the caller names another.
    public static let defaultAtField = "evaluated_at"

    public init(rulebook: Rulebook, strict: Bool = false, atField: String = defaultAtField) {
        self.rulebook = rulebook
        self.strict = strict
        self.atField = atField
    }

    /// Every case in a YAML or JSON text: one document, several `---` documents, or a sequence.
    /// Each element is a decoded case or the errors that stopped it.
    /// A syntax error ends the text: the cases before it are decoded, and the error is the last
    /// element.
    public func decodeDocuments(
        _ text: String, file: String? = nil, lineOffset: Int = 0
    ) -> [Swift.Result<Case, CaseErrors>] {
        let read = CaseReader.read(
            text, as: .yaml, file: file, firstLine: lineOffset == 0 ? nil : lineOffset + 1)
        return read.documents.map { decode($0, file: file) }
            + (read.failure.map { [.failure(CaseErrors(errors: [$0]))] } ?? [])
    }

    /// Decodes exactly one case; batches are an error here.
    public func decodeOne(_ text: String, file: String? = nil) -> Swift.Result<Case, CaseErrors> {
        let all = decodeDocuments(text, file: file)
        guard all.count == 1 else {
            return .failure(
                CaseErrors(errors: [
                    CaseError(
                        file: file, line: nil, path: "",
                        message: all.isEmpty
                            ? "the document is empty" : "expected one case, found \(all.count)",
                        kind: .notOneCase)
                ]))
        }
        return all[0]
    }

    func decode(_ document: InputValue, file: String?) -> Swift.Result<Case, CaseErrors> {
        var errors: [CaseError] = []
        guard case .mapping = document else {
            return .failure(
                CaseErrors(errors: [
                    CaseError(
                        file: file, line: document.line, path: "",
                        message: "a case is a mapping of field names to values", kind: .notACase)
                ]))
        }
        // Flatten nested mappings into dotted paths, stopping at schema fields so a field's
        // own value is never mistaken for a nested record.
        var flat: [(String, InputValue)] = []
        var id: String?
        var history: [StatusChange] = []
        var reclassifications: [CategoryChange] = []
        var historyNode: InputValue?
        var atNode: InputValue?
        func flatten(_ value: InputValue, prefix: String) {
            guard case .mapping(let entries, _) = value else { return }
            for (key, child) in entries {
                let path = prefix.isEmpty ? key : prefix + "." + key
                if prefix.isEmpty, key == "history", rulebook.fieldIndex["history"] == nil {
                    historyNode = child; continue
                }
                if prefix.isEmpty, key == atField, rulebook.fieldIndex[key] == nil {
                    // `null` is no instant, as it is no value for a field.
                    if case .null = child {} else { atNode = child }
                    continue
                }
                if case .mapping = child, rulebook.fieldIndex[path] == nil,
                    rulebook.fields.contains(where: { $0.path.hasPrefix(path + ".") })
                {
                    flatten(child, prefix: path)
                } else {
                    flat.append((path, child))
                }
            }
        }
        flatten(document, prefix: "")

        var values = [Value?](repeating: nil, count: rulebook.fields.count)
        var unknown: [String] = []
        for (path, input) in flat {
            if path == "id", rulebook.fieldIndex["id"] == nil {
                if case .scalar(let text, _, _) = input { id = text }
                continue
            }
            guard let slot = rulebook.fieldIndex[path] else {
                unknown.append(path)
                let suggestion = Suggestions.closest(to: path, in: rulebook.fields.map(\.path))
                errors.append(
                    CaseError(
                        file: file, line: input.line, path: path,
                        message: "unknown field"
                            + (suggestion.map { "; did you mean `\($0)`?" } ?? ""),
                        kind: .unknownField, isWarning: !strict))
                continue
            }
            if case .null = input { continue }
            do {
                values[slot] = try convert(input, to: rulebook.fields[slot].type, path: path)
            } catch let error as CaseError {
                var error = error
                error.file = file
                errors.append(error)
            } catch {}
        }
        if let historyNode {
            do {
                (history, reclassifications) = try decodeHistory(historyNode)
            } catch let error as CaseError {
                var error = error
                error.file = file
                errors.append(error)
            } catch {}
        }
        var evaluatedAt: Instant?
        if let atNode {
            do {
                if case .datetime(let instant) = try convert(atNode, to: .datetime, path: atField) {
                    evaluatedAt = instant
                }
            } catch let error as CaseError {
                var error = error
                error.file = file
                errors.append(error)
            } catch {}
        } else if let slot = rulebook.fieldIndex[atField],
            case .datetime(let instant)? = values[slot]
        {
            evaluatedAt = instant
        }
        // Fields are read in place: copying each one per case cost more than decoding it.
        for slot in rulebook.fields.indices where values[slot] == nil {
            if let value = rulebook.fields[slot].defaultValue {
                values[slot] = value
            } else if !rulebook.fields[slot].isOptional, rulebook.fields[slot].inferFrom == nil {
                errors.append(
                    CaseError(
                        file: file, line: document.line, path: rulebook.fields[slot].path,
                        message: "missing required field (\(rulebook.fields[slot].type))",
                        kind: .missingField))
            }
        }
        if let slot = rulebook.fieldIndex["id"], let value = values[slot] { id = value.plainText }
        if errors.contains(where: { !$0.isWarning }) { return .failure(CaseErrors(errors: errors)) }
        var decoded = Case(
            id: id, values: values, history: history.sorted { $0.at < $1.at },
            unknownFields: unknown)
        decoded.evaluatedAt = evaluatedAt
        decoded.reclassifications = reclassifications
        inferCategory(&decoded)
        return .success(decoded)
    }

    /// Fills a missing category from the keywords found in its source text: the most specific
    /// category wins, and among equally specific ones the first declared.
    func inferCategory(_ decoded: inout Case) {
        for slot in rulebook.fields.indices
        where decoded.values[slot] == nil && rulebook.fields[slot].type == .category {
            guard let source = rulebook.fields[slot].inferFrom,
                let textSlot = rulebook.fieldIndex[source], let text = decoded.normalized[textSlot]
            else { continue }
            let matches = rulebook.keywordMatcher.matches(in: text)
            var best: Int?
            var keywords: [Int: [String]] = [:]
            for phrase in matches {
                let owner = rulebook.keywordOwners[phrase]
                keywords[owner, default: []].append(
                    phrase < rulebook.keywordOwners.count ? keywordText(phrase) : "")
                if let current = best {
                    let a = rulebook.categories[owner], b = rulebook.categories[current]
                    if a.depth > b.depth || (a.depth == b.depth && owner < current) { best = owner }
                } else {
                    best = owner
                }
            }
            if let best {
                decoded.values[slot] = .symbol(rulebook.categories[best].id)
                decoded.inferredCategory = InferredCategory(
                    category: rulebook.categories[best].id, keywords: keywords[best] ?? [])
            }
        }
    }

    func keywordText(_ phrase: Int) -> String {
        var index = 0
        for category in rulebook.categories {
            if phrase < index + category.keywords.count { return category.keywords[phrase - index] }
            index += category.keywords.count
        }
        return ""
    }

    /// The status changes and the changes of category (`{category, at}`) a history lists.
    func decodeHistory(_ node: InputValue) throws -> ([StatusChange], [CategoryChange]) {
        guard case .sequence(let items, _) = node else {
            throw CaseError(
                line: node.line, path: "history",
                message: "expected a list of {status, at} entries", kind: .invalidValue)
        }
        let statusType = rulebook.statusField?.type ?? .text
        let categoryType = rulebook.field("category")?.type ?? .text
        var result: [StatusChange] = []
        var categories: [CategoryChange] = []
        for (index, item) in items.enumerated() {
            if case .mapping(let entries, _) = item,
                !entries.contains(where: { $0.0 == "status" }),
                let category = entries.first(where: { $0.0 == "category" })?.1,
                let at = entries.first(where: { $0.0 == "at" })?.1
            {
                guard
                    case .symbol(let id) = try convert(
                        category, to: categoryType, path: "history[\(index)].category"
                    ).asSymbol,
                    case .datetime(let instant) = try convert(
                        at, to: .datetime, path: "history[\(index)].at")
                else { continue }
                categories.append(CategoryChange(category: id, at: instant))
                continue
            }
            guard case .mapping(let entries, _) = item,
                let status = entries.first(where: { $0.0 == "status" })?.1,
                let at = entries.first(where: { $0.0 == "at" })?.1
            else {
                throw CaseError(
                    line: item.line, path: "history[\(index)]",
                    message: "expected `status` and `at`", kind: .invalidValue)
            }
            guard
                case .symbol(let id) = try convert(
                    status, to: statusType == .text ? .text : statusType,
                    path: "history[\(index)].status"
                ).asSymbol,
                case .datetime(let instant) = try convert(
                    at, to: .datetime, path: "history[\(index)].at")
            else { continue }
            result.append(StatusChange(status: id, at: instant))
        }
        return (result, categories.sorted { $0.at < $1.at })
    }

    // MARK: - Scalars

    func convert(_ input: InputValue, to type: ValueType, path: String) throws -> Value {
        if case .set(let element) = type {
            guard case .sequence(let items, _) = input else {
                throw CaseError(
                    line: input.line, path: path,
                    message: "expected a list of \(element) values, found \(Self.describe(input))",
                    kind: .invalidValue)
            }
            if items.count > InputLimits.maximumSetSize {
                throw CaseError(
                    line: input.line, path: path,
                    message: "more than \(InputLimits.maximumSetSize) items", kind: .tooLarge)
            }
            return .set(
                try items.enumerated().map {
                    try convert($0.element, to: element, path: "\(path)[\($0.offset)]")
                })
        }
        guard case .scalar(let raw, let quoted, let line) = input else {
            throw CaseError(
                line: input.line, path: path,
                message: "expected \(Self.expectation(type)), found \(Self.describe(input))",
                kind: .invalidValue)
        }
        let text = raw.trimmedOfSpaces
        func fail() -> CaseError {
            CaseError(
                line: line, path: path,
                message: "expected \(Self.expectation(type)), found \(quoted ? "\"\(raw)\"" : raw)",
                kind: .invalidValue)
        }
        func outOfYears() -> CaseError {
            let years = LiteralLimits.jalaliYears
            return CaseError(
                line: line, path: path,
                message:
                    "\(quoted ? "\"\(raw)\"" : raw) is outside the years a case may name: "
                    + "\(years.lowerBound)/01/01 to the end of \(years.upperBound) "
                    + "(1921-03-21 to 2221-03-20); check the year's digits",
                kind: .invalidValue)
        }
        switch type {
        case .text:
            // Counting characters walks the text; only texts long in bytes can be long in characters.
            if raw.utf8.count > InputLimits.maximumTextLength,
                raw.count > InputLimits.maximumTextLength
            {
                throw CaseError(
                    line: line, path: path,
                    message: "text longer than \(InputLimits.maximumTextLength) characters",
                    kind: .tooLarge)
            }
            return .text(raw)
        case .int:
            guard let value = Int64(text) ?? Self.parseNumber(text) else { throw fail() }
            return .int(value)
        case .money:
            if let value = Int64(text) { return .money(value) }
            var digits = text
            for suffix in [" rials", " rial", "rials", "rial", " ریال", "ریال", " IRR", "IRR"]
            where digits.hasSuffix(suffix) {
                digits = String(digits.dropLast(suffix.count))
                break
            }
            guard let value = Self.parseNumber(digits.trimmingCharacters(in: .whitespaces)) else {
                throw fail()
            }
            return .money(value)
        case .bool:
            switch text.lowercased() {
            case "yes", "true": return .bool(true)
            case "no", "false": return .bool(false)
            default: throw fail()
            }
        case .date:
            let digits = PersianText.asciiDigits(text)
            guard let date = CivilDate(parsingCaseDate: digits) else {
                throw CivilDate(parsing: digits) == nil ? fail() : outOfYears()
            }
            return .date(date.daysSinceEpoch)
        case .datetime:
            let digits = PersianText.asciiDigits(text)
            guard let instant = Instant(parsingCaseTime: digits) else {
                let anyYear = Instant(iso8601: digits) ?? Instant(localText: digits)
                throw anyYear == nil ? fail() : outOfYears()
            }
            return .datetime(instant)
        case .duration:
            throw fail()
        case .priority:
            guard let priority = Priority(word: text) else { throw fail() }
            return .symbol(priority.name)
        case .category, .agency, .county, .enumeration:
            if let id = resolveSymbol(text, type: type) { return .symbol(id) }
            let candidates = symbolCandidates(type)
            let suggestion = Suggestions.closest(to: text, in: candidates)
            throw CaseError(
                line: line, path: path,
                message: "unknown \(type) `\(text)`"
                    + (suggestion.map { "; did you mean `\($0)`?" } ?? ""), kind: .invalidValue)
        case .set, .emptySet:
            throw fail()
        }
    }

    /// An id, or a Persian label typed however the operator typed it.
    func resolveSymbol(_ text: String, type: ValueType) -> String? {
        let kind: String
        switch type {
        case .category:
            if rulebook.categoryIndex[text] != nil { return text }
            kind = "category"
        case .agency:
            if rulebook.agencyIndex[text] != nil { return text }
            kind = "agency"
        case .county:
            if rulebook.countyIndex[text] != nil { return text }
            if let id = rulebook.labelIndex["county"]?[text.lowercased()] { return id }
            kind = "county"
        case .enumeration(let name):
            guard let enumeration = rulebook.enumeration(name) else { return nil }
            if enumeration.values.contains(text) { return text }
            kind = "enum:" + name
        default:
            return nil
        }
        return rulebook.labelIndex[kind]?[PersianText.normalize(text)]
    }

    func symbolCandidates(_ type: ValueType) -> [String] {
        switch type {
        case .category: rulebook.categories.map(\.id)
        case .agency: rulebook.agencies.map(\.id)
        case .county: rulebook.counties.map(\.id)
        case .enumeration(let name): rulebook.enumeration(name)?.values ?? []
        default: []
        }
    }

    /// Digits in any script, optionally grouped in thousands by `,`, `_`, the Arabic thousands
    /// separator `٬` or the Persian comma `،`: a first group of one to three digits, then groups
    /// of exactly three (`1,500,000`), so a slip such as `1,,5` or `1,5,0` is refused rather than
    /// read as another amount.
    static func parseNumber(_ text: String) -> Int64? {
        var digits = Substring(PersianText.asciiDigits(text))
        var sign = ""
        if let first = digits.first, first == "-" || first == "+" {
            sign = String(first)
            digits = digits.dropFirst()
        }
        let groups = digits.split(
            omittingEmptySubsequences: false,
            whereSeparator: { $0 == "," || $0 == "_" || $0 == "\u{066C}" || $0 == "\u{060C}" })
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count),
                groups.dropFirst().allSatisfy({ $0.count == 3 })
            else { return nil }
        }
        guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        return Int64(sign + groups.joined())
    }

    static func expectation(_ type: ValueType) -> String {
        switch type {
        case .bool: "yes/no"
        case .int: "a whole number"
        case .money: "an amount in rials"
        case .date: "a date such as 1403/07/01 or 2024-09-22"
        case .datetime: "a date and time such as 2024-10-23T09:30:00+03:30 or 1403/08/02 09:30"
        case .text: "a text"
        default: "a \(type) id"
        }
    }

    static func describe(_ input: InputValue) -> String {
        switch input {
        case .scalar(let text, let quoted, _): quoted ? "\"\(text)\"" : text
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .null: "nothing"
        }
    }
}

extension Value {
    /// Enum values decoded as text (when no `status` enum exists) still name a status.
    var asSymbol: Value {
        if case .text(let text) = self { return .symbol(text) }
        return self
    }

    var plainText: String {
        switch self {
        case .text(let text), .symbol(let text): text
        default: description
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs; cheaper than Foundation's trimming for the
    /// short scalars of a case.
    var trimmedOfSpaces: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last,
            first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        else { return self }
        return String(
            self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }
                .reversed())
    }
}
