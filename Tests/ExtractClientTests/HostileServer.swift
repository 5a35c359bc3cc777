import ExtractAPI
import ExtractClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A loopback server (127.0.0.1, a free port) that answers like Concur — token endpoint, definitions, job
/// start, status and file, in JSON — but misbehaves as asked, and records every request it gets (so a test can
/// show that a token or a secret never reached it).
///
/// ```swift
/// try await withHostileServer(.foreignFileLink(other.baseURL)) { server in … }
/// ```
final class HostileServer: Sendable {
    enum Misbehaviour: Sendable {
        case none
        /// The definition's `job-link` is at `origin`.
        case foreignJobLink(URL)
        /// The started job's `status-link` is at `origin`.
        case foreignStatusLink(URL)
        /// The completed job's `file-link` is at `origin`.
        case foreignFileLink(URL)
        /// The completed job's `file-link` is this text (e.g. `file:///etc/passwd`).
        case fileLink(String)
        /// The token endpoint answers `status` (307/308) with `Location: location`.
        case tokenRedirect(status: Int, location: String)
        /// The definitions list answers `status` with `Location: location`.
        case definitionsRedirect(status: Int, location: String)
        /// The definitions list redirects to itself, forever.
        case redirectLoop
        /// The definitions list trickles one byte every `interval`, up to `bytes`.
        case slowDefinitions(interval: Duration, bytes: Int)
        /// The file trickles one byte every `interval`, up to `bytes`.
        case slowFile(interval: Duration, bytes: Int)
        /// The file announces `length`, sends `sent` bytes, then stalls for `stall`.
        case stalledFile(length: Int, sent: Int, stall: Duration)
        /// The file is `bytes` long and sent without a length (chunked).
        case unlengthedFile(bytes: Int)
        /// The access token holds CR/LF and a header to inject.
        case tokenWithCRLF
        /// The definitions list fails with a 400 whose message holds terminal escapes.
        case controlCharactersInError
        /// `script` answers first (FIS tests); `nil` falls through to the answers above.
        case script(@Sendable (Recorded, URL) async throws -> Response?)
    }

    struct Recorded: Sendable {
        var method: String
        var path: String
        var authorization: String?
        var body: String
        var query: String? = nil
        /// By lower-case name.
        var headers: [String: String] = [:]
    }

    actor Recorder {
        private(set) var requests: [Recorded] = []
        func record(_ request: Recorded) { requests.append(request) }
    }

    static let apiPath = "/api/expense/extract/v1.0"
    static let fileBytes = Data(repeating: 0x41, count: 4096)
    static let controlMessage = "bad request \u{1B}[2J\u{1B}]0;owned\u{07}\r\nX-Injected: 1 \u{9B}31m"

    let baseURL: URL
    let recorder: Recorder
    private let task: Task<Void, any Error>

    private init(baseURL: URL, recorder: Recorder, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.recorder = recorder
        self.task = task
    }

    var origin: String { baseURL.absoluteString }
    var geolocation: Geolocation { Geolocation(baseURL.absoluteString) ?? .us }
    var requests: [Recorded] { get async { await recorder.requests } }

    static func start(_ misbehaviour: Misbehaviour = .none) async throws -> HostileServer {
        let recorder = Recorder()
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let base = BaseBox()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let recorded = Recorded(
                method: request.method.rawValue,
                path: request.uri.path,
                authorization: request.headers[.authorization],
                body: String(buffer: body),
                query: request.uri.query,
                headers: headers
            )
            await recorder.record(recorded)
            if case .script(let script) = misbehaviour, let response = try await script(recorded, base.url) {
                return response
            }
            return try await Self.answer(request, base: base.url, misbehaviour: misbehaviour)
        }
        var logger = Logger(label: "hostile-server")
        logger.logLevel = .critical
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        let task = Task { try await application.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), let url = URL(string: "http://127.0.0.1:\(port)") else {
            task.cancel()
            throw CancellationError()
        }
        base.url = url
        return HostileServer(baseURL: url, recorder: recorder, task: task)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    final class BaseBox: Sendable {
        private let value = Mutex(URL(fileURLWithPath: "/"))
        var url: URL {
            get { value.withLock { $0 } }
            set { value.withLock { $0 = newValue } }
        }
    }

    // MARK: - Answers

    private static func answer(_ request: Request, base: URL, misbehaviour: Misbehaviour) async throws -> Response {
        let root = base.absoluteString + apiPath
        let path = request.uri.path
        let definitionURL = Fixture.url("\(root)/DEF1")
        let jobURL = Fixture.url("\(root)/DEF1/job/JOB1")
        switch (request.method, path) {
        case (.post, "/oauth2/v0/token"):
            if case .tokenRedirect(let status, let location) = misbehaviour {
                return redirect(status, to: location)
            }
            let access = {
                if case .tokenWithCRLF = misbehaviour {
                    return "good\r\nX-Injected: 1"
                } else {
                    return "hostile-access"
                }
            }()
            return json(
                TokenResponse(
                    accessToken: access,
                    expiresIn: 3600,
                    refreshToken: "hostile-refresh",
                    refreshExpiresIn: 4_000_000_000,
                    geolocation: base
                )
            )
        case (.get, apiPath + "/"), (.get, "/moved/definitions"):
            switch misbehaviour {
            case .definitionsRedirect(let status, let location) where path != "/moved/definitions":
                return redirect(status, to: location)
            case .redirectLoop:
                return redirect(302, to: apiPath + "/")
            case .slowDefinitions(let interval, let bytes):
                return trickle(interval: interval, bytes: bytes, contentType: "application/json")
            case .controlCharactersInError:
                var response = json(ExtractErrorBody(message: controlMessage))
                response.status = .badRequest
                return response
            default:
                var jobLink = Fixture.url("\(root)/DEF1/job")
                if case .foreignJobLink(let other) = misbehaviour { jobLink = move(jobLink, to: other) }
                return json(
                    ExtractDefinitionList([
                        ExtractDefinition(id: definitionURL, name: "Standard Accounting Extract", jobLink: jobLink)
                    ])
                )
            }
        case (.post, apiPath + "/DEF1/job"):
            var statusLink = Fixture.url(jobURL.absoluteString + "/status")
            if case .foreignStatusLink(let other) = misbehaviour { statusLink = move(statusLink, to: other) }
            var response = json(
                ExtractJob(
                    id: jobURL,
                    statusLink: statusLink,
                    startTime: ExtractTimestamp(Date()),
                    status: .queued
                )
            )
            response.status = .created
            return response
        case (.get, apiPath + "/DEF1/job/JOB1/status"), (.get, apiPath + "/DEF1/job/JOB1"):
            var fileLink = Fixture.url(jobURL.absoluteString + "/file")
            switch misbehaviour {
            case .foreignFileLink(let other): fileLink = move(fileLink, to: other)
            case .fileLink(let text): fileLink = Fixture.url(text)
            default: break
            }
            return json(
                ExtractJob(
                    id: jobURL,
                    statusLink: Fixture.url(jobURL.absoluteString + "/status"),
                    startTime: ExtractTimestamp(Date()),
                    stopTime: ExtractTimestamp(Date()),
                    status: .completed,
                    fileLink: fileLink
                )
            )
        case (.get, apiPath + "/DEF1/job/JOB1/file"):
            switch misbehaviour {
            case .slowFile(let interval, let bytes):
                return trickle(interval: interval, bytes: bytes, contentType: "text/csv")
            case .stalledFile(let length, let sent, let stall):
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/csv"],
                    body: ResponseBody(contentLength: length) { writer in
                        try await writer.write(ByteBuffer(bytes: [UInt8](repeating: 0x41, count: sent)))
                        try await Task.sleep(for: stall)
                        try await writer.write(ByteBuffer(bytes: [UInt8](repeating: 0x41, count: length - sent)))
                        try await writer.finish(nil)
                    }
                )
            case .unlengthedFile(let bytes):
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/csv"],
                    body: ResponseBody { writer in
                        var left = bytes
                        while left > 0 {
                            let count = min(left, 65_536)
                            try await writer.write(ByteBuffer(bytes: [UInt8](repeating: 0x41, count: count)))
                            left -= count
                        }
                        try await writer.finish(nil)
                    }
                )
            default:
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/csv"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: fileBytes))
                )
            }
        default:
            var response = json(ExtractErrorBody(message: "no route \(path)"))
            response.status = .notFound
            return response
        }
    }

    private static func json(_ value: some JSONWireBody) -> Response {
        let data = (try? value.jsonData()) ?? Data("{}".utf8)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    private static func redirect(_ status: Int, to location: String) -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.location: location])
    }

    /// One space every `interval` (valid leading JSON whitespace), no length, up to `bytes`.
    private static func trickle(interval: Duration, bytes: Int, contentType: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: contentType],
            body: ResponseBody { writer in
                for _ in 0..<bytes {
                    try await writer.write(ByteBuffer(bytes: [0x20]))
                    try await Task.sleep(for: interval)
                }
                try await writer.finish(nil)
            }
        )
    }

    /// `url` with the scheme, host and port of `origin`.
    private static func move(_ url: URL, to origin: URL) -> URL {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        components.scheme = origin.scheme
        components.host = origin.host
        components.port = origin.port
        return components.url ?? url
    }
}

/// Runs `body` with a hostile server, stopping it afterwards whatever happens.
func withHostileServer(
    _ misbehaviour: HostileServer.Misbehaviour = .none,
    _ body: (HostileServer) async throws -> Void
) async throws {
    let server = try await HostileServer.start(misbehaviour)
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}
