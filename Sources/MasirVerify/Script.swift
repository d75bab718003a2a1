/// SMT-LIB 2 text under construction: declarations, named definitions and assertions. Every
/// shared sub-term is a named constant, so a rulebook of thousands of rules stays a script linear
/// in its size.
struct Script {
    private(set) var text = "(set-option :produce-models true)\n(set-logic ALL)\n"
    private var names = 0

    mutating func declare(_ name: String, _ sort: String) {
        text += "(declare-const \(name) \(sort))\n"
    }

    /// A fresh name for `body`; constants and names are returned as they are.
    mutating func define(_ hint: String, _ sort: String, _ body: String) -> String {
        if !body.contains(" ") { return body }
        names += 1
        let name = "\(hint)!\(names)"
        // A constant equal to the body, not a `define-fun`: z3 expands macros in place, and a
        // rulebook's definitions refer to one another so often that the expansion took seconds
        // (national: 5 s to read, 0.1 s to solve); an equation keeps the sharing.
        text += "(declare-const \(name) \(sort))\n(assert (= \(name) \(body)))\n"
        return name
    }

    mutating func assert(_ term: String) { text += "(assert \(term))\n" }
}

/// Term builders that fold the constants the encoding produces everywhere.
enum SMT {
    static func and(_ terms: [String]) -> String {
        connective("and", terms, absorbing: "false", neutral: "true")
    }

    static func or(_ terms: [String]) -> String {
        connective("or", terms, absorbing: "true", neutral: "false")
    }

    /// `(op terms…)`, or `absorbing` when a term is, leaving out `neutral` terms.
    private static func connective(
        _ op: String, _ terms: [String], absorbing: String, neutral: String
    ) -> String {
        if terms.contains(absorbing) { return absorbing }
        let kept = terms.filter { $0 != neutral }
        switch kept.count {
        case 0: return neutral
        case 1: return kept[0]
        default: return "(\(op) " + kept.joined(separator: " ") + ")"
        }
    }

    static func not(_ term: String) -> String {
        switch term {
        case "true": "false"
        case "false": "true"
        default: "(not \(term))"
        }
    }

    static func ite(_ condition: String, _ then: String, _ otherwise: String) -> String {
        switch condition {
        case "true": then
        case "false": otherwise
        default: then == otherwise ? then : "(ite \(condition) \(then) \(otherwise))"
        }
    }

    static func equal(_ a: String, _ b: String) -> String {
        if a == b { return "true" }
        if constant(a) != nil, constant(b) != nil { return "false" }
        return "(= \(a) \(b))"
    }

    /// An integer as SMT-LIB writes it: a negative one is `(- n)`, since `-1` is a name to a
    /// strict solver such as cvc5.
    static func int(_ value: Int64) -> String {
        if value == .min { return "(- 9223372036854775808)" }
        return value < 0 ? "(- \(-value))" : String(value)
    }

    /// The integer a term written by `int` stands for, or nil for any other term.
    static func constant(_ term: String) -> Int64? {
        if let value = Int64(term) { return value }
        guard term.hasPrefix("(- "), term.hasSuffix(")"),
            let magnitude = UInt64(term.dropFirst(3).dropLast()), magnitude <= 1 << 63
        else { return nil }
        return magnitude == 1 << 63 ? .min : -Int64(magnitude)
    }

    /// The number that stands for "none" among agency, SLA and category numbers.
    static let none = int(-1)
}
