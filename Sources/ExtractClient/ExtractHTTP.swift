import AsyncHTTPClient
import ExtractAPI
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP answer, with its body read into memory (API answers are small; files are streamed instead).
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

    /// The body decoded in the format its `Content-Type` names, or `expected` when it names none we know.
    func decode<T: WireBody>(_ type: T.Type, expecting expected: ExtractAPI.Format) throws -> T {
        try T(data: body, format: ExtractAPI.Format(contentType: header("Content-Type") ?? "") ?? expected)
    }
}

/// A request as the client sends it.
struct ExtractHTTPRequest: Sendable {
    var method: HTTPMethod
    var url: URL
    var headers: [(String, String)]
    var body: Data?
}

/// The thin layer over async-http-client: sends one request, maps transport failures to
/// ``RetryOutcome/TransportFailure``.
enum ExtractHTTP {
    /// The most bytes of an API answer kept in memory.
    static let maximumAnswerSize = 8 << 20

    static func send(
        _ request: ExtractHTTPRequest,
        client: HTTPClient,
        timeout: Duration
    ) async throws -> ExtractHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = request.method
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body {
            // A known length: never chunked (Concur refuses chunked request bodies).
            outgoing.body = .bytes(ByteBuffer(bytes: body))
            outgoing.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
        }
        let response = try await client.execute(
            outgoing,
            timeout: .nanoseconds(Int64(timeout.components.seconds * 1_000_000_000))
        )
        var body = Data()
        for try await chunk in response.body {
            body.append(contentsOf: chunk.readableBytesView)
            if body.count > maximumAnswerSize { break }
        }
        return ExtractHTTPResponse(
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name, $0.value) },
            body: body
        )
    }

    /// The transport failure an error stands for, or `nil` when it is not a transport failure.
    static func transportFailure(_ error: any Error) -> RetryOutcome.TransportFailure? {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: return .timeout
            case .remoteConnectionClosed, .cancelled: return .connectionReset
            default: break
            }
            if error == .connectTimeout { return .timeout }
            return .connectionReset
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
}
