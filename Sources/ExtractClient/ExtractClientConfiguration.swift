public import ExtractAPI
public import Foundation

/// How an ``ExtractClient`` talks to Concur.
///
/// ```swift
/// var configuration = ExtractClientConfiguration()
/// configuration.format = .json
/// configuration.poller.maximumWait = .seconds(7_200)
/// ```
public struct ExtractClientConfiguration: Sendable {
    /// XML (Concur's default) or JSON.
    public var format: ExtractAPI.Format
    /// Which failures are retried, and how long to wait.
    public var retryPolicy: RetryPolicy
    /// How often to poll a job, and for how long at most.
    public var poller: JobPollerConfiguration
    /// The most time one request may take (Concur prescribes 60 s).
    public var requestTimeout: Duration
    /// The prefix of the `concur-correlationid` sent with every request.
    public var correlationPrefix: String
    /// The most bytes a zip may unpack to.
    public var maximumUnpackedSize: UInt64
    /// How many times a download is attempted before giving up.
    public var downloadAttempts: Int

    public init(
        format: ExtractAPI.Format = .xml,
        retryPolicy: RetryPolicy = .default,
        poller: JobPollerConfiguration = JobPollerConfiguration(),
        requestTimeout: Duration = .seconds(60),
        correlationPrefix: String = "concur-extract",
        maximumUnpackedSize: UInt64 = 8 << 30,
        downloadAttempts: Int = 4
    ) {
        self.format = format
        self.retryPolicy = retryPolicy
        self.poller = poller
        self.requestTimeout = requestTimeout
        self.correlationPrefix = correlationPrefix
        self.maximumUnpackedSize = maximumUnpackedSize
        self.downloadAttempts = downloadAttempts
    }
}
