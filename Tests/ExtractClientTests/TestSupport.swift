import ExtractAPI
import Foundation

@testable import ExtractClient

/// A clock instant the tests move by hand: no clock is read, nothing sleeps.
struct TestInstant: InstantProtocol, Sendable {
    var offset: Duration

    static let zero = TestInstant(offset: .zero)

    func advanced(by duration: Duration) -> TestInstant { TestInstant(offset: offset + duration) }
    func duration(to other: TestInstant) -> Duration { other.offset - offset }
    static func < (lhs: TestInstant, rhs: TestInstant) -> Bool { lhs.offset < rhs.offset }
    static func + (lhs: TestInstant, rhs: Duration) -> TestInstant { lhs.advanced(by: rhs) }
}

enum Fixture {
    static let base = "https://us.api.concursolutions.com/api/expense/extract/v1.0"

    static func url(_ text: String) -> URL {
        guard let url = URL(string: text) else { fatalError("bad fixture URL \(text)") }
        return url
    }

    /// A job of definition `definition` with id `id`, started `start` seconds after 2024-05-02T00:00:00Z.
    static func job(
        _ id: String,
        definition: String = "Def$1",
        status: JobStatus,
        start: Int64 = 0,
        fileLink: Bool = true
    ) -> ExtractJob {
        let jobURL = url("\(base)/\(definition)/job/\(id)")
        return ExtractJob(
            id: jobURL,
            statusLink: url(jobURL.absoluteString + "/status"),
            startTime: ExtractTimestamp(secondsSince1970: 1_714_608_000 + start),
            stopTime: status.isTerminal ? ExtractTimestamp(secondsSince1970: 1_714_608_000 + start + 60) : nil,
            status: status,
            fileLink: status == .completed && fileLink ? url(jobURL.absoluteString + "/file") : nil
        )
    }
}
