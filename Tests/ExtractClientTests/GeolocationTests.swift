import ExtractAPI
import Foundation
import Testing

@testable import ExtractClient

@Suite("Geolocation")
struct GeolocationTests {
    @Test("Normalises to https, lower-case host, no trailing slash")
    func normalise() {
        let table: [(String, String?)] = [
            ("https://us.api.concursolutions.com", "https://us.api.concursolutions.com"),
            ("https://us.api.concursolutions.com/", "https://us.api.concursolutions.com"),
            ("https://us.api.concursolutions.com///", "https://us.api.concursolutions.com"),
            ("  https://EMEA.api.concursolutions.com/\n", "https://emea.api.concursolutions.com"),
            ("HTTPS://cn.api.concurcdc.cn", "https://cn.api.concurcdc.cn"),
            ("us2.api.concursolutions.com", "https://us2.api.concursolutions.com"),
            ("https://us.api.concursolutions.com/?x=1#f", "https://us.api.concursolutions.com"),
            ("https://host.example:8443/prefix/", "https://host.example:8443/prefix"),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
            ("http://localhost:9000", "http://localhost:9000"),
            ("http://us.api.concursolutions.com", nil),
            ("ftp://us.api.concursolutions.com", nil),
            ("https://user:pw@us.api.concursolutions.com", nil),
            ("https://", nil),
            ("", nil),
            ("   ", nil),
        ]
        for (input, expected) in table {
            #expect(Geolocation(input)?.baseURL.absoluteString == expected, "\(input)")
        }
    }

    @Test("Known data centers and URLs under them")
    func known() throws {
        #expect(Geolocation.us.baseURL.absoluteString == "https://us.api.concursolutions.com")
        #expect(Geolocation.china.description == "https://cn.api.concurcdc.cn")
        #expect(Geolocation.emeaImplementation.baseURL.host == "emea-impl.api.concursolutions.com")
        #expect(Geolocation.us.tokenURL.absoluteString == "https://us.api.concursolutions.com/oauth2/v0/token")
        let geo = try #require(Geolocation("https://eu2.api.concursolutions.com/"))
        #expect(
            geo.url(for: .jobs(definitionID: "a$b")).absoluteString
                == "https://eu2.api.concursolutions.com/api/expense/extract/v1.0/a$b/job"
        )
        let url = try #require(URL(string: "https://us2.api.concursolutions.com/"))
        #expect(Geolocation(url: url) == Geolocation("us2.api.concursolutions.com"))
    }
}
