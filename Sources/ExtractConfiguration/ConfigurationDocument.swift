public import Foundation
import TOMLKit

/// A parsed TOML configuration file, with the line of each key kept for messages.
///
/// Parsing is TOMLKit's (toml++): full TOML 1.0, so strings follow TOML's escapes (`"A\"B"` is `A"B`) and a
/// table or key given twice is an error. What each file may hold is checked by its reader
/// (``CompanyConfiguration``, ``ClientFileSettings``, `JournalConfiguration(configurationFile:)`), which turns
/// unknown keys and bad values into ``ConfigurationError``s naming the file, the line and the key.
///
/// ```swift
/// let document = try ConfigurationDocument(text: "every_minutes = 60\n", file: "companies.toml")
/// ```
public struct ConfigurationDocument: Sendable {
    /// The file as it was named, for messages.
    public let file: String
    let root: [String: ConfigurationValue]
    let lines: ConfigurationLineIndex
    /// Keys whose values are secrets: a message names them but never shows their value.
    static let secretKeys: Set<String> = ["client_secret", "password"]

    /// Reads and parses the file at `path`.
    public init(path: String) throws(ConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(.unreadable, file: path, line: 0, "cannot read the configuration file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(.syntax, file: path, line: 0, "the configuration file is not UTF-8 text")
        }
        try self.init(text: text, file: path)
    }

    /// Parses `text`; `file` names it in messages.
    public init(text: String, file: String) throws(ConfigurationError) {
        self.file = file
        let lines = ConfigurationLineIndex(text: text)
        self.lines = lines
        if text.utf8.contains(0) {
            throw ConfigurationError(.syntax, file: file, line: 0, "the configuration file holds a NUL byte")
        }
        do {
            root = ConfigurationValue.entries(try TOMLTable(string: text))
        } catch let error as TOMLParseError {
            throw Self.syntaxError(error, text: text, file: file)
        } catch {
            throw ConfigurationError(.syntax, file: file, line: 0, "not valid TOML: \(error)")
        }
    }

    /// The root table.
    var table: ConfigurationTable { ConfigurationTable(document: self, path: [], entries: root) }

    /// toml++'s message at its line; on a line that sets a secret, a generic message (toml++ may quote the text).
    static func syntaxError(_ error: TOMLParseError, text: String, file: String) -> ConfigurationError {
        let line = error.source.begin.line
        let source = text.split(separator: "\n", omittingEmptySubsequences: false)
        let written = line >= 1 && line <= source.count ? source[line - 1] : ""
        var rest = written.drop(while: \.isWhitespace)
        let key = ConfigurationLineIndex.keyPath(&rest)?.last
        var message = "not valid TOML: \(error.description)"
        if let key, secretKeys.contains(key) {
            message = "the value of '\(key)' is not a valid TOML string (check its quotes and backslash escapes)"
        } else if written.wholeMatch(of: /\s*[A-Za-z0-9_-]+(\s+[A-Za-z0-9_-]+)+\s*=.*/) != nil {
            message +=
                "; a key with spaces is quoted: \"\(written.split(separator: "=")[0].trimmingCharacters(in: .whitespaces))\" = …"
        }
        return ConfigurationError(.syntax, file: file, line: line, message)
    }
}
