import AccountingExtract
public import Foundation

/// Where ``TokenStore`` keeps the token between runs. It saves after **every** token response, because the
/// refresh token rotates and the old one stops working.
///
/// ```swift
/// let persistence = FileTokenPersistence(url: home.appendingPathComponent(".concur-extract/token.json"))
/// let store = TokenStore(client: client, geolocation: .us, persistence: persistence, fetcher: fetch)
/// ```
public protocol TokenPersistence: Sendable {
    /// The saved token, or `nil` when none was saved.
    func load() async throws -> StoredToken?
    /// Replaces the saved token.
    func save(_ token: StoredToken) async throws
}

/// Keeps the token in memory only (tests, one-shot runs); records every save.
///
/// ```swift
/// let persistence = InMemoryTokenPersistence()
/// // … after a refresh:
/// await persistence.saves.count   // 1
/// ```
public actor InMemoryTokenPersistence: TokenPersistence {
    /// The current token.
    public private(set) var token: StoredToken?
    /// Every token saved, oldest first.
    public private(set) var saves: [StoredToken] = []

    public init(_ token: StoredToken? = nil) { self.token = token }

    public func load() -> StoredToken? { token }

    public func save(_ token: StoredToken) {
        self.token = token
        saves.append(token)
    }
}

/// Keeps the token in a JSON file with mode `0600`, replaced atomically (temporary file, `fsync`, `rename`);
/// refuses to read a file that others can read or write.
///
/// ```swift
/// let persistence = FileTokenPersistence(url: URL(fileURLWithPath: "/home/me/.concur-extract/token.json"))
/// try await persistence.save(token)
/// ```
public struct FileTokenPersistence: TokenPersistence {
    /// The file.
    public let url: URL

    public init(url: URL) { self.url = url }

    public func load() async throws -> StoredToken? {
        do {
            return try file.load()
        } catch {
            throw ExtractClientError(stateFile: error, operation: "read state")
        }
    }

    public func save(_ token: StoredToken) async throws {
        do { try file.save(token) } catch { throw ExtractClientError(stateFile: error, operation: "save state") }
    }

    private var file: JSONFileStore<StoredToken> {
        JSONFileStore(path: url.path, name: "the token file", remedy: "run `concur-extract login` to replace it")
    }
}
