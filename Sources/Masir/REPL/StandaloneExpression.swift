// A Masir expression on its own — typed at the REPL's prompt — parsed, typed and evaluated
// against a case with the same parser, resolver and evaluator the rulebooks use.

extension Parser {
    /// Parses `source` as one expression and nothing after it.
    static func parseStandaloneExpression(_ source: SourceFile) -> (expression: Expr?, diagnostics: [Diagnostic]) {
        let lexed = Lexer.lex(source)
        var parser = Parser(source: source, tokens: lexed.tokens, comments: lexed.comments)
        parser.diagnostics = lexed.diagnostics
        if parser.atEnd {
            parser.report(.expectedExpression(found: parser.current, source: source))
            return (nil, parser.diagnostics)
        }
        do {
            let expression = try parser.parseExpression()
            if !parser.atEnd {
                parser.report(.expected(
                    "`and`, `or` or the end of the expression", context: "after `\(source.text(of: expression.range))`", found: parser.current, source: source))
                return (nil, parser.diagnostics)
            }
            return (expression, parser.diagnostics)
        } catch {
            return (nil, parser.diagnostics)
        }
    }
}

/// A standalone expression, typed against one rulebook.
struct StandaloneExpression {
    var source: SourceFile
    var typed: TypedExpr?
    var diagnostics: [Diagnostic]

    /// Parses and types `text`; `typed` is nil when there were errors.
    init(_ text: String, name: String = "<input>", book: Rulebook) {
        source = SourceFile(name: name, text: text)
        let (expression, parseDiagnostics) = Parser.parseStandaloneExpression(source)
        diagnostics = parseDiagnostics
        guard let expression, !diagnostics.hasErrors else { return }
        var resolver = Resolver()
        var scope = Scope(book: book, file: name)
        let result = resolver.typeExpression(expression, expected: nil, scope: &scope)
        diagnostics += resolver.diagnostics
        if !diagnostics.hasErrors, !resolver.isError(result) { typed = result }
    }

    /// The expression's value for `subject`, or the field whose absence left it undecided.
    static func evaluate(_ typed: TypedExpr, book: Rulebook, subject: Case) -> Outcome3 {
        ExpressionEvaluator(book: book, subject: subject).evaluate(typed)
    }
}
