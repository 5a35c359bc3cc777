import ExtractAPI
import Testing

@Suite("Media types and content negotiation")
struct MediaTypeTests {
    @Test("Exact Content-Type strings")
    func constants() {
        #expect(ExtractWire.MediaType.xml.rawValue == "application/xml")
        #expect(ExtractWire.MediaType.json.rawValue == "application/json")
        #expect(ExtractWire.MediaType.csv.rawValue == "text/csv")
        #expect(ExtractWire.MediaType.zip.rawValue == "application/zip")
        #expect(ExtractWire.MediaType.formURLEncoded.rawValue == "application/x-www-form-urlencoded")
        #expect(ExtractWire.Format.xml.mediaType == .xml)
        #expect(ExtractWire.Format.json.mediaType == .json)
    }

    @Test("Matching ignores parameters and case (§14 item 10)")
    func matching() {
        #expect(ExtractWire.MediaType.csv.matches("text/csv; charset=utf-8"))
        #expect(ExtractWire.MediaType.zip.matches(" Application/ZIP "))
        #expect(!ExtractWire.MediaType.csv.matches("application/zip"))
        #expect(!ExtractWire.MediaType.csv.matches(nil))
        #expect(ExtractWire.MediaType(contentType: "") == nil)
        #expect(ExtractWire.MediaType(contentType: "Application/JSON;charset=UTF-8") == .json)
        #expect(ExtractWire.Format(contentType: "application/xml; charset=utf-8") == .xml)
        #expect(ExtractWire.Format(contentType: "text/xml") == .xml)
        #expect(ExtractWire.Format(contentType: "application/problem+json") == .json)
        #expect(ExtractWire.Format(contentType: "text/html") == nil)
    }

    @Test(
        "Accept negotiation: JSON only when ranked above XML",
        arguments: [
            (nil, ExtractWire.Format.xml), ("", .xml), ("*/*", .xml), ("application/xml", .xml), ("text/html", .xml),
            ("application/json", .json), ("Application/JSON; charset=utf-8", .json),
            ("application/json, */*", .json), ("application/json;q=0.5, */*", .xml),
            ("*/*;q=0.1, application/json", .json),
            ("application/json, application/xml", .json), ("application/xml, application/json", .xml),
            ("application/json;q=0.9, application/xml", .xml), ("application/xml;q=0.8, application/json", .json),
            ("text/xml;q=0.9, application/json;q=0.95", .json), ("application/json;q=0", .xml),
            ("application/json;q=bogus", .xml),
        ] as [(String?, ExtractWire.Format)]
    )
    func negotiate(accept: String?, expected: ExtractWire.Format) {
        #expect(ExtractWire.Format.negotiate(accept: accept) == expected)
    }

    @Test("File kind: by Content-Type, else by ZIP signature (§9)")
    func fileKind() {
        let zipBytes: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14]
        let csvBytes = Array("EXTRACT|2019-02-01".utf8)
        #expect(ExtractWire.FileKind.detect(contentType: "text/csv", leadingBytes: csvBytes) == .csv)
        #expect(ExtractWire.FileKind.detect(contentType: "application/zip", leadingBytes: zipBytes) == .zip)
        #expect(ExtractWire.FileKind.detect(contentType: "TEXT/CSV; charset=utf-8", leadingBytes: csvBytes) == .csv)
        #expect(ExtractWire.FileKind.detect(contentType: nil, leadingBytes: zipBytes) == .zip)
        #expect(ExtractWire.FileKind.detect(contentType: "application/octet-stream", leadingBytes: zipBytes) == .zip)
        #expect(ExtractWire.FileKind.detect(contentType: nil, leadingBytes: csvBytes) == .csv)
        #expect(ExtractWire.FileKind.detect(contentType: nil, leadingBytes: [UInt8]()) == .csv)
    }
}

@Suite struct RedactionTests {
    @Test func secretsNeverAppearInDescriptions() {
        let request = TokenRequest(
            clientID: "app",
            clientSecret: "s3cret-client",
            grant: .password(username: "ana", password: "hunter2", credentialType: "authtoken")
        )
        for text in [
            String(describing: request), String(reflecting: request), "\(request.grant)",
            String(reflecting: request.grant),
        ] {
            #expect(!text.contains("s3cret-client") && !text.contains("hunter2"), "\(text)")
        }
        var dumped = ""
        dump(request, to: &dumped)
        #expect(!dumped.contains("hunter2") && !dumped.contains("s3cret-client"))
        let refresh = TokenRequest.Grant.refreshToken("rt-secret", scope: nil)
        #expect(!"\(refresh)".contains("rt-secret"))
    }
}
