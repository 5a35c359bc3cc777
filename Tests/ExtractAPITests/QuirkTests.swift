import ExtractAPI
import Foundation
import Testing

/// The lenient-parser quirks of §14.
@Suite("Quirks")
struct QuirkTests {
    static let jobURI = "https://us.api.concursolutions.com/api/expense/extract/v1.0/D$1/job/J$1"

    static func xml(_ text: String) -> Data { Data(text.utf8) }

    @Test("Children in any order, unknown elements ignored (XML)")
    func childOrderXML() throws {
        let job = try ExtractJob(
            xml: Self.xml(
                """
                <job xmlns="http://www.concursolutions.com/api/expense/extract/2010/02">
                  <status>Running</status>
                  <extra><nested>1</nested></extra>
                  <start-time>2010-01-12T18:30:01</start-time>
                  <status-link>\(Self.jobURI)/status</status-link>
                  <id>\(Self.jobURI)</id>
                </job>
                """
            )
        )
        #expect(job.status == .running)
        #expect(job.id.absoluteString == Self.jobURI)
        let definition = try ExtractDefinition(
            xml: Self.xml(
                "<definition><job-link>http://h/d/job</job-link><unknown/><name>N</name><id>http://h/d</id></definition>"
            )
        )
        #expect(definition.name == "N")
        #expect(definition.jobLink.absoluteString == "http://h/d/job")
    }

    @Test("Unknown JSON keys ignored")
    func unknownJSONKeys() throws {
        let job = try ExtractJob(
            json: Data(
                #"{"extra": {"a": [1]}, "status": 1, "id": "\#(Self.jobURI)", "status-link": "\#(Self.jobURI)/status", "start-time": "2010-01-12T18:30:01"}"#
                    .utf8
            )
        )
        #expect(job.status == .running)
    }

    @Test("Whitespace around link, id and name text is trimmed")
    func whitespaceInLinks() throws {
        let job = try ExtractJob(
            xml: Self.xml(
                """
                <job>
                  <id>
                     \(Self.jobURI)
                  </id>
                  <status-link> \(Self.jobURI)/status</status-link>
                  <start-time> 2010-01-12T18:30:01 </start-time>
                  <status> Completed </status>
                  <file-link>\t\(Self.jobURI)/file\n</file-link>
                </job>
                """
            )
        )
        #expect(job.id.absoluteString == Self.jobURI)
        #expect(job.statusLink.absoluteString == Self.jobURI + "/status")
        #expect(job.fileLink?.absoluteString == Self.jobURI + "/file")
        let json = try ExtractJob(
            json: Data(
                #"{"id": " \#(Self.jobURI) ", "status-link": "\n\#(Self.jobURI)/status", "start-time": "2010-01-12T18:30:01", "status": " 2 "}"#
                    .utf8
            )
        )
        #expect(json.statusLink.absoluteString == Self.jobURI + "/status")
        #expect(json.status == .completed)
    }

    @Test(
        "`Complete` reads as Completed; doc-quirk mode writes it",
        arguments: ["Complete", "Completed", "COMPLETE", " completed "]
    )
    func complete(word: String) throws {
        let job = try ExtractJob(
            xml: Self.xml(
                "<job><id>\(Self.jobURI)</id><status-link>\(Self.jobURI)/status</status-link><start-time>2010-01-12T18:30:01</start-time><status>\(word)</status></job>"
            )
        )
        #expect(job.status == .completed)
        let quirky = String(decoding: job.xmlData(options: .init(completedWord: .complete)), as: UTF8.self)
        #expect(quirky.contains("<status>Complete</status>"))
        #expect(String(decoding: job.xmlData(), as: UTF8.self).contains("<status>Completed</status>"))
    }

    @Test(
        "Each documented timestamp form (§8)",
        arguments: [
            ("2010-01-13T18:30:02Z", "2010-01-13T18:30:02"),
            ("2010-01-12T18:30:01", "2010-01-12T18:30:01"),
            ("2011-08-25T14:25:22.58", "2011-08-25T14:25:22.58"),
            ("2011-08-25T14:25:23.537", "2011-08-25T14:25:23.537"),
        ]
    )
    func timestampForms(input: String, canonical: String) throws {
        let job = try ExtractJob(
            xml: Self.xml(
                "<job><id>\(Self.jobURI)</id><status-link>\(Self.jobURI)/status</status-link><start-time>\(input)</start-time><stop-time>\(input)</stop-time><status>Failed</status></job>"
            )
        )
        #expect(job.startTime.formatted() == canonical)
        #expect(job.stopTime == job.startTime)
        let json = try ExtractJob(
            json: Data(
                #"{"id": "\#(Self.jobURI)", "status-link": "\#(Self.jobURI)/status", "start-time": "\#(input)", "status": 3}"#
                    .utf8
            )
        )
        #expect(json.startTime == job.startTime)
    }

    @Test(
        "JSON status as number, numeric string or word (§7)",
        arguments: [
            ("0", JobStatus.queued), ("1", .running), ("2", .completed), ("3", .failed),
            (#""0""#, .queued), (#""2""#, .completed), (#"" 3 ""#, .failed),
            (#""Queued""#, .queued), (#""running""#, .running), (#""Complete""#, .completed), (#""FAILED""#, .failed),
            ("9", .unknown("9")), (#""Paused""#, .unknown("Paused")),
        ]
    )
    func jsonStatus(raw: String, expected: JobStatus) throws {
        let job = try ExtractJob(
            json: Data(
                #"{"id": "\#(Self.jobURI)", "status-link": "\#(Self.jobURI)/status", "start-time": "2010-01-12T18:30:01", "status": \#(raw)}"#
                    .utf8
            )
        )
        #expect(job.status == expected)
        #expect(job.status.isTerminal == (expected == .completed || expected == .failed))
    }

    @Test("JSON status is written as a number")
    func jsonStatusWrittenAsNumber() throws {
        let job = ExtractJob(
            id: SpecExamples.url(Self.jobURI),
            statusLink: SpecExamples.url(Self.jobURI + "/status"),
            startTime: ExtractTimestamp(secondsSince1970: 0),
            status: .failed
        )
        let text = String(decoding: try job.jsonData(), as: UTF8.self)
        #expect(text.contains(#""status":3"#))
        #expect(!text.contains("stop-time"))
        #expect(!text.contains("file-link"))
    }

    @Test("Namespace declared, absent or prefixed; extra xmlns:i (§14 item 5)")
    func namespaces() throws {
        let bodies = [
            "<definition xmlns=\"http://www.concursolutions.com/api/expense/extract/2010/02\"><id>http://h/d</id><name>N</name><job-link>http://h/d/job</job-link></definition>",
            "<definition><id>http://h/d</id><name>N</name><job-link>http://h/d/job</job-link></definition>",
            "<e:definition xmlns:e=\"http://www.concursolutions.com/api/expense/extract/2010/02\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"><e:id>http://h/d</e:id><e:name>N</e:name><e:job-link>http://h/d/job</e:job-link></e:definition>",
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<definition xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"><id>http://h/d</id><name><![CDATA[N]]></name><job-link>http://h/d/job</job-link></definition>",
        ]
        for body in bodies {
            let definition = try ExtractDefinition(xml: Self.xml(body))
            #expect(definition.name == "N")
            #expect(definition.id.absoluteString == "http://h/d")
        }
    }

    @Test("A job-link equal to the id is treated as {id}/job (§14 item 6)")
    func jobLinkEqualsID() throws {
        let list = try ExtractDefinitionList(
            xml: Self.xml(
                "<definitions><definition><id>http://h/v1.0/D$1</id><job-link>http://h/v1.0/D$1</job-link><name>SAE</name></definition></definitions>"
            )
        )
        let definition = try #require(list.definitions.first)
        #expect(definition.jobLink == definition.id)
        #expect(definition.jobsURL.absoluteString == "http://h/v1.0/D$1/job")
    }

    @Test("A link without /expense/ is kept as given (§14 item 7)")
    func linkWithoutExpense() throws {
        let definition = try ExtractDefinition(
            json: Data(
                #"{"id": "https://h/api/extract/v1.0/D", "name": "N", "job-link": "https://h/api/extract/v1.0/D/job"}"#
                    .utf8
            )
        )
        #expect(definition.jobLink.absoluteString == "https://h/api/extract/v1.0/D/job")
        #expect(definition.definitionID == nil)
    }

    @Test("stop-time and file-link absent, empty or null (§14 item 8)")
    func absentOptionalFields() throws {
        let xmlJob = try ExtractJob(
            xml: Self.xml(
                "<job><id>\(Self.jobURI)</id><status-link>\(Self.jobURI)/status</status-link><start-time>2010-01-12T18:30:01</start-time><stop-time/><status>Running</status><file-link>  </file-link></job>"
            )
        )
        #expect(xmlJob.stopTime == nil)
        #expect(xmlJob.fileLink == nil)
        for value in ["null", #""""#, #"" ""#] {
            let jsonJob = try ExtractJob(
                json: Data(
                    #"{"id": "\#(Self.jobURI)", "status-link": "\#(Self.jobURI)/status", "start-time": "2010-01-12T18:30:01", "stop-time": \#(value), "status": 1, "file-link": \#(value)}"#
                        .utf8
                )
            )
            #expect(jsonJob.stopTime == nil)
            #expect(jsonJob.fileLink == nil)
        }
    }

    @Test("expires_in as string or number; refresh_expires_in as number or string (§14 item 9)")
    func tokenNumbers() throws {
        let bodies = [
            #"{"access_token": "a", "expires_in": "3600", "refresh_expires_in": 1517039403}"#,
            #"{"access_token": "a", "expires_in": 3600, "refresh_expires_in": "1517039403"}"#,
            #"{"access_token": "a", "expires_in": " 3600 ", "refresh_expires_in": 1517039403.0, "token_type": "bearer"}"#,
        ]
        for body in bodies {
            let token = try TokenResponse(json: Data(body.utf8))
            #expect(token.expiresIn == 3600)
            #expect(token.refreshExpiresIn == 1_517_039_403)
            #expect(token.isBearer)
        }
        let codeAsString = try OAuthErrorResponse(json: Data(#"{"error": "invalid_grant", "code": "108"}"#.utf8))
        #expect(codeAsString.code == 108)
        #expect(codeAsString.requiresReauthorization)
    }

    @Test("Unwrapped JSON error body and lower-case XML error element")
    func errorBodyVariants() throws {
        let unwrapped = try ExtractErrorBody(json: Data(#"{"Message": "request limit exceeded"}"#.utf8))
        #expect(unwrapped.message == "request limit exceeded")
        #expect(unwrapped.isRetryableLater)
        let lower = try ExtractErrorBody(xml: Data("<error><message>Deadlock victim</message></error>".utf8))
        #expect(lower.message == "Deadlock victim")
        #expect(lower.serverTime == nil)
        #expect(lower.isRetryableLater)
    }
}
