import ExtractAPI
import Foundation
import Testing

/// The canonical XML output has the documented shape (namespace, element order, omitted elements).
@Suite("XML output")
struct XMLOutputTests {
    @Test("A queued job is written like the POST example")
    func queuedJob() throws {
        let job = try ExtractJob(xml: SpecExamples.postJobResponseXML)
        let uri = "\(SpecExamples.base)/\(SpecExamples.saeDefinitionID)/job/\(SpecExamples.queuedJobID)"
        let expected = """
            <job xmlns="http://www.concursolutions.com/api/expense/extract/2010/02">
              <id>\(uri)</id>
              <status-link>\(uri)/status</status-link>
              <start-time>2010-01-13T18:30:02</start-time>
              <status>Queued</status>
            </job>

            """
        #expect(String(decoding: job.xmlData(), as: UTF8.self) == expected)
        let zulu = String(decoding: job.xmlData(options: .init(timestampStyle: .zulu)), as: UTF8.self)
        #expect(zulu.contains("<start-time>2010-01-13T18:30:02Z</start-time>"))
    }

    @Test("Lists declare the namespace once; empty lists are self-closing")
    func lists() throws {
        let list = try ExtractDefinitionList(xml: SpecExamples.definitionsXML)
        let text = String(decoding: list.xmlData(), as: UTF8.self)
        #expect(
            text.hasPrefix(
                "<definitions xmlns=\"http://www.concursolutions.com/api/expense/extract/2010/02\">\n  <definition>\n"
            )
        )
        #expect(text.components(separatedBy: "xmlns").count == 2)
        #expect(
            String(decoding: ExtractJobList([]).xmlData(), as: UTF8.self)
                == "<jobs xmlns=\"http://www.concursolutions.com/api/expense/extract/2010/02\"/>\n"
        )
    }

    @Test("The error body has no namespace and escapes text")
    func errorBody() {
        let body = ExtractErrorBody(
            message: "a < b & c",
            time: ExtractTimestamp(secondsSince1970: 1_714_641_300),
            id: "X"
        )
        #expect(
            String(decoding: body.xmlData(), as: UTF8.self)
                == "<Error>\n  <Message>a &lt; b &amp; c</Message>\n  <Server-Time>2024-05-02T09:15:00</Server-Time>\n  <Id>X</Id>\n</Error>\n"
        )
        let json = String(decoding: (try? body.jsonData()) ?? Data(), as: UTF8.self)
        #expect(json == #"{"Error":{"Id":"X","Message":"a < b & c","Server-Time":"2024-05-02T09:15:00"}}"#)
    }

    @Test("The token form has no charset and encodes reserved characters")
    func tokenForm() {
        let request = TokenRequest(clientID: "id", clientSecret: "a+b c", grant: .refreshToken("r/t", scope: nil))
        #expect(
            String(decoding: request.formBody(), as: UTF8.self)
                == "grant_type=refresh_token&client_id=id&client_secret=a%2Bb%20c&refresh_token=r%2Ft"
        )
    }
}
