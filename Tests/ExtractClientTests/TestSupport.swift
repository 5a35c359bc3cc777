import ExtractAPI
import Foundation

@testable import ExtractClient

/// A clock instant the tests move by hand: no clock is read, nothing sleeps.
struct TestInstant: InstantProtocol, Sendable {
    var offset: Duration

    static let zero = TestInstant(offset: .zero)

    func advanced(by duration: Duration) -> TestInstant { TestInstant(offset: offset + duration) }
    func duration(to other: TestInstant) -> Duration { other.offset - offset }
    static func < (lhs: TestInstant, rhs: TestInstant) -> Bool { lhs.offset < rhs.offset }
    static func + (lhs: TestInstant, rhs: Duration) -> TestInstant { lhs.advanced(by: rhs) }
}

enum Fixture {
    static let base = "https://us.api.concursolutions.com/api/expense/extract/v1.0"

    static func url(_ text: String) -> URL {
        guard let url = URL(string: text) else { fatalError("bad fixture URL \(text)") }
        return url
    }

    /// A job of definition `definition` with id `id`, started `start` seconds after 2024-05-02T00:00:00Z.
    static func job(
        _ id: String,
        definition: String = "Def$1",
        status: JobStatus,
        start: Int64 = 0,
        fileLink: Bool = true
    ) -> ExtractJob {
        let jobURL = url("\(base)/\(definition)/job/\(id)")
        return ExtractJob(
            id: jobURL,
            statusLink: url(jobURL.absoluteString + "/status"),
            startTime: ExtractTimestamp(secondsSince1970: 1_714_608_000 + start),
            stopTime: status.isTerminal ? ExtractTimestamp(secondsSince1970: 1_714_608_000 + start + 60) : nil,
            status: status,
            fileLink: status == .completed && fileLink ? url(jobURL.absoluteString + "/file") : nil
        )
    }
}

/// A scripted token endpoint: records each request and answers with the next scripted result.
actor FakeTokenEndpoint {
    enum Reply {
        case token(TokenResponse)
        case error(any Error)
    }

    private(set) var requests: [(endpoint: URL, request: TokenRequest)] = []
    private var replies: [Reply]
    private let delayYields: Int
    private var serial = 0

    init(_ replies: [Reply] = [], delayYields: Int = 0) {
        self.replies = replies
        self.delayYields = delayYields
    }

    /// When the script is empty: rotate tokens, `access-N` / `refresh-N`, at US.
    func answer(_ endpoint: URL, _ request: TokenRequest) async throws -> TokenResponse {
        requests.append((endpoint, request))
        for _ in 0..<delayYields { await Task.yield() }
        if !replies.isEmpty {
            switch replies.removeFirst() {
            case .token(let token): return token
            case .error(let error): throw error
            }
        }
        serial += 1
        return TokenResponse(
            accessToken: "access-\(serial)",
            expiresIn: 3600,
            refreshToken: "refresh-\(serial)",
            refreshExpiresIn: 1_730_000_000,
            geolocation: URL(string: "https://us.api.concursolutions.com")
        )
    }

    var count: Int { requests.count }

    var grants: [TokenRequest.Grant] { requests.map(\.request.grant) }

    nonisolated var fetcher: TokenStore.Fetcher { { endpoint, request in try await self.answer(endpoint, request) } }
}

/// A fresh private directory under the system temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("extract-client-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func fileMode(_ url: URL) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}
