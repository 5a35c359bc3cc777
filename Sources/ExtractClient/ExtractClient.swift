/// A client for Concur's Extract v1 API. This module holds the I/O-free core the HTTP layer builds on:
///
/// - ``ExtractClientError``: one error type with stable codes and actionable messages.
/// - ``RetryPolicy`` and ``RetryDecision``: which failures to retry, how long to wait (`Retry-After`, backoff
///   with full jitter), and when a `POST` must be verified against the jobs list instead of resent.
/// - ``JobPoller``: the poll of one job as a pure state machine; `ExtractJobList.jobToAttach(definitionID:startedAtOrAfter:)`
///   picks the running job to follow after a 409.
/// - ``TokenRefreshMachine`` and ``TokenStore``: refresh ahead of expiry, one refresh for many callers,
///   rotated refresh token and geolocation persisted after every response (``FileTokenPersistence``).
/// - ``RunThrottle``: at most one run of a definition per interval, across processes.
/// - ``Geolocation``: data-center base URLs.
///
/// ```swift
/// let tokens = TokenStore(client: client, geolocation: .us, persistence: FileTokenPersistence(url: file),
///                         fetcher: http.fetchToken)
/// let token = try await tokens.validToken()
/// ```
public enum ExtractClientModule {}
