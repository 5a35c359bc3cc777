public import Foundation

/// When to refresh: a token is refreshed `margin` before it expires, where the margin is the smaller of
/// ``fixedMargin`` (60 s) and ``proportionalMargin`` (10 %) of its lifetime, so short-lived tokens are not
/// refreshed on every call.
///
/// ```swift
/// let policy = TokenRefreshPolicy(fixedMargin: .seconds(120), proportionalMargin: 0.2)
/// policy.margin(lifetime: .seconds(3600))   // 120 s
/// ```
public struct TokenRefreshPolicy: Sendable, Hashable {
    /// The most time before expiry at which a token is refreshed.
    public var fixedMargin: Duration
    /// The share of a token's lifetime before expiry at which it is refreshed, `0...1`.
    public var proportionalMargin: Double

    public init(fixedMargin: Duration = .seconds(60), proportionalMargin: Double = 0.1) {
        self.fixedMargin = max(.zero, fixedMargin)
        self.proportionalMargin = proportionalMargin.isFinite ? min(max(proportionalMargin, 0), 1) : 0.1
    }

    /// 60 s or 10 %, whichever is smaller.
    public static let `default` = TokenRefreshPolicy()

    /// The refresh-ahead margin for a token of this lifetime.
    public func margin(lifetime: Duration) -> Duration {
        min(fixedMargin, lifetime * proportionalMargin)
    }
}

/// What the token store must do before it can hand out a token.
public enum TokenAction: Sendable, Hashable {
    /// The current access token is good.
    case use
    /// Use the refresh token (`grant_type=refresh_token`).
    case refresh
    /// Run the full grant (`grant_type=password`, possibly `credtype=authtoken`).
    case authenticate
    /// Stop: the refresh token is expired or was rejected and no full grant is configured.
    case failRefreshTokenExpired
    /// Stop: there is no token at all and no full grant is configured.
    case failNotAuthenticated
}

/// The token lifecycle as a pure state machine: the stored token and what happened to it in, a
/// ``TokenAction`` out. ``TokenStore`` drives it; it never reads a clock.
///
/// ```swift
/// var machine = TokenRefreshMachine(token: stored, canAuthenticate: false)
/// machine.action(at: Date())          // .use, .refresh, …
/// machine.invalidate()                // after a 401/403 "token expired"
/// machine.action(at: Date())          // .refresh
/// ```
public struct TokenRefreshMachine: Sendable, Hashable {
    /// When to refresh ahead of expiry.
    public var policy: TokenRefreshPolicy
    /// Whether full-grant credentials are configured.
    public var canAuthenticate: Bool
    /// The current token, if any.
    public private(set) var token: StoredToken?
    /// The server rejected the current access token (401/403); it is not used again.
    public private(set) var accessTokenInvalidated = false
    /// The token endpoint rejected the current refresh token (code 108 / `invalid_grant`).
    public private(set) var refreshTokenRejected = false

    public init(token: StoredToken?, canAuthenticate: Bool, policy: TokenRefreshPolicy = .default) {
        self.token = token
        self.canAuthenticate = canAuthenticate
        self.policy = policy
    }

    /// What to do at `now`.
    public func action(at now: Date) -> TokenAction {
        guard let token else { return canAuthenticate ? .authenticate : .failNotAuthenticated }
        let margin = policy.margin(lifetime: token.accessTokenLifetime).seconds
        if !accessTokenInvalidated && now < token.accessTokenExpiry.addingTimeInterval(-margin) { return .use }
        let refreshUsable =
            token.refreshToken != nil && !refreshTokenRejected
            && token.refreshTokenExpiry.map { now < $0 } ?? true
        if refreshUsable { return .refresh }
        if canAuthenticate { return .authenticate }
        return token.refreshToken == nil ? .failNotAuthenticated : .failRefreshTokenExpired
    }

    /// A new token arrived (refresh or full grant); it replaces the old one and clears both rejections.
    public mutating func tokenReceived(_ token: StoredToken) {
        self.token = token
        accessTokenInvalidated = false
        refreshTokenRejected = false
    }

    /// The server rejected `accessToken` (401/403). Ignored when it is not the current token, so callers
    /// that fail together after one refresh do not refresh again.
    public mutating func invalidate(accessToken: String? = nil) {
        guard let token, accessToken == nil || accessToken == token.accessToken else { return }
        accessTokenInvalidated = true
    }

    /// The token endpoint rejected the refresh token (code 108 / `invalid_grant`).
    public mutating func refreshRejected() {
        refreshTokenRejected = true
    }
}
