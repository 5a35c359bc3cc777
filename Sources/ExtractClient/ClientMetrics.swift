public import Metrics

/// What the client records in swift-metrics: every HTTP attempt and every retry (by method, operation and
/// status), and every token request (by grant and outcome). Labels are bounded: the operation is the client's
/// name for the call (`start job`, `download`, `poll job`: a route template, never a URL or an id) and the
/// status an HTTP code, or `error` when no answer came.
///
/// ```swift
/// var configuration = ExtractClientConfiguration()
/// configuration.metrics = PrometheusMetricsFactory(registry: registry)   // default: MetricsSystem.factory
/// ```
struct ClientMetrics: Sendable {
    /// Where the metrics go; `nil`: the process's bootstrapped `MetricsSystem.factory`, read when recording.
    var factory: (any MetricsFactory)?

    static let requests = "concur_extract_http_requests_total"
    static let retries = "concur_extract_http_retries_total"
    static let tokenRequests = "concur_extract_token_requests_total"

    private var resolved: any MetricsFactory { factory ?? MetricsSystem.factory }

    /// One attempt of `request` ended with `status` (an HTTP code, or `nil` when no answer came).
    func attempt(_ request: ExtractHTTPRequest, status: Int?) {
        Counter(label: Self.requests, dimensions: Self.dimensions(request, status: status), factory: resolved)
            .increment()
    }

    /// `request` is sent again after an attempt that ended with `status`.
    func retry(_ request: ExtractHTTPRequest, status: Int?) {
        Counter(label: Self.retries, dimensions: Self.dimensions(request, status: status), factory: resolved)
            .increment()
    }

    /// A token request of `grant` (`refresh` or `login`) succeeded or failed.
    func tokenRequest(grant: String, succeeded: Bool) {
        Counter(
            label: Self.tokenRequests,
            dimensions: [("grant", grant), ("outcome", succeeded ? "ok" : "failed")],
            factory: resolved
        ).increment()
    }

    static func dimensions(_ request: ExtractHTTPRequest, status: Int?) -> [(String, String)] {
        [
            ("method", request.method.rawValue), ("operation", request.operation),
            ("status", status.map(String.init) ?? "error"),
        ]
    }
}
