import ExtractAPI
import Foundation
import Testing

@testable import ExtractClient

/// `--trace`: a hostile set of exchanges (a token in a query string, in a JSON error body, in a `Location`
/// header; secrets in the token form, percent- and JSON-escaped; cookies) leaves no secret in the written HAR,
/// and each secret is the same placeholder wherever it appears, so a replay still fits together.
@Suite struct TraceRedactionTests {
    static let clientSecret = "S3cr3t/client+secret"
    static let password = "p@ss word!"
    static let accessToken = "AT-abc/def.ghi"
    static let refreshToken = "RT-xyz-123"
    static let idToken = "ID-token-456"
    static let cookie = "COOKIEVALUE42"
    static let secrets = [clientSecret, password, accessToken, refreshToken, idToken, cookie]

    static func form(_ pairs: [(String, String)]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return Data(
            pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
                .joined(separator: "&").utf8
        )
    }

    static var exchanges: [TraceExchange] {
        let base = "http://127.0.0.1:9"
        let formType = [("Content-Type", "application/x-www-form-urlencoded")]
        var login = TraceExchange(
            started: Date(timeIntervalSince1970: 0),
            method: "POST",
            url: URL(string: base + "/oauth2/v0/token")!,
            requestHeaders: formType,
            requestBody: form([
                ("grant_type", "password"), ("client_id", "cid"), ("client_secret", clientSecret),
                ("username", "admin@acme"), ("password", password),
            ]),
            status: 200
        )
        login.responseHeaders = [("Content-Type", "application/json")]
        login.responseBody = Data(
            #"{"access_token":"AT-abc\/def.ghi","refresh_token":"RT-xyz-123","id_token":"ID-token-456","geolocation":"http:\/\/127.0.0.1:9"}"#
                .utf8
        )
        var redirected = TraceExchange(
            started: Date(timeIntervalSince1970: 1),
            method: "GET",
            url: URL(string: base + "/api/expense/extract/v1.0/?token=AT-abc%2Fdef.ghi&x=1")!,
            requestHeaders: [("Authorization", "Bearer \(accessToken)"), ("Cookie", "session=\(cookie)")],
            requestBody: nil,
            status: 302
        )
        redirected.responseHeaders = [
            ("Location", base + "/next?access_token=\(accessToken)"), ("Set-Cookie", "session=\(cookie); Path=/"),
        ]
        var refused = TraceExchange(
            started: Date(timeIntervalSince1970: 2),
            method: "GET",
            url: URL(string: base + "/next")!,
            requestHeaders: [("Authorization", "Bearer \(accessToken)")],
            requestBody: nil,
            status: 401
        )
        refused.responseHeaders = [("Content-Type", "application/json")]
        refused.responseBody = Data(
            #"{"error":"invalid_token","detail":"token AT-abc\/def.ghi expired; use RT-xyz-123 or ID-token-456"}"#.utf8
        )
        var refresh = TraceExchange(
            started: Date(timeIntervalSince1970: 3),
            method: "POST",
            url: URL(string: base + "/oauth2/v0/token")!,
            requestHeaders: formType,
            requestBody: form([
                ("grant_type", "refresh_token"), ("client_id", "cid"), ("client_secret", clientSecret),
                ("refresh_token", refreshToken),
            ]),
            status: nil
        )
        refresh.failure = "no answer: connection reset while sending \(refreshToken)"
        return [login, redirected, refused, refresh]
    }

    /// Every escaped form in which a secret could be written into the file.
    static func forms(_ secret: String) -> [String] {
        let percent = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret
        return [secret, percent, secret.replacing("/", with: "\\/"), percent.replacing("%20", with: "+")]
    }

    @Test func noSecretReachesTheFileAndPlaceholdersAreConsistent() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/trace.har"
        let recorder = try TraceRecorder(path: path, secrets: [Self.clientSecret])
        for exchange in Self.exchanges { await recorder.record(exchange) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for secret in Self.secrets {
            for form in Self.forms(secret) { #expect(!text.contains(form), "\(form) is in the trace") }
        }
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let archive = try JSONDecoder().decode(HTTPArchive.self, from: Data(text.utf8))
        #expect(archive.log.version == "1.2" && archive.log.entries.count == 4)
        let entries = archive.log.entries
        // The access token is one placeholder in the token answer, the header, the query, Location, the error.
        let token = try #require(
            try JSONSerialization.jsonObject(with: entries[0].response.content.bytes) as? [String: String]
        )
        let placeholder = try #require(token["access_token"])
        #expect(placeholder.hasPrefix("redacted-token-"))
        #expect(entries[1].request.headers.first { $0.name == "Authorization" }?.value == "Bearer \(placeholder)")
        #expect(entries[1].request.queryString.contains(HTTPArchive.Pair("token", placeholder)))
        #expect(entries[1].response.headers.first { $0.name == "Location" }?.value.hasSuffix(placeholder) == true)
        #expect(entries[2].response.content.text?.contains(placeholder.replacing("/", with: "\\/")) == true)
        // The refresh token is one placeholder in the answer, the error body, the later form and the comment.
        let refreshPlaceholder = try #require(token["refresh_token"])
        #expect(entries[3].request.postData?.text.contains("refresh_token=\(refreshPlaceholder)") == true)
        #expect(entries[3].comment?.contains(refreshPlaceholder) == true)
        #expect(entries[3].response.status == 0)
        // The geolocation (not a secret) stays, so the replay can rewrite it.
        #expect(entries[0].response.content.text?.contains("127.0.0.1:9") == true)
        #expect(entries[1].request.url.hasPrefix("http://127.0.0.1:9/api/expense/extract/v1.0/"))
    }

    @Test func aSecretGivenUpFrontIsRedactedEvenOutsideKnownFields() {
        var redactor = TraceRedactor(secrets: ["request-token-789"])
        var exchange = Self.exchanges[2]
        exchange.responseBody = Data(#"{"message":"bad request-token-789"}"#.utf8)
        let entry = redactor.entry(for: exchange)
        #expect(entry.response.content.text == #"{"message":"bad redacted-secret-1"}"#)
    }
}
