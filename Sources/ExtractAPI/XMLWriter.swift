/// Writes indented XML (two spaces per level, like the contract's examples) with text escaped.
struct XMLWriter {
    private(set) var text = ""
    private var depth = 0

    /// Opens `name`; the namespace, when given, becomes the default `xmlns`; `schemaInstance` adds the unused
    /// `xmlns:i` declaration some of Concur's answers carry.
    mutating func open(_ name: String, namespace: String? = nil, schemaInstance: Bool = false) {
        line("<\(name)\(Self.namespaceAttribute(namespace))\(schemaInstance ? Self.schemaInstanceAttribute : "")>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    /// Writes `<name/>`.
    mutating func empty(_ name: String, namespace: String? = nil, schemaInstance: Bool = false) {
        line("<\(name)\(Self.namespaceAttribute(namespace))\(schemaInstance ? Self.schemaInstanceAttribute : "")/>")
    }

    /// Writes `<name>value</name>`; nothing when `value` is `nil` (absent elements are omitted).
    mutating func leaf(_ name: String, _ value: String?) {
        guard let value else { return }
        line("<\(name)>\(Self.escape(value))</\(name)>")
    }

    private mutating func line(_ content: String) {
        text += String(repeating: "  ", count: depth) + content + "\n"
    }

    static let schemaInstanceAttribute = " xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\""

    private static func namespaceAttribute(_ namespace: String?) -> String {
        namespace.map { " xmlns=\"\(escape($0))\"" } ?? ""
    }

    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
