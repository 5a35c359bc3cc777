import ExtractAPI
import Foundation
import HTTPTypes
import Hummingbird

/// The HTTP face of the sandbox: routes every request (Extract API, FIS, token endpoint, revocation, admin, the
/// OpenAPI description) with `ExtractWire.Route`, applies faults, and writes every body with the ExtractAPI codecs.
struct SandboxResponder: HTTPResponder {
    typealias Context = SandboxRequestContext

    let store: SandboxStore
    let configuration: SandboxConfiguration

    /// Thrown to make Hummingbird give up on a connection that a fault already closed.
    struct DroppedConnection: Error {}

    func respond(to request: Request, context: SandboxRequestContext) async throws -> Response {
        let correlation = request.headers[SandboxHTTP.name("concur-correlationid")] ?? UUID().uuidString
        let format = ExtractWire.Format.negotiate(accept: request.headers[.accept])
        var truncate = false
        var answer: SandboxHTTP.Answer
        do {
            answer = try await route(request, format: format, truncate: &truncate, context: context)
        } catch let error as SandboxError where Self.isFISPath(request.uri.path) {
            answer = fisErrorAnswer(error)
        } catch let error as SandboxError {
            answer = errorAnswer(error, format: format)
        } catch is DroppedConnection {
            log(request, status: 0)
            throw DroppedConnection()
        } catch {
            let failure = SandboxError(.internalError, status: 500, "The sandbox could not answer this request.")
            answer =
                Self.isFISPath(request.uri.path) ? fisErrorAnswer(failure) : errorAnswer(failure, format: format)
        }
        answer.headers[SandboxHTTP.correlationID] = correlation
        log(request, status: answer.status)
        return truncate ? answer.truncatedResponse() : answer.response()
    }

    private func log(_ request: Request, status: Int) {
        guard configuration.logsRequests else { return }
        let outcome = status == 0 ? "dropped" : String(status)
        FileHandle.standardError.write(Data("\(request.method.rawValue) \(request.uri.path) -> \(outcome)\n".utf8))
    }

    /// The base of every link and token `geolocation`: the configured public URL, or else the listen address
    /// (a wildcard host replaced by the local address this connection reached). No request header is used.
    func baseURL(context: SandboxRequestContext) -> String {
        if let url = configuration.publicBaseURL {
            var text = url.absoluteString
            while text.hasSuffix("/") { text.removeLast() }
            return text
        }
        let wildcard = ["0.0.0.0", "::", "", "*"].contains(configuration.host)
        let host = wildcard ? (context.localAddress.host ?? "127.0.0.1") : configuration.host
        let port = context.localAddress.port ?? configuration.port
        return "http://" + (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }

    private func route(
        _ request: Request,
        format: ExtractWire.Format,
        truncate: inout Bool,
        context: SandboxRequestContext
    ) async throws -> SandboxHTTP.Answer {
        let path = request.uri.path
        if path == "/_sandbox" || path.hasPrefix("/_sandbox/") {
            return try await admin(request, path: path)
        }
        if path == ExtractWire.revocationPath || path == ExtractWire.revocationPath + "/" {
            guard request.method == .delete else { throw methodNotAllowed() }
            let token = try await store.authorize(request.headers[.authorization])
            try await store.revokeConnection(accessToken: token.token)
            await store.flush()
            // Concur's reference answers the revocation with 200 (and no body of note).
            return SandboxHTTP.Answer(status: 200, contentType: nil, bytes: [])
        }
        if path == SandboxOpenAPI.path {
            guard request.method == .get || request.method == .head else { throw methodNotAllowed() }
            return SandboxHTTP.Answer(
                status: 200,
                contentType: SandboxOpenAPI.mediaType,
                bytes: SandboxOpenAPI.document
            )
        }
        if path == SandboxTokenSigner.jwksPath {
            guard request.method == .get else { throw methodNotAllowed() }
            // The public key set the tokens verify against; no authentication, as Concur's.
            let bytes = try await store.tokenSigner().jwksJSON()
            await store.flush()
            return SandboxHTTP.Answer(status: 200, contentType: ExtractWire.MediaType.json.rawValue, bytes: bytes)
        }
        if Self.isFISPath(path) {
            return try await fis(request, path: path, truncate: &truncate, context: context)
        }
        guard let route = ExtractWire.Route(path: path) else {
            throw SandboxError(.notFound, status: 404, "The URI does not name a resource.")
        }
        let faultRoute: SandboxFault.Route
        switch route {
        case .token: faultRoute = .token
        case .definitions: faultRoute = .definitions
        case .definition: faultRoute = .definition
        case .jobs: faultRoute = request.method == .post ? .startJob : .jobs
        case .job: faultRoute = .job
        case .jobStatus: faultRoute = .jobStatus
        case .jobFile: faultRoute = .jobFile
        }
        let allowed: [HTTPRequest.Method] = route == .token ? [.post] : (faultRoute == .startJob ? [.post] : [.get])
        guard allowed.contains(request.method) || (request.method == .get && faultRoute == .jobs) else {
            throw methodNotAllowed()
        }
        let faults = await store.drawFaults(for: faultRoute)
        if let answer = try await apply(faults, truncate: &truncate, context: context) { return answer }
        if route == .token {
            return await token(request, base: baseURL(context: context))
        }
        return try await extract(
            request,
            route: route,
            format: format,
            base: baseURL(context: context),
            jobFaults: faults.filter(\.isJobFault)
        )
    }

    /// Applies the answer faults drawn for one request (the job faults are the job's): waits, drops the
    /// connection, throws the error answer, marks the body for truncation, or returns the answer to give
    /// instead (`nil`: answer normally).
    func apply(
        _ faults: [SandboxFault.Kind],
        truncate: inout Bool,
        context: SandboxRequestContext
    ) async throws -> SandboxHTTP.Answer? {
        for fault in faults {
            switch fault {
            case .slow(let milliseconds):
                try? await Task.sleep(for: .milliseconds(max(0, milliseconds)))
            case .dropConnection:
                context.closeConnection()
                throw DroppedConnection()
            case .serviceUnavailable(let retryAfter):
                throw SandboxError(
                    .serviceUnavailable,
                    status: 503,
                    "The service is down for maintenance. Please try again in 5 minutes.",
                    retryAfter: retryAfter
                )
            case .requestLimit(let retryAfter):
                throw SandboxError(
                    .requestLimit,
                    status: 400,
                    "The number of requests exceeds the request limit. Please try again later.",
                    retryAfter: retryAfter
                )
            case .tooManyRequests(let retryAfter):
                throw SandboxError(.tooManyRequests, status: 429, "Too many requests.", retryAfter: retryAfter)
            case .truncatedBody:
                truncate = true
            case .wrongDataCenter(let geolocation):
                return oauthErrorAnswer(
                    SandboxOAuthError(
                        400,
                        "invalid_request",
                        "The user belongs to another data center.",
                        code: 16,
                        geolocation: geolocation
                    ),
                    base: nil
                )
            case .tokenExpiresMidJob, .jobStuckInQueue, .jobFails, .fileServedTwice:
                continue
            }
        }
        return nil
    }

    func methodNotAllowed() -> SandboxError {
        SandboxError(.methodNotAllowed, status: 405, "The method is not allowed on this URI.")
    }

    /// The platform `Error` body in the negotiated format.
    func errorAnswer(_ error: SandboxError, format: ExtractWire.Format) -> SandboxHTTP.Answer {
        let body = ExtractErrorBody(
            message: error.message,
            time: ExtractTimestamp(configuration.clock.now),
            id: UUID().uuidString
        )
        var headers: HTTPFields = [:]
        if let retryAfter = error.retryAfter { headers[SandboxHTTP.retryAfter] = String(retryAfter) }
        if error.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        let bytes = (try? body.encoded(as: format, options: configuration.encodingOptions)) ?? Data()
        return SandboxHTTP.Answer(
            status: error.status,
            contentType: format.mediaType.rawValue,
            bytes: bytes,
            headers: headers
        )
    }
}
