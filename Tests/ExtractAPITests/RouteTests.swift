import ExtractAPI
import Foundation
import Testing

@Suite("Routes")
struct RouteTests {
    static let d = "nYoPK$pZmcowMRUqcl5bnDAwwsMydyt$xd"
    static let j = "uIo87jk3SHudi$sdlYle8$peot$pD21jyd"

    static let table: [(ExtractWire.Route, String)] = [
        (.definitions, "/api/expense/extract/v1.0/"),
        (.definition(id: d), "/api/expense/extract/v1.0/\(d)"),
        (.jobs(definitionID: d), "/api/expense/extract/v1.0/\(d)/job"),
        (.job(definitionID: d, jobID: j), "/api/expense/extract/v1.0/\(d)/job/\(j)"),
        (.jobStatus(definitionID: d, jobID: j), "/api/expense/extract/v1.0/\(d)/job/\(j)/status"),
        (.jobFile(definitionID: d, jobID: j), "/api/expense/extract/v1.0/\(d)/job/\(j)/file"),
        (.token, "/oauth2/v0/token"),
    ]

    @Test("Paths are built and parsed back", arguments: table)
    func paths(route: ExtractWire.Route, path: String) {
        #expect(route.path == path)
        #expect(ExtractWire.Route(path: path) == route)
        #expect(ExtractWire.Route(path: path + "?x=1") == route)
        #expect(ExtractWire.Route(path: path.hasSuffix("/") ? String(path.dropLast()) : path + "/") == route)
    }

    @Test("Constants")
    func constants() {
        #expect(ExtractWire.basePath == "/api/expense/extract/v1.0")
        #expect(ExtractWire.tokenPath == "/oauth2/v0/token")
        #expect(ExtractWire.xmlNamespace == "http://www.concursolutions.com/api/expense/extract/2010/02")
    }

    @Test("$ and %24 route identically (§4)")
    func dollarEncoding() {
        let encoded = "/api/expense/extract/v1.0/\(Self.d.replacingOccurrences(of: "$", with: "%24"))/job"
        #expect(ExtractWire.Route(path: encoded) == .jobs(definitionID: Self.d))
    }

    @Test("Foreign or malformed paths are not routes")
    func rejects() {
        for path in [
            "/", "/api/expense/extract/v1.1/", "/api/expense/extract/v1.0x", "/api/expense/extract/v1.0/d/jobs",
            "/api/expense/extract/v1.0/d/job/j/other", "/api/expense/extract/v1.0//job",
            "/api/expense/extract/v1.0/d/job/j/file/x",
            "/api/expense/extract/v1.0/%ZZ",
        ] {
            #expect(ExtractWire.Route(path: path) == nil, "\(path)")
        }
    }

    @Test("Absolute URLs: build under a base, read IDs from links")
    func urls() throws {
        let base = try #require(URL(string: "https://us.api.concursolutions.com/"))
        let route = ExtractWire.Route.jobStatus(definitionID: Self.d, jobID: Self.j)
        let url = try #require(route.url(relativeTo: base))
        #expect(
            url.absoluteString
                == "https://us.api.concursolutions.com/api/expense/extract/v1.0/\(Self.d)/job/\(Self.j)/status"
        )
        #expect(ExtractWire.Route(url: url) == route)
        #expect(ExtractWire.Route(url: url)?.definitionID == Self.d)
        #expect(ExtractWire.Route(url: url)?.jobID == Self.j)
        let prefixed = try #require(URL(string: "http://127.0.0.1:8080/sandbox"))
        #expect(
            ExtractWire.Route.definitions.url(relativeTo: prefixed)?.absoluteString
                == "http://127.0.0.1:8080/sandbox/api/expense/extract/v1.0/"
        )
        #expect(ExtractWire.Route.token.definitionID == nil)
    }

    @Test("Unusual ID characters are percent-encoded and decoded back")
    func encodedIDs() throws {
        let route = ExtractWire.Route.job(definitionID: "a b/c", jobID: "ü?")
        #expect(route.path == "/api/expense/extract/v1.0/a%20b%2Fc/job/%C3%BC%3F")
        #expect(ExtractWire.Route(path: route.path) == route)
    }
}
