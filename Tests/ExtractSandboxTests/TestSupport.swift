import AccountingExtract
import AsyncHTTPClient
import ExtractAPI
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import ExtractSandbox

/// An HTTP answer, read whole.
struct HTTPAnswer: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var data: Data { Data(body) }
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// Plain HTTP over loopback with AsyncHTTPClient.
enum HTTP {
    static func send(
        _ method: HTTPMethod,
        _ url: String,
        headers: [(String, String)] = [],
        body: [UInt8]? = nil,
        timeout: TimeAmount = .seconds(15)
    ) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: 32 << 20)
        return HTTPAnswer(
            status: Int(response.status.code),
            headers: response.headers,
            body: Array(buffer.readableBytesView)
        )
    }

    static func get(
        _ url: String,
        token: String?,
        accept: String? = nil,
        headers extra: [(String, String)] = []
    ) async throws -> HTTPAnswer {
        var headers = extra
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if let accept { headers.append(("Accept", accept)) }
        return try await send(.GET, url, headers: headers)
    }

    static func post(
        _ url: String,
        token: String?,
        accept: String? = nil,
        contentType: String? = nil,
        body: String? = nil
    ) async throws -> HTTPAnswer {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if let accept { headers.append(("Accept", accept)) }
        if let contentType { headers.append(("Content-Type", contentType)) }
        return try await send(.POST, url, headers: headers, body: body.map { Array($0.utf8) })
    }

    /// `POST /oauth2/v0/token` with a form.
    static func token(_ base: URL, _ request: TokenRequest) async throws -> HTTPAnswer {
        try await send(
            .POST,
            base.absoluteString + ExtractWire.tokenPath,
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(request.formBody())
        )
    }

    static func form(_ base: URL, _ fields: [(String, String)]) async throws -> HTTPAnswer {
        let text = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.1)" }
            .joined(separator: "&")
        return try await send(
            .POST,
            base.absoluteString + ExtractWire.tokenPath,
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(text.utf8)
        )
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A sandbox on 127.0.0.1, port 0, a simulated clock and an admin key; shut down after `body`.
func withSandbox<T>(
    _ configure: (inout SandboxConfiguration) -> Void = { _ in },
    _ body: (SandboxServer, SimulatedClock) async throws -> T
) async throws -> T {
    let clock = SimulatedClock()
    var configuration = SandboxConfiguration()
    configuration.clock = clock
    configuration.reportsPerCompany = 10
    configuration.employeesPerCompany = 4
    configuration.jobTiming = JobTiming(queued: 5, running: 10)
    configuration.adminKey = "test-admin-key"
    configure(&configuration)
    let sandbox = try await SandboxServer.start(configuration)
    do {
        let value = try await body(sandbox, clock)
        await sandbox.shutdown()
        return value
    } catch {
        await sandbox.shutdown()
        throw error
    }
}

extension SandboxServer {
    var base: String { baseURL.absoluteString }
    var definitionsURL: String { base + ExtractWire.Route.definitions.path }

    /// The client and administrator of company `index` (0 = demo).
    func credentials(company index: Int) async -> SandboxCredentials {
        let company = await store.state.companies[index]
        return SandboxCredentials(
            clientID: company.clients[0].id,
            clientSecret: company.clients[0].secret,
            username: company.users[0].username,
            password: company.users[0].password
        )
    }

    /// A password-grant token for company `index`.
    func token(company index: Int = 0) async throws -> TokenResponse {
        let credentials = await credentials(company: index)
        let answer = try await HTTP.token(
            baseURL,
            TokenRequest(
                clientID: credentials.clientID,
                clientSecret: credentials.clientSecret,
                grant: .password(username: credentials.username, password: credentials.password, credentialType: nil)
            )
        )
        guard answer.status == 200 else { throw TestFailure("token: \(answer.status) \(answer.text)") }
        return try TokenResponse(json: answer.data)
    }

    /// The company's definition of `kind`.
    func definition(_ kind: SandboxDefinitionKind, company index: Int = 0) async -> SandboxDefinition {
        let definitions = await store.state.companies[index].definitions
        return definitions.first { $0.kind == kind } ?? definitions[0]
    }

    func jobsURL(_ definition: SandboxDefinition) -> String {
        base + ExtractWire.Route.jobs(definitionID: definition.id).path
    }
}
