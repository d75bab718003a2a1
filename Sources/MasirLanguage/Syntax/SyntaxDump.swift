/// A layout-free rendering of a syntax tree: ranges are left out, so two trees that differ only
/// in spacing, line breaks and comments dump the same. The formatter's soundness tests rely on it.
public enum SyntaxDump {
    public static func dump(_ syntax: RulebookSyntax) -> String {
        var output = ""
        write(syntax, into: &output, indent: 0)
        return output
    }

    public static func dump(_ expr: Expr) -> String {
        var output = ""
        write(expr, into: &output, indent: 0)
        return output
    }

    private static func write(_ value: Any, into output: inout String, indent: Int) {
        if value is SourceRange { return }
        let mirror = Mirror(reflecting: value)
        let pad = String(repeating: " ", count: indent)
        switch mirror.displayStyle {
        case .optional:
            if let child = mirror.children.first {
                write(child.value, into: &output, indent: indent)
            } else {
                output += "\(pad)nil\n"
            }
        case .struct, .class:
            for child in mirror.children {
                guard let label = child.label, !(child.value is SourceRange), label != "doc" else {
                    continue
                }
                if isLeaf(child.value) {
                    output += "\(pad)\(label): \(leaf(child.value))\n"
                } else {
                    output += "\(pad)\(label):\n"
                    write(child.value, into: &output, indent: indent + 2)
                }
            }
        case .enum:
            if let child = mirror.children.first {
                output += "\(pad)\(child.label ?? "?")\n"
                write(child.value, into: &output, indent: indent + 2)
            } else {
                output += "\(pad)\(value)\n"
            }
        case .tuple:
            for child in mirror.children where !(child.value is SourceRange) {
                write(child.value, into: &output, indent: indent)
            }
        case .collection, .set:
            var items = mirror.children.map { item -> String in
                var text = ""
                write(item.value, into: &text, indent: indent + 2)
                return text
            }
            if mirror.displayStyle == .set { items.sort() }
            output += "\(pad)[\n" + items.joined(separator: "\(pad)  ,\n") + "\(pad)]\n"
        default:
            output += "\(pad)\(leaf(value))\n"
        }
    }

    private static func isLeaf(_ value: Any) -> Bool {
        let style = Mirror(reflecting: value).displayStyle
        if style == nil { return true }
        if style == .enum, Mirror(reflecting: value).children.isEmpty { return true }
        return false
    }

    private static func leaf(_ value: Any) -> String {
        if let text = value as? String { return "\"\(text)\"" }
        return "\(value)"
    }
}
