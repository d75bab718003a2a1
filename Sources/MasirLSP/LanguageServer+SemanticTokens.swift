import Foundation
import Masir

extension LanguageServer {
    /// The token types of `textDocument/semanticTokens/full`, in the legend's order.
    static let semanticTokenTypes = [
        "keyword", "string", "number", "comment", "operator", "property", "class", "namespace",
        "enumMember", "function", "type", "variable",
    ]

    static func semanticType(of entity: Entity.Kind) -> Int {
        switch entity {
        case .agency: 6
        case .category, .county: 7
        case .value, .enumeration: 8
        case .rule, .level: 9
        case .group, .ladder, .calendar: 10
        case .field: 5
        }
    }

    /// Every token of the document classified: keywords by the parser's list, names by what the
    /// checked model says they are, in the protocol's relative encoding.
    func semanticTokens(_ params: [String: Any]) -> Any? {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String,
            let document = documents[uri]
        else { return nil }
        let source = document.source
        let lexed = Lexer.lex(source)
        let entities = entityIndex[uri] ?? [:]
        var spans: [(range: SourceRange, type: Int)] = []
        var previousWasDot = false
        for token in lexed.tokens {
            defer { previousWasDot = token.isSymbol(".") || token.isSymbol("?.") }
            let type: Int?
            switch token.kind {
            case .word:
                if previousWasDot {
                    type = 5
                } else if let found = entities[token.value]?.first {
                    type = Self.semanticType(of: found.kind)
                } else if Parser.keywords.contains(token.value) {
                    type = 0
                } else {
                    type = 11
                }
            case .string: type = 1
            case .number, .date, .time: type = 2
            case .symbol: type = 4
            case .endOfFile, .invalid: type = nil
            }
            if let type { spans.append((token.range, type)) }
        }
        spans += lexed.comments.map { ($0.range, 3) }
        spans.sort { $0.range.lower < $1.range.lower }
        var data: [Int] = []
        var line = 0, character = 0
        for span in spans {
            let start = TextDocument.position(in: source, offset: span.range.lower)
            let end = TextDocument.position(in: source, offset: span.range.upper)
            guard let startLine = start["line"], let startCharacter = start["character"],
                let endLine = end["line"], let endCharacter = end["character"],
                endLine == startLine, endCharacter > startCharacter
            else { continue }
            data += [
                startLine - line, startLine == line ? startCharacter - character : startCharacter,
                endCharacter - startCharacter, span.type, 0,
            ]
            line = startLine
            character = startCharacter
        }
        return ["data": data]
    }
}
