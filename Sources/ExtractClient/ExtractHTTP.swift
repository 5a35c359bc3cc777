import AsyncHTTPClient
import ExtractAPI
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP answer as the middleware sees it: an API answer read into memory, an error answer's first
/// 64 KiB, or (for a download) the head only, its body having gone to the request's ``BodySink``.
struct ExtractHTTPResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: Data

    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Concur's `Concur-Correlationid` answer header.
    var correlationID: String? { header("concur-correlationid") }

    /// The first 512 characters of the body, for retry decisions and messages.
    var bodySnippet: String { String(decoding: body.prefix(512), as: UTF8.self) }

    var outcome: RetryOutcome { .response(status: status, headers: headers, body: bodySnippet) }

    var isSuccess: Bool { (200..<300).contains(status) }

    /// The body decoded in the format its `Content-Type` names, or `expected` when it names none we know.
    func decode<T: WireBody>(_ type: T.Type, expecting expected: ExtractWire.Format) throws -> T {
        try T(data: body, format: ExtractWire.Format(contentType: header("Content-Type") ?? "") ?? expected)
    }
}

/// A request as the client sends it, with what the pipeline needs to know about it.
struct ExtractHTTPRequest: Sendable {
    var method: HTTPMethod
    var url: URL
    var headers: [(String, String)]
    var body: Data?
    /// What the client is doing, for logs and errors (`list definitions`, `download`).
    var operation: String
    /// The deadline and size limits of one attempt.
    var limits: ExchangeLimits
    /// `false` for `POST …/job`: an ambiguous failure calls ``verify`` instead of resending blindly.
    var idempotent = true
    /// Looks for the effect of an ambiguous attempt; a non-`nil` answer ends the call (see ``ResolvedByVerification``).
    var verify: (@Sendable () async throws -> (any Sendable)?)?
    /// Where a successful body goes instead of memory (downloads).
    var sink: BodySink?
    /// At most this many attempts, whatever the retry policy allows.
    var maximumAttempts: Int?
    /// No attempt is sent at or after this instant (a job's start window): the call ends with
    /// ``ExtractClientError/Code/startWindowClosed``.
    var sendBefore: Date?
    /// Called right before each attempt is sent (after the ``sendBefore`` check); an error ends the call unsent.
    var willSend: (@Sendable () async throws -> Void)?

    init(
        method: HTTPMethod,
        url: URL,
        headers: [(String, String)] = [],
        body: Data? = nil,
        operation: String,
        limits: ExchangeLimits
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.operation = operation
        self.limits = limits
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    /// Whether the request carries a credential: a bearer token, or a body (the token form holds secrets).
    var carriesCredentials: Bool { header("Authorization") != nil || body != nil }
}

/// Receives a successful answer's body as it streams, under the request's limits (a download writes it to disk).
struct BodySink: Sendable {
    var consume: @Sendable (_ response: ExtractHTTPResponse, _ body: LimitedBody) async throws -> Void
}

/// Thrown by the retry middleware when ``ExtractHTTPRequest/verify`` found the effect of an ambiguous attempt.
struct ResolvedByVerification: Error, Sendable {
    var value: any Sendable
}

/// A body that ended before its `Content-Length`.
struct TruncatedTransfer: Error, Sendable, CustomStringConvertible {
    var received: Int64
    var expected: Int64
    var description: String { "the answer ended after \(received) of \(expected) bytes" }
}

/// How transport errors are classified and described: one place for the whole client.
enum ExtractHTTP {
    /// The most bytes of an error answer kept (for its message and the retry decision).
    static let maximumErrorAnswerSize = 65_536

    /// The transport failure an error stands for, or `nil` when it is not a network failure (then retrying
    /// cannot help, and the error is reported as it is).
    static func transportFailure(_ error: any Error) -> RetryOutcome.TransportFailure? {
        if error is TruncatedTransfer { return .connectionReset }
        if let error = error as? ExtractClientError { return error.code == .deadlineExceeded ? .timeout : nil }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .tlsHandshakeTimeout,
                .getConnectionFromPoolTimeout:
                return .timeout
            case .remoteConnectionClosed, .cancelled, .uncleanShutdown, .bodyLengthMismatch:
                return .connectionReset
            default:
                // Redirect limits, unsupported schemes, invalid headers: not the network, and not transient.
                return nil
            }
        }
        if error is HTTPParserError { return .connectionReset }  // the answer ended early (a truncated body)
        let text = String(describing: error).lowercased()
        if text.contains("stream ended") { return .connectionReset }
        if text.contains("refused") { return .connectionRefused }
        if text.contains("timeout") || text.contains("timed out") { return .timeout }
        if text.contains("connection") || text.contains("eof") || text.contains("reset") {
            return .connectionReset
        }
        if error is IOError || error is ChannelError { return .connectionReset }
        return nil
    }

    /// The error for a connection that could not be made (refused, no route, no name, connect timeout), naming
    /// the host, the port and the system's reason; `nil` for any other failure.
    ///
    /// `cannot connect to 127.0.0.1:1 (connection refused): check the base URL and that the server is running`
    static func cannotConnect(_ error: any Error, url: URL, operation: String) -> ExtractClientError? {
        guard let reason = connectFailureReason(error) else { return nil }
        let port = url.port ?? (url.scheme?.lowercased() == "http" ? 80 : 443)
        return ExtractClientError(
            .transport,
            "cannot connect to \(url.host ?? "?"):\(port) (\(reason)): check the base URL and that the server is running",
            operation: operation
        )
    }

    /// Why a connection could not be made, in the system's words; `nil` when `error` is no connect failure.
    static func connectFailureReason(_ error: any Error) -> String? {
        if let error = error as? HTTPClientError, error == .connectTimeout {
            return "no connection within the connect timeout"
        }
        let connectErrnos: Set<Int32> = [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT, EADDRNOTAVAIL]
        if let error = error as? IOError {
            return connectErrnos.contains(error.errnoCode) ? String(cString: strerror(error.errnoCode)).lowercased() : nil
        }
        // NIOPosix's NIOConnectionError (every address tried): its text holds each attempt's errno.
        let text = String(describing: error)
        guard text.hasPrefix("NIOConnectionError") || String(describing: type(of: error)) == "NIOConnectionError"
        else { return nil }
        if let range = text.range(of: #"errno: (\d+)"#, options: .regularExpression),
            let code = Int32(text[range].dropFirst("errno: ".count))
        {
            return String(cString: strerror(code)).lowercased()
        }
        if text.lowercased().contains("dns") { return "the host name cannot be resolved" }
        return "no address of the host answered"
    }

    /// What happened, in words, without request details (which can carry secrets: header values, bodies).
    static func describe(_ error: any Error) -> String {
        if let error = error as? ExtractClientError { return error.message }
        if let error = error as? TruncatedTransfer { return error.description }
        if let error = error as? HTTPClientError { return error.shortDescription.lowercased() }
        return String(describing: type(of: error)) + ": " + String(String(describing: error).prefix(200))
    }

    /// The error for a failure that is not worth retrying, saying what happened.
    static func unexpected(_ error: any Error, operation: String, url: URL) -> ExtractClientError {
        if let error = error as? ExtractClientError { return error }
        if let error = cannotConnect(error, url: url, operation: operation) { return error }
        let origin = Origin(url)?.description ?? url.absoluteString
        if let error = error as? HTTPClientError {
            switch error {
            case .redirectLimitReached, .redirectCycleDetected:
                return ExtractClientError(
                    .redirectRefused,
                    "\(origin) redirected too often (\(describe(error))); check the base URL",
                    operation: operation
                )
            default: break
            }
        }
        return ExtractClientError(
            .transport,
            "the request to \(origin) failed: \(describe(error))",
            operation: operation,
            underlying: ExtractClientError.scrubbed(error)
        )
    }
}
