import ExtractAPI
import Foundation
import Testing

@testable import ExtractClient

@Suite("Attach to a running job")
struct JobAttachTests {
    @Test("Chooses the newest Queued or Running job of the definition")
    func choose() {
        let table: [(String, [ExtractJob], String?, ExtractTimestamp?, String?)] = [
            ("empty list", [], nil, nil, nil),
            (
                "only finished jobs", [Fixture.job("a", status: .completed), Fixture.job("b", status: .failed)], nil,
                nil, nil
            ),
            (
                "newest of queued and running",
                [
                    Fixture.job("old", status: .running, start: 10), Fixture.job("new", status: .queued, start: 20),
                    Fixture.job("done", status: .completed, start: 30),
                ],
                nil, nil, "new"
            ),
            (
                "order of the list does not matter",
                [Fixture.job("new", status: .queued, start: 20), Fixture.job("old", status: .running, start: 10)],
                nil, nil, "new"
            ),
            (
                "tie: the first listed wins",
                [Fixture.job("first", status: .running, start: 10), Fixture.job("second", status: .queued, start: 10)],
                nil, nil, "first"
            ),
            (
                "other definitions are skipped",
                [
                    Fixture.job("other", definition: "Other", status: .running, start: 50),
                    Fixture.job("mine", status: .running, start: 5),
                ],
                "Def$1", nil, "mine"
            ),
            (
                "jobs started before the attempt are not ours",
                [Fixture.job("before", status: .running, start: 5)],
                "Def$1", ExtractTimestamp(secondsSince1970: 1_714_608_000 + 6), nil
            ),
            (
                "a job started at the attempt is ours",
                [Fixture.job("at", status: .queued, start: 6)],
                "Def$1", ExtractTimestamp(secondsSince1970: 1_714_608_000 + 6), "at"
            ),
            ("unknown status is not attached", [Fixture.job("u", status: .unknown("Paused"))], nil, nil, nil),
        ]
        for (name, jobs, definition, notBefore, expected) in table {
            let chosen = ExtractJobList(jobs).jobToAttach(definitionID: definition, startedAtOrAfter: notBefore)
            #expect(chosen?.id.lastPathComponent == expected, "\(name)")
        }
    }
}
