public import Foundation

/// A private state file holding one `Codable` value as JSON (the token, the run history): saved durably and
/// privately (a ``DurableFile``, mode `0600`, its folder created `0700`), read only when it is a regular file of
/// this user that nobody else can read or write.
///
/// ```swift
/// let store = JSONFileStore<RunHistory>(
///     path: "/home/me/.local/state/concur-extract/runs.json",
///     name: "the run history",
///     remedy: "delete it to start afresh"
/// )
/// try store.save(history)
/// let again = try store.load()       // nil when the file does not exist
/// ```
public struct JSONFileStore<Value: Codable>: Sendable {
    /// The file.
    public let path: String
    /// What the file is, for messages: `the token file`.
    public let name: String
    /// What to do when the file cannot be decoded: `run \`concur-extract login\` to replace it`.
    public let remedy: String

    public init(path: String, name: String, remedy: String) {
        self.path = path
        self.name = name
        self.remedy = remedy
    }

    /// The value, or `nil` when the file does not exist.
    public func load() throws(JSONFileStoreError) -> Value? {
        guard let bytes = try readOwnerOnly() else { return nil }
        do {
            return try JSONDecoder().decode(Value.self, from: bytes)
        } catch {
            throw JSONFileStoreError(.damaged, path: path, "\(name) \(path) is damaged: \(remedy)", underlying: error)
        }
    }

    /// Replaces the file with `value` (sorted keys, indented), creating its folder (`0700`) when needed.
    public func save(_ value: Value) throws(JSONFileStoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let bytes: Data
        do {
            bytes = try encoder.encode(value)
        } catch {
            throw JSONFileStoreError(.unencodable, path: path, "cannot encode \(name)", underlying: error)
        }
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try PrivateFiles.createDirectory(folder) }
        } catch {
            throw JSONFileStoreError(.io, path: path, "cannot create the directory \(folder)", underlying: error)
        }
        do {
            try PrivateFiles.write(Array(bytes), to: path)
        } catch {
            throw JSONFileStoreError(.io, path: path, "\(error)", underlying: error)
        }
    }
}

/// Why a ``JSONFileStore`` could not load or save; the message names the file and what to do.
///
/// ```swift
/// do { _ = try store.load() } catch where error.code == .insecure { print(error.message) }   // … chmod 600 …
/// ```
public struct JSONFileStoreError: Error, Sendable, CustomStringConvertible {
    /// Stable codes.
    public enum Code: String, Sendable, Hashable {
        /// A symbolic link, not a regular file, another user's, or readable or writable by others.
        case insecure = "insecure-file"
        /// Reading or writing failed (the system's reason is in the message).
        case io = "io-error"
        /// The file is not the JSON of the value.
        case damaged = "damaged-file"
        /// The value could not be encoded.
        case unencodable = "unencodable"
    }

    public var code: Code
    /// The file.
    public var path: String
    public var message: String
    public var underlying: (any Error)?

    public init(_ code: Code, path: String, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.underlying = underlying
    }

    public var description: String { "\(message) [\(code.rawValue)]" }
}
