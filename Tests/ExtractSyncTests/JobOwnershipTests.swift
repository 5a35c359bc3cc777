import ExtractAPI
import ExtractSync
import Foundation
import Ledger
import Testing

/// The ownership decision as a table: recorded jobs and intents, Concur's list, now → resume / adopt / abandon /
/// foreign. Then invariants over seeded random cases.
@Suite struct JobOwnershipTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)
    static let margin: TimeInterval = 300

    /// A job Concur lists, `offset` seconds after t0, under `host`.
    static func job(
        _ id: String,
        _ offset: TimeInterval,
        _ status: JobStatus = .completed,
        host: String = "https://us.api.concursolutions.com"
    ) -> ExtractJob {
        let url = URL(string: "\(host)/api/expense/extract/v1.0/D1/job/\(id)") ?? URL(fileURLWithPath: "/\(id)")
        return ExtractJob(
            id: url,
            statusLink: url.appendingPathComponent("status"),
            startTime: ExtractTimestamp(t0.addingTimeInterval(offset)),
            status: status
        )
    }

    static func record(
        _ id: String,
        _ offset: TimeInterval,
        status: String = "Completed",
        posted: Bool = false,
        ownership: ExtractJobRecord.Ownership = .owned
    ) -> ExtractJobRecord {
        ExtractJobRecord(
            company: "acme",
            definitionID: "D1",
            jobID: id,
            status: status,
            startedAt: t0.addingTimeInterval(offset),
            postedAt: posted ? t0.addingTimeInterval(offset + 10) : nil,
            ownership: ownership
        )
    }

    static func intent(_ offset: TimeInterval, open: Bool = true) -> ExtractJobRecord {
        record("intent:\(Int(offset))", offset, status: open ? "Starting" : "Superseded")
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var recorded: [ExtractJobRecord]
        var listed: [ExtractJob]
        var now: TimeInterval = 60
        var resume: [String] = []
        var adopt: [String] = []
        var abandon: [String] = []
        var foreign: [String] = []
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "nothing recorded, nothing listed", recorded: [], listed: []),
        Case(
            name: "a fresh ledger sees another ledger's job: foreign",
            recorded: [],
            listed: [job("A1", -30)],
            foreign: ["A1"]
        ),
        Case(
            name: "no open intent: an unknown job is foreign, never adopted",
            recorded: [record("J1", -3600, posted: true), intent(-3600, open: false)],
            listed: [job("J2", -10), job("J1", -3600)],
            foreign: ["J2"]
        ),
        Case(
            name: "open intent and the job after it: adopted",
            recorded: [record("J1", -3600, posted: true), intent(0)],
            listed: [job("J3", 1), job("J1", -3600)],
            adopt: ["J3"]
        ),
        Case(
            name: "open intent, two unknown jobs after it: the earliest adopted, the other foreign",
            recorded: [intent(0)],
            listed: [job("J4", 20), job("J3", 1)],
            adopt: ["J3"],
            foreign: ["J4"]
        ),
        Case(
            name: "a job within the clock-skew margin before the intent: adopted",
            recorded: [intent(0)],
            listed: [job("J3", -200)],
            adopt: ["J3"]
        ),
        Case(
            name: "a job older than the margin: foreign, the intent abandoned",
            recorded: [intent(0)],
            listed: [job("J0", -600)],
            abandon: ["intent:0"],
            foreign: ["J0"]
        ),
        Case(
            name: "a job later than now plus the margin: not this intent's",
            recorded: [intent(0)],
            listed: [job("J9", 1000)],
            now: 5,
            abandon: ["intent:0"],
            foreign: ["J9"]
        ),
        Case(
            name: "open intent and no job: abandoned",
            recorded: [intent(0)],
            listed: [],
            abandon: ["intent:0"]
        ),
        Case(
            name: "a job recorded as foreign earlier is not foreign again, nor adopted by a later intent",
            recorded: [record("F1", -5, ownership: .foreign), intent(0)],
            listed: [job("J3", 2), job("F1", -5)],
            adopt: ["J3"]
        ),
        Case(
            name: "unfinished own jobs resume oldest first; foreign, dismissed, failed, posted ones do not",
            recorded: [
                record("J2", -100, status: "Running"), record("J1", -200, status: "Completed"),
                record("F1", -150, status: "Completed", ownership: .foreign),
                record("X1", -120, status: "Completed", ownership: .dismissed),
                record("E1", -110, status: "Failed"), record("P1", -300, posted: true),
            ],
            listed: [job("J2", -100, .running), job("X1", -120), job("F1", -150), job("J1", -200), job("P1", -300)],
            resume: ["J1", "J2"]
        ),
        Case(
            name: "the same job under another host name is the same job",
            recorded: [record("J1", -100, status: "Queued")],
            listed: [job("J1", -100, host: "http://localhost:8080")],
            resume: ["J1"]
        ),
        Case(
            name: "two open intents each take the earliest job of their own window",
            recorded: [intent(0), intent(1000)],
            listed: [job("J6", 1001), job("J5", 2)],
            now: 1100,
            adopt: ["J5", "J6"]
        ),
    ]

    @Test(arguments: cases)
    func decision(_ example: Case) {
        let decision = JobOwnership.decide(
            recorded: example.recorded,
            concurJobs: example.listed,
            now: Self.t0.addingTimeInterval(example.now),
            margin: Self.margin
        )
        #expect(decision.resume.map(\.jobID) == example.resume)
        #expect(decision.adopt.map(\.job.jobID) == example.adopt)
        #expect(decision.abandon.map(\.jobID) == example.abandon)
        #expect(decision.foreign.map(\.jobID) == example.foreign)
    }

    /// Over seeded random ledgers and lists: every listed job the ledger never recorded is adopted or foreign
    /// (never both, never neither); only an open intent adopts, at most one job each, within its window; recorded
    /// jobs are never foreign again; no open intent survives.
    @Test func invariants() {
        var random = SeededRandomNumberGenerator(seed: 9)
        for _ in 0..<500 {
            var recorded: [ExtractJobRecord] = []
            var listed: [ExtractJob] = []
            for index in 0..<Int.random(in: 0...6, using: &random) {
                let offset = TimeInterval(Int.random(in: -2000...2000, using: &random))
                let id = "J\(index)"
                listed.append(Self.job(id, offset))
                if Bool.random(using: &random) {
                    let ownership = ExtractJobRecord.Ownership.allCases.randomElement(using: &random) ?? .owned
                    recorded.append(Self.record(id, offset, posted: Bool.random(using: &random), ownership: ownership))
                }
            }
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let offset = TimeInterval(Int.random(in: -2000...2000, using: &random))
                recorded.append(Self.intent(offset, open: Bool.random(using: &random)))
            }
            listed.sort { $0.startTime > $1.startTime }
            let now = Self.t0.addingTimeInterval(2100)
            let decision = JobOwnership.decide(recorded: recorded, concurJobs: listed, now: now, margin: Self.margin)

            let known = Set(recorded.map(\.jobID))
            let adopted = decision.adopt.map(\.job.jobID)
            let foreign = decision.foreign.map(\.jobID)
            #expect(Set(adopted).isDisjoint(with: foreign))
            #expect(Set(adopted + foreign) == Set(listed.map(\.jobID)).subtracting(known))
            #expect(adopted.count == Set(adopted).count)
            let open = recorded.filter { $0.jobID.hasPrefix("intent:") && $0.status == "Starting" }
            #expect(Set(decision.adopt.map(\.intent.jobID) + decision.abandon.map(\.jobID)) == Set(open.map(\.jobID)))
            for adoption in decision.adopt {
                #expect(adoption.intent.status == "Starting")
                #expect(adoption.job.startTime.date >= adoption.intent.startedAt.addingTimeInterval(-Self.margin))
                #expect(adoption.job.startTime.date <= now.addingTimeInterval(Self.margin))
            }
            #expect(decision.resume.allSatisfy { $0.ownership == .owned && !$0.isPosted })
            if open.isEmpty { #expect(adopted.isEmpty) }
        }
    }
}
