// Every parse function below leaves the height of the tree it returns in `height`, so a node's
// height is known when it is built without walking its children.
// INVARIANT: no expression the parser returns is higher than `Parser.maximumHeight`.

extension Parser {
    /// `or` < `and` < `not` < comparisons (not chainable) < `??` < operands.
    mutating func parseExpression() throws -> Expr {
        try parseOr()
    }

    /// Records the height of a node built over children of the given heights, refusing a tree
    /// so tall that walking it (or freeing it) could exhaust the stack.
    mutating func grow(_ children: Int..., at token: Token) throws {
        height = (children.max() ?? 0) + 1
        if height > Parser.maximumHeight { throw fail(.tooLong(token)) }
    }

    mutating func parseOr() throws -> Expr {
        try parseChain(.or, { $0.accept("or") }, { try $0.parseAnd() })
    }

    mutating func parseAnd() throws -> Expr {
        try parseChain(.and, { $0.accept("and") }, { try $0.parseNot() })
    }

    /// `operand (op operand)*`, grouped to the left.
    mutating func parseChain(
        _ op: BinaryOperator, _ acceptOperator: (inout Parser) -> Token?,
        _ parseOperand: (inout Parser) throws -> Expr
    ) throws -> Expr {
        var left = try parseOperand(&self)
        while let token = acceptOperator(&self) {
            let leftHeight = height
            let right = try parseOperand(&self)
            try grow(leftHeight, height, at: token)
            left = .binary(op, left, right, left.range.union(right.range))
        }
        return left
    }

    mutating func parseNot() throws -> Expr {
        if let not = accept("not") {
            try enterNesting(at: not)
            defer { depth -= 1 }
            let operand = try parseNot()
            try grow(height, at: not)
            return .not(operand, not.range.union(operand.range))
        }
        return try parseComparison()
    }

    mutating func enterNesting(at token: Token) throws {
        depth += 1
        if depth > Parser.maximumDepth {
            throw fail(.tooDeep(token))
        }
    }

    mutating func parseComparison() throws -> Expr {
        let left = try parseCoalesce()
        let leftHeight = height
        guard let result = try parseComparisonTail(left) else { return left }
        try grow(leftHeight, height, at: current)
        if try parseComparisonTail(result) != nil {
            throw fail(.chainedComparison(at: result.range))
        }
        return result
    }

    /// Parses the operator and right side of a comparison, or returns nil when none follows.
    mutating func parseComparisonTail(_ left: Expr) throws -> Expr? {
        let token = current
        if token.kind == .symbol {
            let op: BinaryOperator?
            switch token.value {
            case "<": op = .less
            case "<=": op = .lessEqual
            case ">": op = .greater
            case ">=": op = .greaterEqual
            case "=", "==", "!=":
                throw fail(.equalsOperator(token))
            default: op = nil
            }
            guard let op else { return nil }
            advance()
            let right = try parseCoalesce()
            return .binary(op, left, right, left.range.union(right.range))
        }
        guard token.kind == .word else { return nil }
        switch token.value {
        case "is":
            advance()
            let negated = accept("not") != nil
            if current.isWord("present") || current.isWord("absent") {
                let word = advance()
                height = 0
                let present = (word.value == "present") != negated
                return .presence(left, present: present, left.range.union(word.range))
            }
            let right = try parseCoalesce()
            return .binary(
                negated ? .isNotEqual : .isEqual, left, right, left.range.union(right.range))
        case "not" where peek().isWord("in"):
            advance(); advance()
            let right = try parseCoalesce()
            return .binary(.notIn, left, right, left.range.union(right.range))
        case "in":
            advance()
            let right = try parseCoalesce()
            return .binary(.isIn, left, right, left.range.union(right.range))
        case "under":
            advance()
            let category = try expectName("a category after `under`")
            height = 0
            return .under(left, category, left.range.union(category.range))
        case "mentions":
            advance()
            var mode = MentionMode.single
            if accept("any") != nil { mode = .any } else if accept("all") != nil { mode = .all }
            let right = try parseCoalesce()
            if case .text(let phrase) = right,
                phrase.value.isBlank
            {
                report(
                    Diagnostic(
                        .emptyText,
                        "empty phrase: no description can contain it, so the test is never true",
                        at: phrase.range, help: "write the phrase between the quotes"))
            }
            return .mentions(left, mode, right, left.range.union(right.range))
        case "contains", "intersects":
            advance()
            let right = try parseCoalesce()
            return .binary(
                token.value == "contains" ? .contains : .intersects, left, right,
                left.range.union(right.range))
        default:
            return nil
        }
    }

    mutating func parseCoalesce() throws -> Expr {
        try parseChain(.coalesce, { $0.acceptSymbol("??") }, { try $0.parseOperand() })
    }

    mutating func parseOperand() throws -> Expr {
        let token = current
        height = 1
        switch token.kind {
        case .string:
            advance()
            return .text(TextLiteral(value: token.value, range: token.range))
        case .number:
            advance()
            guard var value = Int64(token.value) else { throw fail(.numberTooLarge(token)) }
            if current.kind == .word {
                switch current.value {
                case "rial", "rials", "ریال":
                    let unit = advance()
                    let range = token.range.union(unit.range)
                    if value > LiteralLimits.maximumNumber {
                        report(.numberOutOfRange(value, range: range, money: true))
                        value = LiteralLimits.maximumNumber
                    }
                    return .money(value, range)
                case "working", "day", "days", "hour", "hours", "minute", "minutes":
                    return .duration(try parseDurationUnit(amount: value, number: token))
                case let word
                where ["week", "month", "year", "second"].contains(where: word.hasPrefix):
                    // `5 weeks` is meant as a duration; say which units there are.
                    throw fail(.unknownUnit(current, amount: value))
                default: break
                }
            }
            if value > LiteralLimits.maximumNumber {
                report(.numberOutOfRange(value, range: token.range, money: false))
                value = LiteralLimits.maximumNumber
            }
            return .integer(value, token.range)
        case .date:
            return .date(try parseDate("a date"))
        case .word:
            switch token.value {
            case "true", "yes":
                advance()
                return .boolean(true, token.range)
            case "false", "no":
                advance()
                return .boolean(false, token.range)
            default:
                break
            }
            if peek().isSymbol("(") {
                let name = Name(advance().value, token.range)
                advance()
                try enterNesting(at: token)
                defer { depth -= 1 }
                let arguments = try parseList(closing: ")", what: "the function's arguments")
                try grow(height, at: token)
                return .call(name, arguments, token.range.union(previous.range))
            }
            return .path(try parsePath())
        case .symbol where token.value == "(":
            advance()
            try enterNesting(at: token)
            defer { depth -= 1 }
            let inner = try parseExpression()
            _ = try expectSymbol(
                ")", "to close the parenthesis opened at \(source.location(of: token.range.lower))")
            return inner
        case .symbol where token.value == "[":
            advance()
            try enterNesting(at: token)
            defer { depth -= 1 }
            let items = try parseList(closing: "]", what: "the list")
            try grow(height, at: token)
            return .list(items, token.range.union(previous.range))
        default:
            throw fail(.expectedExpression(found: token, source: source))
        }
    }

    /// Leaves the height of the tallest item in `height` (0 for an empty list).
    mutating func parseList(closing: String, what: String) throws -> [Expr] {
        var items: [Expr] = []
        var tallest = 0
        if acceptSymbol(closing) != nil {
            height = 0
            return items
        }
        repeat {
            items.append(try parseExpression())
            tallest = max(tallest, height)
        } while acceptSymbol(",") != nil
        _ = try expectSymbol(closing, "to close \(what)")
        height = tallest
        return items
    }
}
