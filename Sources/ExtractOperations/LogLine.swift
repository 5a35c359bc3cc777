public import Foundation
public import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One log event as one line: the time (RFC 3339, UTC, milliseconds), the level, the event's name and its fields,
/// secrets redacted (``LogRedaction``).
///
/// ```swift
/// let line = LogLine(date: date, level: .info, event: "sync.posted", metadata: ["company": "acme", "batch": "42"])
/// line.rendered(.text)   // "2026-11-30T19:40:00.123Z info sync.posted batch=42 company=acme\n"
/// line.rendered(.json)   // {"ts":"2026-11-30T19:40:00.123Z","level":"info","event":"sync.posted","batch":"42",…}
/// ```
///
/// Fields come in the order of their names (stable from line to line). In text, a value with a space, a quote, an
/// `=` or a control character is quoted with JSON's escapes; a newline never splits the line. In JSON the keys
/// `ts`, `level` and `event` come first, then the fields; a field named like one of them is written `field.NAME`.
public struct LogLine: Sendable {
    public var date: Date
    public var level: Logger.Level
    public var event: String
    public var metadata: Logger.Metadata

    public init(date: Date, level: Logger.Level, event: String, metadata: Logger.Metadata = [:]) {
        self.date = date
        self.level = level
        self.event = event
        self.metadata = metadata
    }

    /// The line in `format`, ending with a newline.
    public func rendered(_ format: LogFormat) -> String {
        let fields = metadata.sorted { $0.key < $1.key }.map { (key, value) in
            (key, LogRedaction.isSecret(key: key) ? .string(LogRedaction.mark) : Self.redacted(value))
        }
        let event = LogRedaction.value(self.event)
        switch format {
        case .text:
            var line = "\(Self.timestamp(date)) \(level.rawValue) \(Self.quotedIfNeeded(event))"
            for (key, value) in fields { line += " \(Self.quotedIfNeeded(key))=\(Self.textValue(value))" }
            return line + "\n"
        case .json:
            var line = "{\"ts\":\(Self.jsonString(Self.timestamp(date))),\"level\":\(Self.jsonString(level.rawValue))"
            line += ",\"event\":\(Self.jsonString(event))"
            for (key, value) in fields {
                let name = ["ts", "level", "event"].contains(key) ? "field.\(key)" : key
                line += ",\(Self.jsonString(name)):\(Self.jsonValue(value))"
            }
            return line + "}\n"
        }
    }

    /// `2026-11-30T19:40:00.123Z`.
    public static func timestamp(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        let whole = interval.rounded(.down)
        var seconds = time_t(whole)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = min(999, Int(((interval - whole) * 1000).rounded(.down)))
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900,
            Int(parts.tm_mon) + 1,
            Int(parts.tm_mday),
            Int(parts.tm_hour),
            Int(parts.tm_min),
            Int(parts.tm_sec),
            millis
        )
    }

    /// A field's value with secret-shaped parts redacted, and nested fields redacted by their names.
    static func redacted(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): .string(LogRedaction.value(text))
        case .stringConvertible(let convertible): .string(LogRedaction.value(convertible.description))
        case .array(let values): .array(values.map(redacted))
        case .dictionary(let fields):
            .dictionary(
                fields.reduce(into: [:]) { result, field in
                    result[field.key] =
                        LogRedaction.isSecret(key: field.key) ? .string(LogRedaction.mark) : redacted(field.value)
                }
            )
        }
    }

    static func textValue(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): quotedIfNeeded(text)
        case .stringConvertible(let convertible): quotedIfNeeded(convertible.description)
        case .array, .dictionary: quotedIfNeeded(jsonValue(value))
        }
    }

    static func quotedIfNeeded(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                scalar.value > 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != "=" && scalar != "\\"
            }
        return plain ? text : jsonString(text)
    }

    static func jsonValue(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): jsonString(text)
        case .stringConvertible(let convertible): jsonString(convertible.description)
        case .array(let values): "[" + values.map(jsonValue).joined(separator: ",") + "]"
        case .dictionary(let fields):
            "{"
                + fields.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonValue($0.value))" }
                .joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal (RFC 8259 escapes; non-ASCII kept as UTF-8).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value) {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
