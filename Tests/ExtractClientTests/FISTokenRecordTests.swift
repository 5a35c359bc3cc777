import ExtractAPI
import Foundation
import Testing

@testable import ExtractClient

/// The token record FIS's scope check relies on (issue 12, item 3).
@Suite struct FISTokenRecordTests {
    @Test func scopesAndCompanyLevelSurviveSavingAndRefreshingAndOldFilesStillLoad() throws {
        let first = StoredToken(
            response: TokenResponse(accessToken: "a", expiresIn: 3600, refreshToken: "r", scope: "EXTRCT FISVC"),
            receivedAt: Date(timeIntervalSince1970: 1_700_000_000),
            previous: nil,
            currentGeolocation: .us,
            isCompanyToken: true
        )
        #expect(first.scopes == ["EXTRCT", "FISVC"] && first.isCompanyToken == true)
        let saved = try JSONDecoder().decode(StoredToken.self, from: try JSONEncoder().encode(first))
        #expect(saved == first)
        // A refresh without `scope` keeps the scopes, and the grant's kind stays.
        let refreshed = StoredToken(
            response: TokenResponse(accessToken: "b", expiresIn: 3600),
            receivedAt: Date(timeIntervalSince1970: 1_700_003_000),
            previous: saved,
            currentGeolocation: .us
        )
        #expect(refreshed.scopes == ["EXTRCT", "FISVC"] && refreshed.isCompanyToken == true)
        // A file written before the fields existed loads with both unknown (FIS then asks for a new login).
        let old = Data(
            #"{"access_token":"a","access_token_expires_at":1700000000,"expires_in":3600,"geolocation":"https://us.api.concursolutions.com"}"#
                .utf8
        )
        let loaded = try JSONDecoder().decode(StoredToken.self, from: old)
        #expect(loaded.scopes == nil && loaded.isCompanyToken == nil)
        #expect(ConcurClient.fisTokenRefusal(AccessToken(loaded), operation: "x")?.code == .insufficientScope)
        #expect(ConcurClient.fisTokenRefusal(AccessToken(refreshed), operation: "x") == nil)
    }
}
