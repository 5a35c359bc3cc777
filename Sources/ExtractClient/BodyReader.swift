import AsyncHTTPClient
import Foundation
import NIOCore

/// The bottom of the pipeline: sends through the transport and reads the body under the request's
/// ``ExchangeLimits`` — into memory for an API answer (at most its size limit), into the request's
/// ``BodySink`` for a successful download, the first 64 KiB of an error answer.
enum BodyReader {
    static func exchange(
        _ request: ExtractHTTPRequest,
        over transport: any ExtractTransport
    ) async throws -> ExtractHTTPResponse {
        let limits = request.limits
        let origin = Origin(request.url)?.description ?? request.url.absoluteString
        let start = ContinuousClock.now
        let streamed: ExtractHTTPStreamedResponse
        do {
            streamed = try await transport.send(request, timeout: limits.deadline)
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw limits.error(.deadline, operation: request.operation, origin: origin, received: 0)
        }
        var response = ExtractHTTPResponse(status: streamed.status, headers: streamed.headers, body: Data())
        let body = LimitedBody(
            base: streamed.body,
            limits: limits,
            start: start,
            operation: request.operation,
            origin: origin,
            expected: response.header("Content-Length").flatMap(Int64.init)
        )
        if response.isSuccess, let expected = body.expected, expected > limits.maximumSize {
            throw limits.error(.tooLarge, operation: request.operation, origin: origin, received: 0)
        }
        if response.isSuccess, let sink = request.sink {
            try await sink.consume(response, body)
            return response
        }
        for try await chunk in body {
            response.body.append(contentsOf: chunk.readableBytesView)
            if !response.isSuccess, response.body.count >= ExtractHTTP.maximumErrorAnswerSize { break }
        }
        if response.isSuccess, let expected = body.expected, Int64(response.body.count) != expected {
            throw TruncatedTransfer(received: Int64(response.body.count), expected: expected)
        }
        return response
    }
}

/// A body read under ``ExchangeLimits``: each wait for bytes is bounded by the idle timeout and what is left
/// of the deadline; after each chunk the size and the average rate are judged. A broken limit throws
/// ``ExtractClientError`` (`deadline-exceeded` or `too-large`) and abandons the transfer.
struct LimitedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let base: ExtractHTTPBody
    let limits: ExchangeLimits
    let start: ContinuousClock.Instant
    let operation: String
    let origin: String
    /// The announced `Content-Length`.
    let expected: Int64?

    struct AsyncIterator: AsyncIteratorProtocol {
        let body: LimitedBody
        let source: Source
        var received: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            let limits = body.limits
            guard let (wait, breach) = limits.nextWait(elapsed: ContinuousClock.now - body.start) else {
                throw failure(.deadline)
            }
            let chunk: ByteBuffer
            switch try await source.next(within: wait) {
            case .end: return nil
            case .timedOut: throw failure(breach)
            case .chunk(let next): chunk = next
            }
            received += Int64(chunk.readableBytes)
            if let broken = limits.verdict(elapsed: ContinuousClock.now - body.start, received: received) {
                throw failure(broken)
            }
            return chunk
        }

        func failure(_ breach: LimitBreach) -> ExtractClientError {
            body.limits.error(breach, operation: body.operation, origin: body.origin, received: received)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(body: self, source: Source(base.makeAsyncIterator()))
    }

    /// The underlying iterator, raced against a timer. Only one `next` runs at a time (the owning iterator
    /// awaits it), which is what makes the unchecked Sendable sound.
    final class Source: @unchecked Sendable {
        private var iterator: ExtractHTTPBody.AsyncIterator

        init(_ iterator: ExtractHTTPBody.AsyncIterator) { self.iterator = iterator }

        private func step() async throws -> ByteBuffer? { try await iterator.next() }

        enum Step: Sendable {
            case chunk(ByteBuffer)
            case end
            case timedOut
        }

        /// The next chunk, the end of the body, or `timedOut` when `wait` passed first (the read is cancelled).
        func next(within wait: Duration) async throws -> Step {
            try await withThrowingTaskGroup(of: Step.self) { group in
                group.addTask { try await self.step().map(Step.chunk) ?? .end }
                group.addTask {
                    try await Task.sleep(for: wait)
                    return .timedOut
                }
                defer { group.cancelAll() }
                return try await group.next() ?? .timedOut
            }
        }
    }
}
