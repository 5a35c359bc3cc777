public import AsyncHTTPClient
public import ExtractAPI
public import Foundation
public import Logging
import NIOHTTP1

/// The Extract v1 client: typed calls that follow the links the server returns, with tokens from a
/// ``TokenStore``, retries by ``RetryPolicy``, polling by ``JobPoller`` and streamed downloads.
///
/// Every request carries a `concur-correlationid`; the answer's correlation id is logged and carried in errors.
///
/// ```swift
/// let client = ExtractClient(tokens: tokens)
/// let definition = try await client.definition(named: "Standard Accounting Extract")
/// let job = try await client.startJob(definition)
/// let done = try await client.waitForCompletion(job)
/// let file = try await client.download(done, into: URL(fileURLWithPath: "downloads"))
/// ```
public actor ExtractClient {
    public let configuration: ExtractClientConfiguration
    public let tokens: TokenStore
    let http: HTTPClient
    let logger: Logger
    let sleep: @Sendable (Duration) async throws -> Void
    var random: SeededRandomNumberGenerator

    /// - Parameters:
    ///   - httpClient: the HTTP client to use (shared by default).
    ///   - sleep: how the client waits between polls and retries (tests may shorten it).
    public init(
        configuration: ExtractClientConfiguration = ExtractClientConfiguration(),
        tokens: TokenStore,
        httpClient: HTTPClient = .shared,
        logger: Logger = ExtractClient.defaultLogger,
        seed: UInt64 = UInt64.random(in: 0...UInt64.max),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.configuration = configuration
        self.tokens = tokens
        self.http = httpClient
        self.logger = logger
        self.sleep = sleep
        self.random = SeededRandomNumberGenerator(seed: seed)
    }

    /// A logger that reports warnings and worse (requests are logged at `info`).
    public static var defaultLogger: Logger {
        var logger = Logger(label: "concur-extract.client")
        logger.logLevel = .warning
        return logger
    }

    /// The token endpoint call for a ``TokenStore``: posts the form and decodes the answer; an OAuth error
    /// answer is thrown as an ``ExtractClientError`` whose underlying error is the ``OAuthErrorResponse``.
    public static func tokenFetcher(
        httpClient: HTTPClient = .shared,
        timeout: Duration = .seconds(60),
        logger: Logger = Logger(label: "concur-extract.oauth")
    ) -> TokenStore.Fetcher {
        { endpoint, request in
            let correlation = "concur-extract-\(UUID().uuidString)"
            let outgoing = ExtractHTTPRequest(
                method: .POST,
                url: endpoint,
                headers: [
                    ("Content-Type", ExtractAPI.MediaType.formURLEncoded.rawValue),
                    ("Accept", ExtractAPI.MediaType.json.rawValue),
                    ("concur-correlationid", correlation),
                ],
                body: request.formBody()
            )
            let response: ExtractHTTPResponse
            do {
                response = try await ExtractHTTP.send(outgoing, client: httpClient, timeout: timeout)
            } catch {
                throw ExtractClientError(
                    .transport,
                    "cannot reach the token endpoint \(endpoint.host ?? "")",
                    operation: "token",
                    underlying: ExtractClientError.scrubbed(error)
                )
            }
            logger.debug(
                "token answer",
                metadata: ["status": "\(response.status)", "correlation-id": "\(response.correlationID ?? "-")"]
            )
            if (200..<300).contains(response.status) {
                do {
                    return try TokenResponse(json: response.body)
                } catch {
                    throw ExtractClientError(
                        .decoding,
                        "the token answer could not be read: \(error)",
                        statusCode: response.status,
                        operation: "token",
                        correlationID: response.correlationID
                    )
                }
            }
            if let oauth = try? OAuthErrorResponse(json: response.body) {
                throw ExtractClientError(
                    .unauthorized,
                    "the token endpoint refused the request: \(oauth)",
                    statusCode: response.status,
                    operation: "token",
                    correlationID: response.correlationID,
                    underlying: oauth
                )
            }
            throw ExtractClientError(
                .http,
                "the token endpoint answered HTTP \(response.status)",
                statusCode: response.status,
                operation: "token",
                correlationID: response.correlationID
            )
        }
    }
}

extension ExtractClientError {
    /// An error's text with nothing that could be a secret (transport errors can carry request details).
    static func scrubbed(_ error: any Error) -> ExtractClientError {
        ExtractClientError(
            .transport,
            String(describing: type(of: error)) + ": " + String(String(describing: error).prefix(200))
        )
    }
}

extension ExtractClient {
    /// Sends one API request with a valid token, retrying as the policy says.
    ///
    /// - Parameters:
    ///   - idempotent: `false` for `POST …/job`: an ambiguous failure calls `verify` instead of resending.
    ///   - verify: looks for the effect of an ambiguous attempt (a new job); its answer ends the call.
    func send<T: Sendable>(
        _ operation: String,
        _ method: HTTPMethod,
        _ url: URL,
        body: Data? = nil,
        idempotent: Bool = true,
        verify: (@Sendable () async throws -> T?)? = nil,
        decode: @Sendable (ExtractHTTPResponse) throws -> T
    ) async throws -> T {
        var attempt = 0
        var reauthorized = false
        while true {
            attempt += 1
            let token = try await tokens.validToken()
            let correlation = "\(configuration.correlationPrefix)-\(UUID().uuidString)"
            var headers: [(String, String)] = [
                ("Authorization", "Bearer \(token.value)"),
                ("Accept", configuration.format.mediaType.rawValue),
                ("concur-correlationid", correlation),
            ]
            if body != nil { headers.append(("Content-Type", configuration.format.mediaType.rawValue)) }
            let outcome: RetryOutcome
            var answer: ExtractHTTPResponse?
            do {
                let response = try await ExtractHTTP.send(
                    ExtractHTTPRequest(method: method, url: url, headers: headers, body: body),
                    client: http,
                    timeout: configuration.requestTimeout
                )
                logger.info(
                    "\(operation)",
                    metadata: [
                        "status": "\(response.status)", "correlation-id": "\(response.correlationID ?? correlation)",
                        "attempt": "\(attempt)",
                    ]
                )
                if (200..<300).contains(response.status) {
                    do {
                        return try decode(response)
                    } catch let error as ExtractClientError {
                        throw error
                    } catch {
                        throw ExtractClientError(
                            .decoding,
                            "the answer could not be read: \(error)",
                            statusCode: response.status,
                            operation: operation,
                            correlationID: response.correlationID
                        )
                    }
                }
                if !reauthorized, response.status == 401 || (response.status == 403 && Self.saysTokenExpired(response))
                {
                    // The token was refused: refresh once and try again at once.
                    reauthorized = true
                    await tokens.invalidate(token)
                    attempt -= 1
                    continue
                }
                answer = response
                outcome = response.outcome
            } catch let error as ExtractClientError {
                throw error
            } catch {
                guard let failure = ExtractHTTP.transportFailure(error) else {
                    throw ExtractClientError(
                        .transport,
                        "\(operation) failed",
                        operation: operation,
                        underlying: ExtractClientError.scrubbed(error)
                    )
                }
                logger.warning(
                    "\(operation): \(failure)",
                    metadata: ["attempt": "\(attempt)", "correlation-id": "\(correlation)"]
                )
                outcome = .transport(failure)
            }
            let decision = configuration.retryPolicy.decide(
                attempt: attempt,
                outcome: outcome,
                isIdempotent: idempotent,
                now: Date(),
                using: &random
            )
            switch decision {
            case .retry(let delay):
                logger.notice("\(operation): retrying", metadata: ["after": "\(delay)", "attempt": "\(attempt)"])
                try await sleep(delay)
            case .verifyBeforeRetry(let delay):
                if let verify, let found = try await verify() { return found }
                try await sleep(delay)
            case .giveUp:
                throw Self.failure(operation, outcome: outcome, answer: answer, attempts: attempt)
            }
        }
    }

    static func saysTokenExpired(_ response: ExtractHTTPResponse) -> Bool {
        let text = response.bodySnippet.lowercased()
        return text.contains("expired") || text.contains("invalid token") || text.contains("revoked")
    }

    /// The error for a request that will not be retried.
    static func failure(
        _ operation: String,
        outcome: RetryOutcome,
        answer: ExtractHTTPResponse?,
        attempts: Int
    ) -> ExtractClientError {
        guard let answer else {
            if case .transport(let failure) = outcome {
                return ExtractClientError(
                    .transport,
                    "\(failure) after \(attempts) attempt\(attempts == 1 ? "" : "s"); check the network and try again",
                    operation: operation
                )
            }
            return ExtractClientError(.transport, "no answer", operation: operation)
        }
        let message = (try? answer.decode(ExtractErrorBody.self, expecting: .xml))?.message ?? answer.bodySnippet
        let code: ExtractClientError.Code
        switch answer.status {
        case 401, 403: code = .unauthorized
        case 429, 503: code = .rateLimited
        case 400 where message.lowercased().contains("request limit"): code = .rateLimited
        default: code = .http
        }
        let hint =
            answer.status == 404 ? " (unknown definition or job, or a file asked for before the job completed)" : ""
        return ExtractClientError(
            code,
            "HTTP \(answer.status): \(message)\(hint)",
            statusCode: answer.status,
            operation: operation,
            correlationID: answer.correlationID
        )
    }
}
