import TOMLKit

/// A value of a parsed configuration file, copied out of TOMLKit's tree into plain Sendable Swift values.
enum ConfigurationValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// A TOML date, time or date-time, kept as written.
    case dateTime(String)
    case array([ConfigurationValue])
    case table([String: ConfigurationValue])

    init(_ node: any TOMLValueConvertible) {
        switch node.type {
        case .string: self = .string(node.string ?? "")
        case .int: self = .integer(node.int ?? 0)
        case .double: self = .float(node.double ?? 0)
        case .bool: self = .boolean(node.bool ?? false)
        case .date, .time, .dateTime: self = .dateTime(node.debugDescription)
        case .array: self = .array(node.array.map { $0.map(ConfigurationValue.init) } ?? [])
        case .table: self = .table(node.table.map(Self.entries) ?? [:])
        }
    }

    static func entries(_ table: TOMLTable) -> [String: ConfigurationValue] {
        var entries: [String: ConfigurationValue] = [:]
        for (key, value) in table { entries[key] = ConfigurationValue(value) }
        return entries
    }

    /// What kind of value this is, for messages: `a string`, `a whole number`, ….
    var kind: String {
        switch self {
        case .string: "a string"
        case .integer: "a whole number"
        case .float: "a decimal number"
        case .boolean: "true or false"
        case .dateTime: "a date or time"
        case .array: "an array"
        case .table: "a table"
        }
    }

    /// The value as a message shows it: text quoted, numbers and booleans as written, else its kind.
    var shown: String {
        switch self {
        case .string(let text): "\"\(text.unicodeScalars.map { $0.escaped(asASCII: false) }.joined())\""
        case .integer(let number): String(number)
        case .float(let number): String(number)
        case .boolean(let flag): String(flag)
        case .dateTime(let text): text
        case .array, .table: kind
        }
    }
}
