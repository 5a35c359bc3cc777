import AccountingExtract
public import AsyncHTTPClient
import ExtractAPI
import Foundation
public import Logging
import NIOHTTP1

/// The Extract v1 client: typed calls that follow the links the server returns, with tokens from a
/// ``TokenStore``, retries by ``RetryPolicy``, polling by ``JobPoller`` and streamed downloads.
///
/// Every request goes through one pipeline: retry → correlation id → bearer token (only to the token's own
/// origin, see ``Origin``) → redirects (same origin only) → deadlines and size limits
/// (``ExtractClientLimits``) → HTTP. The answer's correlation id is logged and carried in errors.
///
/// ```swift
/// let client = ConcurClient(tokens: tokens)
/// let definition = try await client.definition(named: "Standard Accounting Extract")
/// let job = try await client.startJob(definition)
/// let done = try await client.waitForCompletion(job)
/// let file = try await client.download(done, into: URL(fileURLWithPath: "downloads"))
/// ```
public actor ConcurClient {
    public let configuration: ExtractClientConfiguration
    public let tokens: TokenStore
    let pipeline: ExtractPipeline
    let logger: Logger
    let sleep: @Sendable (Duration) async throws -> Void
    /// The one generator of the retry and poll jitter, shared by every call.
    let random: LockedRandom

    /// - Parameters:
    ///   - configuration: the format, retry policy, poll timing and limits.
    ///   - tokens: the company's token store; every request carries its token.
    ///   - httpClient: the HTTP client to use; it must not follow redirects itself (the default,
    ///     ``defaultHTTPClient``, does not: the client follows them under its origin policy).
    ///   - logger: where requests (`info`) and problems (`warning`) are logged; never with secrets.
    ///   - random: where the retry and poll jitter come from; tests pass a seeded generator (the sandbox's
    ///     `SeededRandomNumberGenerator`) to make a run reproducible.
    ///   - sleep: how the client waits between polls and retries (tests may shorten it).
    public init(
        configuration: ExtractClientConfiguration = ExtractClientConfiguration(),
        tokens: TokenStore,
        httpClient: HTTPClient = ConcurClient.defaultHTTPClient,
        logger: Logger = ConcurClient.defaultLogger,
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.init(
            configuration: configuration,
            tokens: tokens,
            transport: AsyncHTTPClientTransport(client: httpClient),
            logger: logger,
            random: random,
            sleep: sleep
        )
    }

    /// A client over any transport (tests use an in-memory one).
    init(
        configuration: ExtractClientConfiguration,
        tokens: TokenStore,
        transport: any ExtractTransport,
        logger: Logger = ConcurClient.defaultLogger,
        random: some RandomNumberGenerator & Sendable,
        sleep: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.configuration = configuration
        self.tokens = tokens
        self.logger = logger
        self.sleep = sleep
        let random = LockedRandom(random)
        self.pipeline = ExtractPipeline.traced(
            configuration.trace,
            middlewares: [
                RetryMiddleware(
                    policy: configuration.retryPolicy,
                    random: random,
                    sleep: sleep,
                    logger: logger,
                    clock: configuration.clock,
                    metrics: ClientMetrics(factory: configuration.metrics)
                ),
                CorrelationMiddleware(prefix: configuration.correlationPrefix, logger: logger),
                BearerAuthMiddleware(tokens: tokens),
                RedirectMiddleware(limit: configuration.limits.maximumRedirects),
            ],
            transport: transport
        )
        self.random = random
    }

    /// A logger that reports warnings and worse (requests are logged at `info`).
    public static var defaultLogger: Logger {
        var logger = Logger(label: "concur-extract.client")
        logger.logLevel = .warning
        return logger
    }

    /// The token request's logger: warnings and worse (each answer is logged at `info`).
    public static var defaultTokenLogger: Logger {
        var logger = Logger(label: "concur-extract.oauth")
        logger.logLevel = .warning
        return logger
    }

    /// The process-wide HTTP client of `ConcurClient` and ``tokenFetcher(httpClient:timeout:logger:)``:
    /// redirects are not followed by it (the pipeline follows them, same origin only) and a connection that
    /// cannot be made fails within ``defaultConnectTimeout``; a refused one (nothing listens on the port) fails at
    /// once, not after the pool has retried it until the timeout (the client's own retry policy decides instead).
    public static let defaultHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: .seconds(defaultConnectTimeout))
        )
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// How long the default client tries to open a connection, in seconds: `CONCUR_CONNECT_TIMEOUT` (a whole
    /// number, 1…300), else 10.
    ///
    /// ```swift
    /// setenv("CONCUR_CONNECT_TIMEOUT", "3", 1)  // before the first request
    /// ConcurClient.defaultConnectTimeout       // 3
    /// ```
    public static var defaultConnectTimeout: Int64 {
        ProcessInfo.processInfo.environment["CONCUR_CONNECT_TIMEOUT"].flatMap { Int64($0) }
            .map { min(max($0, 1), 300) } ?? 10
    }

    /// The token endpoint call for a ``TokenStore``: posts the form and decodes the answer; an OAuth error
    /// answer is thrown as an ``ExtractClientError`` whose underlying error is the `OAuthErrorResponse`.
    ///
    /// The request goes through the client's pipeline without retry and bearer auth: a correlation id, no
    /// redirect to another origin (the form holds the client secret and password), and the deadline. With
    /// `trace`, each token exchange is recorded there, its secrets redacted.
    public static func tokenFetcher(
        httpClient: HTTPClient = ConcurClient.defaultHTTPClient,
        timeout: Duration = .seconds(60),
        logger: Logger = ConcurClient.defaultTokenLogger,
        trace: TraceRecorder? = nil
    ) -> TokenStore.Fetcher {
        tokenFetcher(
            transport: AsyncHTTPClientTransport(client: httpClient),
            limits: ExtractClientLimits(requestDeadline: timeout),
            logger: logger,
            trace: trace
        )
    }

    static func tokenFetcher(
        transport: any ExtractTransport,
        limits: ExtractClientLimits,
        logger: Logger,
        trace: TraceRecorder? = nil
    ) -> TokenStore.Fetcher {
        let pipeline = ExtractPipeline.traced(
            trace,
            middlewares: [
                CorrelationMiddleware(prefix: "concur-extract", logger: logger),
                RedirectMiddleware(limit: limits.maximumRedirects),
            ],
            transport: transport
        )
        return { endpoint, request in
            let outgoing = ExtractHTTPRequest(
                method: .POST,
                url: endpoint,
                headers: [
                    ("Content-Type", ExtractWire.MediaType.formURLEncoded.rawValue),
                    ("Accept", ExtractWire.MediaType.json.rawValue),
                ],
                body: request.formBody(),
                operation: "token",
                limits: limits.api
            )
            let response: ExtractHTTPResponse
            do {
                response = try await pipeline.send(outgoing)
            } catch let error as ExtractClientError {
                throw error
            } catch {
                guard ExtractHTTP.transportFailure(error) != nil else {
                    throw ExtractHTTP.unexpected(error, operation: "token", url: endpoint)
                }
                if let refused = ExtractHTTP.cannotConnect(error, url: endpoint, operation: "token") { throw refused }
                throw ExtractClientError(
                    .transport,
                    "cannot reach the token endpoint \(endpoint.host ?? ""): \(ExtractHTTP.describe(error))",
                    operation: "token",
                    underlying: ExtractClientError.scrubbed(error)
                )
            }
            if response.isSuccess {
                let token: TokenResponse
                do {
                    token = try TokenResponse(json: response.body)
                } catch {
                    throw ExtractClientError(
                        .decoding,
                        "the token answer could not be read: \(String(describing: error).debugEscaped)",
                        statusCode: response.status,
                        operation: "token",
                        correlationID: response.correlationID?.debugEscaped
                    )
                }
                try BearerAuthMiddleware.validate(token.accessToken, operation: "token")
                return token
            }
            if let oauth = try? OAuthErrorResponse(json: response.body) {
                throw ExtractClientError(
                    .unauthorized,
                    "the token endpoint refused the request: \(String(describing: oauth).debugEscaped)",
                    statusCode: response.status,
                    operation: "token",
                    correlationID: response.correlationID?.debugEscaped,
                    underlying: oauth
                )
            }
            throw ExtractClientError(
                .http,
                "the token endpoint answered HTTP \(response.status)",
                statusCode: response.status,
                operation: "token",
                correlationID: response.correlationID?.debugEscaped
            )
        }
    }
}

extension ExtractClientError {
    /// An error's text with nothing that could be a secret (transport errors can carry request details, e.g.
    /// async-http-client's invalid header values).
    static func scrubbed(_ error: any Error) -> ExtractClientError {
        ExtractClientError(.transport, ExtractHTTP.describe(error))
    }
}

extension ConcurClient {
    /// Sends one API request through the pipeline and decodes the 2xx answer.
    ///
    /// - Parameters:
    ///   - idempotent: `false` for `POST …/job`: an ambiguous failure calls `verify` instead of resending.
    ///   - verify: looks for the effect of an ambiguous attempt (a new job); its answer ends the call.
    ///   - mediaType: the `Accept` and `Content-Type`; the configured format's when `nil` (FIS is JSON only).
    ///   - extraHeaders: further request headers (FIS: `DocumentFormatAs`).
    func send<T: Sendable>(
        _ operation: String,
        _ method: HTTPMethod,
        _ url: URL,
        body: Data? = nil,
        mediaType: ExtractWire.MediaType? = nil,
        extraHeaders: [(String, String)] = [],
        idempotent: Bool = true,
        sendBefore: Date? = nil,
        willSend: (@Sendable () async throws -> Void)? = nil,
        verify: (@Sendable () async throws -> T?)? = nil,
        decode: @Sendable (ExtractHTTPResponse) throws -> T
    ) async throws -> T {
        let mediaType = mediaType ?? configuration.format.mediaType
        var headers: [(String, String)] = [("Accept", mediaType.rawValue)]
        if body != nil { headers.append(("Content-Type", mediaType.rawValue)) }
        headers += extraHeaders
        var request = ExtractHTTPRequest(
            method: method,
            url: url,
            headers: headers,
            body: body,
            operation: operation,
            limits: configuration.limits.api
        )
        request.idempotent = idempotent
        request.sendBefore = sendBefore
        request.willSend = willSend
        if let verify { request.verify = { try await verify().map { $0 as any Sendable } } }
        let response: ExtractHTTPResponse
        do {
            response = try await pipeline.send(request)
        } catch let resolved as ResolvedByVerification {
            guard let found = resolved.value as? T else {
                throw ExtractHTTP.unexpected(resolved, operation: operation, url: url)
            }
            return found
        }
        do {
            return try decode(response)
        } catch let error as ExtractClientError {
            throw error
        } catch {
            throw ExtractClientError(
                .decoding,
                "the answer could not be read: \(String(describing: error).debugEscaped)",
                statusCode: response.status,
                operation: operation,
                correlationID: response.correlationID?.debugEscaped
            )
        }
    }
}
