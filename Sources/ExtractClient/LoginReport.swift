public import Foundation

/// What `login` prints: where calls go, when the access token expires, where it is kept. No secret.
///
/// ```swift
/// let report = LoginReport(try await tokens.login(credentials), stateDirectory: state)
/// print(report.text, terminator: "")
/// ```
public struct LoginReport: Sendable, Hashable, Codable {
    public var loggedIn: Bool
    /// The base URL of the company's geolocation.
    public var geolocation: String
    /// ISO 8601, e.g. `2026-01-15T07:00:00Z`.
    public var accessTokenExpires: String
    public var stateDirectory: String

    public init(_ token: AccessToken, stateDirectory: URL) {
        loggedIn = true
        geolocation = token.geolocation.baseURL.absoluteString
        accessTokenExpires = ISO8601DateFormatter().string(from: token.expiresAt)
        self.stateDirectory = stateDirectory.path
    }

    public var text: String {
        """
        logged in; calls go to \(geolocation); the access token expires \(accessTokenExpires)
        token kept in \(URL(fileURLWithPath: stateDirectory).appendingPathComponent("token.json").path) (mode 0600)

        """
    }
}
