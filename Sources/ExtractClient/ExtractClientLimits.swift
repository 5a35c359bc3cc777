/// Every resource limit of the client's HTTP exchanges, in one place, with defaults safe against a hostile or
/// broken server.
///
/// - API answers and the token request: a total ``requestDeadline`` (head **and** body) of 60 s, as Concur
///   prescribes, and at most ``maximumAnswerSize`` bytes (8 MiB).
/// - Downloads: a total ``downloadDeadline`` (2 h), an ``downloadIdleTimeout`` between bytes (60 s), a
///   ``downloadMinimumRate`` (1 KiB/s averaged from the start, judged after ``downloadRateGrace``, 30 s) and
///   at most ``maximumDownloadSize`` bytes (2 GiB), whether or not the server announced a length.
/// - Redirects: at most ``maximumRedirects`` (5), same origin only (see `OriginPolicy`).
///
/// ```swift
/// var configuration = ExtractClientConfiguration()
/// configuration.limits.maximumDownloadSize = 8 << 30      // an unusually large company
/// configuration.limits.downloadMinimumRate = 0            // no rate floor on a slow link
/// ```
public struct ExtractClientLimits: Sendable, Hashable {
    /// The most time an API call or token request may take, from sending to the last byte of the answer.
    public var requestDeadline: Duration
    /// The most bytes of an API answer.
    public var maximumAnswerSize: Int64
    /// The most time a download may take in total.
    public var downloadDeadline: Duration
    /// The most time a download may wait for its next bytes.
    public var downloadIdleTimeout: Duration
    /// The least average rate of a download in bytes per second (0: no floor).
    public var downloadMinimumRate: Int64
    /// How long a download runs before its rate is judged.
    public var downloadRateGrace: Duration
    /// The most bytes of a downloaded file.
    public var maximumDownloadSize: Int64
    /// The most redirects followed for one request.
    public var maximumRedirects: Int

    public init(
        requestDeadline: Duration = .seconds(60),
        maximumAnswerSize: Int64 = 8 << 20,
        downloadDeadline: Duration = .seconds(2 * 3600),
        downloadIdleTimeout: Duration = .seconds(60),
        downloadMinimumRate: Int64 = 1024,
        downloadRateGrace: Duration = .seconds(30),
        maximumDownloadSize: Int64 = 2 << 30,
        maximumRedirects: Int = 5
    ) {
        self.requestDeadline = requestDeadline
        self.maximumAnswerSize = maximumAnswerSize
        self.downloadDeadline = downloadDeadline
        self.downloadIdleTimeout = downloadIdleTimeout
        self.downloadMinimumRate = downloadMinimumRate
        self.downloadRateGrace = downloadRateGrace
        self.maximumDownloadSize = maximumDownloadSize
        self.maximumRedirects = maximumRedirects
    }

    /// The defaults above.
    public static let `default` = ExtractClientLimits()

    /// The limits of one API call or token request.
    var api: ExchangeLimits {
        ExchangeLimits(
            deadline: requestDeadline,
            idleTimeout: nil,
            minimumRate: 0,
            rateGrace: .zero,
            maximumSize: maximumAnswerSize,
            what: "answer",
            setting: "requestDeadline"
        )
    }

    /// The limits of one download attempt.
    var download: ExchangeLimits {
        ExchangeLimits(
            deadline: downloadDeadline,
            idleTimeout: downloadIdleTimeout,
            minimumRate: downloadMinimumRate,
            rateGrace: downloadRateGrace,
            maximumSize: maximumDownloadSize,
            what: "download",
            setting: "downloadDeadline"
        )
    }
}

/// The limits of one attempt, and the pure judgement of its progress.
struct ExchangeLimits: Sendable, Hashable {
    var deadline: Duration
    var idleTimeout: Duration?
    var minimumRate: Int64
    var rateGrace: Duration
    var maximumSize: Int64
    /// "answer" or "download", for messages.
    var what: String
    /// The ``ExtractClientLimits`` property that sets the deadline, for messages.
    var setting: String

    /// Which limit, if any, an exchange that has received `received` bytes after `elapsed` has broken.
    ///
    /// ```swift
    /// ExtractClientLimits.default.download.verdict(elapsed: .seconds(40), received: 20)   // .tooSlow
    /// ```
    func verdict(elapsed: Duration, received: Int64) -> LimitBreach? {
        if received > maximumSize { return .tooLarge }
        if elapsed > deadline { return .deadline }
        if minimumRate > 0, elapsed >= rateGrace, elapsed > .zero,
            Double(received) / elapsed.seconds < Double(minimumRate)
        {
            return .tooSlow
        }
        return nil
    }

    /// The wait allowed for the next bytes at `elapsed`: the idle timeout, cut to what is left of the deadline;
    /// `nil` when the deadline has passed.
    func nextWait(elapsed: Duration) -> (wait: Duration, breach: LimitBreach)? {
        let left = deadline - elapsed
        guard left > .zero else { return nil }
        if let idleTimeout, idleTimeout < left { return (idleTimeout, .idle) }
        return (left, .deadline)
    }

    /// The error for `breach`, naming the operation, the origin and what was received.
    func error(_ breach: LimitBreach, operation: String, origin: String, received: Int64) -> ExtractClientError {
        switch breach {
        case .deadline:
            return ExtractClientError(
                .deadlineExceeded,
                "the \(what) from \(origin) did not complete within \(deadline.wholeSecondsText) "
                    + "(\(received) bytes received); the server is too slow or stalled (limit: \(setting))",
                operation: operation
            )
        case .idle:
            return ExtractClientError(
                .deadlineExceeded,
                "the \(what) from \(origin) sent nothing for \((idleTimeout ?? .zero).wholeSecondsText) "
                    + "(\(received) bytes received; limit: downloadIdleTimeout)",
                operation: operation
            )
        case .tooSlow:
            return ExtractClientError(
                .deadlineExceeded,
                "the \(what) from \(origin) is slower than \(minimumRate) bytes/s (\(received) bytes received); "
                    + "a stalled or hostile server (limit: downloadMinimumRate)",
                operation: operation
            )
        case .tooLarge:
            let setting = what == "download" ? "maximumDownloadSize" : "maximumAnswerSize"
            return ExtractClientError(
                .tooLarge,
                "the \(what) from \(origin) is larger than \(maximumSize) bytes; nothing was kept (raise the limit "
                    + "\(setting) if the file is genuine)",
                operation: operation
            )
        }
    }
}

/// A limit an exchange broke.
enum LimitBreach: Sendable, Hashable {
    case deadline
    case idle
    case tooSlow
    case tooLarge
}
