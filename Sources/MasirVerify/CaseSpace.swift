import Masir

/// Every case a schema allows, as solver variables: one presence flag per field that may be
/// absent, one value per field, one membership flag per element of a set, one flag per phrase a
/// text may mention, and the day the case is decided on. Shared by the rulebooks compared, so
/// "the same case" means the same variables.
struct CaseSpace {
    /// Ids of declared things by kind (`agency`, `category`, `county`, `enum:<id>`), the union
    /// of every rulebook's: a constant may name an id another rulebook lacks.
    var symbols: [String: [String]] = [:]
    private var symbolIndex: [String: [String: Int]] = [:]
    /// Ids a case may hold: those every rulebook declares, so the case decodes under each.
    var domains: [String: Set<String>] = [:]

    struct FieldVariables {
        var field: Field
        /// A Bool that is true when the case gives the field (or it takes its default).
        var present: String
        /// The value: Int for numbers, dates, times and ids, Bool for yes/no, nil for text and sets.
        var value: String?
        /// A Bool per element id of a `set of` field.
        var members: [Int64: String] = [:]
    }
    var fields: [String: FieldVariables] = [:]
    var fieldOrder: [String] = []
    /// Per text field, one Bool per phrase (by its space-free normal form).
    var phrases: [String: [String: String]] = [:]
    /// Terms the model does not follow exactly, by the expression they stand for.
    var opaque: [String: String] = [:]
    var approximations: [String] = []
    /// The day the case is decided on (days since 1970-01-01, Tehran).
    let today = "today"
    var script = Script()

    /// Bounds that keep every value one the case reader accepts.
    static let days: ClosedRange<Int64> = 16_071...27_028  // 1392/01/01 ... 1422/01/01
    static let number: ClosedRange<Int64> = -(1 << 53)...(1 << 53)

    init(schema: [Field], rulebooks: [Rulebook]) {
        for (index, book) in rulebooks.enumerated() {
            func add(_ kind: String, _ ids: [String]) {
                for id in ids { _ = symbol(kind, id) }
                domains[kind] = index == 0 ? Set(ids) : domains[kind, default: []].intersection(ids)
            }
            add("agency", book.agencies.map(\.id))
            add("category", book.categories.map(\.id))
            add("county", book.counties.map(\.id))
            for enumeration in book.enumerations {
                add("enum:" + enumeration.id, enumeration.values)
            }
        }
        add(priorities: ())
        script.declare(today, "Int")
        script.assert("(<= \(Self.days.lowerBound) \(today) \(Self.days.upperBound))")
        for field in schema { declare(field) }
    }

    private mutating func add(priorities: Void) {
        symbols["priority"] = Priority.allCases.map(\.name)
        domains["priority"] = Set(Priority.allCases.map(\.name))
    }

    static func kind(of type: ValueType) -> String? {
        switch type {
        case .agency: "agency"
        case .category: "category"
        case .county: "county"
        case .priority: "priority"
        case .enumeration(let id): "enum:" + id
        default: nil
        }
    }

    /// The number standing for `id` of `kind` (priorities are their ranks, 1 to 4).
    mutating func symbol(_ kind: String, _ id: String) -> Int64 {
        if kind == "priority" { return Int64(Priority(word: id)?.rawValue ?? 0) }
        if let index = symbolIndex[kind]?[id] { return Int64(index) }
        let index = symbols[kind, default: []].count
        symbols[kind, default: []].append(id)
        symbolIndex[kind, default: [:]][id] = index
        return Int64(index)
    }

    func id(_ kind: String, _ number: Int64) -> String? {
        if kind == "priority" { return Priority(rawValue: Int(number))?.name }
        guard let ids = symbols[kind], number >= 0, number < ids.count else { return nil }
        return ids[Int(number)]
    }

    /// The numbers a field of `kind` may hold.
    mutating func domain(_ kind: String) -> [Int64] {
        if kind == "priority" { return Priority.allCases.map { Int64($0.rawValue) } }
        let allowed = domains[kind] ?? []
        return (symbols[kind] ?? []).filter { allowed.contains($0) }.map { symbol(kind, $0) }
    }

    private mutating func declare(_ field: Field) {
        let base = "f." + field.path.replacingOccurrences(of: "|", with: "_")
        var variables = FieldVariables(field: field, present: "true")
        if field.mayBeAbsent || (field.inferFrom != nil && field.defaultValue == nil) {
            variables.present = "|\(base)?|"
            script.declare(variables.present, "Bool")
        }
        let name = "|\(base)|"
        switch field.type {
        case .bool:
            script.declare(name, "Bool")
            variables.value = name
        case .int, .money:
            script.declare(name, "Int")
            script.assert(
                "(<= \(SMT.int(Self.number.lowerBound)) \(name) \(Self.number.upperBound))")
            variables.value = name
        case .date:
            script.declare(name, "Int")
            script.assert("(<= \(Self.days.lowerBound) \(name) \(Self.days.upperBound))")
            variables.value = name
        case .datetime:
            script.declare(name, "Int")
            script.assert(
                "(and (<= \(Self.days.lowerBound * 86_400) \(name) \(Self.days.upperBound * 86_400)) (= (mod \(name) 60) 0))"
            )
            variables.value = name
        case .set(let element):
            if let kind = Self.kind(of: element) {
                for number in domain(kind) {
                    let member = "|\(base)#\(number)|"
                    script.declare(member, "Bool")
                    variables.members[number] = member
                }
            }
        default:
            if let kind = Self.kind(of: field.type) {
                script.declare(name, "Int")
                let allowed = domain(kind).map { "(= \(name) \($0))" }
                // Only a value the case gives must be one of the ids: an optional county in a
                // rulebook that declares no counties is simply always absent.
                script.assert(SMT.or([SMT.not(variables.present), SMT.or(allowed)]))
                variables.value = name
            }
        }
        fields[field.path] = variables
        fieldOrder.append(field.path)
    }

    /// The Bool that says a text field mentions `phrase`.
    mutating func phrase(_ path: String, _ phrase: String) -> String {
        let key = PersianText.compactKey(phrase)
        if key.isEmpty { return "false" }
        if let name = phrases[path]?[key] { return name }
        let name = "|t.\(path)#\(phrases[path, default: [:]].count)|"
        script.declare(name, "Bool")
        phrases[path, default: [:]][key] = name
        return name
    }

    /// A variable for what the model does not follow (`length(description) > 5`, a text compared
    /// with a text): any value it can take is considered, so a proof still holds, and a
    /// counter-example that leans on it is checked against the evaluator before it is believed.
    mutating func opaque(_ description: String, _ sort: String) -> String {
        let key = sort + " " + description
        if let name = opaque[key] { return name }
        let name = "|o.\(opaque.count)|"
        script.declare(name, sort)
        opaque[key] = name
        approximations.append(description)
        return name
    }

    /// Links the phrases of each text: a text that mentions «وام ودیعه» written without spaces
    /// mentions every phrase whose words it holds however the text is spaced. Called once, after
    /// every rulebook has been translated.
    mutating func linkPhrases() {
        for (_, byKey) in phrases.sorted(by: { $0.key < $1.key }) {
            let keys = byKey.keys.sorted()
            let matcher = PhraseMatcher(phrases: keys)
            for outer in keys {
                for inner in Set(matcher.matches(in: NormalizedText(outer)))
                where keys[inner] != outer {
                    script.assert("(=> \(byKey[outer]!) \(byKey[keys[inner]]!))")
                }
            }
        }
    }

    /// How much a case says: the optional fields it gives, the set members and the phrases it
    /// mentions. The smallest counter-example is the easiest to read.
    var size: String {
        var terms: [String] = []
        for path in fieldOrder {
            guard let field = fields[path] else { continue }
            if field.present != "true" { terms.append(field.present) }
            terms += field.members.values.sorted()
        }
        for byKey in phrases.values { terms += byKey.values.sorted() }
        if terms.isEmpty { return "0" }
        let counted = terms.map { "(ite \($0) 1 0)" }
        return counted.count == 1 ? counted[0] : "(+ \(counted.joined(separator: " ")))"
    }

    /// The names whose values decode a case.
    var variables: [String] {
        var names = [today]
        for path in fieldOrder {
            guard let field = fields[path] else { continue }
            if field.present != "true" { names.append(field.present) }
            if let value = field.value { names.append(value) }
            names += field.members.keys.sorted().compactMap { field.members[$0] }
        }
        for path in phrases.keys.sorted() {
            names += phrases[path]!.keys.sorted().map { phrases[path]![$0]! }
        }
        return names
    }
}
