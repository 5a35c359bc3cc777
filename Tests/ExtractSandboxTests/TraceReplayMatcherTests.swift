import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

/// `sandbox --replay`'s matching: repeated requests answer in recorded order (a job polled five times answers its
/// five statuses), then the last answer again; query items in any order; a POST prefers the entry with its body;
/// an unknown request gets nothing; links are rewritten to the replay's address.
@Suite struct TraceReplayMatcherTests {
    static func entry(
        _ method: String,
        _ url: String,
        status: Int = 200,
        body: String = "",
        post: String? = nil
    )
        -> HTTPArchive.Entry
    {
        HTTPArchive.Entry(
            startedDateTime: "2026-01-01T00:00:00.000Z",
            time: 1,
            request: HTTPArchive.Request(
                method: method,
                url: url,
                headers: [],
                queryString: [],
                postData: post.map { HTTPArchive.PostData(mimeType: "application/xml", text: $0) }
            ),
            response: HTTPArchive.Response(
                status: status,
                statusText: "",
                headers: [],
                content: HTTPArchive.Content(
                    size: body.utf8.count,
                    mimeType: "application/xml",
                    text: body,
                    encoding: nil
                )
            ),
            timings: HTTPArchive.Timings(send: 0, wait: 1, receive: 0)
        )
    }

    static func archive(_ entries: [HTTPArchive.Entry]) -> HTTPArchive {
        HTTPArchive(log: HTTPArchive.Log(creator: HTTPArchive.Creator(name: "t", version: "1"), entries: entries))
    }

    @Test func repeatedRequestsAnswerInRecordedOrderThenRepeatTheLast() {
        let statuses = ["Queued", "Running", "Running", "Running", "Completed"]
        var entries = statuses.map { Self.entry("GET", "http://10.0.0.1:8080/job/1", body: $0) }
        entries.insert(Self.entry("GET", "http://10.0.0.1:8080/other", body: "other"), at: 2)
        var matcher = TraceReplayMatcher(Self.archive(entries))
        #expect(matcher.count == 6)
        let answered = (0..<7).compactMap {
            _ in matcher.answer(method: "GET", path: "/job/1", query: nil, body: nil)?.response.content.text
        }
        #expect(answered == statuses + ["Completed", "Completed"])
        #expect(matcher.answer(method: "GET", path: "/other", query: nil, body: nil)?.response.content.text == "other")
    }

    @Test func anUnrecordedRequestGetsNothing() {
        var matcher = TraceReplayMatcher(Self.archive([Self.entry("GET", "http://h:1/a?x=1&y=2")]))
        #expect(matcher.answer(method: "GET", path: "/b", query: nil, body: nil) == nil)
        #expect(matcher.answer(method: "POST", path: "/a", query: "x=1&y=2", body: nil) == nil)
        #expect(matcher.answer(method: "GET", path: "/a", query: "x=1", body: nil) == nil)
        #expect(matcher.answer(method: "GET", path: "/a", query: "y=2&x=1", body: nil) != nil, "items in any order")
    }

    @Test func aPostPrefersTheEntryWithItsBody() {
        var matcher = TraceReplayMatcher(
            Self.archive([
                Self.entry("POST", "http://h:1/job", body: "first", post: "<a/>"),
                Self.entry("POST", "http://h:1/job", body: "second", post: "<b/>"),
            ])
        )
        #expect(
            matcher.answer(method: "POST", path: "/job", query: nil, body: Data("<b/>".utf8))?.response.content.text
                == "second"
        )
        #expect(
            matcher.answer(method: "POST", path: "/job", query: nil, body: Data("<zzz/>".utf8))?.response.content.text
                == "first"
        )
    }

    @Test func entriesWithoutAnAnswerAreSkippedAndLinksRewritten() {
        let matcher = TraceReplayMatcher(
            Self.archive([
                Self.entry("GET", "http://127.0.0.1:5000/a", body: "x"),
                Self.entry("GET", "https://us.api.example.com/b", status: 0),
            ])
        )
        #expect(matcher.count == 1)
        #expect(matcher.recordedOrigins == ["http://127.0.0.1:5000"])
        let body = #"<Link>http://127.0.0.1:5000/job/1</Link> {"geolocation":"http:\/\/127.0.0.1:5000"}"#
        #expect(
            matcher.rewrite(body, to: "http://127.0.0.1:6000")
                == #"<Link>http://127.0.0.1:6000/job/1</Link> {"geolocation":"http:\/\/127.0.0.1:6000"}"#
        )
    }
}
