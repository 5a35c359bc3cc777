import ExtractAPI
import Foundation
import Testing

/// Bad input gives ``ExtractAPIDecodingError`` with a stable code and the element or key at fault.
@Suite("Malformed input")
struct MalformedInputTests {
    static let jobURI = "https://us.api.concursolutions.com/api/expense/extract/v1.0/D$1/job/J$1"

    func xmlError(_ body: String, as type: any WireBody.Type = ExtractJob.self) -> ExtractAPIDecodingError? {
        do {
            _ = try type.init(xml: Data(body.utf8))
            return nil
        } catch {
            return error
        }
    }

    func jsonError(_ body: String, as type: any JSONWireBody.Type = ExtractJob.self) -> ExtractAPIDecodingError? {
        do {
            _ = try type.init(json: Data(body.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test("Empty bodies")
    func empty() {
        #expect(xmlError("")?.code == .emptyBody)
        #expect(xmlError("  \n ")?.code == .emptyBody)
        #expect(jsonError("")?.code == .emptyBody)
        #expect(jsonError("", as: TokenResponse.self)?.code == .emptyBody)
    }

    @Test(
        "Not XML at all, truncated or unbalanced",
        arguments: [
            "not xml", "<job><id>x</id>", "<job></jobs>", "<html><body>502 Bad Gateway</body>", "\u{0}\u{1}\u{2}",
        ]
    )
    func malformedXML(body: String) throws {
        let error = try #require(xmlError(body))
        #expect(error.code == .malformedXML)
        #expect(error.message.contains("XML"))
    }

    @Test("Not JSON", arguments: ["not json", "{\"id\": ", "[1, 2", "<job/>"])
    func malformedJSON(body: String) throws {
        let error = try #require(jsonError(body))
        #expect(error.code == .malformedJSON)
    }

    @Test("Wrong root element or top-level value")
    func unexpectedRoot() throws {
        let xml = try #require(xmlError("<definitions/>"))
        #expect(xml.code == .unexpectedRoot)
        #expect(xml.message.contains("'job'"))
        #expect(xml.message.contains("'definitions'"))
        #expect(xmlError("<html><body>oops</body></html>", as: ExtractErrorBody.self)?.code == .unexpectedRoot)
        #expect(jsonError("[]")?.code == .unexpectedRoot)
        #expect(jsonError("{}", as: ExtractJobList.self)?.code == .unexpectedRoot)
        #expect(jsonError("\"text\"", as: ExtractDefinitionList.self)?.code == .unexpectedRoot)
    }

    @Test("Missing required element names it (XML)")
    func missingXML() throws {
        let error = try #require(
            xmlError(
                "<job><id>\(Self.jobURI)</id><start-time>2010-01-12T18:30:01</start-time><status>Queued</status></job>"
            )
        )
        #expect(error.code == .missingField)
        #expect(error.path == "job/status-link")
        #expect(error.message.contains("status-link"))
        let empty = try #require(
            xmlError(
                "<job><id>\(Self.jobURI)</id><status-link>\(Self.jobURI)/status</status-link><start-time>2010-01-12T18:30:01</start-time><status> </status></job>"
            )
        )
        #expect(empty.code == .missingField)
        #expect(empty.path == "job/status")
    }

    @Test("Missing or null required key names it (JSON), with its array index")
    func missingJSON() throws {
        let good =
            #"{"id": "\#(Self.jobURI)", "status-link": "\#(Self.jobURI)/status", "start-time": "2010-01-12T18:30:01", "status": 1}"#
        let noStatus =
            #"{"id": "\#(Self.jobURI)", "status-link": "\#(Self.jobURI)/status", "start-time": "2010-01-12T18:30:01"}"#
        let error = try #require(jsonError("[\(good), \(noStatus)]", as: ExtractJobList.self))
        #expect(error.code == .missingField)
        #expect(error.path == "[1].status")
        #expect(error.message.contains("status"))
        let nullName = try #require(
            jsonError(
                #"[{"id": "http://h/d", "name": null, "job-link": "http://h/d/job"}]"#,
                as: ExtractDefinitionList.self
            )
        )
        #expect(nullName.code == .missingField)
        #expect(nullName.path == "[0].name")
        let nullStatus = try #require(
            jsonError(
                #"{"id": "\#(Self.jobURI)", "status-link": "\#(Self.jobURI)/status", "start-time": "2010-01-12T18:30:01", "status": null}"#
            )
        )
        #expect(nullStatus.code == .missingField)
        #expect(nullStatus.path == "status")
        #expect(jsonError(#"{"access_token": "a"}"#, as: TokenResponse.self)?.path == "expires_in")
        #expect(jsonError(#"{"expires_in": 1}"#, as: TokenResponse.self)?.path == "access_token")
        #expect(jsonError(#"{"geolocation": "https://h"}"#, as: OAuthErrorResponse.self)?.code == .missingField)
        #expect(jsonError(#"{"Error": {"Id": "x"}}"#, as: ExtractErrorBody.self)?.path == "Error.Message")
    }

    @Test("Bad timestamps name the element")
    func badTimestamps() throws {
        for bad in [
            "yesterday", "2011-13-25T14:25:22", "2011-02-30T00:00:00", "2011-08-25 14:25", "2011-08-25T14:25:22.",
        ] {
            let xml = try #require(
                xmlError(
                    "<job><id>\(Self.jobURI)</id><status-link>\(Self.jobURI)/status</status-link><start-time>2010-01-12T18:30:01</start-time><stop-time>\(bad)</stop-time><status>Failed</status></job>"
                )
            )
            #expect(xml.code == .invalidTimestamp)
            #expect(xml.path == "job/stop-time")
            #expect(xml.value == bad)
            let json = try #require(
                jsonError(
                    #"{"id": "\#(Self.jobURI)", "status-link": "\#(Self.jobURI)/status", "start-time": "\#(bad)", "status": 3}"#
                )
            )
            #expect(json.code == .invalidTimestamp)
            #expect(json.path == "start-time")
        }
    }

    @Test("Bad links name the element, with the list index")
    func badLinks() throws {
        let xml = try #require(
            xmlError(
                "<definitions><definition><id>http://h/a</id><name>A</name><job-link>http://h/a/job</job-link></definition><definition><id>http://h/b</id><name>B</name><job-link>not a link</job-link></definition></definitions>",
                as: ExtractDefinitionList.self
            )
        )
        #expect(xml.code == .invalidURL)
        #expect(xml.path == "definitions/definition[2]/job-link")
        #expect(xml.message.contains("job-link"))
        let json = try #require(
            jsonError(#"{"id": "http://h/d", "name": "N", "job-link": "two words"}"#, as: ExtractDefinition.self)
        )
        #expect(json.code == .invalidURL)
        #expect(json.path == "job-link")
    }

    @Test("Wrong JSON types")
    func wrongTypes() throws {
        let statusObject = try #require(
            jsonError(
                #"{"id": "\#(Self.jobURI)", "status-link": "\#(Self.jobURI)/status", "start-time": "2010-01-12T18:30:01", "status": {"x": 1}}"#
            )
        )
        #expect(statusObject.code == .invalidValue)
        #expect(statusObject.path == "status")
        let numericName = try #require(
            jsonError(#"{"id": "http://h/d", "name": 5, "job-link": "http://h/d/job"}"#, as: ExtractDefinition.self)
        )
        #expect(numericName.code == .invalidValue)
        #expect(numericName.path == "name")
        let expires = try #require(
            jsonError(#"{"access_token": "a", "expires_in": "an hour"}"#, as: TokenResponse.self)
        )
        #expect(expires.code == .invalidNumber)
        #expect(expires.path == "expires_in")
        let fractional = try #require(jsonError(#"{"access_token": "a", "expires_in": 1.5}"#, as: TokenResponse.self))
        #expect(fractional.code == .invalidNumber)
        let boolean = try #require(jsonError(#"{"access_token": "a", "expires_in": true}"#, as: TokenResponse.self))
        #expect(boolean.code == .invalidValue)
    }

    @Test("Bad token forms name the missing field")
    func badForms() throws {
        func formError(_ text: String) -> ExtractAPIDecodingError? {
            do {
                _ = try TokenRequest(form: Data(text.utf8))
                return nil
            } catch {
                return error
            }
        }
        #expect(formError("")?.path == "client_id")
        #expect(formError("client_id=a")?.path == "client_secret")
        #expect(formError("client_id=a&client_secret=b")?.path == "grant_type")
        #expect(formError("client_id=a&client_secret=b&grant_type=refresh_token")?.path == "refresh_token")
        #expect(formError("client_id=a&client_secret=b&grant_type=password&username=u")?.path == "password")
        let unknown = try #require(formError("client_id=a&client_secret=b&grant_type=otp"))
        #expect(unknown.code == .invalidValue)
        #expect(unknown.value == "otp")
        #expect(formError("client_id=%ZZ&client_secret=b&grant_type=client_credentials")?.code == .malformedForm)
    }

    /// A `<definition>` root and `depth - 1` elements nested inside it, the innermost holding `inner`.
    static func nested(_ depth: Int, inner: String = "") -> String {
        "<definition>" + String(repeating: "<a>", count: depth - 1) + inner
            + String(repeating: "</a>", count: depth - 1) + "</definition>"
    }

    @Test("XML nested 60,000 deep (about 420 KB) is refused with the limit named, not a crash")
    func deeplyNestedXML() throws {
        let body = Self.nested(60_000)
        for type: any WireBody.Type in [
            StartJobRequest.self, ExtractJob.self, ExtractJobList.self, ExtractDefinitionList.self,
            ExtractErrorBody.self,
        ] {
            let error = try #require(xmlError(body, as: type))
            #expect(error.code == .limitExceeded)
            #expect(error.message.contains("deeper than 256"))
            #expect(error.message.contains("maximumXMLDepth"))
        }
        // Unbalanced and deep: the depth limit still answers first.
        #expect(xmlError(String(repeating: "<a>", count: 60_000), as: StartJobRequest.self)?.code == .limitExceeded)
    }

    @Test("The depth limit is exact: depth 256 parses, 257 does not", arguments: [1, 2, 255, 256, 257, 300])
    func depthLimitBoundary(depth: Int) throws {
        let limit = ExtractWire.DecodingLimits.standard.maximumXMLDepth
        let error = xmlError(Self.nested(depth, inner: "x"), as: StartJobRequest.self)
        if depth <= limit {
            #expect(error?.code != .limitExceeded)
        } else {
            #expect(error?.code == .limitExceeded)
        }
    }

    /// Found by FuzzXML: Foundation's XMLParser trapped on an element name with bytes that are not UTF-8, so a
    /// hostile server could crash the client (and a hostile client the sandbox). Every bad sequence, wherever it
    /// is put in a real body, is now refused as malformed XML naming the byte.
    @Test(
        "Bytes that are not UTF-8, anywhere in a body, are malformed XML, not a crash",
        arguments: [[0xFF], [0x80], [0xC0, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]
            as [[UInt8]]
    )
    func notUTF8(bad: [UInt8]) throws {
        let body = Array(
            "<job><id>\(Self.jobURI)</id><status-link>\(Self.jobURI)/status</status-link><status>Queued</status></job>"
                .utf8
        )
        for offset in 1..<body.count {
            var hostile = body
            hostile.insert(contentsOf: bad, at: offset)
            for type in [ExtractJob.self, ExtractJobList.self, ExtractErrorBody.self] as [any WireBody.Type] {
                do {
                    _ = try type.init(xml: Data(hostile))
                    Issue.record("decoded a body with \(bad) at byte \(offset)")
                } catch {
                    #expect(error.code == .malformedXML)
                    #expect(error.message.contains("not valid UTF-8 (at byte \(offset))"))
                }
            }
        }
        // A byte-order mark and every valid sequence still parse.
        let valid = Data([0xEF, 0xBB, 0xBF] + Array("<Error><Message>Fehler: Größe € 𝄞</Message></Error>".utf8))
        #expect(try ExtractErrorBody(xml: valid).message == "Fehler: Größe € 𝄞")
    }

    /// Found by FuzzXML: Foundation's XMLParser read a processing instruction without data through a null
    /// pointer (a crash of the client or the sandbox). Any processing instruction but the XML declaration is
    /// refused, wherever it is; the declaration still parses.
    @Test("Processing instructions are malformed XML, not a crash")
    func processingInstructions() throws {
        let job =
            "<job><id>\(Self.jobURI)</id><status-link>\(Self.jobURI)/status</status-link><start-time>2010-01-13T18:30:02Z</start-time><status>Queued</status></job>"
        for cut in job.indices where job[cut] == "<" || job[cut] == ">" {
            for instruction in ["<?x?>", "<?pi data?>", "<?xml-stylesheet href='a'?>", "<?xml version=\"1.0\"?>"] {
                if cut == job.startIndex && instruction.hasPrefix("<?xml ") { continue }  // the declaration itself
                var body = job
                body.insert(contentsOf: instruction, at: cut)
                let error = try #require(xmlError(body), "decoded \(body)")
                #expect(error.code == .malformedXML)
                #expect(
                    error.message.contains("processing instruction") || error.message.contains("well-formed"),
                    "\(error)"
                )
            }
        }
        #expect(xmlError("<?x0?>\u{0}d")?.code == .malformedXML)
        #expect(xmlError("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\(job)") == nil)
        #expect(xmlError("\u{FEFF}<?xml version=\"1.0\"?>\(job)") == nil)
    }

    @Test("JSON nested 60,000 deep is an error, not a crash")
    func deeplyNestedJSON() throws {
        let body = String(repeating: "[", count: 60_000) + String(repeating: "]", count: 60_000)
        #expect(jsonError(body) != nil)
        #expect(jsonError(body, as: ExtractJobList.self) != nil)
    }

    @Test("Error description names path, message, value and code")
    func description() {
        let error = ExtractAPIDecodingError(.invalidURL, "'id' is not a URL", path: "job/id", value: "a b")
        #expect(error.description == "job/id: 'id' is not a URL: 'a b' [invalid-url]")
        let long = ExtractAPIDecodingError(.invalidValue, "x", value: String(repeating: "z", count: 200))
        #expect(long.value?.count == 80)
    }
}
