import AccountingExtract
public import Foundation

/// Every failure of ``ConcurClient``: a stable ``Code``, what the client was doing, what the server said
/// and a message a person can act on.
///
/// The error never carries secrets: messages name tokens by role ("the refresh token"), never by value, and
/// ``description`` prints only the fields below.
///
/// ```swift
/// do {
///     let token = try await store.validToken()
/// } catch let error as ExtractClientError where error.code == .refreshTokenExpired {
///     print(error.message)   // "… issue a new company request token in Concur and run `concur-extract login`"
/// }
/// ```
public struct ExtractClientError: Error, Sendable, CustomStringConvertible {
    /// A stable, machine-readable error code; new codes may be added without breaking callers.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The server refused the access token (401/403) even after one refresh, or the token endpoint
        /// refused the client or its credentials.
        public static let unauthorized = Code(rawValue: "unauthorized")
        /// There is no usable token and no way to get one without a person: run `concur-extract login`.
        public static let notAuthenticated = Code(rawValue: "not-authenticated")
        /// The company's refresh token is expired or invalid (OAuth code 108 / `invalid_grant`).
        public static let refreshTokenExpired = Code(rawValue: "refresh-token-expired")
        /// The extract job ended with status `Failed`.
        public static let jobFailed = Code(rawValue: "job-failed")
        /// The job did not finish within the maximum wait.
        public static let pollTimeout = Code(rawValue: "poll-timeout")
        /// The server throttled the client (429, 400 "request limit") and retries were exhausted.
        public static let rateLimited = Code(rawValue: "rate-limited")
        /// The server answered with an HTTP status the client cannot recover from.
        public static let http = Code(rawValue: "http")
        /// The request did not get an answer: connection refused or reset, timeout.
        public static let transport = Code(rawValue: "transport")
        /// An answer could not be decoded.
        public static let decoding = Code(rawValue: "decoding")
        /// The definition ran less than the minimum interval ago.
        public static let tooSoon = Code(rawValue: "too-soon")
        /// A job of the definition is already queued or running, started by someone else: nothing was started.
        public static let jobRunning = Code(rawValue: "job-running")
        /// A start failed midway and more than one new job appeared: none is taken as this call's.
        /// A job's start could not send its `POST` before its start window closed (see `startOwnJob`): nothing
        /// more is sent; whether an earlier attempt started a job, the next run decides.
        public static let startWindowClosed = Code(rawValue: "start-window-closed")
        public static let ambiguousStart = Code(rawValue: "ambiguous-start")
        /// A downloaded archive holds unsafe entries (absolute paths, `..`, links, too large).
        public static let unsafeArchive = Code(rawValue: "unsafe-archive")
        /// The extract file could not be downloaded or stored.
        public static let download = Code(rawValue: "download")
        /// A state file (tokens, run history) could not be read or written.
        public static let persistence = Code(rawValue: "persistence")
        /// A state file is readable by other users, is not a regular file or is owned by someone else.
        public static let insecureFile = Code(rawValue: "insecure-file")
        /// A link, a URL given to the client or the token's own origin may not receive the bearer token: another
        /// origin than the token's, not `http(s)`, or plain `http` off loopback.
        public static let originRefused = Code(rawValue: "origin-refused")
        /// A redirect to another origin (or `https` → `http`), to a non-`http(s)` URL, or too many redirects.
        public static let redirectRefused = Code(rawValue: "redirect-refused")
        /// An answer or download broke its deadline, idle timeout or minimum rate (``ExtractClientLimits``).
        public static let deadlineExceeded = Code(rawValue: "deadline-exceeded")
        /// An answer or download is larger than its limit (``ExtractClientLimits``).
        public static let tooLarge = Code(rawValue: "too-large")
        /// The token endpoint sent an access token that cannot be a header value (CR/LF, controls).
        public static let invalidToken = Code(rawValue: "invalid-token")
        /// A setting is invalid, e.g. a geolocation that is not an `https` URL.
        public static let invalidConfiguration = Code(rawValue: "invalid-configuration")
        /// The stored token may not call the service: FIS needs a company-level token with scope `FISVC`
        /// (`concur-extract login --credential-type authtoken`). Nothing was sent.
        public static let insufficientScope = Code(rawValue: "insufficient-scope")
        /// An FIS answer broke the protocol in a way that makes it unusable (a paging loop, too many pages).
        public static let protocolViolation = Code(rawValue: "protocol-violation")
    }

    /// What kind of failure it is.
    public var code: Code
    /// What went wrong and what to do about it, for a person.
    public var message: String
    /// The HTTP status of the answer, when there was one.
    public var statusCode: Int?
    /// What the client was doing, e.g. `refresh token`, `poll job`, `start job`.
    public var operation: String?
    /// The `Concur-Correlationid` of the request or answer, for Concur support.
    public var correlationID: String?
    /// The job concerned (its `id` URI), so a caller can resume polling it.
    public var jobURL: URL?
    /// The earliest time the operation may be tried again (``Code/tooSoon``, ``Code/rateLimited``).
    public var notBefore: Date?
    /// The error that caused this one.
    public var underlying: (any Error)?
    /// `true` when the request certainly took no effect: no attempt was sent, or every attempt was answered with a
    /// refusal that changes nothing on the server (a 4xx, 429 or 503 answer). `false` when an attempt may have been
    /// carried out unseen (no answer, or a 5xx other than 503): a `POST …/job` that failed so may have started a job.
    public var tookNoEffect = false

    public init(
        _ code: Code,
        _ message: String,
        statusCode: Int? = nil,
        operation: String? = nil,
        correlationID: String? = nil,
        jobURL: URL? = nil,
        notBefore: Date? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.statusCode = statusCode
        self.operation = operation
        self.correlationID = correlationID
        self.jobURL = jobURL
        self.notBefore = notBefore
        self.underlying = underlying
    }

    /// Whether trying the same thing again later can succeed without a person stepping in.
    public var isTransient: Bool { [.rateLimited, .transport, .pollTimeout, .deadlineExceeded].contains(code) }

    /// `operation: message [code, HTTP status, correlation id]`, then the underlying error; control characters
    /// (which a server could put in its messages to drive a terminal) are shown as escapes.
    public var description: String {
        var text = operation.map { "\($0): " } ?? ""
        text += message
        var details = [code.rawValue]
        if let statusCode { details.append("HTTP \(statusCode)") }
        if let correlationID { details.append("correlation id \(correlationID)") }
        text += " [" + details.joined(separator: ", ") + "]"
        if let underlying { text += " (caused by: \(underlying))" }
        return text.debugEscaped
    }
}
