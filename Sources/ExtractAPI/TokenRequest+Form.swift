public import Foundation

extension TokenRequest {
    /// The form fields in a fixed order: `grant_type`, `client_id`, `client_secret`, then the grant's fields.
    public var formFields: [(name: String, value: String)] {
        var fields = [("grant_type", grant.grantType), ("client_id", clientID), ("client_secret", clientSecret)]
        switch grant {
        case .password(let username, let password, let credentialType):
            fields += [("username", username), ("password", password)]
            if let credentialType { fields.append(("credtype", credentialType)) }
        case .refreshToken(let token, let scope):
            fields.append(("refresh_token", token))
            if let scope { fields.append(("scope", scope)) }
        case .clientCredentials:
            break
        }
        return fields.map { (name: $0.0, value: $0.1) }
    }

    /// The percent-encoded form (only `A–Z a–z 0–9 - . _ ~` left as is; space as `%20`).
    public func formBody() -> Data {
        let text = formFields.map { Self.formEncode($0.name) + "=" + Self.formEncode($0.value) }.joined(separator: "&")
        return Data(text.utf8)
    }

    /// Parses a form body. Missing fields are reported in the order `client_id`, `client_secret`,
    /// `grant_type`, then the grant's fields, with ``ExtractAPIDecodingError/path`` naming the field, so a
    /// server can map them to Concur's codes (62, 63, 65, 106 …). `+` reads as a space; the first
    /// occurrence of a repeated field wins; unknown fields are ignored.
    public init(form data: Data) throws(ExtractAPIDecodingError) {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExtractAPIDecodingError(.malformedForm, "the form body is not UTF-8")
        }
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.formDecode(parts[0]) else {
                throw ExtractAPIDecodingError(
                    .malformedForm,
                    "bad percent-encoding in a field name",
                    value: String(pair)
                )
            }
            guard let value = parts.count > 1 ? Self.formDecode(parts[1]) : "" else {
                throw ExtractAPIDecodingError(.malformedForm, "bad percent-encoding in '\(name)'", path: name)
            }
            if fields[name] == nil { fields[name] = value }
        }
        func required(_ name: String) throws(ExtractAPIDecodingError) -> String {
            guard let value = fields[name], !value.isEmpty else { throw .missing(name, path: name) }
            return value
        }
        let clientID = try required("client_id")
        let clientSecret = try required("client_secret")
        let grant: Grant
        switch try required("grant_type") {
        case "password":
            grant = .password(
                username: try required("username"),
                password: try required("password"),
                credentialType: fields["credtype"].flatMap { $0.isEmpty ? nil : $0 }
            )
        case "refresh_token":
            grant = .refreshToken(
                try required("refresh_token"),
                scope: fields["scope"].flatMap { $0.isEmpty ? nil : $0 }
            )
        case "client_credentials":
            grant = .clientCredentials
        case let other:
            throw ExtractAPIDecodingError(.invalidValue, "unsupported 'grant_type'", path: "grant_type", value: other)
        }
        self.init(clientID: clientID, clientSecret: clientSecret, grant: grant)
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )

    private static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static func formDecode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
