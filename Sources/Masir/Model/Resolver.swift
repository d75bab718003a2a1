import Foundation

/// Merges a chain of rulebook units (root first) and resolves names and types into a `Rulebook`.
///
/// Inheritance: a child may add declarations, `replace` or `disable` inherited ones by name;
/// a routing group or ladder with an inherited name extends it (new rules are tried before the
/// inherited ones; `replace rule` keeps the rule's place).
struct Resolver {
    /// Sizes above which work is spread over the cores (below, a thread hop costs more than it saves).
    static let backgroundDigestBytes = 256 << 10
    static let parallelTypingRules = 1_024

    var diagnostics: [Diagnostic] = []
    /// Reads data files a rulebook names (holiday tables), through the loader.
    var readFile: ((String) throws -> String)?

    // MARK: - Merged declarations

    struct Entry<T> {
        var decl: T
        var origin: Origin
        var rulebook: String
    }

    struct GroupEntry {
        var decl: RoutingDecl
        var origin: Origin
        var policy: HitPolicy
        var rules: [Entry<RuleDecl>]
        var fallback: Entry<Outcome>?
    }

    struct LadderEntry {
        var decl: LadderDecl
        var origin: Origin
        var calendar: Name?
        var pauseWhile: [Name]
        var stopWhen: [Name]
        var levels: [Entry<LevelDecl>]
        /// Clock clauses in the order written, inherited ones first: a later one wins.
        var clocks: [(clause: ClockClause, file: String)] = []
    }

    var agencies: [Entry<AgencyDecl>] = []
    var categories: [Entry<CategoryDecl>] = []
    var counties: [Entry<CountyDecl>] = []
    var enums: [Entry<EnumDecl>] = []
    var fields: [Entry<FieldDecl>] = []
    var calendars: [Entry<CalendarDecl>] = []
    var groups: [GroupEntry] = []
    var ladders: [LadderEntry] = []
    var properties: [Entry<PropertyDecl>] = []
    var header = Header(doc: [], id: Name(""), range: .empty)
    /// Where each agency, category, county, enum and calendar still declared was first declared,
    /// by `"kind id"`: duplicates are found by one look-up, not a search of every declaration.
    var declared: [String: (origin: Origin, rulebook: String)] = [:]
    /// Candidates compared so far for "did you mean" suggestions, against `suggestionBudget`.
    var suggestionWork = 0
    /// Per kind of declaration, where each live entry of its list is (see `position`).
    var nameIndex: [String: [String: Int]] = [:]
    /// Per kind, the positions disabled in the unit being merged.
    var disabledAt: [String: Set<Int>] = [:]
    /// Calendars declared but not built because of their own errors (a missing holiday file).
    var unbuiltCalendars = Set<String>()
    static let suggestionBudget = 500_000
    var defaultCalendar: Name?
    var defaultLadder: Name?
    var defaultCalendarFile = ""
    var defaultLadderFile = ""
    var lineage: [String] = []

    mutating func report(
        _ code: DiagnosticCode, _ message: String, file: String, at range: SourceRange,
        help: String? = nil, severity: Severity? = nil
    ) {
        diagnostics.append(
            Diagnostic(code, message, file: file, at: range, severity: severity, help: help))
    }

    mutating func resolve(_ chain: [Loader.Unit]) -> Rulebook {
        for (depth, unit) in chain.enumerated() {
            let inheritedFrom = depth > 0 ? lineage.first : nil
            merge(unit, inheritedFrom: inheritedFrom)
        }
        var digestInput = Data()
        for unit in chain {
            for file in [unit.file] + unit.imports {
                // Texts only: the same rulebook has the same digest wherever its files are kept.
                digestInput.append(contentsOf: file.source.bytes + [0])
            }
        }
        // A large rulebook's digest is computed on another core while its names and types are resolved.
        let input = digestInput
        let digest =
            input.count >= Resolver.backgroundDigestBytes
            ? Parallel.Background { SHA256.hex(input) } : nil
        var book = build(digest: digest == nil ? SHA256.hex(input) : "")
        if let digest { book.digest = digest.value }
        book.file = chain.last?.file.source.name ?? ""
        return book
    }

    // MARK: - Merging

    mutating func merge(_ unit: Loader.Unit, inheritedFrom parent: String?) {
        let file = unit.file.source.name
        let syntax = unit.file.syntax
        let id = syntax.header.id.text
        lineage.insert(id, at: 0)
        let previousHeader = header
        header = syntax.header
        if header.title == nil { header.title = previousHeader.title }
        if header.version == nil { header.version = previousHeader.version }
        if header.effective == nil { header.effective = previousHeader.effective }
        if let calendar = syntax.header.defaultCalendar {
            defaultCalendar = calendar; defaultCalendarFile = file
        }
        if let ladder = syntax.header.defaultLadder {
            defaultLadder = ladder; defaultLadderFile = file
        }
        for imported in unit.imports {
            for declaration in imported.syntax.declarations {
                merge(declaration, file: imported.source.name, rulebook: id, parent: parent)
            }
        }
        for declaration in syntax.declarations {
            merge(declaration, file: file, rulebook: id, parent: parent)
        }
        compactDisabled()
    }

    // MARK: - Replacing and disabling in linear time

    /// The position of the entry named `name` in the list of `kind`, from a table built once per
    /// list, so a child that replaces or disables thousands of inherited declarations does not
    /// search the list for each.
    mutating func position<T>(
        _ list: WritableKeyPath<Resolver, [Entry<T>]>, kind: String, of name: String
    ) -> Int? {
        if nameIndex[kind] == nil {
            var map: [String: Int] = [:]
            let removed = disabledAt[kind] ?? []
            for (i, entry) in self[keyPath: list].enumerated() where !removed.contains(i) {
                let entryName = Resolver.nameOf(entry)
                if map[entryName] == nil { map[entryName] = i }
            }
            nameIndex[kind] = map
        }
        return nameIndex[kind]?[name]
    }

    /// `disable KIND name`: the entry is marked and left in place until the unit is merged, since
    /// removing it from the middle of the list each time would move all that follow.
    mutating func disable<T>(
        _ list: WritableKeyPath<Resolver, [Entry<T>]>, kind: String, _ name: String
    ) -> Bool {
        guard let index = position(list, kind: kind, of: name) else { return false }
        disabledAt[kind, default: []].insert(index)
        nameIndex[kind]?[name] = nil
        return true
    }

    /// Drops the disabled entries of every list in one pass each.
    mutating func compactDisabled() {
        func compact<T>(_ list: inout [Entry<T>], _ removed: Set<Int>) {
            list = list.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        }
        for (kind, removed) in disabledAt where !removed.isEmpty {
            switch kind {
            case "agency": compact(&agencies, removed)
            case "category": compact(&categories, removed)
            case "county": compact(&counties, removed)
            case "calendar": compact(&calendars, removed)
            case "property": compact(&properties, removed)
            default: break
            }
        }
        disabledAt = [:]
        nameIndex = [:]
    }

    mutating func merge(_ declaration: Declaration, file: String, rulebook: String, parent: String?)
    {
        let origin = Origin(file: file, range: declaration.range)
        switch declaration.kind {
        case .importFile:
            break
        case .agency(let decl):
            declare(
                \.agencies, decl, name: decl.name, kind: "agency", origin: origin,
                rulebook: rulebook)
        case .category(let decl):
            declare(
                \.categories, decl, name: decl.name, kind: "category", origin: origin,
                rulebook: rulebook)
        case .county(let decl):
            declare(
                \.counties, decl, name: decl.name, kind: "county", origin: origin,
                rulebook: rulebook)
        case .enumeration(let decl):
            declare(
                \.enums, decl, name: decl.name, kind: "enum", origin: origin, rulebook: rulebook)
        case .calendar(let decl):
            declare(
                \.calendars, decl, name: decl.name, kind: "calendar", origin: origin,
                rulebook: rulebook)
        case .schema(let schema):
            for field in schema.fields {
                let entry = Entry(
                    decl: field, origin: Origin(file: file, range: field.range), rulebook: rulebook)
                if let existing = fields.first(where: { $0.decl.path.dotted == field.path.dotted })
                {
                    report(
                        .duplicateName,
                        "field `\(field.path.dotted)` is already declared in `\(existing.rulebook)`",
                        file: file, at: field.path.range)
                } else {
                    fields.append(entry)
                }
            }
        case .replace(let inner):
            let innerOrigin = Origin(file: file, range: inner.range)
            switch inner.kind {
            case .agency(let decl):
                redeclare(
                    \.agencies, decl, name: decl.name, kind: "agency", origin: innerOrigin,
                    rulebook: rulebook)
            case .category(let decl):
                redeclare(
                    \.categories, decl, name: decl.name, kind: "category", origin: innerOrigin,
                    rulebook: rulebook)
            case .county(let decl):
                redeclare(
                    \.counties, decl, name: decl.name, kind: "county", origin: innerOrigin,
                    rulebook: rulebook)
            case .calendar(let decl):
                redeclare(
                    \.calendars, decl, name: decl.name, kind: "calendar", origin: innerOrigin,
                    rulebook: rulebook)
            case .property(let decl):
                redeclare(
                    \.properties, decl, name: decl.name, kind: "property", origin: innerOrigin,
                    rulebook: rulebook)
            default: break
            }
        case .disable(let kind, let name):
            declared["\(kind.text) \(name.text)"] = nil
            let removed: Bool
            switch kind.text {
            case "agency": removed = disable(\.agencies, kind: "agency", name.text)
            case "category": removed = disable(\.categories, kind: "category", name.text)
            case "county": removed = disable(\.counties, kind: "county", name.text)
            case "calendar": removed = disable(\.calendars, kind: "calendar", name.text)
            case "property": removed = disable(\.properties, kind: "property", name.text)
            case "routing":
                let before = groups.count
                groups.removeAll { $0.decl.name.text == name.text }
                removed = groups.count != before
            default:
                let before = ladders.count
                ladders.removeAll { $0.decl.name.text == name.text }
                removed = ladders.count != before
            }
            if !removed { overrideMissing(kind.text, name, file: file) }
        case .routing(let decl):
            mergeRouting(decl, origin: origin, rulebook: rulebook)
        case .escalation(let decl):
            mergeLadder(decl, origin: origin, rulebook: rulebook)
        case .property(let decl):
            declare(
                \.properties, decl, name: decl.name, kind: "property", origin: origin,
                rulebook: rulebook)
        }
    }

    static func nameOf<T>(_ entry: Entry<T>) -> String {
        switch entry.decl {
        case let decl as AgencyDecl: decl.name.text
        case let decl as CategoryDecl: decl.name.text
        case let decl as CountyDecl: decl.name.text
        case let decl as EnumDecl: decl.name.text
        case let decl as CalendarDecl: decl.name.text
        case let decl as RuleDecl: decl.name.text
        case let decl as LevelDecl: decl.name.text
        case let decl as PropertyDecl: decl.name.text
        default: ""
        }
    }

    /// Adds a declaration, or reports it when its kind and id are already declared.
    mutating func declare<T>(
        _ list: WritableKeyPath<Resolver, [Entry<T>]>, _ decl: T, name: Name, kind: String,
        origin: Origin, rulebook: String
    ) {
        let key = "\(kind) \(name.text)"
        defer {
            let last = self[keyPath: list].count - 1
            if nameIndex[kind] != nil, nameIndex[kind]?[name.text] == nil {
                nameIndex[kind]?[name.text] = last
            }
        }
        if let existing = declared[key] {
            let inherited = existing.rulebook != rulebook
            diagnostics.append(
                Diagnostic(
                    .duplicateName,
                    "\(kind) `\(name.text)` is already declared\(inherited ? " in `\(existing.rulebook)`" : "")",
                    file: origin.file, at: name.range,
                    help: inherited
                        ? "to change an inherited \(kind), write `replace \(kind) \(name.text) …`"
                        : "give it another id, or remove one of the two",
                    notes: [
                        .init(
                            "first declared here", file: existing.origin.file,
                            range: existing.origin.range)
                    ]))
            return
        }
        declared[key] = (origin, rulebook)
        self[keyPath: list].append(Entry(decl: decl, origin: origin, rulebook: rulebook))
    }

    /// `replace KIND id …`: the inherited declaration gives way to `decl`, in its place.
    mutating func redeclare<T>(
        _ list: WritableKeyPath<Resolver, [Entry<T>]>, _ decl: T, name: Name, kind: String,
        origin: Origin, rulebook: String
    ) {
        let entry = Entry(decl: decl, origin: origin, rulebook: rulebook)
        if let index = position(list, kind: kind, of: name.text) {
            self[keyPath: list][index] = entry
        } else {
            overrideMissing(
                kind, name, file: origin.file,
                candidates: self[keyPath: list].map { Resolver.nameOf($0) })
        }
    }

    /// Replaces the entry named `name`; returns the names there were when there is none.
    static func replace<T>(_ list: inout [Entry<T>], _ entry: Entry<T>, name: Name) -> [String]? {
        guard let index = list.firstIndex(where: { nameOf($0) == name.text }) else {
            return list.map { nameOf($0) }
        }
        list[index] = entry
        return nil
    }

    static func remove<T>(_ list: inout [Entry<T>], _ name: String) -> Bool {
        let before = list.count
        list.removeAll { Resolver.nameOf($0) == name }
        return list.count != before
    }

    /// `replace rule` or `replace level` (given the new declaration), keeping the inherited one's
    /// place, or `disable` (given none) inside a group or ladder.
    mutating func override<T>(
        _ list: inout [Entry<T>], _ kind: String, _ name: Name, with decl: T?, at origin: Origin,
        rulebook: String
    ) {
        let entry = decl.map { Entry(decl: $0, origin: origin, rulebook: rulebook) }
        let found =
            if let entry {
                Resolver.replace(&list, entry, name: name) == nil
            } else {
                Resolver.remove(&list, name.text)
            }
        if !found {
            overrideMissing(kind, name, file: origin.file, candidates: list.map(Resolver.nameOf))
        }
    }

    mutating func overrideMissing(
        _ kind: String, _ name: Name, file: String, candidates: [String] = []
    ) {
        report(
            .overrideOfMissing,
            "there is no inherited \(kind) `\(name.text)` to replace or disable", file: file,
            at: name.range,
            help: Suggestions.help(for: suggest(name.text, among: candidates))
                ?? "only declarations of the rulebook this one extends can be replaced or disabled")
    }

    /// A rule id written twice in one group of one file, pointing back at the first.
    static func ruleDeclaredTwice(
        _ rule: RuleDecl, in group: RoutingDecl, first: SourceRange, file: String
    ) -> Diagnostic {
        Diagnostic(
            .duplicateName,
            "rule `\(rule.name.text)` is already declared in group `\(group.name.text)`",
            file: file, at: rule.name.range, help: "give it another id, or merge the two rules",
            notes: [.init("first declared here", file: file, range: first)])
    }

    mutating func mergeRouting(_ decl: RoutingDecl, origin: Origin, rulebook: String) {
        let file = origin.file
        guard let index = groups.firstIndex(where: { $0.decl.name.text == decl.name.text }) else {
            var group = GroupEntry(
                decl: decl, origin: origin, policy: decl.policy ?? .firstMatch, rules: [])
            var names: [String: SourceRange] = [:]
            for item in decl.items {
                switch item.kind {
                case .rule(let rule):
                    if let first = names[rule.name.text] {
                        diagnostics.append(
                            Self.ruleDeclaredTwice(rule, in: decl, first: first, file: file))
                    } else {
                        names[rule.name.text] = rule.name.range
                        group.rules.append(
                            Entry(
                                decl: rule, origin: Origin(file: file, range: item.range),
                                rulebook: rulebook))
                    }
                case .replace(let rule):
                    overrideMissing("rule", rule.name, file: file)
                case .disable(let name):
                    overrideMissing("rule", name, file: file)
                }
            }
            if let otherwise = decl.otherwise {
                group.fallback = Entry(
                    decl: otherwise,
                    origin: Origin(file: file, range: decl.otherwiseRange ?? origin.range),
                    rulebook: rulebook)
            }
            groups.append(group)
            return
        }
        // Extending an inherited group.
        var group = groups[index]
        if let policy = decl.policy, policy != group.policy {
            report(
                .duplicateName,
                "group `\(decl.name.text)` is inherited with the policy `\(group.policy.rawValue)`, not `\(policy.rawValue)`",
                file: file, at: decl.policyRange ?? decl.name.range,
                help:
                    "leave the policy out when extending an inherited group, or `disable routing \(decl.name.text)` and declare a new one"
            )
        }
        var added: [Entry<RuleDecl>] = []
        // Positions of the inherited rules, looked up rather than searched for; disabled ones are
        // dropped in one pass at the end.
        var positions: [String: Int] = [:]
        for (i, entry) in group.rules.enumerated() where positions[entry.decl.name.text] == nil {
            positions[entry.decl.name.text] = i
        }
        var disabled = Set<Int>()
        // Names looked up, not searched for, so a group of many rules merges in linear time.
        var inherited: [String: String] = [:]
        for entry in group.rules where inherited[entry.decl.name.text] == nil {
            inherited[entry.decl.name.text] = entry.rulebook
        }
        var addedNames: [String: SourceRange] = [:]
        for item in decl.items {
            let place = Origin(file: file, range: item.range)
            switch item.kind {
            case .rule(let rule):
                if let existing = inherited[rule.name.text] {
                    diagnostics.append(
                        Diagnostic(
                            .duplicateName,
                            "rule `\(rule.name.text)` is already declared in `\(existing)`",
                            file: file, at: rule.name.range,
                            help:
                                "to change the inherited rule, write `replace rule \(rule.name.text) …`"
                        ))
                } else if let first = addedNames[rule.name.text] {
                    diagnostics.append(
                        Self.ruleDeclaredTwice(rule, in: decl, first: first, file: file))
                } else {
                    addedNames[rule.name.text] = rule.name.range
                    added.append(Entry(decl: rule, origin: place, rulebook: rulebook))
                }
            case .replace(let rule):
                if let i = positions[rule.name.text] {
                    group.rules[i] = Entry(decl: rule, origin: place, rulebook: rulebook)
                } else {
                    overrideMissing(
                        "rule", rule.name, file: file,
                        candidates: group.rules.map(\.decl.name.text))
                }
            case .disable(let name):
                if let i = positions.removeValue(forKey: name.text) {
                    disabled.insert(i)
                } else {
                    overrideMissing(
                        "rule", name, file: file, candidates: group.rules.map(\.decl.name.text))
                }
                inherited[name.text] = nil
            }
        }
        if !disabled.isEmpty {
            group.rules = group.rules.enumerated().filter { !disabled.contains($0.offset) }
                .map(\.element)
        }
        group.rules = added + group.rules
        if let otherwise = decl.otherwise {
            group.fallback = Entry(
                decl: otherwise,
                origin: Origin(file: file, range: decl.otherwiseRange ?? origin.range),
                rulebook: rulebook)
        }
        groups[index] = group
    }

    mutating func mergeLadder(_ decl: LadderDecl, origin: Origin, rulebook: String) {
        let file = origin.file
        let index = ladders.firstIndex { $0.decl.name.text == decl.name.text }
        var ladder =
            index.map { ladders[$0] }
            ?? LadderEntry(
                decl: decl, origin: origin, calendar: nil, pauseWhile: [], stopWhen: [], levels: [])
        if let calendar = decl.calendar { ladder.calendar = calendar }
        if !decl.pauseWhile.isEmpty { ladder.pauseWhile = decl.pauseWhile }
        if !decl.stopWhen.isEmpty { ladder.stopWhen = decl.stopWhen }
        ladder.clocks += decl.clocks.map { ($0, file) }
        for item in decl.items {
            let place = Origin(file: file, range: item.range)
            switch item.kind {
            case .level(let level):
                if let existing = ladder.levels.first(where: {
                    $0.decl.name.text == level.name.text
                }) {
                    let inherited = existing.rulebook != rulebook
                    report(
                        .duplicateName,
                        "level `\(level.name.text)` is already declared\(inherited ? " in `\(existing.rulebook)`" : "")",
                        file: file, at: level.name.range,
                        help: inherited
                            ? "to change the inherited level, write `replace level \(level.name.text) …`"
                            : nil)
                    diagnostics[diagnostics.count - 1].notes = [
                        .init(
                            "first declared here", file: existing.origin.file,
                            range: existing.origin.range)
                    ]
                } else {
                    ladder.levels.append(Entry(decl: level, origin: place, rulebook: rulebook))
                }
            case .replace(let level):
                override(
                    &ladder.levels, "level", level.name, with: level, at: place, rulebook: rulebook)
            case .disable(let name):
                override(&ladder.levels, "level", name, with: nil, at: place, rulebook: rulebook)
            }
        }
        if let index { ladders[index] = ladder } else { ladders.append(ladder) }
    }
}
