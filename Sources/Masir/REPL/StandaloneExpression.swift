// A Masir expression on its own, typed at the REPL's prompt, typed and evaluated against a case
// with the resolver and evaluator the rulebooks use.

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
