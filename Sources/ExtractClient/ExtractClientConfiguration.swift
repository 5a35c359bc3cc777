public import AccountingExtract
public import ExtractAPI
import Foundation
public import Metrics

/// How a ``ConcurClient`` talks to Concur.
///
/// ```swift
/// var configuration = ExtractClientConfiguration()
/// configuration.format = .json
/// configuration.poller.maximumWait = .seconds(7_200)
/// configuration.zipLimits.maximumEntries = 1_000
/// ```
public struct ExtractClientConfiguration: Sendable {
    /// XML (Concur's default) or JSON.
    public var format: ExtractWire.Format
    /// Which failures are retried, and how long to wait.
    public var retryPolicy: RetryPolicy
    /// How often to poll a job, and for how long at most.
    public var poller: JobPollerConfiguration
    /// Deadlines, rates and sizes of every exchange (see ``ExtractClientLimits`` for the defaults).
    public var limits: ExtractClientLimits
    /// The most time one API request may take, answer body included (Concur prescribes 60 s):
    /// ``ExtractClientLimits/requestDeadline``.
    public var requestTimeout: Duration {
        get { limits.requestDeadline }
        set { limits.requestDeadline = newValue }
    }
    /// The prefix of the `concur-correlationid` sent with every request.
    public var correlationPrefix: String
    /// What a downloaded zip may hold (entries, total unpacked size, compression ratio): see
    /// `ExtractZip.Limits` (AccountingExtract) for the defaults.
    public var zipLimits: ExtractZip.Limits
    /// The most bytes a zip may unpack to (`ExtractZip.Limits.maximumUnpackedSize`).
    public var maximumUnpackedSize: UInt64 {
        get { zipLimits.maximumUnpackedSize }
        set { zipLimits.maximumUnpackedSize = newValue }
    }
    /// How many times a download is attempted before giving up (at most the retry policy's attempts).
    public var downloadAttempts: Int
    /// Where the time is read: the retry middleware's start window and `Retry-After` dates, ``ConcurClient/startJob(_:)``'s
    /// look-back, the run throttle and the token stores built with this configuration (tests pass a
    /// `SimulatedClock`).
    public var clock: any WallClock
    /// Where the client records its HTTP attempts, retries and token requests (`concur_extract_http_requests_total`,
    /// `concur_extract_http_retries_total`, `concur_extract_token_requests_total`); `nil`: the process's
    /// `MetricsSystem.factory` (tests pass a registry of their own).
    public var metrics: (any MetricsFactory)?
    /// Where every exchange is recorded as a redacted HAR trace (`--trace FILE`), or `nil` (the default).
    public var trace: TraceRecorder?

    public init(
        format: ExtractWire.Format = .xml,
        retryPolicy: RetryPolicy = .default,
        poller: JobPollerConfiguration = JobPollerConfiguration(),
        limits: ExtractClientLimits = .default,
        requestTimeout: Duration? = nil,
        correlationPrefix: String = "concur-extract",
        zipLimits: ExtractZip.Limits = .default,
        downloadAttempts: Int = 4,
        clock: any WallClock = SystemClock(),
        trace: TraceRecorder? = nil
    ) {
        self.format = format
        self.retryPolicy = retryPolicy
        self.poller = poller
        self.limits = limits
        if let requestTimeout { self.limits.requestDeadline = requestTimeout }
        self.correlationPrefix = correlationPrefix
        self.zipLimits = zipLimits
        self.downloadAttempts = downloadAttempts
        self.clock = clock
        self.trace = trace
    }
}
