import Foundation

/// Adds `Authorization: Bearer …` from the ``TokenStore`` — only where ``OriginPolicy/bearer(for:tokenOrigin:)``
/// allows — and, when the server refuses the token (401, or 403 "expired"/"invalid token"/"revoked"),
/// invalidates it and tries once more with a fresh one.
struct BearerAuthMiddleware: ExtractMiddleware {
    let tokens: TokenStore

    func intercept(_ request: ExtractHTTPRequest, next: ExtractPipeline.Next) async throws -> ExtractHTTPResponse {
        var token = try await tokens.validToken()
        var reauthorized = false
        while true {
            var authorized = request
            authorized.headers.append(("Authorization", try Self.authorization(token, for: request)))
            let response = try await next(authorized)
            if !reauthorized, Self.refusesToken(response) {
                reauthorized = true
                await tokens.invalidate(token)
                token = try await tokens.validToken()
                continue
            }
            return response
        }
    }

    /// The header value for `token` on `request`, or the error saying why the token may not go there.
    static func authorization(_ token: AccessToken, for request: ExtractHTTPRequest) throws -> String {
        if let tokenOrigin = Origin(token.geolocation.baseURL) {
            if let refusal = OriginPolicy.bearer(for: request.url, tokenOrigin: tokenOrigin) {
                throw refusal.error(operation: request.operation)
            }
        } else {
            throw OriginPolicy.Refusal.notHTTP(token.geolocation.baseURL).error(operation: request.operation)
        }
        try validate(token.value, operation: request.operation)
        return "Bearer \(token.value)"
    }

    /// Refuses a token that cannot be a header value (CR/LF, controls, spaces, non-ASCII): a server that sends
    /// one is trying to inject headers. The message never shows the token.
    static func validate(_ token: String, operation: String) throws {
        let valid = !token.isEmpty && token.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) }
        guard valid else {
            throw ExtractClientError(
                .invalidToken,
                "the access token holds characters a token cannot have (CR/LF, control characters, spaces or "
                    + "non-ASCII); it was refused and not used. The token endpoint is misbehaving: check the base "
                    + "URL, then run `concur-extract login`",
                operation: operation
            )
        }
    }

    static func refusesToken(_ response: ExtractHTTPResponse) -> Bool {
        guard response.status == 401 || response.status == 403 else { return false }
        if response.status == 401 { return true }
        let text = response.bodySnippet.lowercased()
        return text.contains("expired") || text.contains("invalid token") || text.contains("revoked")
    }
}
