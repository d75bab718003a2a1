import Yams

/// A parsed document value with the line it came from, whatever the input format.
package indirect enum InputValue: Sendable {
    case scalar(String, quoted: Bool, line: Int?)
    case mapping([(String, InputValue)], line: Int?)
    case sequence([InputValue], line: Int?)
    case null(line: Int?)

    package var line: Int? {
        switch self {
        case .scalar(_, _, let line), .mapping(_, let line), .sequence(_, let line),
            .null(let line):
            line
        }
    }

    init(_ node: Node, lineOffset: Int = 0) {
        let line = node.mark.map { $0.line + lineOffset }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                self = .null(line: line)
            } else {
                self = .scalar(scalar.string, quoted: scalar.style != .plain, line: line)
            }
        case .mapping(let mapping):
            self = .mapping(
                mapping.map {
                    (key: $0.key.string ?? "", value: InputValue($0.value, lineOffset: lineOffset))
                }, line: line)
        case .sequence(let sequence):
            self = .sequence(sequence.map { InputValue($0, lineOffset: lineOffset) }, line: line)
        case .alias:
            self = .null(line: line)
        }
    }
}
