public import AccountingExtract
import ExtractAPI
public import Foundation

extension ExtractClientError {
    /// The company's refresh token is expired or was rejected (OAuth code 108 / `invalid_grant`): only a
    /// person can fix this, by issuing a new company request token.
    ///
    /// ```swift
    /// throw ExtractClientError.refreshTokenExpired(underlying: oauthError)
    /// ```
    public static func refreshTokenExpired(
        statusCode: Int? = nil,
        correlationID: String? = nil,
        underlying: (any Error)? = nil
    ) -> ExtractClientError {
        ExtractClientError(
            .refreshTokenExpired,
            "the company's refresh token is expired or invalid: issue a new company request token in Concur "
                + "and run `concur-extract login`",
            statusCode: statusCode,
            operation: "refresh token",
            correlationID: correlationID,
            underlying: underlying
        )
    }

    /// There is no stored token and no credentials to get one.
    public static func notAuthenticated() -> ExtractClientError {
        ExtractClientError(
            .notAuthenticated,
            "no Concur token is stored: issue a company request token in Concur and run `concur-extract login`",
            operation: "get token"
        )
    }

    /// The job ended with status `Failed`.
    public static func jobFailed(job: URL, elapsed: Duration) -> ExtractClientError {
        ExtractClientError(
            .jobFailed,
            "extract job \(job.absoluteString) failed after \(elapsed.wholeSecondsText); see the job in Concur "
                + "and start a new one when the cause is fixed",
            operation: "poll job",
            jobURL: job
        )
    }

    /// The job is still not finished after the maximum wait.
    public static func pollTimeout(job: URL, elapsed: Duration, lastStatus: String?) -> ExtractClientError {
        let status = lastStatus.map { " (last status: \($0))" } ?? ""
        return ExtractClientError(
            .pollTimeout,
            "extract job \(job.absoluteString) did not finish within \(elapsed.wholeSecondsText)\(status); "
                + "resume polling it later instead of starting another job",
            operation: "poll job",
            jobURL: job
        )
    }

    /// The definition ran too recently; `nextAllowed` says when it may run again.
    public static func tooSoon(definition: String, lastRun: Date, nextAllowed: Date) -> ExtractClientError {
        ExtractClientError(
            .tooSoon,
            "definition \(definition) last ran at \(lastRun.iso8601Text); the next run is allowed at "
                + "\(nextAllowed.iso8601Text); run with --force to start it anyway",
            operation: "start job",
            notBefore: nextAllowed
        )
    }
}

extension Duration {
    /// `"95 s"`: whole seconds, for messages.
    var wholeSecondsText: String { "\(components.seconds) s" }

    /// The duration in (fractional) seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension Date {
    /// `2024-05-02T09:15:00Z`, locale-independent.
    var iso8601Text: String {
        ExtractTimestamp(Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down))).formatted(.zulu)
    }
}

extension ExtractClientError {
    /// A state file (the token, the run history) that could not be read or written: `insecure-file` when it is
    /// exposed to others or no regular file of this user, `persistence` otherwise.
    ///
    /// ```swift
    /// do { try file.save(token) } catch { throw ExtractClientError(stateFile: error, operation: "save state") }
    /// ```
    public init(stateFile error: JSONFileStoreError, operation: String) {
        self.init(
            error.code == .insecure ? .insecureFile : .persistence,
            error.message,
            operation: operation,
            underlying: error.underlying
        )
    }
}
