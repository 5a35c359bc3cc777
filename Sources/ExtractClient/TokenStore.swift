public import AccountingExtract
public import ExtractAPI
public import Foundation
public import Metrics

/// Hands out valid access tokens: refreshes ahead of expiry, coalesces concurrent refreshes into one request,
/// persists the rotated refresh token and the geolocation after every token response, and follows the
/// geolocation so every later call (and refresh) goes to the right data center.
///
/// The HTTP layer supplies the ``Fetcher`` that posts a `TokenRequest` to a token endpoint and returns the
/// decoded `TokenResponse`; for an error answer it throws the decoded `OAuthErrorResponse` (directly or
/// as the ``ExtractClientError/underlying`` error of an ``ExtractClientError`` that carries the HTTP status
/// and correlation id).
///
/// ```swift
/// let store = TokenStore(
///     client: ClientCredentials(clientID: id, clientSecret: secret),
///     geolocation: .us,
///     persistence: FileTokenPersistence(url: tokenFile),
///     fetcher: { endpoint, request in try await http.postToken(endpoint, request.formBody()) })
/// let token = try await store.validToken()          // refreshes only when needed
/// // … on 401/403: await store.invalidate(token); then retry once with try await store.validToken()
/// ```
public actor TokenStore {
    /// Posts `request` to the token endpoint `endpoint` and returns the answer.
    public typealias Fetcher = @Sendable (_ endpoint: URL, _ request: TokenRequest) async throws -> TokenResponse

    private let client: ClientCredentials
    private let login: LoginCredentials?
    private let persistence: any TokenPersistence
    private let fetcher: Fetcher
    private let clock: any WallClock
    private var machine: TokenRefreshMachine
    private var currentGeolocation: Geolocation
    private var loaded = false
    private var unsaved: StoredToken?
    private var inFlight: Task<AccessToken, any Error>?
    private let metrics: ClientMetrics

    /// A store for the app `client`.
    ///
    /// - Parameters:
    ///   - client: the app's client id and secret.
    ///   - geolocation: where to ask for the first token (the app's own base URI); replaced by the token's.
    ///   - login: credentials for a full grant when no refresh token works; `nil` when only a person can log in.
    ///   - persistence: where the token is kept; loaded on first use.
    ///   - policy: when to refresh ahead of expiry.
    ///   - clock: where the time is read (tests inject a `SimulatedClock`).
    ///   - fetcher: the call to the token endpoint.
    ///   - metrics: where each token request is counted (`concur_extract_token_requests_total{grant, outcome}`,
    ///     grant `refresh` or `login`); `nil`: the process's `MetricsSystem.factory`.
    public init(
        client: ClientCredentials,
        geolocation: Geolocation,
        login: LoginCredentials? = nil,
        persistence: any TokenPersistence,
        policy: TokenRefreshPolicy = .default,
        clock: any WallClock = SystemClock(),
        metrics: (any MetricsFactory)? = nil,
        fetcher: @escaping Fetcher
    ) {
        self.metrics = ClientMetrics(factory: metrics)
        self.client = client
        self.login = login
        self.persistence = persistence
        self.fetcher = fetcher
        self.clock = clock
        self.currentGeolocation = geolocation
        self.machine = TokenRefreshMachine(token: nil, canAuthenticate: login != nil, policy: policy)
    }

    /// The data center every call goes to now (the latest token's geolocation).
    public var geolocation: Geolocation { currentGeolocation }

    /// The base URL every call goes to now.
    public var baseURL: URL { currentGeolocation.baseURL }

    /// The token as it stands (for status displays; `nil` before the first load or login).
    public var storedToken: StoredToken? { machine.token }

    /// A valid access token, refreshed or fetched when needed. Concurrent callers share one request.
    ///
    /// - Throws: ``ExtractClientError`` with ``ExtractClientError/Code/refreshTokenExpired`` (code 108: a person
    ///   must issue a new company request token), ``ExtractClientError/Code/notAuthenticated``,
    ///   ``ExtractClientError/Code/unauthorized``, ``ExtractClientError/Code/persistence`` (the rotated token
    ///   could not be saved; retried on the next call), or what the fetcher threw.
    public func validToken() async throws -> AccessToken {
        if let inFlight { return try await inFlight.value }
        if loaded, unsaved == nil, machine.action(at: clock.now) == .use, let token = machine.token {
            return AccessToken(token)
        }
        let task = Task { try await self.obtain() }
        inFlight = task
        return try await task.value
    }

    /// Forgets the access token after the server rejected it (401/403 "expired or revoked"), so the next
    /// ``validToken()`` refreshes. Pass the rejected token: when another caller has already replaced it,
    /// nothing happens, so simultaneous failures cause one refresh, not many.
    public func invalidate(_ token: AccessToken? = nil) {
        machine.invalidate(accessToken: token?.value)
    }

    /// Runs the full grant with `credentials` now (`concur-extract login`), at the current geolocation, and
    /// saves the result.
    public func login(_ credentials: LoginCredentials) async throws -> AccessToken {
        while let inFlight { _ = try? await inFlight.value }
        let task = Task { try await self.loginNow(credentials) }
        inFlight = task
        return try await task.value
    }

    // MARK: - The single in-flight operation

    private func obtain() async throws -> AccessToken {
        defer { inFlight = nil }
        try await loadIfNeeded()
        if let unsaved { try await persist(unsaved) }
        switch machine.action(at: clock.now) {
        case .use:
            guard let token = machine.token else { throw ExtractClientError.notAuthenticated() }
            return AccessToken(token)
        case .refresh:
            return try await refresh()
        case .authenticate:
            guard let login else { throw ExtractClientError.notAuthenticated() }
            return try await authenticate(with: login)
        case .failRefreshTokenExpired:
            throw ExtractClientError.refreshTokenExpired()
        case .failNotAuthenticated:
            throw ExtractClientError.notAuthenticated()
        }
    }

    private func loginNow(_ credentials: LoginCredentials) async throws -> AccessToken {
        defer { inFlight = nil }
        try await loadIfNeeded()
        return try await authenticate(with: credentials)
    }

    private func loadIfNeeded() async throws {
        guard !loaded else { return }
        if let stored = try await persistence.load() {
            machine.tokenReceived(stored)
            currentGeolocation = stored.geolocation
        }
        loaded = true
    }

    private func refresh() async throws -> AccessToken {
        guard let refreshToken = machine.token?.refreshToken else { throw ExtractClientError.notAuthenticated() }
        let request = TokenRequest(
            clientID: client.clientID,
            clientSecret: client.clientSecret,
            grant: .refreshToken(refreshToken, scope: nil)
        )
        let response: TokenResponse
        do {
            response = try await fetch(request)
            metrics.tokenRequest(grant: "refresh", succeeded: true)
        } catch {
            metrics.tokenRequest(grant: "refresh", succeeded: false)
            guard let oauth = Self.oauthError(in: error), Self.rejectsRefreshToken(oauth) else {
                throw Self.mapped(error, operation: "refresh token")
            }
            machine.refreshRejected()
            if let login { return try await authenticate(with: login) }
            let wrapper = error as? ExtractClientError
            throw ExtractClientError.refreshTokenExpired(
                statusCode: wrapper?.statusCode,
                correlationID: wrapper?.correlationID,
                underlying: oauth
            )
        }
        return try await accept(response, isCompanyToken: nil)
    }

    private func authenticate(with credentials: LoginCredentials) async throws -> AccessToken {
        let request = TokenRequest(
            clientID: client.clientID,
            clientSecret: client.clientSecret,
            grant: credentials.grant
        )
        let response: TokenResponse
        do {
            response = try await fetch(request)
            metrics.tokenRequest(grant: "login", succeeded: true)
        } catch {
            metrics.tokenRequest(grant: "login", succeeded: false)
            throw Self.mapped(error, operation: "log in")
        }
        return try await accept(response, isCompanyToken: credentials.isCompanyLevel)
    }

    /// Posts to the current data center; on code 16 ("user lives elsewhere") retries once at the named one.
    private func fetch(_ request: TokenRequest) async throws -> TokenResponse {
        do {
            return try await fetcher(currentGeolocation.tokenURL, request)
        } catch {
            guard let oauth = Self.oauthError(in: error), oauth.code == OAuthErrorResponse.Code.wrongDataCenter,
                let url = oauth.geolocation, let other = Geolocation(url: url), other != currentGeolocation
            else { throw error }
            currentGeolocation = other
            return try await fetcher(other.tokenURL, request)
        }
    }

    /// Keeps `response`; `isCompanyToken` is the grant's (`nil` for a refresh: the previous token's stands).
    private func accept(_ response: TokenResponse, isCompanyToken: Bool?) async throws -> AccessToken {
        let token = StoredToken(
            response: response,
            receivedAt: clock.now,
            previous: machine.token,
            currentGeolocation: currentGeolocation,
            isCompanyToken: isCompanyToken
        )
        machine.tokenReceived(token)
        currentGeolocation = token.geolocation
        try await persist(token)
        return AccessToken(token)
    }

    private func persist(_ token: StoredToken) async throws {
        do {
            try await persistence.save(token)
            unsaved = nil
        } catch {
            unsaved = token
            var failure = error as? ExtractClientError ?? ExtractClientError(.persistence, "", underlying: error)
            failure.message =
                "the new refresh token could not be saved, and the saved one no longer works: fix the cause "
                + "(the next call saves again) or run `concur-extract login`; " + failure.message
            failure.operation = "save token"
            throw failure
        }
    }

    // MARK: - Error mapping

    static func oauthError(in error: any Error) -> OAuthErrorResponse? {
        if let oauth = error as? OAuthErrorResponse { return oauth }
        if let wrapper = error as? ExtractClientError, let underlying = wrapper.underlying {
            return oauthError(in: underlying)
        }
        return nil
    }

    /// Code 108, or `invalid_grant` in answer to a refresh grant: the refresh token is dead.
    static func rejectsRefreshToken(_ oauth: OAuthErrorResponse) -> Bool {
        oauth.requiresReauthorization || oauth.error == "invalid_grant"
    }

    static func mapped(_ error: any Error, operation: String) -> any Error {
        guard let oauth = oauthError(in: error) else { return error }
        let wrapper = error as? ExtractClientError
        return ExtractClientError(
            .unauthorized,
            "the Concur token endpoint refused the request (\(oauth)): check the client id and secret, or issue "
                + "a new company request token and run `concur-extract login`",
            statusCode: wrapper?.statusCode,
            operation: operation,
            correlationID: wrapper?.correlationID,
            underlying: oauth
        )
    }
}

extension AccessToken {
    init(_ token: StoredToken) {
        self.init(
            value: token.accessToken,
            expiresAt: token.accessTokenExpiry,
            geolocation: token.geolocation,
            scopes: token.scopes,
            isCompanyToken: token.isCompanyToken
        )
    }
}
