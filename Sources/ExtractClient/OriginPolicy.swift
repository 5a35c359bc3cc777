import AccountingExtract
public import Foundation
import NIOHTTP1

/// A URL's origin: scheme, host and port (RFC 6454), the unit the client's credentials are bound to.
///
/// ```swift
/// Origin(URL(string: "https://US.api.concursolutions.com/api/x")!)?.description   // https://us.api.concursolutions.com
/// Origin(URL(string: "file:///etc/passwd")!)                                          // nil: not http(s)
/// ```
public struct Origin: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int

    /// The origin of an `http` or `https` URL with a host; `nil` for anything else.
    public init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = url.host?.lowercased(), !host.isEmpty
        else { return nil }
        self.scheme = scheme
        self.host = host
        self.port = url.port ?? (scheme == "https" ? 443 : 80)
    }

    /// Whether the host is this machine (where plain `http` is allowed, for tests and the sandbox).
    public var isLoopback: Bool {
        ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
    }

    public var description: String {
        let defaultPort = scheme == "https" ? 443 : 80
        return "\(scheme)://\(host)" + (port == defaultPort ? "" : ":\(port)")
    }
}

/// The one place that decides where the client's credentials may go:
///
/// - the bearer token only to the origin it was issued for (the token's geolocation, which starts as the
///   configured base URL), over `https` unless that origin is loopback;
/// - a redirect is followed only to the same origin (so never `https` → `http`, and never with the token or
///   the token form to another host), at most a limited number of times.
///
/// Pure: table-tested without a network.
///
/// ```swift
/// OriginPolicy.bearer(for: link, tokenOrigin: Origin(geolocation.baseURL)!)   // nil, or why not
/// ```
enum OriginPolicy {
    /// Why a request or redirect was refused.
    enum Refusal: Sendable, Hashable {
        /// The URL is not `http(s)` with a host (`file://`, `ftp://`, no host).
        case notHTTP(URL)
        /// The URL's origin is not the token's.
        case foreignOrigin(url: URL, origin: Origin, tokenOrigin: Origin)
        /// The token's own origin is plain `http` and not loopback.
        case insecure(Origin)
        /// A redirect to another origin (or from `https` to `http`).
        case crossOriginRedirect(from: Origin, to: Origin)
        /// A redirect to something that is not an `http(s)` URL, or without a `Location`.
        case badRedirect(from: Origin, location: String)
        /// More redirects than allowed.
        case tooManyRedirects(from: Origin, limit: Int)

        var code: ExtractClientError.Code {
            switch self {
            case .notHTTP, .foreignOrigin, .insecure: return .originRefused
            case .crossOriginRedirect, .badRedirect, .tooManyRedirects: return .redirectRefused
            }
        }

        var reason: String {
            switch self {
            case .notHTTP(let url):
                return "\(url.absoluteString.debugEscaped) is not an http(s) URL; the client follows only "
                    + "http(s) links at the token's origin"
            case .foreignOrigin(let url, let origin, let tokenOrigin):
                return "\(url.absoluteString.debugEscaped) is at origin \(origin), but the token was issued for "
                    + "\(tokenOrigin); the token is sent only to its own origin, so the request was not sent"
            case .insecure(let origin):
                return "the token's origin \(origin) is plain http; https is required except on loopback"
            case .crossOriginRedirect(let from, let to):
                return "\(from) redirected to another origin, \(to); redirects are followed only within the "
                    + "same origin (credentials never go elsewhere, never from https to http)"
            case .badRedirect(let from, let location):
                return "\(from) redirected to '\(location.debugEscaped)', which is not an http(s) URL"
            case .tooManyRedirects(let from, let limit):
                return "\(from) redirected more than \(limit) times; check the base URL"
            }
        }

        func error(operation: String) -> ExtractClientError {
            ExtractClientError(code, reason, operation: operation)
        }
    }

    /// What to do with a redirect answer.
    enum RedirectDecision: Sendable, Equatable {
        /// Send again to `url`, with `method`; `keepsBody` is false when a 303 (or a 301/302 after `POST`)
        /// turns the request into a `GET`.
        case follow(URL, method: HTTPMethod, keepsBody: Bool)
        case refuse(Refusal)
    }

    /// `nil` when `url` may receive the token issued for `tokenOrigin`, else why not.
    static func bearer(for url: URL, tokenOrigin: Origin) -> Refusal? {
        guard let origin = Origin(url) else { return .notHTTP(url) }
        guard tokenOrigin.scheme == "https" || tokenOrigin.isLoopback else { return .insecure(tokenOrigin) }
        guard origin == tokenOrigin else { return .foreignOrigin(url: url, origin: origin, tokenOrigin: tokenOrigin) }
        return nil
    }

    /// What to do with an answer of `status` with `location` to a `method` request for `url`, after `hops`
    /// redirects already followed; `nil` when the answer is not a redirect to follow (it is returned as it is).
    static func redirect(
        status: Int,
        location: String?,
        from url: URL,
        method: HTTPMethod,
        hops: Int,
        limit: Int
    ) -> RedirectDecision? {
        guard [301, 302, 303, 307, 308].contains(status) else { return nil }
        guard let origin = Origin(url) else { return .refuse(.notHTTP(url)) }
        let text = (location ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, let target = URL(string: text, relativeTo: url)?.absoluteURL,
            let targetOrigin = Origin(target)
        else { return .refuse(.badRedirect(from: origin, location: text)) }
        guard targetOrigin == origin else { return .refuse(.crossOriginRedirect(from: origin, to: targetOrigin)) }
        guard hops < limit else { return .refuse(.tooManyRedirects(from: origin, limit: limit)) }
        let becomesGET = status == 303 || ((status == 301 || status == 302) && method == .POST)
        return .follow(target, method: becomesGET ? .GET : method, keepsBody: !becomesGET)
    }
}
