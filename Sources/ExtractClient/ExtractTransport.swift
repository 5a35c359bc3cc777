import AsyncHTTPClient
import Foundation
import NIOCore

/// Sends one request and returns the answer's head with its body still streaming: the bottom of the client's
/// HTTP pipeline, in the style of swift-openapi-runtime's `ClientTransport`. The client uses
/// ``AsyncHTTPClientTransport``; tests can use an in-memory one.
///
/// ```swift
/// struct Canned: ExtractTransport {
///     func send(_ request: ExtractHTTPRequest, timeout: Duration) async throws -> ExtractHTTPStreamedResponse {
///         ExtractHTTPStreamedResponse(status: 200, headers: [], body: ExtractHTTPBody(Data("ok".utf8)))
///     }
/// }
/// ```
protocol ExtractTransport: Sendable {
    /// Sends `request`; `timeout` bounds the wait for the answer's head (the body is bounded by ``LimitedBody``).
    func send(_ request: ExtractHTTPRequest, timeout: Duration) async throws -> ExtractHTTPStreamedResponse
}

/// One step of the pipeline, in the style of swift-openapi-runtime's `ClientMiddleware`: it may change the
/// request, call `next` (zero, one or several times) and change or judge the answer.
///
/// ```swift
/// struct Stamp: ExtractMiddleware {
///     func intercept(_ request: ExtractHTTPRequest, next: ExtractPipeline.Next) async throws -> ExtractHTTPResponse {
///         var request = request
///         request.headers.append(("X-Stamp", "1"))
///         return try await next(request)
///     }
/// }
/// ```
protocol ExtractMiddleware: Sendable {
    func intercept(_ request: ExtractHTTPRequest, next: ExtractPipeline.Next) async throws -> ExtractHTTPResponse
}

/// An answer whose body has not been read yet.
struct ExtractHTTPStreamedResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: ExtractHTTPBody
}

/// A body that streams once, whatever produces it (async-http-client, or memory in tests).
struct ExtractHTTPBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    struct AsyncIterator: AsyncIteratorProtocol {
        let step: () async throws -> ByteBuffer?
        mutating func next() async throws -> ByteBuffer? { try await step() }
    }

    private let make: @Sendable () -> AsyncIterator

    init<Base: AsyncSequence & Sendable>(_ base: Base) where Base.Element == ByteBuffer {
        make = {
            var iterator = base.makeAsyncIterator()
            return AsyncIterator { try await iterator.next() }
        }
    }

    /// The bytes of `data`, in chunks of `chunkSize`.
    init(_ data: Data, chunkSize: Int = 16_384) {
        make = {
            var offset = 0
            return AsyncIterator {
                guard offset < data.count else { return nil }
                let end = Swift.min(data.count, offset + Swift.max(1, chunkSize))
                defer { offset = end }
                return ByteBuffer(bytes: data[(data.startIndex + offset)..<(data.startIndex + end)])
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { make() }
}

/// The client's pipeline: middleware, outermost first, over ``BodyReader`` and a transport.
///
/// The client's order is retry → correlation id → bearer auth (with the origin policy) → redirects → body
/// reader (deadline, idle timeout, minimum rate, size limit) → transport, so every request of every
/// operation (API calls, downloads; the token request without retry and auth) meets the same policy.
struct ExtractPipeline: Sendable {
    typealias Next = @Sendable (ExtractHTTPRequest) async throws -> ExtractHTTPResponse

    var middlewares: [any ExtractMiddleware]
    var transport: any ExtractTransport

    /// The pipeline of `middlewares` over `transport`, with a ``TraceMiddleware`` innermost (each redirect hop
    /// and retry recorded on its own) and a ``RecordingTransport`` when `trace` is given.
    static func traced(
        _ trace: TraceRecorder?,
        middlewares: [any ExtractMiddleware],
        transport: any ExtractTransport
    ) -> ExtractPipeline {
        guard let trace else { return ExtractPipeline(middlewares: middlewares, transport: transport) }
        return ExtractPipeline(
            middlewares: middlewares + [TraceMiddleware(recorder: trace)],
            transport: RecordingTransport(base: transport)
        )
    }

    /// Sends `request` through every middleware and the transport.
    func send(_ request: ExtractHTTPRequest) async throws -> ExtractHTTPResponse {
        try await call(0, request)
    }

    private func call(_ index: Int, _ request: ExtractHTTPRequest) async throws -> ExtractHTTPResponse {
        guard index < middlewares.count else { return try await BodyReader.exchange(request, over: transport) }
        return try await middlewares[index].intercept(request) { try await self.call(index + 1, $0) }
    }
}

/// The transport over async-http-client. Its client must not follow redirects itself: the pipeline follows
/// them under the origin policy (``ConcurClient/defaultHTTPClient`` is configured so).
struct AsyncHTTPClientTransport: ExtractTransport {
    let client: HTTPClient

    func send(_ request: ExtractHTTPRequest, timeout: Duration) async throws -> ExtractHTTPStreamedResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = request.method
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body {
            // A known length: never chunked (Concur refuses chunked request bodies).
            outgoing.body = .bytes(ByteBuffer(bytes: body))
            outgoing.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
        }
        let response = try await client.execute(outgoing, timeout: .nanoseconds(max(0, timeout.nanoseconds)))
        return ExtractHTTPStreamedResponse(
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name, $0.value) },
            body: ExtractHTTPBody(response.body)
        )
    }
}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let parts = components
        let (fromSeconds, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return parts.seconds < 0 ? .min : .max }
        return fromSeconds.addingReportingOverflow(parts.attoseconds / 1_000_000_000).partialValue
    }
}
