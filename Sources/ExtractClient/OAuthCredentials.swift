public import ExtractAPI

/// The app's OAuth2 client (`client_id`, `client_secret`). The description never shows the secret.
///
/// ```swift
/// let client = ClientCredentials(clientID: "my-app", clientSecret: secret)
/// print(client)   // ClientCredentials(clientID: my-app, clientSecret: <redacted>)
/// ```
public struct ClientCredentials: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// `client_id`.
    public var clientID: String
    /// `client_secret`.
    public var clientSecret: String

    public init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    public var description: String { "ClientCredentials(clientID: \(clientID), clientSecret: <redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: ["clientID": clientID, "clientSecret": "<redacted>"]) }
}

/// The credentials of a full password grant: a user's name and password, or (for a company-level token) the
/// company UUID and a company request token with `credtype=authtoken`. The description never shows the
/// password.
///
/// ```swift
/// let login = LoginCredentials.companyRequestToken(companyID: uuid, requestToken: token)
/// ```
public struct LoginCredentials: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// `username`: a user's login or the company UUID.
    public var username: String
    /// `password`: a user's password or a company request token (valid 24 h).
    public var password: String
    /// `credtype`: `password` (the default when `nil`) or `authtoken`.
    public var credentialType: String?

    public init(username: String, password: String, credentialType: String? = nil) {
        self.username = username
        self.password = password
        self.credentialType = credentialType
    }

    /// A company-level login: the company UUID and an admin-issued company request token.
    public static func companyRequestToken(companyID: String, requestToken: String) -> LoginCredentials {
        LoginCredentials(username: companyID, password: requestToken, credentialType: "authtoken")
    }

    /// Whether the grant yields a company-level token (`credtype=authtoken`), as FIS requires.
    public var isCompanyLevel: Bool { credentialType?.lowercased() == "authtoken" }

    /// The grant to send.
    public var grant: TokenRequest.Grant {
        .password(username: username, password: password, credentialType: credentialType)
    }

    public var description: String {
        "LoginCredentials(username: \(username), password: <redacted>, credtype: \(credentialType ?? "password"))"
    }
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["username": username, "password": "<redacted>", "credentialType": credentialType as Any]
        )
    }
}
