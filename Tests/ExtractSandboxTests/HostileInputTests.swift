import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

/// Attacks on the sandbox over loopback: each is answered with a 4xx or a closed connection, and the sandbox
/// goes on serving.
@Suite("Hostile input to the sandbox")
struct HostileInputTests {
    @Test func startJobBodyNested60000DeepIs400AndTheSandboxSurvives() async throws {
        try await withSandbox { sandbox, _ in
            let token = try await sandbox.token().accessToken
            let jobsURL = sandbox.jobsURL(await sandbox.definition(.standardAccounting))
            let body =
                "<definition>" + String(repeating: "<a>", count: 60_000) + String(repeating: "</a>", count: 60_000)
                + "</definition>"
            let answer = try await HTTP.post(jobsURL, token: token, contentType: "application/xml", body: body)
            #expect(answer.status == 400)
            let message = try ExtractErrorBody(xml: answer.data).message
            #expect(message.contains("deeper than 256"))
            // Still serving.
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token).status == 200)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bodies over the limits, half-sent headers and forged `Host` headers.
@Suite("Sandbox limits")
struct SandboxLimitsTests {
    @Test func aBodyOverTheLimitIs413NamingTheLimit() async throws {
        try await withSandbox { sandbox, _ in
            let token = try await sandbox.token().accessToken
            let jobsURL = sandbox.jobsURL(await sandbox.definition(.standardAccounting))
            let limits = SandboxLimits()
            let big = try await HTTP.post(
                jobsURL,
                token: token,
                contentType: "application/xml",
                body: String(repeating: " ", count: limits.maximumBodyBytes + 1)
            )
            #expect(big.status == 413)
            #expect(try ExtractErrorBody(xml: big.data).message.contains("maximumBodyBytes"))
            // At the limit exactly: read and parsed (only whitespace: an empty body, so the job starts).
            let atLimit = try await HTTP.post(
                jobsURL,
                token: token,
                contentType: "application/xml",
                body: String(repeating: " ", count: limits.maximumBodyBytes)
            )
            #expect(atLimit.status == 201)

            let form = try await HTTP.send(
                .POST,
                sandbox.base + ExtractWire.tokenPath,
                headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array(repeating: UInt8(ascii: "a"), count: limits.maximumTokenBodyBytes + 1)
            )
            #expect(form.status == 413)
            let oauth = try OAuthErrorResponse(json: form.data)
            #expect(oauth.error == "invalid_request")
            #expect(form.text.contains("maximumTokenBodyBytes"))
        }
    }

    @Test func connectionsThatNeverFinishTheirHeadersAreClosedWithinTheTimeout() async throws {
        // 2 s: a legitimate request of a loaded machine finishes its headers well within it.
        try await withSandbox({ $0.limits.requestTimeout = .seconds(2) }) { sandbox, _ in
            let connections = try (0..<40).map { _ in try RawConnection(port: sandbox.port) }
            defer { for connection in connections { connection.close() } }
            for connection in connections {
                connection.send("GET \(ExtractWire.basePath) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: applic")
            }
            let start = ContinuousClock.now
            for connection in connections {
                #expect(await connection.waitUntilClosed(seconds: 60), "a half-open connection was kept")
            }
            // Kept, they would stay open for good; closed by the timeout, all within a few of its periods.
            #expect(ContinuousClock.now - start < .seconds(30))
            // The sandbox still serves.
            let token = try await sandbox.token().accessToken
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token).status == 200)
        }
    }

    @Test func linksAndGeolocationIgnoreAForgedHostHeader() async throws {
        try await withSandbox { sandbox, _ in
            let credentials = sandbox.demoCredentials
            let tokenAnswer = try await HTTP.send(
                .POST,
                sandbox.base + ExtractWire.tokenPath,
                headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Host", "evil.example")],
                body: Array(
                    TokenRequest(
                        clientID: credentials.clientID,
                        clientSecret: credentials.clientSecret,
                        grant: .password(
                            username: credentials.username,
                            password: credentials.password,
                            credentialType: nil
                        )
                    )
                    .formBody()
                )
            )
            #expect(tokenAnswer.status == 200)
            let token = try TokenResponse(json: tokenAnswer.data)
            #expect(token.geolocation?.absoluteString == sandbox.base)
            let answer = try await HTTP.get(
                sandbox.definitionsURL,
                token: token.accessToken,
                headers: [("Host", "evil.example"), ("X-Forwarded-Proto", "https")]
            )
            let list = try ExtractDefinitionList(data: answer.data, format: .xml)
            #expect(!list.definitions.isEmpty)
            #expect(list.definitions.allSatisfy { $0.id.absoluteString.hasPrefix(sandbox.base + "/") })
            #expect(!answer.text.contains("evil.example"))
        }
    }
}

/// A TCP connection to 127.0.0.1 with plain sockets, for requests no HTTP client would send.
final class RawConnection {
    private var descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(descriptor)
            throw TestFailure("connect() failed")
        }
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Waits (in 50 ms sleeps, at most `seconds`) until the peer closes: a read returns 0 or fails. It polls
    /// without blocking and sleeps in between, so that no thread of the concurrency pool is held.
    func waitUntilClosed(seconds: Double) async -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<Int(seconds * 20) {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 0) > 0 else {
                try? await Task.sleep(for: .milliseconds(50))
                continue
            }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return true }
        }
        return false
    }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }
}
