import Foundation

/// How `serve` and `sync` write their log lines: one line per event, flushed at once.
///
/// ```swift
/// let format = try LogFormat(parsing: "json")   // .json
/// ```
public enum LogFormat: String, Sendable, CaseIterable, Codable {
    /// `2026-11-30T19:40:00.123Z info sync.posted company=acme batch=42 …`: for a person reading a journal.
    case text
    /// One JSON object per line (`{"ts":…,"level":…,"event":…,…}`): for a log shipper.
    case json

    /// The format named `text` or `json` (any case, surrounding spaces ignored).
    /// - Throws: ``LogFormat/UnknownName`` naming the accepted values.
    public init(parsing name: String) throws(UnknownName) {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard let format = LogFormat(rawValue: key) else { throw UnknownName(name: name) }
        self = format
    }

    /// A log format name that is neither `text` nor `json`.
    public struct UnknownName: Error, Sendable, Equatable, CustomStringConvertible {
        /// The name given.
        public var name: String
        public init(name: String) { self.name = name }
        public var description: String {
            "unknown log format \"\(name)\": use one of \(LogFormat.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }
}
