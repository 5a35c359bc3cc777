import Foundation
public import Logging

extension LineLogHandler {
    /// A logger whose lines go to standard error, in `format`, from `level` up (`--log-format`, `--log-level`).
    ///
    /// ```swift
    /// let logger = LineLogHandler.logger(format: .json, level: try LineLogHandler.level(parsing: "debug"))
    /// ```
    public static func logger(label: String = "concur-extract", format: LogFormat, level: Logger.Level) -> Logger {
        Logger(label: label) { _ in LineLogHandler(format: format, level: level) }
    }

    /// The level named `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical` (any case).
    /// - Throws: ``UnknownLevel`` listing them.
    public static func level(parsing name: String) throws(UnknownLevel) -> Logger.Level {
        guard let level = Logger.Level(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw UnknownLevel(name: name)
        }
        return level
    }

    /// A log level name that swift-log does not know.
    public struct UnknownLevel: Error, Sendable, Equatable, CustomStringConvertible {
        public var name: String
        public init(name: String) { self.name = name }
        public var description: String {
            "unknown log level \"\(name)\": use one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }
}
