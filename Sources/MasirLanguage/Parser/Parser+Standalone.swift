// A Masir expression on its own, as typed at the REPL's prompt, parsed with the rulebooks' parser.

extension Parser {
    /// Parses `source` as one expression and nothing after it.
    package static func parseStandaloneExpression(
        _ source: SourceFile
    ) -> (expression: Expr?, diagnostics: [Diagnostic]) {
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
                parser.report(
                    .expected(
                        "`and`, `or` or the end of the expression",
                        context: "after `\(source.text(of: expression.range))`",
                        found: parser.current, source: source))
                return (nil, parser.diagnostics)
            }
            return (expression, parser.diagnostics)
        } catch {
            return (nil, parser.diagnostics)
        }
    }
}
