public import ExtractClient
public import Foundation

/// Where alerts are posted (`--alert-webhook URL`, `alert_webhook` in a company's section): an `https` URL, or
/// plain `http` on this machine only. Webhook URLs often carry a token in their path (Slack's do), so the URL is
/// never shown whole: ``description`` is its origin.
///
/// ```swift
/// let hook = try AlertWebhook("https://hooks.slack.com/services/T0/B0/xyz")
/// print(hook)   // https://hooks.slack.com/…
/// ```
public struct AlertWebhook: Sendable, Hashable, CustomStringConvertible {
    public let url: URL

    /// The webhook at `text`.
    /// - Throws: ``Refusal`` saying why (no URL, another scheme, plain `http` off this machine), without the URL.
    public init(_ text: String) throws(Refusal) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URL(string: trimmed), let origin = Origin(url) else {
            throw Refusal(reason: "not an http(s) URL with a host")
        }
        guard url.user == nil, url.password == nil else {
            throw Refusal(reason: "a webhook URL has no user or password")
        }
        guard origin.scheme == "https" || origin.isLoopback else {
            throw Refusal(reason: "plain http off this machine (\(origin)): use https (http only for 127.0.0.1)")
        }
        self.url = url
    }

    /// Scheme, host and port; never the path or the query (which may hold a token).
    public var description: String { (Origin(url)?.description ?? "webhook") + "/…" }

    /// Why a webhook URL was refused (the URL itself is not repeated: it may hold a token).
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { "the alert webhook is refused: \(reason)" }
    }
}
