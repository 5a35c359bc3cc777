/// Token requests and responses carry secrets: their descriptions show only what is safe to log.
extension TokenRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "TokenRequest(client: \(clientID), secret: <redacted>, grant: \(grant))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

extension TokenRequest.Grant: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        switch self {
        case .password(let username, _, let credentialType):
            "password(username: \(username), password: <redacted>\(credentialType.map { ", credtype: \($0)" } ?? ""))"
        case .refreshToken(_, let scope): "refresh_token(<redacted>\(scope.map { ", scope: \($0)" } ?? ""))"
        case .clientCredentials: "client_credentials"
        }
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

extension TokenResponse: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "TokenResponse(access_token: <redacted>, refresh_token: \(refreshToken == nil ? "none" : "<redacted>"), "
            + "expires_in: \(expiresIn), scope: \(scope ?? ""), geolocation: \(geolocation?.absoluteString ?? "none"))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
