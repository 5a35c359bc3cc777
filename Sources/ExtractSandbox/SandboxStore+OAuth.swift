import Crypto
public import ExtractAPI
import Foundation
import JWTKit

extension SandboxStore {
    /// The scope every Extract route needs.
    public static let extractScope = "EXTRCT"

    // MARK: Bearer tokens on the Extract routes

    /// Checks an `Authorization` header for the Extract routes: 401 when it is missing or not `Bearer`/`OAuth`;
    /// 403 for an unknown, expired or revoked token, a token without `EXTRCT`, or a user who is not an
    /// administrator; 400 "request limit" over the per-token budget.
    public func authorize(_ header: String?) throws(SandboxError) -> SandboxAccessToken {
        let (value, token) = try liveToken(header)
        guard token.scopes.contains(Self.extractScope) else {
            throw SandboxError(
                .insufficientScope,
                status: 403,
                "Forbidden Request: the app is not enabled for the EXTRCT scope."
            )
        }
        if let username = token.username,
            let user = state.company(id: token.companyID)?.users.first(where: { $0.username == username }),
            !user.isAdministrator
        {
            throw SandboxError(
                .notAdministrator,
                status: 403,
                "Forbidden Request: the user is not a Company or Web Services Administrator."
            )
        }
        return try count(token, value: value)
    }

    /// The token of an `Authorization` header, if it exists, is not revoked and has not expired: 401 when the
    /// header is missing or not `Bearer`/`OAuth`, 403 otherwise.
    func liveToken(_ header: String?) throws(SandboxError) -> (String, SandboxAccessToken) {
        let parts = (header ?? "").split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2,
            ["bearer", "oauth"].contains(parts[0].lowercased())
        else {
            throw SandboxError(
                .missingAuthorization,
                status: 401,
                "The Authorization header is missing or does not use the Bearer or OAuth scheme."
            )
        }
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        guard let token = state.accessTokens[value] else {
            throw SandboxError(.unknownToken, status: 403, "Forbidden Request: the access token is not valid.")
        }
        guard !token.isRevoked else {
            throw SandboxError(.revokedToken, status: 403, "Forbidden Request: the access token was revoked.")
        }
        guard clock.now < token.expiresAt else {
            throw SandboxError(.expiredToken, status: 403, "Forbidden Request: the access token has expired.")
        }
        return (value, token)
    }

    /// Counts one request of `token`; 400 "request limit" over the per-token budget.
    func count(_ token: SandboxAccessToken, value: String) throws(SandboxError) -> SandboxAccessToken {
        var token = token
        token.requestCount += 1
        state.accessTokens[value] = token
        if let budget = configuration.requestBudgetPerToken, token.requestCount > budget {
            throw SandboxError(
                .requestLimit,
                status: 400,
                "The number of requests exceeds the request limit. Please try again later."
            )
        }
        return token
    }

    // MARK: Token endpoint

    /// Answers `POST /oauth2/v0/token`. `ownBaseURL` is the sandbox's address as the client called it: the
    /// `geolocation` of companies that have none of their own. The access and id tokens are RS256-signed JWTs
    /// (``SandboxTokenClaims``); a refresh returns the same refresh token unless ``SandboxConfiguration/refreshRotation``
    /// is ``SandboxRefreshRotation/always``.
    public func issueToken(
        _ request: TokenRequest,
        ownBaseURL: String
    ) async throws(SandboxOAuthError) -> TokenResponse {
        guard let found = findClient(request.clientID) else {
            throw SandboxOAuthError(401, "invalid_client", "Client not found.", code: 61)
        }
        let (companyIndex, client) = found
        let company = state.companies[companyIndex]
        // Every 4xx names where the company lives, as Concur's error bodies do.
        let geolocation = company.geolocation ?? ownBaseURL
        guard client.secret == request.clientSecret else {
            throw SandboxOAuthError(
                401,
                "invalid_client",
                "Incorrect credentials. Please Retry",
                code: 64,
                geolocation: geolocation
            )
        }
        guard client.isEnabled else {
            throw SandboxOAuthError(403, "access_denied", "The client is disabled.", code: 59, geolocation: geolocation)
        }
        let now = clock.now
        switch request.grant {
        case .password(let username, let password, let credentialType):
            let incorrectCredentials = SandboxOAuthError(
                400,
                "invalid_grant",
                "Incorrect Credentials. Please Retry",
                code: 5,
                geolocation: geolocation
            )
            switch (credentialType ?? "password").lowercased() {
            case "password":
                guard
                    let user = company.users.first(where: {
                        $0.username.caseInsensitiveCompare(username) == .orderedSame
                    }), user.password == password
                else {
                    throw incorrectCredentials
                }
                return try await issue(
                    company: company,
                    client: client,
                    username: user.username,
                    scopes: client.scopes,
                    now: now,
                    geolocation: geolocation
                )
            case "authtoken":
                guard username.caseInsensitiveCompare(company.id) == .orderedSame, password == company.requestToken
                else {
                    throw incorrectCredentials
                }
                return try await issue(
                    company: company,
                    client: client,
                    username: nil,
                    scopes: client.scopes,
                    now: now,
                    geolocation: geolocation,
                    companyLevel: true
                )
            default:
                throw SandboxOAuthError(
                    400,
                    "invalid_request",
                    "The credtype is not valid.",
                    code: 120,
                    geolocation: geolocation
                )
            }
        case .refreshToken(let value, let scope):
            guard client.allowsRefresh else {
                throw SandboxOAuthError(
                    400,
                    "invalid_request",
                    "Refresh disallowed for app.",
                    code: 107,
                    geolocation: geolocation
                )
            }
            guard let refresh = state.refreshTokens[value], refresh.clientID == client.id, now < refresh.expiresAt
            else {
                throw SandboxOAuthError(
                    400,
                    "invalid_grant",
                    "The refresh token is invalid or expired; re-authorisation is needed.",
                    code: 108,
                    geolocation: geolocation
                )
            }
            var scopes = refresh.scopes
            if let scope {
                let requested = scope.split(whereSeparator: \.isWhitespace).map(String.init)
                guard requested.allSatisfy({ refresh.scopes.contains($0) }) else {
                    throw SandboxOAuthError(
                        400,
                        "invalid_scope",
                        "The scope is not allowed.",
                        code: 54,
                        geolocation: geolocation
                    )
                }
                scopes = requested
            }
            // Consumed before signing (an await), so a concurrent refresh with the same token cannot also succeed.
            let kept: SandboxRefreshToken?
            switch configuration.refreshRotation {
            case .always:
                state.refreshTokens[value] = nil
                kept = nil
            case .never:
                kept = refresh
            }
            return try await issue(
                company: company,
                client: client,
                username: refresh.username,
                scopes: scopes,
                now: now,
                geolocation: geolocation,
                companyLevel: refresh.companyLevel ?? false,
                keeping: kept
            )
        case .clientCredentials:
            return try await issue(
                company: company,
                client: client,
                username: nil,
                scopes: client.scopes,
                now: now,
                geolocation: geolocation,
                withRefresh: false
            )
        }
    }

    private func findClient(_ id: String) -> (Int, SandboxClient)? {
        for (index, company) in state.companies.enumerated() {
            if let client = company.clients.first(where: { $0.id == id }) { return (index, client) }
        }
        return nil
    }

    /// Signs and records a new access token (and, but for client credentials, an id token and a refresh token:
    /// `keeping`, the one the refresh grant used, when rotation is off).
    private func issue(
        company: SandboxCompany,
        client: SandboxClient,
        username: String?,
        scopes: [String],
        now: Date,
        geolocation: String,
        withRefresh: Bool = true,
        companyLevel: Bool = false,
        keeping kept: SandboxRefreshToken? = nil
    ) async throws(SandboxOAuthError) -> TokenResponse {
        let lifetime = max(1, Int(configuration.accessTokenLifetime.rounded()))
        // Whole seconds, as a JWT's NumericDate is written.
        let issuedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let expiresAt = issuedAt.addingTimeInterval(TimeInterval(lifetime))
        let principal = Self.principal(company: company, client: client, username: username, companyLevel: companyLevel)
        var claims = SandboxTokenClaims(
            subject: SubjectClaim(value: principal.subject),
            audience: AudienceClaim(value: [client.id]),
            issuer: IssuerClaim(value: geolocation),
            expiration: ExpirationClaim(value: expiresAt),
            issuedAt: IssuedAtClaim(value: issuedAt),
            notBefore: NotBeforeClaim(value: issuedAt),
            id: IDClaim(value: UUID().uuidString.lowercased()),
            principalType: principal.type,
            company: company.id,
            scope: scopes.joined(separator: " ")
        )
        let accessValue: String
        var idToken: String?
        do {
            let signer = try await tokenSigner()
            accessValue = try await signer.sign(claims)
            if withRefresh {
                claims.id = IDClaim(value: UUID().uuidString.lowercased())
                claims.scope = nil
                claims.version = 2
                claims.profile = geolocation + "/profile/v1/principals/" + principal.subject
                claims.accessTokenHash = SandboxTokenSigner.accessTokenHash(accessValue)
                idToken = try await signer.sign(claims)
            }
        } catch {
            throw SandboxOAuthError(500, "server_error", "The token could not be signed.", code: nil)
        }
        let access = SandboxAccessToken(
            token: accessValue,
            companyID: company.id,
            clientID: client.id,
            username: username,
            scopes: scopes,
            expiresAt: expiresAt,
            isRevoked: false,
            requestCount: 0,
            companyLevel: companyLevel
        )
        state.accessTokens[access.token] = access
        var refreshValue: String?
        var refreshExpiry: Int64?
        if withRefresh {
            let refresh =
                kept
                ?? SandboxRefreshToken(
                    token: UUID().uuidString.lowercased(),
                    companyID: company.id,
                    clientID: client.id,
                    username: username,
                    scopes: scopes,
                    expiresAt: now.addingTimeInterval(configuration.refreshTokenLifetime),
                    companyLevel: companyLevel
                )
            state.refreshTokens[refresh.token] = refresh
            refreshValue = refresh.token
            refreshExpiry = Int64(refresh.expiresAt.timeIntervalSince1970.rounded(.down))
        }
        pruneExpiredTokens(now: now)
        markDirty()
        return TokenResponse(
            accessToken: access.token,
            tokenType: "Bearer",
            expiresIn: lifetime,
            refreshToken: refreshValue,
            refreshExpiresIn: refreshExpiry,
            scope: scopes.joined(separator: " "),
            idToken: idToken,
            geolocation: URL(string: geolocation)
        )
    }

    /// A token's subject and `concur.type`: a user (a UUID derived from the company and the user name, stable
    /// across restarts), the company (company-level tokens), or the app (client credentials).
    static func principal(
        company: SandboxCompany,
        client: SandboxClient,
        username: String?,
        companyLevel: Bool
    ) -> (subject: String, type: String) {
        if let username {
            let digest = Array(SHA256.hash(data: Data("\(company.id)/\(username.lowercased())".utf8)))
            var bytes = Array(digest.prefix(16))
            bytes[6] = (bytes[6] & 0x0F) | 0x50  // version 5 (name-based)
            bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
            let uuid = UUID(
                uuid: (
                    bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                    bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
                )
            )
            return (uuid.uuidString.lowercased(), "user")
        }
        return companyLevel ? (company.id, "company") : (client.id, "app")
    }

    /// Forgets tokens that expired more than a day ago, so the state stays small.
    private func pruneExpiredTokens(now: Date) {
        let horizon = now.addingTimeInterval(-86_400)
        state.accessTokens = state.accessTokens.filter { $0.value.expiresAt > horizon }
        state.refreshTokens = state.refreshTokens.filter { $0.value.expiresAt > horizon }
    }

    /// Revokes every access and refresh token of the caller's user (or company-level connection) and client:
    /// `DELETE /app-mgmt/v0/connections`.
    public func revokeConnection(accessToken value: String) throws(SandboxError) {
        guard let token = state.accessTokens[value], !token.isRevoked, clock.now < token.expiresAt else {
            throw SandboxError(.unknownToken, status: 403, "Forbidden Request: the access token is not valid.")
        }
        for (key, other) in state.accessTokens
        where other.companyID == token.companyID && other.clientID == token.clientID
            && other.username == token.username
        {
            state.accessTokens[key]?.isRevoked = true
        }
        state.refreshTokens = state.refreshTokens.filter {
            !($0.value.companyID == token.companyID && $0.value.clientID == token.clientID
                && $0.value.username == token.username)
        }
        markDirty()
    }

    /// Makes an access token expire now (tests of the refresh path).
    public func expireAccessToken(_ value: String) {
        state.accessTokens[value]?.expiresAt = clock.now
        markDirty()
    }
}
