// Random valid rulebooks for the property and fuzz tests. Generation follows grammar/masir.lark
// production by production, so every output is valid by construction (GrammarConformanceTests
// checks that with Lark too); layout, comment placement, digit scripts and nesting are random.
import MasirTestSupport
import PropertyBased

struct RulebookGenerator {
    /// How much to generate: declarations, rules per group, expression depth.
    struct Size {
        var declarations: ClosedRange<Int> = 0...8
        var items: ClosedRange<Int> = 0...4
        var depth: Int = 4
    }

    private var rng: SplitMix64
    private let size: Size
    private var pieces: [String] = []
    private var commentCount = 0
    /// Every comment written, without its `#`, in order; the formatter must keep them all.
    private(set) var comments: [String] = []

    static func rulebook(seed: UInt64, size: Size = Size()) -> (text: String, comments: [String]) {
        var generator = RulebookGenerator(rng: SplitMix64(seed: seed), size: size)
        generator.rulebook()
        return (generator.layout(), generator.comments)
    }

    /// A PropertyBased generator of (text, comments); the seed is the reproducible input.
    static var gen:
        Generator<
            (text: String, comments: [String]), Shrink.None<(text: String, comments: [String])>
        >
    {
        Generator { rng in rulebook(seed: rng.next()) }
    }

    private init(rng: SplitMix64, size: Size) {
        self.rng = rng
        self.size = size
    }

    // MARK: - Randomness

    private mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &rng) < percent
    }
    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &rng)
    }
    private mutating func pick<T>(_ items: [T]) -> T {
        items[Int.random(in: 0..<items.count, using: &rng)]
    }

    /// Appends tokens; the layout step puts random space, line breaks or comments between them.
    private mutating func put(_ tokens: String...) { pieces += tokens }

    // MARK: - Layout

    private mutating func layout() -> String {
        var text = ""
        if chance(20) { text += comment(doc: chance(50)) + "\n" }
        for (index, piece) in pieces.enumerated() {
            if index > 0 { text += separator() }
            text += piece
        }
        if chance(30) { text += " " + comment(doc: false) }
        if chance(30) { text += "\n" + comment(doc: chance(50)) }
        return text + (chance(80) ? "\n" : "")
    }

    private mutating func separator() -> String {
        switch int(0...19) {
        case 0...7: return " "
        case 8...10: return "\n" + String(repeating: " ", count: int(0...6))
        case 11: return "   "
        case 12: return "\n\n  "
        case 13: return "\t"
        case 14, 15:
            return " " + comment(doc: false) + "\n" + String(repeating: " ", count: int(0...4))
        case 16, 17:
            return "\n" + String(repeating: " ", count: int(0...4)) + comment(doc: false) + "\n  "
        case 18: return "\n" + comment(doc: true) + "\n"
        default: return "\r\n    "
        }
    }

    /// A comment with a unique tag, so tests can tell that each one survived.
    private mutating func comment(doc: Bool) -> String {
        commentCount += 1
        let body = pick([
            "note", "یادداشت", "TODO: check «this»", "قانون ۱۲ \"quoted\"", "# nested hash", "",
            "x ?? y -- not code",
        ])
        let text = (doc ? "#" : "") + " c\(commentCount) \(body)"
        comments.append(text)
        return "#" + text
    }

    // MARK: - Lexical pieces

    private static let ids = [
        "relief", "welfare", "inspection", "governorate", "housing", "pension", "standard",
        "urgent",
        "government", "malayer", "x1", "_private", "مسکن", "امداد", "ودیعه_مسکن", "area51",
    ]
    private static let fields = [
        "status", "amount", "opened", "description", "county", "caller", "needy", "age", "programs",
        "priority", "category", "sla", "rule", "end", "وضعیت",
    ]

    private mutating func id() -> String { pick(Self.ids) }

    private mutating func digits(_ value: Int, minimumWidth: Int = 1) -> String {
        var ascii = String(value)
        while ascii.count < minimumWidth { ascii = "0" + ascii }
        let script = int(0...5)
        return String(
            ascii.map { digit -> Character in
                let d = Int(String(digit))!
                // Mostly one script per number, sometimes mixed digit by digit as pasted text can be.
                let s = script < 5 ? script % 3 : int(0...2)
                let base: UInt32 = s == 0 ? 0x30 : s == 1 ? 0x6F0 : 0x660
                return Character(Unicode.Scalar(base + UInt32(d))!)
            })
    }

    private mutating func number() -> String {
        let value = pick([0, 1, 2, 7, 48, 100, 1_000, 25_000, 5_000_000, 123_456_789_012])
        guard value >= 1_000, chance(50) else { return digits(value) }
        // Grouped: every group after the first is exactly three digits.
        var groups: [Int] = []
        var rest = value
        while rest > 0 { groups.insert(rest % 1_000, at: 0); rest /= 1_000 }
        let separator = chance(70) ? "," : "\u{066C}"
        return groups.enumerated().map { index, group in
            digits(group, minimumWidth: index == 0 ? 1 : 3)
        }.joined(separator: separator)
    }

    private mutating func text() -> String {
        let alphabet: [String] = [
            "a", "z", " ", "ا", "ب", "پ", "ژ", "ی", "،", "۱", "?", "#", "«", "(", "\u{200C}",
        ]
        var body = ""
        for _ in 0..<int(0...8) { body += pick(alphabet) }
        if chance(30) {
            // «…» holds anything but `»` and line breaks, with no escapes.
            return "«" + body + (chance(50) ? "\"" : "") + "»"
        }
        if chance(30) { body += pick(["\\\"", "\\\\", "\\n"]) }
        return "\"" + body.replacingOccurrences(of: "«", with: "") + "\""
    }

    private mutating func date() -> String {
        if chance(20) {
            return "\(int(1990...2030))-" + String(format2: int(1...12)) + "-"
                + String(format2: int(1...28))
        }
        let month = int(1...12), day = int(1...31)
        return digits(int(1300...1499)) + "/" + digits(month, minimumWidth: chance(50) ? 2 : 1)
            + "/" + digits(day, minimumWidth: chance(50) ? 2 : 1)
    }

    private mutating func time() -> String {
        if chance(5) { return "24:00" }
        return digits(int(0...23), minimumWidth: chance(50) ? 2 : 1) + ":"
            + digits(int(0...59), minimumWidth: 2)
    }

    private mutating func duration() {
        put(digits(int(0...90)))
        if chance(40) { put("working") }
        put(pick(["day", "days", "hour", "hours", "minute", "minutes"]))
    }

    private mutating func dateLiteral() {
        put(date())
        if chance(30) { put(time()) }
    }

    private mutating func path() {
        put(pick(Self.fields))
        for _ in 0..<int(0...2) {
            put(chance(70) ? "." : "?.")
            put(pick(Self.fields))
        }
    }

    private mutating func commaList(
        _ range: ClosedRange<Int>, _ item: (inout RulebookGenerator) -> Void
    ) {
        let count = int(range)
        for index in 0..<count {
            if index > 0 { put(",") }
            item(&self)
        }
    }

    // MARK: - Expressions (the grammar's precedence levels, top to bottom)

    private mutating func expr(_ depth: Int) {
        let terms = depth > 0 ? int(1...3) : 1
        for index in 0..<terms {
            if index > 0 { put("or") }
            andExpr(depth - 1)
        }
    }

    private mutating func andExpr(_ depth: Int) {
        let terms = depth > 0 ? int(1...3) : 1
        for index in 0..<terms {
            if index > 0 { put("and") }
            notExpr(depth)
        }
    }

    private mutating func notExpr(_ depth: Int) {
        if depth > 0, chance(15) {
            put("not")
            notExpr(depth - 1)
        } else {
            comparison(depth)
        }
    }

    private mutating func comparison(_ depth: Int) {
        coalesce(depth)
        switch int(0...12) {
        case 0...3:
            break
        case 4:
            put(pick(["<", "<=", ">", ">="])); coalesce(depth)
        case 5:
            put("is"); if chance(40) { put("not") }; coalesce(depth)
        case 6:
            put("is"); if chance(40) { put("not") }; put(pick(["present", "absent"]))
        case 7:
            if chance(40) { put("not") }; put("in"); coalesce(depth)
        case 8:
            put("under"); put(id())
        case 9:
            put("mentions"); if chance(60) { put(pick(["any", "all"])) }; coalesce(depth)
        case 10:
            put(pick(["contains", "intersects"])); coalesce(depth)
        default:
            put(pick(["<", ">="])); coalesce(depth)
        }
    }

    private mutating func coalesce(_ depth: Int) {
        operand(depth)
        if chance(15) { put("??"); operand(depth) }
    }

    private mutating func operand(_ depth: Int) {
        let choice = depth > 0 ? int(0...14) : int(0...9)
        switch choice {
        case 0, 1, 2: path()
        case 3: put(text())
        case 4: put(number())
        case 5: put(number()); put(pick(["rial", "rials", "ریال"]))
        case 6: duration()
        case 7: dateLiteral()
        case 8: put(pick(["true", "false", "yes", "no"]))
        case 9: path()
        case 10, 11:
            // Redundant parentheses, sometimes several deep.
            let layers = chance(10) ? int(2...12) : 1
            for _ in 0..<layers { put("(") }
            expr(depth - 1)
            for _ in 0..<layers { put(")") }
        case 12:
            put("["); commaList(0...3) { $0.expr(depth - 1) }; put("]")
        default:
            put(pick(["len", "working_days_between", "now", "f"])); put("(")
            commaList(0...3) { $0.expr(depth - 1) }
            put(")")
        }
    }

    // MARK: - Declarations

    private mutating func rulebook() {
        put("rulebook", id())
        if chance(50) { put("extends", id()) }
        for _ in 0..<int(0...4) {
            switch int(0...7) {
            case 0: put("title", text())
            case 1: put("version", text())
            case 2: put("effective"); dateLiteral()
            case 3: put("default", "calendar", id())
            case 4: put("default", "ladder", id())
            case 5: put("province", text())
            case 6: put("english", text())
            default: put("area", "code", text())
            }
        }
        for _ in 0..<int(size.declarations) { declaration() }
    }

    private mutating func declaration() {
        switch int(0...12) {
        case 0: put("import", text())
        case 1: agency()
        case 2: category()
        case 3: county()
        case 4:
            put("enum", id()); if chance(50) { put(text()) }; put(":")
            commaList(1...4) {
                $0.put($0.id()); if $0.chance(50) { $0.put($0.text()) }
            }
        case 5: schema()
        case 6: calendar()
        case 7, 8: routing()
        case 9: escalation()
        case 10:
            put("replace")
            switch int(0...3) {
            case 0: agency()
            case 1: category()
            case 2: county()
            default: calendar()
            }
        case 11:
            put(
                "disable",
                pick(["agency", "category", "county", "calendar", "routing", "escalation"]), id())
        default: routing()
        }
    }

    private mutating func agency() {
        put("agency", id(), text())
        for _ in 0..<int(0...3) {
            switch int(0...2) {
            case 0: put("english", text())
            case 1: put("kind", id())
            default: put("supervisor", id())
            }
        }
    }

    private mutating func category() {
        put("category", id(), text())
        if chance(50) { put("under", id()) }
        if chance(50) { put("mentions"); commaList(1...3) { $0.put($0.text()) } }
    }

    private mutating func county() {
        put("county", id(), text())
        if chance(50) { put("english", text()) }
    }

    private mutating func schema() {
        put("case")
        for _ in 0..<int(0...5) {
            put("field"); path(); put(":")
            if chance(20) { put("set", "of") }
            put(pick(["text", "int", "bool", "money", "date", "datetime", "agency", "category"]))
            for _ in 0..<int(0...2) {
                switch int(0...2) {
                case 0: put("optional")
                case 1: put("default"); operand(1)
                default: put("infer", "from"); path()
                }
            }
            if chance(40) { put(text()) }
        }
        put("end")
    }

    private mutating func hours() {
        commaList(1...3) { $0.put($0.time(), "-", $0.time()) }
    }

    private mutating func calendar() {
        put("calendar", id())
        if chance(50) { put(text()) }
        let weekdays = [
            "saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
        ]
        for _ in 0..<int(0...6) {
            switch int(0...4) {
            case 0: put("zone", text())
            case 1:
                put(pick(weekdays))
                if chance(40) { put("to", pick(weekdays)) }
                if chance(30) { put("off") } else { hours() }
            case 2: put("holidays", "from", text())
            case 3:
                put("closed"); dateLiteral()
                if chance(50) { put("to"); dateLiteral() }
                if chance(50) { put("because", text()) }
            default:
                put("hours"); hours(); put("from"); dateLiteral(); put("to"); dateLiteral()
            }
        }
        put("end")
    }

    /// The outcome clauses, each at most once, in any order; at least one.
    private mutating func outcome() {
        var clauses = ["refer", "priority", "sla", "because", "ladder"].shuffled(using: &rng)
        clauses.removeLast(int(0...4))
        for clause in clauses {
            switch clause {
            case "refer":
                put("refer", "to"); path()
                if chance(30) { put("copy"); commaList(1...3) { $0.put($0.id()) } }
            case "priority":
                put(
                    "priority",
                    chance(70) ? pick(["urgent", "high", "normal", "low"]) : digits(int(1...4)))
            case "sla": put("sla"); duration()
            case "because": put("because", text())
            default: put("ladder", id())
            }
        }
    }

    private mutating func rule() {
        put("rule", id())
        if chance(40) { put(text()) }
        if chance(25) {
            put("valid")
            let from = chance(60)
            if from { put("from"); dateLiteral() }
            if !from || chance(50) { put("until"); dateLiteral() }
        }
        put("when")
        expr(int(0...size.depth))
        outcome()
    }

    private mutating func routing() {
        put("routing", id())
        if chance(50) { put(text()) }
        if chance(60) { put(pick(["first match", "highest priority", "all matches"])) }
        for _ in 0..<int(size.items) {
            switch int(0...5) {
            case 0: put("replace"); rule()
            case 1: put("disable", "rule", id())
            default: rule()
            }
        }
        if chance(50) { put("otherwise"); outcome() }
        put("end")
    }

    private mutating func level() {
        put("level", id())
        if chance(40) { put(text()) }
        // An anchor is `sla` or a field path, and a path cannot begin with `sla` there.
        let anchor =
            chance(40) ? "sla" : pick(["referred", "opened", "opened.at", "caller?.called"])
        if chance(60) {
            put("after"); duration(); put("since", anchor)
        } else {
            put("at", anchor)
        }
        if chance(50) { put("when"); expr(int(0...size.depth)) }
        put("then")
        commaList(1...3) {
            switch $0.int(0...3) {
            case 0: $0.put("remind", $0.id())
            case 1: $0.put("escalate", "to", $0.id())
            case 2: $0.put("notify", $0.id())
            default:
                $0.put(
                    "raise", "priority", "to",
                    $0.chance(70) ? $0.pick(["urgent", "high"]) : $0.digits($0.int(1...4)))
            }
        }
    }

    private mutating func escalation() {
        put("escalation", id())
        if chance(50) { put(text()) }
        if chance(50) { put("on", id()) }
        for _ in 0..<int(size.items) {
            switch int(0...5) {
            case 0: put("pause", "while"); commaList(1...3) { $0.put($0.id()) }
            case 1: put("stop", "when"); commaList(1...3) { $0.put($0.id()) }
            case 2: put("replace"); level()
            case 3: put("disable", "level", id())
            default: level()
            }
        }
        put("end")
    }
}

extension String {
    /// Two ASCII digits, as ISO dates need.
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
