public import ExtractAPI
public import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// A server that answers a HAR trace's recorded requests (`concur-extract sandbox --replay FILE`), so that a
/// capture of a problem (`--trace FILE` against the real Concur) becomes a regression test: the client is run
/// against it as against Concur. Matching is ``TraceReplayMatcher``'s; links in answers point at the replay.
///
/// Any bearer token is accepted: the trace's tokens are redacted placeholders, and the replay serves only what
/// the trace already shows, so there is nothing to protect. An unrecorded request answers 404 with a body
/// naming it (`X-Replay: unrecorded`).
///
/// ```swift
/// let archive = try JSONDecoder().decode(HTTPArchive.self, from: Data(contentsOf: trace))
/// let replay = try await TraceReplayServer.start(archive)        // port 0: a free port
/// print(replay.baseURL)                                          // log in here
/// await replay.shutdown()
/// ```
public final class TraceReplayServer: Sendable {
    /// `http://host:port` as bound.
    public let baseURL: URL
    /// How many recorded answers the trace holds.
    public let answers: Int
    private let listening: ListeningService

    private init(answers: Int, listening: ListeningService) {
        self.baseURL = listening.baseURL
        self.answers = answers
        self.listening = listening
    }

    /// Reads a HAR file, with an error naming the file when it is not one.
    public static func archive(at path: String) throws -> HTTPArchive {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SandboxServer.StartError(
                description: "the trace \(path) cannot be read: \(error.localizedDescription)"
            )
        }
        do {
            return try JSONDecoder().decode(HTTPArchive.self, from: data)
        } catch {
            throw SandboxServer.StartError(description: "the trace \(path) is not a HAR file: \(error)")
        }
    }

    /// Starts answering `archive` on `host:port` (port 0 picks a free one).
    public static func start(
        _ archive: HTTPArchive,
        host: String = "127.0.0.1",
        port: Int = 0
    ) async throws
        -> TraceReplayServer
    {
        var logger = Logger(label: "concur-extract.replay")
        logger.logLevel = .warning
        let matcher = TraceReplayMatcher(archive)
        let listening = try await ListeningService.start(host: host, port: port, name: "the replay", logger: logger) {
            onRunning in
            Application(
                responder: TraceReplayResponder(state: ReplayState(matcher), host: host),
                configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
                onServerRunning: onRunning,
                logger: logger
            )
        }
        return TraceReplayServer(answers: matcher.count, listening: listening)
    }

    /// Stops listening.
    public func shutdown() async {
        await listening.shutdown()
    }

    /// Waits until the server stops (the CLI's foreground run).
    public func wait() async throws { try await listening.wait() }
}

/// The matcher, shared by the connections.
actor ReplayState {
    var matcher: TraceReplayMatcher
    init(_ matcher: TraceReplayMatcher) { self.matcher = matcher }

    func answer(method: String, path: String, query: String?, body: Data?) -> (HTTPArchive.Entry, TraceReplayMatcher)? {
        matcher.answer(method: method, path: path, query: query, body: body).map { ($0, matcher) }
    }
}

struct TraceReplayResponder: HTTPResponder {
    typealias Context = SandboxRequestContext
    let state: ReplayState
    let host: String
    /// Headers the server sets itself.
    static let skipped: Set<String> = ["content-length", "transfer-encoding", "connection", "keep-alive", "date"]

    func respond(to request: Request, context: SandboxRequestContext) async throws -> Response {
        var request = request
        let body = Data(try await request.collectBody(upTo: SandboxLimits().maximumBodyBytes).readableBytesView)
        let path = request.uri.path
        let query = request.uri.query
        guard
            let (entry, matcher) = await state.answer(
                method: request.method.rawValue,
                path: path,
                query: query,
                body: body.isEmpty ? nil : body
            )
        else {
            let named = "\(request.method.rawValue) \(path)\(query.map { "?\($0)" } ?? "")"
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; charset=utf-8"
            headers[SandboxHTTP.name("X-Replay")] = "unrecorded"
            return Response(
                status: .notFound,
                headers: headers,
                body: ResponseBody(
                    byteBuffer: ByteBuffer(
                        string: "The replayed trace holds no answer to \(named): it was not recorded.\n"
                    )
                )
            )
        }
        let base = baseURL(context)
        var headers = HTTPFields()
        for header in entry.response.headers where !Self.skipped.contains(header.name.lowercased()) {
            guard let name = HTTPField.Name(header.name) else { continue }
            headers.append(HTTPField(name: name, value: matcher.rewrite(header.value, to: base)))
        }
        var bytes = entry.response.content.bytes
        if entry.response.content.encoding == nil, let text = entry.response.content.text {
            bytes = Data(matcher.rewrite(text, to: base).utf8)
        }
        return Response(
            status: HTTPResponse.Status(code: entry.response.status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    private func baseURL(_ context: SandboxRequestContext) -> String {
        let wildcard = ["0.0.0.0", "::", "", "*"].contains(host)
        let address = wildcard ? (context.localAddress.host ?? "127.0.0.1") : host
        return "http://" + (address.contains(":") ? "[\(address)]" : address) + ":\(context.localAddress.port ?? 0)"
    }
}
