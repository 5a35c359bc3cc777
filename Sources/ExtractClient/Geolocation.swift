public import ExtractAPI
public import Foundation

/// A Concur data center's base URI (the token's `geolocation`), normalised: `https`, lower-case host, no
/// trailing slash, no query, fragment or user info.
///
/// Every API call and every token refresh goes to the geolocation of the latest token (§2).
/// Plain `http` is accepted only for loopback hosts, so tests and `concur-extract sandbox` can run locally.
///
/// ```swift
/// let geo = Geolocation("https://emea.api.concursolutions.com/")   // trailing slash dropped
/// geo?.baseURL                                                      // https://emea.api.concursolutions.com
/// geo?.url(for: .definitions)                                       // …/api/expense/extract/v1.0/
/// Geolocation("us.api.concursolutions.com")                         // https:// assumed
/// Geolocation("http://us.api.concursolutions.com")                  // nil: not https
/// ```
public struct Geolocation: Sendable, Hashable, CustomStringConvertible {
    /// The normalised base URL, e.g. `https://us.api.concursolutions.com`.
    public let baseURL: URL

    /// A geolocation from text as the token endpoint sends it; `nil` when it is not an `https` URL with a host.
    /// Surrounding whitespace and trailing slashes are ignored; text without a scheme is read as `https`.
    public init?(_ text: String) {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        if !trimmed.contains("://") { trimmed = "https://" + trimmed }
        guard var components = URLComponents(string: trimmed),
            let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty,
            components.user == nil, components.password == nil
        else { return nil }
        guard scheme == "https" || (scheme == "http" && Self.isLoopback(host)) else { return nil }
        components.scheme = scheme
        components.host = host
        components.query = nil
        components.fragment = nil
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        components.percentEncodedPath = path
        guard let url = components.url else { return nil }
        baseURL = url
    }

    /// Why `text`, a base URL a person wrote (a flag, a variable, a configuration file), is refused, or `nil`
    /// when it is a valid base URL. Stricter than ``init(_:)``: the scheme must be written, so that
    /// `localhost:8080` is refused by name instead of being tried as `https://localhost:8080`.
    ///
    /// ```swift
    /// Geolocation.refusal(of: "localhost:8080")  // "… has no scheme: write https://localhost:8080 (or http://…)"
    /// Geolocation.refusal(of: "https://us.api.concursolutions.com")  // nil
    /// ```
    public static func refusal(of text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let schemeEnd = trimmed.range(of: "://") else {
            return "'\(trimmed)' has no scheme: write https://\(trimmed) (or http://\(trimmed) for a server on this machine)"
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else {
            return "'\(trimmed)' has the scheme '\(scheme)': a base URL is https (http only for this machine)"
        }
        if Geolocation(trimmed) != nil { return nil }
        if scheme == "http" {
            return "'\(trimmed)' is plain http off this machine: use https (http only for localhost)"
        }
        return "'\(trimmed)' is not a URL with a host (and no user or password)"
    }

    /// A geolocation from a URL (for example `TokenResponse.geolocation`); `nil` under the rules of
    /// ``init(_:)``.
    public init?(url: URL) { self.init(url.absoluteString) }

    /// The token endpoint at this data center: `{base}/oauth2/v0/token`.
    public var tokenURL: URL { url(for: .token) }

    /// The absolute URL of `route` at this data center.
    public func url(for route: ExtractWire.Route) -> URL {
        // The base URL is a valid absolute URL and a route path is percent-encoded, so this cannot fail;
        // fall back to the base rather than trap.
        route.url(relativeTo: baseURL) ?? baseURL
    }

    public var description: String { baseURL.absoluteString }

    private static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "127.0.0.1" || host == "::1" || host == "[::1]"
    }
}

extension Geolocation {
    /// US, `https://us.api.concursolutions.com`.
    public static let us = Geolocation(known: "us.api.concursolutions.com")
    /// US2, `https://us2.api.concursolutions.com`.
    public static let us2 = Geolocation(known: "us2.api.concursolutions.com")
    /// EMEA, `https://emea.api.concursolutions.com` (`eu` is an alias).
    public static let emea = Geolocation(known: "emea.api.concursolutions.com")
    /// EU2, `https://eu2.api.concursolutions.com`.
    public static let eu2 = Geolocation(known: "eu2.api.concursolutions.com")
    /// China, `https://cn.api.concurcdc.cn`.
    public static let china = Geolocation(known: "cn.api.concurcdc.cn")
    /// PSCC (US government), `https://usg.api.concursolutions.com`.
    public static let usGovernment = Geolocation(known: "usg.api.concursolutions.com")
    /// US implementation, `https://us-impl.api.concursolutions.com`.
    public static let usImplementation = Geolocation(known: "us-impl.api.concursolutions.com")
    /// EMEA implementation, `https://emea-impl.api.concursolutions.com`.
    public static let emeaImplementation = Geolocation(known: "emea-impl.api.concursolutions.com")

    private init(known host: String) {
        // Only called with the literal hosts above.
        baseURL = URL(string: "https://" + host) ?? URL(fileURLWithPath: "/")
    }
}
