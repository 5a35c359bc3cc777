import AccountingExtract
public import ExtractAPI
import Foundation
import NIOCore
import NIOHTTP1

/// Records every exchange of a client (API calls, token requests, downloads; each redirect hop and each retry
/// as its own entry) into a HAR 1.2 file with secrets and personal data redacted (see `TraceRedactor`): what
/// `--trace FILE` writes, and `sandbox --replay FILE` answers.
///
/// The file is created (mode 0600) when the recorder is, and rewritten atomically and durably
/// (``DurableFile``) after every exchange, so a run that crashes leaves a valid trace of what it did until then.
/// A write that fails does not fail the run: ``writeFailure`` says why, and the next exchange tries again.
///
/// ```swift
/// let trace = try TraceRecorder(path: "run.har", secrets: [clientSecret, password])
/// var configuration = ExtractClientConfiguration()
/// configuration.trace = trace
/// let fetcher = ConcurClient.tokenFetcher(trace: trace)
/// ```
public actor TraceRecorder {
    /// Where the HAR file is written.
    public nonisolated let path: String
    private let creator: HTTPArchive.Creator
    private var redactor: TraceRedactor
    private var entries: [HTTPArchive.Entry] = []
    /// Why the last write failed, or `nil` after a successful one.
    public private(set) var writeFailure: String?
    /// The most bytes of one body kept in the trace (the rest is left out, and the entry says so).
    public static let maximumBodySize = 32 << 20

    /// Creates (or replaces) `path` with an empty trace. `secrets` are values to redact wherever they appear
    /// even before an exchange shows them (the configured client secret, password or request token).
    public init(path: String, secrets: [String] = [], creatorVersion: String = "dev") throws {
        self.path = path
        self.creator = HTTPArchive.Creator(name: "concur-extract", version: creatorVersion)
        self.redactor = TraceRedactor(secrets: secrets)
        try PrivateFiles.write(try Self.encode(HTTPArchive(log: .init(creator: creator, entries: []))), to: path)
    }

    /// The trace so far (redacted, as written).
    public var archive: HTTPArchive { HTTPArchive(log: HTTPArchive.Log(creator: creator, entries: entries)) }

    func record(_ exchange: TraceExchange) {
        entries.append(redactor.entry(for: exchange))
        do {
            try PrivateFiles.write(try Self.encode(archive), to: path)
            writeFailure = nil
        } catch {
            writeFailure = "the trace \(path) could not be written: \(error)"
        }
    }

    static func encode(_ archive: HTTPArchive) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(archive)) + [0x0A]
    }
}

/// One exchange being captured: filled by ``RecordingTransport`` (head, then body bytes as the client reads
/// them) and handed to the recorder by ``TraceMiddleware`` once the pipeline is done with it.
final class TraceCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var exchange: TraceExchange
    private let start = ContinuousClock.now
    private var headAt: ContinuousClock.Instant?
    private var truncated = false
    private var recorded = false

    init(_ exchange: TraceExchange) { self.exchange = exchange }

    func head(status: Int, headers: [(name: String, value: String)]) {
        lock.withLock {
            exchange.status = status
            exchange.responseHeaders = headers
            headAt = .now
            exchange.wait = Self.milliseconds(.now - start)
        }
    }

    func append(_ buffer: ByteBuffer) {
        lock.withLock {
            guard exchange.responseBody.count + buffer.readableBytes <= TraceRecorder.maximumBodySize else {
                truncated = true
                return
            }
            exchange.responseBody.append(contentsOf: buffer.readableBytesView)
        }
    }

    func fail(_ reason: String) { lock.withLock { if exchange.failure == nil { exchange.failure = reason } } }

    /// The exchange to record, once (`nil` when already taken).
    func take() -> TraceExchange? {
        lock.withLock {
            guard !recorded else { return nil }
            recorded = true
            if let headAt { exchange.receive = Self.milliseconds(.now - headAt) }
            if truncated {
                exchange.failure = "the body was larger than \(TraceRecorder.maximumBodySize) bytes: left out"
                exchange.responseBody = Data()
            }
            return exchange
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// The captures of the pipeline call in progress (the transport adds, ``TraceMiddleware`` records).
    @TaskLocal static var slot: Slot?

    final class Slot: @unchecked Sendable {
        private let lock = NSLock()
        private var captures: [TraceCapture] = []
        func add(_ capture: TraceCapture) { lock.withLock { captures.append(capture) } }
        func drain() -> [TraceCapture] {
            lock.withLock {
                defer { captures = [] }
                return captures
            }
        }
    }
}

/// The innermost middleware when tracing: every attempt that reaches the transport under it is recorded once the
/// client is done reading its answer (or gave up on it).
struct TraceMiddleware: ExtractMiddleware {
    let recorder: TraceRecorder

    func intercept(_ request: ExtractHTTPRequest, next: ExtractPipeline.Next) async throws -> ExtractHTTPResponse {
        let slot = TraceCapture.Slot()
        do {
            let response = try await TraceCapture.$slot.withValue(slot) { try await next(request) }
            await flush(slot, failure: nil)
            return response
        } catch {
            await flush(slot, failure: ExtractHTTP.describe(error))
            throw error
        }
    }

    private func flush(_ slot: TraceCapture.Slot, failure: String?) async {
        for capture in slot.drain() {
            if let failure { capture.fail(failure) }
            if let exchange = capture.take() { await recorder.record(exchange) }
        }
    }
}

/// A transport that lets every request and answer body be seen by the trace as it passes.
struct RecordingTransport: ExtractTransport {
    let base: any ExtractTransport

    func send(_ request: ExtractHTTPRequest, timeout: Duration) async throws -> ExtractHTTPStreamedResponse {
        let capture = TraceCapture(
            TraceExchange(
                started: Date(),
                method: request.method.rawValue,
                url: request.url,
                requestHeaders: request.headers,
                requestBody: request.body,
                status: nil
            )
        )
        TraceCapture.slot?.add(capture)
        let streamed: ExtractHTTPStreamedResponse
        do {
            streamed = try await base.send(request, timeout: timeout)
        } catch {
            capture.fail("no answer: \(ExtractHTTP.describe(error))")
            throw error
        }
        capture.head(status: streamed.status, headers: streamed.headers)
        let body = streamed.body
        return ExtractHTTPStreamedResponse(
            status: streamed.status,
            headers: streamed.headers,
            body: ExtractHTTPBody(TeeBody(base: body, capture: capture))
        )
    }
}

/// A body that hands each chunk to a capture as the client reads it.
struct TeeBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: ExtractHTTPBody
    let capture: TraceCapture

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: ExtractHTTPBody.AsyncIterator
        let capture: TraceCapture
        mutating func next() async throws -> ByteBuffer? {
            do {
                let chunk = try await base.next()
                if let chunk { capture.append(chunk) }
                return chunk
            } catch {
                capture.fail("the body broke off: \(ExtractHTTP.describe(error))")
                throw error
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), capture: capture) }
}
