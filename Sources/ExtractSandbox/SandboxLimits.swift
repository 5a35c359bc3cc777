/// The sandbox's resource limits, in one place: what one request may cost the server before it is refused.
///
/// A body over its limit is answered 413 (the platform `Error` body, or an OAuth2 error at the token
/// endpoint), naming the limit; a connection whose request headers (or the next part of a body) do not arrive
/// within ``requestTimeout`` is closed. Request bodies are parsed with `ExtractWire.DecodingLimits.standard`.
///
/// ```swift
/// var configuration = SandboxConfiguration()
/// configuration.limits.requestTimeout = .seconds(2)
/// configuration.limits.maximumBodyBytes = 64 << 10
/// ```
public struct SandboxLimits: Sendable, Hashable {
    /// The largest body accepted by the Extract and admin routes (1 MiB; a real start-job body is under 1 KiB).
    public var maximumBodyBytes: Int = 1 << 20
    /// The largest form accepted by the token endpoint (64 KiB).
    public var maximumTokenBodyBytes: Int = 64 << 10
    /// How long a connection may stay idle: before its request headers are complete, between parts of a body,
    /// and between requests (10 s). A slow handler is not cut off.
    public var requestTimeout: Duration = .seconds(10)
    /// The most items one FIS acknowledgement or confirmation request may list (500); a larger batch is refused
    /// whole with 400 `batch-too-large`, nothing applied.
    public var maximumFISBatchItems: Int = 500

    public init() {}
}
