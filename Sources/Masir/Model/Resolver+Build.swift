extension Resolver {
    /// The most work one case may cost, in expression nodes visited; see docs/semantics.md.
    static let costBudget = 2_000_000

    mutating func build(digest: String) -> Rulebook {
        let headerFile = lineage.isEmpty ? "" : (fields.first?.origin.file ?? "")
        _ = headerFile
        var book = Rulebook(
            id: header.id.text, title: header.title?.value, version: header.version?.value,
            effective: header.effective.flatMap { dateValue($0, file: "") },
            province: header.province?.value, english: header.english?.value,
            areaCode: header.areaCode?.value,
            lineage: lineage, digest: digest,
            agencies: [], categories: [], counties: [], enumerations: [], fields: [],
            calendars: [:], groups: [], ladders: [],
            defaultCalendar: defaultCalendar?.text, defaultLadder: defaultLadder?.text, cost: 0,
            keywordMatcher: PhraseMatcher(phrases: []), keywordOwners: [])

        for entry in agencies {
            let decl = entry.decl
            book.agencyIndex[decl.name.text] = book.agencies.count
            book.agencies.append(
                Agency(
                    id: decl.name.text, name: decl.label.value, english: decl.english?.value,
                    kind: decl.kind?.text, supervisor: decl.supervisor?.text, origin: entry.origin))
        }
        for agency in agencies {
            if let supervisor = agency.decl.supervisor, book.agencyIndex[supervisor.text] == nil {
                unknown(
                    .unknownAgency, "agency", supervisor, file: agency.origin.file,
                    candidates: book.agencies.map(\.id))
            }
        }
        for entry in counties {
            book.countyIndex[entry.decl.name.text] = book.counties.count
            book.counties.append(
                County(
                    id: entry.decl.name.text, name: entry.decl.label.value,
                    english: entry.decl.english?.value, origin: entry.origin))
        }
        for entry in enums {
            let decl = entry.decl
            var labels: [String: String] = [:]
            for value in decl.values {
                if let label = value.label { labels[value.name.text] = label.value }
            }
            var seen: Set<String> = []
            for value in decl.values where !seen.insert(value.name.text).inserted {
                report(
                    .duplicateName,
                    "`\(value.name.text)` appears twice in enum `\(decl.name.text)`",
                    file: entry.origin.file, at: value.name.range)
            }
            book.enumerations.append(
                Enumeration(
                    id: decl.name.text, label: decl.label?.value,
                    values: decl.values.map(\.name.text), labels: labels, origin: entry.origin))
        }
        buildCategories(&book)
        for entry in calendars {
            if let calendar = buildCalendar(entry.decl, file: entry.origin.file) {
                book.calendars[entry.decl.name.text] = calendar
            } else {
                // Its own findings say why; uses of it are not reported again.
                unbuiltCalendars.insert(entry.decl.name.text)
            }
            book.calendarOrigins[entry.decl.name.text] = entry.origin
            var declared = Set<Weekday>()
            for clause in entry.decl.clauses {
                guard case .weekdays(let first, let last, _, _) = clause,
                    let start = Weekday(name: first.text)
                else { continue }
                let end = last.flatMap { Weekday(name: $0.text) } ?? start
                var day = start
                for _ in 0..<7 {
                    declared.insert(day)
                    if day == end { break }
                    day = Weekday(rawValue: (day.rawValue + 1) % 7)!
                }
            }
            book.undeclaredWeekdays[entry.decl.name.text] = Weekday.allCases.filter {
                !declared.contains($0)
            }
        }
        buildFields(&book)
        if let calendar = defaultCalendar, book.calendars[calendar.text] == nil,
            !unbuiltCalendars.contains(calendar.text)
        {
            unknown(
                .unknownCalendar, "calendar", calendar, file: defaultCalendarFile,
                candidates: Array(book.calendars.keys))
        }
        for entry in ladders { buildLadder(entry, into: &book) }
        for index in book.ladders.indices { book.ladderIndex[book.ladders[index].id] = index }
        if let ladder = defaultLadder, book.ladderIndex[ladder.text] == nil {
            unknown(
                .unknownLadder, "escalation ladder", ladder, file: defaultLadderFile,
                candidates: book.ladders.map(\.id))
        }
        for group in groups { buildGroup(group, into: &book) }
        buildProperties(into: &book)

        func index(_ kind: String, _ pairs: [(String, String)]) {
            var map: [String: String] = [:]
            map.reserveCapacity(pairs.count)
            for (label, id) in pairs where map[label] == nil { map[label] = id }
            book.labelIndex[kind] = map
        }
        index("category", book.categories.map { (PersianText.normalize($0.label), $0.id) })
        index("agency", book.agencies.map { (PersianText.normalize($0.name), $0.id) })
        index(
            "county",
            book.counties.map { (PersianText.normalize($0.name), $0.id) }
                + book.counties.compactMap { c in c.english.map { ($0.lowercased(), c.id) } })
        for enumeration in book.enumerations {
            index(
                "enum:" + enumeration.id,
                enumeration.labels.map { (PersianText.normalize($0.value), $0.key) })
        }

        book.cost = estimateCost(book)
        if book.cost > Resolver.costBudget {
            report(
                .typeMismatch,
                "the rulebook would cost \(book.cost) steps per case, over the budget of \(Resolver.costBudget)",
                file: groups.first?.origin.file ?? "", at: .empty,
                help: "split very large rulebooks, or use fewer `mentions` phrases per rule")
        }
        return book
    }

    mutating func unknown(
        _ code: DiagnosticCode, _ kind: String, _ name: Name, file: String, candidates: [String],
        help extra: String? = nil
    ) {
        let suggestion = suggest(name.text, among: candidates)
        report(
            code, "unknown \(kind) `\(name.text)`", file: file, at: name.range,
            help: Suggestions.help(for: suggestion) ?? extra)
        if let suggestion {
            diagnostics[diagnostics.count - 1].fixIts = [
                .init(range: name.range, replacement: suggestion)
            ]
        }
    }

    /// The closest candidate to `name`. Suggestions compare the name with every candidate, so a
    /// rulebook with thousands of unknown names among thousands of declarations gets them for
    /// the first few only, and loads in time linear in its size.
    mutating func suggest(_ name: String, among candidates: [String]) -> String? {
        guard suggestionWork + candidates.count <= Resolver.suggestionBudget else { return nil }
        suggestionWork += candidates.count
        return Suggestions.closest(to: name, in: candidates)
    }

    mutating func dateValue(_ literal: DateLiteral, file: String) -> Int64? {
        guard let date = CivilDate(parsing: literal.date) else {
            let nearest = Resolver.nearestDate(to: literal.date)
            report(
                .invalidDate, "`\(literal.date)` is not a date in the calendar", file: file,
                at: literal.range,
                help: (nearest.map { "the nearest date that exists is `\($0.text)`\($0.why); " }
                    ?? "")
                    + "Jalali months 1–6 have 31 days, 7–11 have 30, and Esfand 29 (30 in leap years)"
            )
            if let nearest, literal.time == nil {
                diagnostics[diagnostics.count - 1].fixIts = [
                    .init(range: literal.range, replacement: nearest.text)
                ]
            }
            return nil
        }
        return date.daysSinceEpoch
    }

    /// The last day of the month a date written past its end means (`1404/12/30` in a common
    /// year is `1404/12/29`), with why it is not the day written; nil when the month itself does
    /// not exist.
    static func nearestDate(to text: String) -> (text: String, why: String)? {
        let separator: Character = text.contains("/") ? "/" : "-"
        let parts = text.split(separator: separator).compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), parts[2] >= 1 else { return nil }
        let (year, month) = (parts[0], parts[1])
        let jalali = separator == "/" && year < 1700
        let days =
            jalali
            ? JalaliDate.daysInMonth(year: year, month: month)
            : CivilDate.daysInMonth(year: year, month: month)
        guard parts[2] > days else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let why =
            jalali && month == 12
            ? " (\(year) is not a leap year, so Esfand has 29 days)"
            : " (that month has \(days) days)"
        return ("\(year)\(separator)\(two(month))\(separator)\(two(days))", why)
    }

    mutating func buildCategories(_ book: inout Rulebook) {
        book.categoryIndex.reserveCapacity(categories.count)
        book.categories.reserveCapacity(categories.count)
        for entry in categories {
            book.categoryIndex[entry.decl.name.text] = book.categories.count
            book.categories.append(
                Category(
                    id: entry.decl.name.text, label: entry.decl.label.value,
                    parent: entry.decl.parent?.text, keywords: entry.decl.keywords.map(\.value),
                    depth: 0, origin: entry.origin))
        }
        // Parents by index; the hierarchy is walked without recursion and each category is
        // visited once, so neither a long chain nor many categories costs more than its size.
        var parents = [Int?](repeating: nil, count: categories.count)
        for (index, entry) in categories.enumerated() {
            guard let parent = entry.decl.parent else { continue }
            guard let above = book.categoryIndex[parent.text] else {
                unknown(
                    .unknownCategory, "category", parent, file: entry.origin.file,
                    candidates: book.categories.map(\.id))
                book.categories[index].parent = nil
                continue
            }
            parents[index] = above
        }
        for index in Resolver.categoriesInCycles(parents) {
            let entry = categories[index]
            guard let parent = entry.decl.parent else { continue }
            report(
                .inheritanceCycle, "category `\(entry.decl.name.text)` lies under itself",
                file: entry.origin.file, at: parent.range)
            book.categories[index].parent = nil
            parents[index] = nil
        }
        let tree = CategoryTree(parents: parents)
        for index in book.categories.indices { book.categories[index].depth = tree.depth[index] }
        book.categoryTree = tree
        var phrases: [String] = []
        var owners: [Int] = []
        for (index, category) in book.categories.enumerated() {
            for keyword in category.keywords {
                phrases.append(keyword)
                owners.append(index)
            }
        }
        book.keywordMatcher = PhraseMatcher(phrases: phrases)
        book.keywordOwners = owners
    }

    /// The categories whose chain of parents comes back to themselves, in declaration order.
    static func categoriesInCycles(_ parents: [Int?]) -> [Int] {
        // 0: not yet seen, 1: on the walk in progress, 2: settled.
        var state = [UInt8](repeating: 0, count: parents.count)
        var inCycle = [Bool](repeating: false, count: parents.count)
        for start in parents.indices where state[start] == 0 {
            var path: [Int] = []
            var current: Int? = start
            while let index = current, state[index] == 0 {
                state[index] = 1
                path.append(index)
                current = parents[index]
            }
            if let index = current, state[index] == 1, let from = path.lastIndex(of: index) {
                for member in path[from...] { inCycle[member] = true }
            }
            for member in path { state[member] = 2 }
        }
        return parents.indices.filter { inCycle[$0] }
    }

    mutating func buildFields(_ book: inout Rulebook) {
        for entry in fields {
            let decl = entry.decl
            let file = entry.origin.file
            guard let type = resolveType(decl.type, isSet: decl.isSet, book: book, file: file)
            else { continue }
            var field = Field(
                path: decl.path.dotted, type: type, isOptional: decl.isOptional, defaultValue: nil,
                inferFrom: decl.inferFrom?.dotted, label: decl.label?.value, origin: entry.origin)
            book.fieldIndex[field.path] = book.fields.count
            book.fields.append(field)
            if let expression = decl.defaultValue {
                var scope = Scope(book: book, file: file)
                let typed = typeExpression(expression, expected: type, scope: &scope)
                if case .constant(let value, let valueType) = typed,
                    type.accepts(valueType) || valueType == type
                {
                    field.defaultValue = value
                } else if case .list(let items, _) = typed, items.isEmpty, case .set = type {
                    field.defaultValue = .set([])
                } else if case .list(let items, _) = typed {
                    let values = items.compactMap { item -> Value? in
                        if case .constant(let v, _) = item { v } else { nil }
                    }
                    if values.count == items.count { field.defaultValue = .set(values) }
                } else {
                    report(
                        .typeMismatch, "the default of `\(field.path)` must be a \(type) value",
                        file: file, at: expression.range)
                }
                book.fields[book.fields.count - 1] = field
            }
        }
        for entry in fields {
            guard let source = entry.decl.inferFrom else { continue }
            if book.field(entry.decl.path.dotted)?.type != .category {
                report(
                    .invalidSchema, "only a category field can be inferred from a description",
                    file: entry.origin.file, at: source.range)
            } else if book.field(source.dotted)?.type != .text {
                report(
                    .invalidSchema,
                    "`\(source.dotted)` must be a text field of the schema to infer the category from it",
                    file: entry.origin.file, at: source.range)
            }
        }
    }

    mutating func resolveType(_ name: Name, isSet: Bool, book: Rulebook, file: String) -> ValueType?
    {
        let element: ValueType
        if let builtin = ValueType.named(name.text) {
            element = builtin
        } else if book.enumerations.contains(where: { $0.id == name.text }) {
            element = .enumeration(name.text)
        } else {
            unknown(
                .unknownType, "type", name, file: file,
                candidates: [
                    "text", "int", "money", "bool", "date", "datetime", "duration", "category",
                    "agency", "county", "priority",
                ] + book.enumerations.map(\.id),
                help:
                    "the types are text, int, money, bool, date, datetime, duration, category, agency, county, priority and declared enums"
            )
            return nil
        }
        return isSet ? .set(element) : element
    }

    mutating func buildGroup(_ group: GroupEntry, into book: inout Rulebook) {
        var rules: [Rule] = []
        // A large group is typed in runs on every core, each by its own copy of the resolver;
        // runs and their diagnostics are joined in rule order, so the result is the same.
        let runs = group.rules.count >= Resolver.parallelTypingRules ? Parallel.cores : 1
        let resolver = self, shared = book
        let typed = Parallel.map(runs, jobs: runs) { run -> ([Rule], [Diagnostic]) in
            var worker = resolver
            worker.diagnostics = []
            let count = group.rules.count
            let rules = worker.typeRules(
                group.rules[(count * run / runs)..<(count * (run + 1) / runs)], book: shared)
            return (rules, worker.diagnostics)
        }
        for (run, problems) in typed {
            rules += run
            diagnostics += problems
        }
        let fallback = group.fallback.map {
            resolveOutcome($0.decl, book: book, file: $0.origin.file)
        }
        book.groups.append(
            RuleGroup(
                id: group.decl.name.text, label: group.decl.label?.value, policy: group.policy,
                rules: rules, fallback: fallback, fallbackOrigin: group.fallback?.origin,
                origin: group.origin))
    }

    /// Types each property's condition and claim over the case and the decision's fields.
    mutating func buildProperties(into book: inout Rulebook) {
        guard !properties.isEmpty else { return }
        var scope = Scope(book: Property.scopeBook(book), file: "")
        for entry in properties {
            let decl = entry.decl
            scope.file = entry.origin.file
            let condition = decl.condition.map { typeCondition($0, scope: &scope) }
            let claim = typeCondition(decl.claim, scope: &scope)
            book.properties.append(
                Property(
                    id: decl.name.text, label: decl.label?.value, doc: [], condition: condition,
                    claim: claim, conditionSyntax: decl.condition, claimSyntax: decl.claim,
                    origin: entry.origin, rulebook: entry.rulebook))
        }
    }

    mutating func typeRules(_ entries: ArraySlice<Entry<RuleDecl>>, book: Rulebook) -> [Rule] {
        var rules: [Rule] = []
        rules.reserveCapacity(entries.count)
        // One scope for the group: copying the rulebook into a scope per rule showed at 20,000 rules.
        var scope = Scope(book: book, file: "")
        for entry in entries {
            let decl = entry.decl
            let file = entry.origin.file
            scope.file = file
            let condition =
                decl.condition.map { typeCondition($0, scope: &scope) }
                ?? .constant(.bool(false), .bool)
            let outcome = resolveOutcome(decl.outcome, book: book, file: file)
            let from = decl.validFrom.flatMap { dateValue($0, file: file) }
            let until = decl.validUntil.flatMap { dateValue($0, file: file) }
            if let from, let until, until <= from {
                report(
                    .typeMismatch,
                    "rule `\(decl.name.text)` is never in force: `until` is not after `from`",
                    file: file, at: decl.validUntil!.range)
            }
            rules.append(
                Rule(
                    id: decl.name.text, label: decl.label?.value, doc: [], validFrom: from,
                    validUntil: until, condition: condition, conditionSyntax: decl.condition,
                    outcome: outcome, origin: entry.origin, rulebook: entry.rulebook))
        }
        return rules
    }

    mutating func resolveOutcome(
        _ outcome: Outcome, book: Rulebook, file: String
    ) -> ResolvedOutcome {
        var resolved = ResolvedOutcome()
        if let target = outcome.referTo {
            if target.segments.count == 1, book.agency(target.dotted) != nil {
                resolved.referTo = .agency(target.dotted)
            } else if let index = book.fieldIndex[target.dotted] {
                if book.fields[index].type == .agency {
                    resolved.referTo = .field(slot: index, path: target.dotted)
                } else {
                    report(
                        .typeMismatch,
                        "`\(target.dotted)` is a \(book.fields[index].type) field; only an agency field can name the agency to refer to",
                        file: file, at: target.range)
                }
            } else {
                let agencyName = Name(target.dotted, target.range)
                unknown(
                    .unknownAgency, "agency", agencyName, file: file,
                    candidates: book.agencies.map(\.id)
                        + book.fields.filter { $0.type == .agency }.map(\.path))
            }
        }
        for copy in outcome.copies {
            if book.agency(copy.text) != nil {
                resolved.copies.append(copy.text)
            } else {
                unknown(
                    .unknownAgency, "agency", copy, file: file, candidates: book.agencies.map(\.id))
            }
        }
        if let priority = outcome.priority {
            if let value = Priority(word: priority.text) {
                resolved.priority = value
            } else {
                unknown(
                    .unknownPriority, "priority", priority, file: file,
                    candidates: Priority.allCases.map(\.name),
                    help: "priorities are `urgent`, `high`, `normal` and `low` (or 1–4)")
            }
        }
        if let sla = outcome.sla {
            checkCalendar(for: sla, book: book, file: file)
            resolved.sla = sla
        }
        resolved.because = outcome.because?.value
        for target in outcome.targets {
            checkCalendar(for: target.duration, book: book, file: file)
            resolved.targets.append(TargetSetting(id: target.name.text, duration: target.duration))
        }
        var scope = Scope(book: book, file: file)
        for part in outcome.conditional {
            let kind: ConditionalOutcomePart.Kind
            switch part.kind {
            case .copy(let names):
                for name in names where book.agency(name.text) == nil {
                    unknown(
                        .unknownAgency, "agency", name, file: file,
                        candidates: book.agencies.map(\.id))
                }
                kind = .copy(names.map(\.text).filter { book.agency($0) != nil })
            case .priority(let name):
                guard let value = Priority(word: name.text) else {
                    unknown(
                        .unknownPriority, "priority", name, file: file,
                        candidates: Priority.allCases.map(\.name),
                        help: "priorities are `urgent`, `high`, `normal` and `low` (or 1–4)")
                    continue
                }
                kind = .priority(value)
            case .sla(let sla):
                checkCalendar(for: sla, book: book, file: file)
                kind = .sla(sla)
            case .because(let text): kind = .because(text.value)
            case .target(let name, let sla):
                checkCalendar(for: sla, book: book, file: file)
                kind = .target(name.text, sla)
            }
            resolved.conditional.append(
                ConditionalOutcomePart(
                    kind: kind, condition: typeCondition(part.condition, scope: &scope),
                    conditionSyntax: part.condition, origin: Origin(file: file, range: part.range)))
        }
        if let ladder = outcome.ladder {
            if ladders.contains(where: { $0.decl.name.text == ladder.text }) {
                resolved.ladder = ladder.text
            } else {
                unknown(
                    .unknownLadder, "escalation ladder", ladder, file: file,
                    candidates: ladders.map { $0.decl.name.text })
            }
        }
        return resolved
    }

    mutating func checkCalendar(for sla: DurationLiteral, book: Rulebook, file: String) {
        // A default calendar that is named but unknown or broken is reported once, where it is
        // named, not again at every working-time duration.
        if sla.working, defaultCalendar == nil {
            report(
                .unknownCalendar,
                "`\(Formatter.durationText(sla))` counts working time, but the rulebook has no default calendar",
                file: file, at: sla.range,
                help: "add `default calendar <id>` to the rulebook's header")
        }
    }

    /// Every named SLA target some rule or fallback sets, so ladders can be checked against them.
    var targetIDs: Set<String> {
        var ids: Set<String> = []
        func add(_ outcome: Outcome) {
            for target in outcome.targets { ids.insert(target.name.text) }
            for part in outcome.conditional {
                if case .target(let name, _) = part.kind { ids.insert(name.text) }
            }
        }
        for group in groups {
            for rule in group.rules { add(rule.decl.outcome) }
            if let fallback = group.fallback { add(fallback.decl) }
        }
        return ids
    }

    mutating func buildLadder(_ entry: LadderEntry, into book: inout Rulebook) {
        let file = entry.origin.file
        let calendarName = entry.calendar?.text ?? defaultCalendar?.text ?? ""
        if let calendar = entry.calendar, book.calendars[calendar.text] == nil,
            !unbuiltCalendars.contains(calendar.text)
        {
            unknown(
                .unknownCalendar, "calendar", calendar, file: file,
                candidates: Array(book.calendars.keys))
        }
        let statuses = book.statusField.flatMap { field -> [String]? in
            if case .enumeration(let id) = field.type { return book.enumeration(id)?.values }
            return nil
        }
        for status in entry.pauseWhile + entry.stopWhen {
            guard let statuses else {
                report(
                    .unknownField,
                    "pausing or stopping a clock needs a `status` field of an enum type in the case schema",
                    file: file, at: status.range)
                break
            }
            if !statuses.contains(status.text) {
                unknown(.unknownValue, "status", status, file: file, candidates: statuses)
            }
        }
        let targets = targetIDs
        func checkTarget(_ name: Name, file: String) {
            if !targets.contains(name.text) {
                unknown(
                    .unknownValue, "SLA target", name, file: file, candidates: targets.sorted(),
                    help: "a rule names a target with `sla \(name.text) <duration>`")
            }
        }
        var reopen: ReopenPolicy?
        var reclassify: ReclassifyPolicy?
        var targetClocks: [String: ClockPolicy] = [:]
        for (clause, clauseFile) in entry.clocks {
            if let target = clause.target { checkTarget(target, file: clauseFile) }
            var own =
                clause.target.flatMap { targetClocks[$0.text] }
                ?? ClockPolicy(pauseWhile: [], stopWhen: [], reopen: nil, reclassify: nil)
            switch clause.kind {
            case .pause(let names), .stop(let names):
                for status in names {
                    if let statuses, !statuses.contains(status.text) {
                        unknown(
                            .unknownValue, "status", status, file: clauseFile, candidates: statuses)
                    } else if statuses == nil {
                        report(
                            .unknownField,
                            "pausing or stopping a clock needs a `status` field of an enum type in the case schema",
                            file: clauseFile, at: status.range)
                    }
                }
                if case .pause = clause.kind {
                    own.pauseWhileOverride = names.map(\.text)
                } else {
                    own.stopWhenOverride = names.map(\.text)
                }
            case .reopen(let policy):
                // Re-opening is read from the history: the status must be one the case can have.
                if statuses?.contains("reopened") != true {
                    report(
                        .unknownValue,
                        "`on reopen` reads `reopened` entries of the history, but the case's `status` has no value `reopened`",
                        file: clauseFile, at: clause.range,
                        help: "add `reopened` to the status enum")
                }
                if clause.target == nil { reopen = policy } else { own.reopen = policy }
            case .reclassify(let policy):
                if book.field("category") == nil {
                    report(
                        .unknownField,
                        "`on reclassify` reads changes of the case's `category`, but the schema has no `category` field",
                        file: clauseFile, at: clause.range)
                }
                if clause.target == nil { reclassify = policy } else { own.reclassify = policy }
            }
            if let target = clause.target { targetClocks[target.text] = own }
        }
        var levels: [Level] = []
        for levelEntry in entry.levels {
            let decl = levelEntry.decl
            let levelFile = levelEntry.origin.file
            let anchor: Level.Anchor
            switch decl.anchor {
            case .sla: anchor = .sla
            case .field(let path):
                if let index = book.fieldIndex[path.dotted] {
                    if book.fields[index].type != .datetime {
                        report(
                            .typeMismatch,
                            "a level counts from an instant, but `\(path.dotted)` is a \(book.fields[index].type) field",
                            file: levelFile, at: path.range)
                    }
                    anchor = .field(slot: index, path: path.dotted)
                } else {
                    unknown(
                        .unknownField, "field", Name(path.dotted, path.range), file: levelFile,
                        candidates: book.fields.filter { $0.type == .datetime }.map(\.path) + [
                            "sla"
                        ])
                    anchor = .sla
                }
            }
            if let after = decl.after, after.working, entry.calendar == nil, defaultCalendar == nil
            {
                report(
                    .unknownCalendar,
                    "`\(Formatter.durationText(after))` counts working time, but ladder `\(entry.decl.name.text)` has no calendar",
                    file: levelFile, at: after.range,
                    help:
                        "write `escalation \(entry.decl.name.text) on <calendar>` or add `default calendar <id>` to the header"
                )
            }
            var scope = Scope(book: book, file: levelFile)
            let condition = decl.condition.map { typeCondition($0, scope: &scope) }
            var actions: [LevelAction] = []
            for action in decl.actions {
                switch action.kind {
                case .raisePriority:
                    if Priority(word: action.target.text) == nil {
                        unknown(
                            .unknownPriority, "priority", action.target, file: levelFile,
                            candidates: Priority.allCases.map(\.name))
                    }
                case .remind, .escalate, .notify:
                    if !(action.kind == .remind && action.target.text == "assignee"),
                        book.agency(action.target.text) == nil
                    {
                        unknown(
                            .unknownAgency, "agency", action.target, file: levelFile,
                            candidates: book.agencies.map(\.id)
                                + (action.kind == .remind ? ["assignee"] : []))
                    }
                }
                actions.append(
                    LevelAction(
                        kind: action.kind, target: action.target.text, range: action.target.range))
            }
            if let target = decl.target { checkTarget(target, file: levelFile) }
            levels.append(
                Level(
                    id: decl.name.text, label: decl.label?.value, after: decl.after, anchor: anchor,
                    condition: condition,
                    conditionText: decl.condition.map { Formatter.expressionText($0) },
                    actions: actions, origin: levelEntry.origin, target: decl.target?.text,
                    percent: decl.percent.map { Int(clamping: $0.value) }))
        }
        book.ladders.append(
            Ladder(
                id: entry.decl.name.text, label: entry.decl.label?.value, calendar: calendarName,
                pauseWhile: entry.pauseWhile.map(\.text), stopWhen: entry.stopWhen.map(\.text),
                levels: levels, origin: entry.origin, reopen: reopen, reclassify: reclassify,
                targetClocks: targetClocks))
    }

    func estimateCost(_ book: Rulebook) -> Int {
        var cost = book.keywordOwners.count
        for group in book.groups {
            for rule in group.rules { cost += Resolver.nodeCount(rule.condition) }
        }
        for ladder in book.ladders {
            for level in ladder.levels {
                cost += 50 + (level.condition.map(Resolver.nodeCount) ?? 0)
            }
        }
        return cost
    }

    static func nodeCount(_ expr: TypedExpr) -> Int {
        switch expr {
        case .constant, .field: 1
        case .list(let items, _): 1 + items.reduce(0) { $0 + nodeCount($1) }
        case .not(let e), .presence(let e, _), .under(let e, _): 1 + nodeCount(e)
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b),
            .coalesce(let a, let b):
            1 + nodeCount(a) + nodeCount(b)
        case .mentions(let e, _, let phrases, _): 1 + nodeCount(e) + phrases.count
        case .call(_, let arguments): 1 + arguments.reduce(0) { $0 + nodeCount($1) }
        }
    }
}

extension Formatter {
    private static let printer = Formatter(
        source: SourceFile(name: "", text: ""), pendingComments: [])

    /// The canonical text of an expression, as the formatter prints it; used in traces.
    static func expressionText(_ expr: Expr) -> String {
        printer.expression(expr, minimum: 0)
    }

    package static func durationText(_ literal: DurationLiteral) -> String {
        printer.duration(literal)
    }
}
