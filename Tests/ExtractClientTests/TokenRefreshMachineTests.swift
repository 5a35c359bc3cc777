import ExtractAPI
import Foundation
import Testing

@testable import ExtractClient

@Suite("TokenRefreshMachine")
struct TokenRefreshMachineTests {
    let t0 = Date(timeIntervalSince1970: 1_714_608_000)

    func token(
        expiresIn seconds: TimeInterval = 3600,
        lifetime: Int64 = 3600,
        refresh: String? = "r1",
        refreshExpiresIn: TimeInterval? = 86_400
    ) -> StoredToken {
        StoredToken(
            accessToken: "a1",
            accessTokenExpiry: t0.addingTimeInterval(seconds),
            accessTokenLifetime: .seconds(lifetime),
            refreshToken: refresh,
            refreshTokenExpiry: refreshExpiresIn.map { t0.addingTimeInterval($0) },
            geolocation: .us
        )
    }

    @Test("Margin: the smaller of 60 s and 10 % of the lifetime")
    func margin() {
        let policy = TokenRefreshPolicy.default
        #expect(policy.margin(lifetime: .seconds(3600)) == .seconds(60))
        #expect(policy.margin(lifetime: .seconds(300)) == .seconds(30))
        #expect(policy.margin(lifetime: .zero) == .zero)
        #expect(
            TokenRefreshPolicy(fixedMargin: .seconds(120), proportionalMargin: 0.5).margin(lifetime: .seconds(100))
                == .seconds(50)
        )
        #expect(TokenRefreshPolicy(proportionalMargin: 7).proportionalMargin == 1)
        #expect(TokenRefreshPolicy(proportionalMargin: .nan).proportionalMargin == 0.1)
        #expect(TokenRefreshPolicy(fixedMargin: .seconds(-1)).fixedMargin == .zero)
    }

    @Test("Decision table")
    func table() {
        // (name, token, canAuthenticate, invalidated, refreshRejected, seconds after t0, expected)
        let table: [(String, StoredToken?, Bool, Bool, Bool, TimeInterval, TokenAction)] = [
            ("no token, no login", nil, false, false, false, 0, .failNotAuthenticated),
            ("no token, login configured", nil, true, false, false, 0, .authenticate),
            ("fresh token", token(), false, false, false, 0, .use),
            ("just before the margin", token(), false, false, false, 3539, .use),
            ("inside the 60 s margin", token(), false, false, false, 3540, .refresh),
            ("expired", token(), false, false, false, 4000, .refresh),
            ("short token: 10 % margin", token(expiresIn: 300, lifetime: 300), false, false, false, 269, .use),
            ("short token: inside 10 %", token(expiresIn: 300, lifetime: 300), false, false, false, 270, .refresh),
            ("invalidated", token(), false, true, false, 0, .refresh),
            ("expired, refresh rejected, no login", token(), false, false, true, 4000, .failRefreshTokenExpired),
            ("expired, refresh rejected, login", token(), true, false, true, 4000, .authenticate),
            ("fresh token, refresh rejected", token(), false, false, true, 0, .use),
            (
                "refresh token expired", token(refreshExpiresIn: 3000), false, false, false, 3600,
                .failRefreshTokenExpired
            ),
            ("refresh token expired, login", token(refreshExpiresIn: 3000), true, false, false, 3600, .authenticate),
            ("refresh expiry unknown", token(refreshExpiresIn: nil), false, false, false, 4000, .refresh),
            ("no refresh token, expired", token(refresh: nil), false, false, false, 4000, .failNotAuthenticated),
            ("no refresh token, login", token(refresh: nil), true, true, false, 0, .authenticate),
        ]
        for (name, stored, canAuthenticate, invalidated, rejected, offset, expected) in table {
            var machine = TokenRefreshMachine(token: stored, canAuthenticate: canAuthenticate)
            if invalidated { machine.invalidate() }
            if rejected { machine.refreshRejected() }
            #expect(machine.action(at: t0.addingTimeInterval(offset)) == expected, "\(name)")
        }
    }

    @Test("A new token clears both rejections; invalidating another token does nothing")
    func events() {
        var machine = TokenRefreshMachine(token: token(), canAuthenticate: false)
        machine.invalidate(accessToken: "someone-else")
        #expect(!machine.accessTokenInvalidated)
        #expect(machine.action(at: t0) == .use)
        machine.invalidate(accessToken: "a1")
        machine.refreshRejected()
        #expect(machine.action(at: t0) == .failRefreshTokenExpired)
        var next = token()
        next.accessToken = "a2"
        machine.tokenReceived(next)
        #expect(!machine.accessTokenInvalidated && !machine.refreshTokenRejected)
        #expect(machine.action(at: t0) == .use)
        var empty = TokenRefreshMachine(token: nil, canAuthenticate: false)
        empty.invalidate()
        #expect(!empty.accessTokenInvalidated)
    }
}

@Suite("StoredToken")
struct StoredTokenTests {
    let t0 = Date(timeIntervalSince1970: 1_714_608_000)

    @Test("From a response: expiry, rotation and geolocation")
    func fromResponse() throws {
        let first = StoredToken(
            response: TokenResponse(
                accessToken: "a1",
                expiresIn: 3600,
                refreshToken: "r1",
                refreshExpiresIn: 1_730_000_000,
                geolocation: URL(string: "https://emea.api.concursolutions.com/")
            ),
            receivedAt: t0,
            previous: nil,
            currentGeolocation: .us
        )
        #expect(first.accessTokenExpiry == t0.addingTimeInterval(3600))
        #expect(first.accessTokenLifetime == .seconds(3600))
        #expect(first.refreshToken == "r1")
        #expect(first.refreshTokenExpiry == Date(timeIntervalSince1970: 1_730_000_000))
        #expect(first.geolocation == .emea)

        // No refresh token, no geolocation: keep the previous ones.
        let second = StoredToken(
            response: TokenResponse(accessToken: "a2", expiresIn: 60, refreshToken: ""),
            receivedAt: t0,
            previous: first,
            currentGeolocation: .emea
        )
        #expect(second.refreshToken == "r1" && second.refreshTokenExpiry == first.refreshTokenExpiry)
        #expect(second.geolocation == .emea)

        // An http geolocation is not followed.
        let third = StoredToken(
            response: TokenResponse(
                accessToken: "a3",
                expiresIn: 60,
                refreshToken: "r3",
                geolocation: URL(string: "http://evil.example")
            ),
            receivedAt: t0,
            previous: nil,
            currentGeolocation: .us2
        )
        #expect(third.geolocation == .us2)
        #expect(third.refreshToken == "r3" && third.refreshTokenExpiry == nil)
    }

    @Test("Secrets never appear in descriptions, mirrors or dumps")
    func redaction() throws {
        let stored = StoredToken(
            accessToken: "SECRET-ACCESS",
            accessTokenExpiry: t0,
            accessTokenLifetime: .seconds(3600),
            refreshToken: "SECRET-REFRESH",
            refreshTokenExpiry: t0,
            geolocation: .us
        )
        let access = AccessToken(value: "SECRET-ACCESS", expiresAt: t0, geolocation: .us)
        let client = ClientCredentials(clientID: "app", clientSecret: "SECRET-CLIENT")
        let login = LoginCredentials.companyRequestToken(companyID: "company", requestToken: "SECRET-REQUEST")
        var texts = [
            "\(stored)", String(reflecting: stored), "\(access)", String(reflecting: access), "\(client)",
            String(reflecting: client), "\(login)", String(reflecting: login),
        ]
        for value in [stored, access, client, login] as [Any] {
            var dumped = ""
            dump(value, to: &dumped)
            texts.append(dumped)
        }
        for text in texts {
            #expect(!text.contains("SECRET"), "\(text)")
        }
        #expect("\(stored)".contains("2024-05-02T00:00:00Z"))
        #expect(access.authorizationHeader == "Bearer SECRET-ACCESS")
        #expect(login.grant == .password(username: "company", password: "SECRET-REQUEST", credentialType: "authtoken"))
    }

    @Test("JSON round trip; a bad geolocation is refused")
    func json() throws {
        let stored = StoredToken(
            accessToken: "a",
            accessTokenExpiry: t0,
            accessTokenLifetime: .seconds(3600),
            refreshToken: "r",
            refreshTokenExpiry: t0.addingTimeInterval(10),
            geolocation: .china
        )
        let data = try JSONEncoder().encode(stored)
        #expect(try JSONDecoder().decode(StoredToken.self, from: data) == stored)
        let bad = Data(
            #"{"access_token":"a","access_token_expires_at":0,"expires_in":1,"geolocation":"http://x.example"}"#.utf8
        )
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(StoredToken.self, from: bad) }
    }
}
