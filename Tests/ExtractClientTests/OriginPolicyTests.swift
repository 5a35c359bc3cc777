import AsyncHTTPClient
import ExtractAPI
import ExtractSandbox
import Foundation
import Testing

@testable import ExtractClient

/// The origin, redirect and limit decisions, as tables (pure: no network).
@Suite struct OriginPolicyTests {
    static func origin(_ text: String) -> Origin {
        guard let origin = Origin(Fixture.url(text)) else { fatalError("not an origin: \(text)") }
        return origin
    }

    static let concur = origin("https://us.api.concursolutions.com")

    static let bearerTable: [(String, String?)] = [
        ("https://us.api.concursolutions.com/api/expense/extract/v1.0/", nil),
        ("https://US.api.concursolutions.com:443/api/x", nil),
        ("https://emea.api.concursolutions.com/api/x", "origin-refused"),
        ("http://us.api.concursolutions.com/api/x", "origin-refused"),
        ("https://us.api.concursolutions.com:8443/api/x", "origin-refused"),
        ("https://us.api.concursolutions.com.evil.example/api/x", "origin-refused"),
        ("file:///etc/passwd", "origin-refused"),
        ("ftp://us.api.concursolutions.com/x", "origin-refused"),
    ]

    @Test(arguments: bearerTable)
    func theTokenGoesOnlyToItsOrigin(url: String, refused: String?) {
        let refusal = OriginPolicy.bearer(for: Fixture.url(url), tokenOrigin: Self.concur)
        #expect(refusal?.code.rawValue == refused, "\(url)")
        if let refusal, Origin(Fixture.url(url)) != nil {
            #expect(refusal.reason.contains(Self.concur.description), "names the token's origin: \(refusal.reason)")
            #expect(refusal.reason.contains(Self.origin(url).description), "names the link's: \(refusal.reason)")
        }
    }

    @Test func plainHTTPIsAllowedOnlyOnLoopback() {
        let loopback = Self.origin("http://127.0.0.1:8080")
        #expect(OriginPolicy.bearer(for: Fixture.url("http://127.0.0.1:8080/api"), tokenOrigin: loopback) == nil)
        let plain = Self.origin("http://us.api.concursolutions.com")
        #expect(
            OriginPolicy.bearer(for: Fixture.url("http://us.api.concursolutions.com/api"), tokenOrigin: plain)
                == .insecure(plain)
        )
    }

    /// (status, from, location, method, hops) → followed URL and method, or the refusal's code.
    static let redirectTable: [(Int, String, String?, String, Int, String)] = [
        (307, "https://a.example/p", "/q", "POST", 0, "follow https://a.example/q POST body"),
        (308, "https://a.example/p", "https://a.example/q", "GET", 4, "follow https://a.example/q GET body"),
        (303, "https://a.example/p", "/q", "POST", 0, "follow https://a.example/q GET nobody"),
        (302, "https://a.example/p", "/q", "POST", 0, "follow https://a.example/q GET nobody"),
        (302, "https://a.example/p", "/q", "GET", 0, "follow https://a.example/q GET body"),
        (307, "https://a.example/token", "https://b.example/token", "POST", 0, "redirect-refused"),
        (308, "https://a.example/token", "https://b.example/token", "POST", 0, "redirect-refused"),
        (301, "https://a.example/p", "http://a.example/p", "GET", 0, "redirect-refused"),
        (302, "https://a.example/p", "https://a.example:444/p", "GET", 0, "redirect-refused"),
        (302, "https://a.example/p", "file:///etc/passwd", "GET", 0, "redirect-refused"),
        (302, "https://a.example/p", nil, "GET", 0, "redirect-refused"),
        (302, "https://a.example/p", "/q", "GET", 5, "redirect-refused"),
        (200, "https://a.example/p", "/q", "GET", 0, "answer"),
        (304, "https://a.example/p", "/q", "GET", 0, "answer"),
    ]

    @Test(arguments: redirectTable)
    func redirectsStayWithinTheOrigin(row: (Int, String, String?, String, Int, String)) {
        let (status, from, location, method, hops, expected) = row
        let decision = OriginPolicy.redirect(
            status: status,
            location: location,
            from: Fixture.url(from),
            method: method == "POST" ? .POST : .GET,
            hops: hops,
            limit: 5
        )
        let text: String
        switch decision {
        case nil: text = "answer"
        case .refuse(let refusal): text = refusal.code.rawValue
        case .follow(let url, let method, let keepsBody):
            text = "follow \(url.absoluteString) \(method.rawValue) \(keepsBody ? "body" : "nobody")"
        }
        #expect(text == expected, "\(row)")
    }

    /// Invariant: whatever the answer, a followed redirect never leaves the origin and never downgrades.
    @Test func noFollowedRedirectLeavesTheOrigin() {
        var random = SeededRandomNumberGenerator(seed: 11)
        let hosts = ["a.example", "b.example", "127.0.0.1"]
        let schemes = ["http", "https", "file", "ftp"]
        for _ in 0..<500 {
            let from = Fixture.url("https://\(hosts[Int.random(in: 0..<hosts.count, using: &random)])/p")
            let scheme = schemes[Int.random(in: 0..<schemes.count, using: &random)]
            let port = Bool.random(using: &random) ? "" : ":\(Int.random(in: 1...9999, using: &random))"
            let location = "\(scheme)://\(hosts[Int.random(in: 0..<hosts.count, using: &random)])\(port)/q"
            let status = [301, 302, 303, 307, 308][Int.random(in: 0..<5, using: &random)]
            let decision = OriginPolicy.redirect(
                status: status,
                location: location,
                from: from,
                method: .POST,
                hops: Int.random(in: 0...6, using: &random),
                limit: 5
            )
            if case .follow(let url, _, _) = decision {
                #expect(Origin(url) == Origin(from), "\(from) → \(location)")
            }
        }
    }

    // MARK: - Limits

    static let download = ExtractClientLimits(
        downloadDeadline: .seconds(100),
        downloadIdleTimeout: .seconds(10),
        downloadMinimumRate: 1000,
        downloadRateGrace: .seconds(5),
        maximumDownloadSize: 1_000_000
    ).download

    static let verdictTable: [(Duration, Int64, LimitBreach?)] = [
        (.seconds(1), 10, nil),  // within the grace
        (.seconds(6), 10, .tooSlow),  // one byte every 2 s, and the like
        (.seconds(6), 6_000, nil),
        (.seconds(101), 50_000_000, .tooLarge),
        (.seconds(101), 500_000, .deadline),
        (.seconds(50), 1_000_001, .tooLarge),
    ]

    @Test(arguments: verdictTable)
    func eachLimitIsJudged(elapsed: Duration, received: Int64, breach: LimitBreach?) {
        #expect(Self.download.verdict(elapsed: elapsed, received: received) == breach)
    }

    @Test func theNextWaitIsTheIdleTimeoutCutToTheDeadline() {
        #expect(Self.download.nextWait(elapsed: .seconds(1))?.wait == .seconds(10))
        #expect(Self.download.nextWait(elapsed: .seconds(1))?.breach == .idle)
        #expect(Self.download.nextWait(elapsed: .seconds(95))?.wait == .seconds(5))
        #expect(Self.download.nextWait(elapsed: .seconds(95))?.breach == .deadline)
        #expect(Self.download.nextWait(elapsed: .seconds(100)) == nil)
        let api = ExtractClientLimits.default.api
        #expect(api.nextWait(elapsed: .seconds(59))?.wait == .seconds(1))
        #expect(api.verdict(elapsed: .seconds(59), received: 1) == nil, "no rate floor for API answers")
    }

    // MARK: - Transport errors

    static let classification: [(HTTPClientError, RetryOutcome.TransportFailure?)] = [
        (.remoteConnectionClosed, .connectionReset),
        (.readTimeout, .timeout),
        (.deadlineExceeded, .timeout),
        (.connectTimeout, .timeout),
        (.redirectLimitReached, nil),
        (.redirectCycleDetected, nil),
        (.unsupportedScheme("file"), nil),
        (.invalidHeaderFieldValues(["Bearer x\r\ny"]), nil),
    ]

    @Test(arguments: classification)
    func onlyNetworkFailuresAreRetried(error: HTTPClientError, failure: RetryOutcome.TransportFailure?) {
        #expect(ExtractHTTP.transportFailure(error) == failure, "\(error)")
        if failure == nil {
            let reported = ExtractHTTP.unexpected(error, operation: "op", url: Fixture.url("https://a.example/x"))
            #expect(!reported.message.contains("connectionReset"))
            #expect(!reported.description.contains("Bearer"), "request details never reach a message")
        }
    }
}
