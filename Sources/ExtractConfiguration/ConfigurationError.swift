/// A configuration file that cannot be used as written: it names the file, the line and the key, says what is
/// wrong and what is expected, and carries a stable code. A secret's value never appears in the message.
///
/// ```swift
/// do { _ = try CompanyConfiguration.load(path: "companies.toml") }
/// catch let error as ConfigurationError where error.code == .unknownKey { print(error) }
/// // companies.toml:12: unknown key 'evry_minutes' in [company.acme] (known: base_url, …)
/// ```
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The file cannot be read.
        case unreadable
        /// The file is not valid TOML.
        case syntax
        /// A key the file's section does not know (a misspelling would otherwise be ignored).
        case unknownKey = "unknown-key"
        /// A value of the wrong type, or outside what the key accepts.
        case badValue = "bad-value"
        /// A key the section needs is missing.
        case missingKey = "missing-key"
        /// The file to be written exists (`concur-extract init` without `--force`).
        case alreadyExists = "already-exists"
    }

    public var code: Code
    /// The file as it was named (a path); empty when the setting came from no file (a flag, a variable).
    public var file: String
    /// The 1-based line, or 0 when no line applies (an unreadable file, a missing key in an empty file).
    public var line: Int
    /// The dotted key the error is about (`company.acme.every_minutes`), when there is one.
    public var key: String?
    public var message: String

    public init(_ code: Code, file: String, line: Int, key: String? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: message`, as compilers print it (`file: message` when no line applies, the message alone
    /// when no file does).
    public var description: String {
        if file.isEmpty { return message }
        return line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}
