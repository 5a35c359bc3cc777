import ExtractAPI
import ExtractSandbox
import ExtractSync
import Foundation
import Ledger
import Testing

/// The ownership decision as a table: recorded jobs and intents, Concur's list, now → resume / adopt / abandon /
/// foreign. Then invariants over seeded random cases.
@Suite struct JobOwnershipTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)

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

    /// What the ledger recorded: a job, or an intent to start one.
    enum Row: Sendable {
        case job(ExtractJobRecord)
        case intent(StartIntent)
    }

    static func jobs(_ rows: [Row]) -> [ExtractJobRecord] {
        rows.compactMap { if case .job(let job) = $0 { job } else { nil } }
    }

    static func intents(_ rows: [Row]) -> [StartIntent] {
        rows.compactMap { if case .intent(let intent) = $0 { intent } else { nil } }
    }

    /// A recorded job; its state follows from being posted, its ownership and Concur's status.
    static func record(
        _ id: String,
        _ offset: TimeInterval,
        status: String = "Completed",
        posted: Bool = false,
        ownership: ExtractJobRecord.Ownership = .owned,
        note: String? = nil
    ) -> Row {
        let state: PipelineState =
            switch (posted, ownership, status) {
            case (true, _, _): .posted
            case (_, .foreign, _): .foreign
            case (_, .dismissed, _): .dismissed
            case (_, _, "Failed"): .failed
            case (_, _, "Completed"): .completed
            default: .started
            }
        return .job(
            ExtractJobRecord(
                company: "acme",
                definitionID: "D1",
                jobID: id,
                status: status,
                startedAt: t0.addingTimeInterval(offset),
                postedAt: posted ? t0.addingTimeInterval(offset + 10) : nil,
                state: state,
                note: note
            )
        )
    }

    /// An intent `I<offset>` recorded at `offset`: open and sending since `sentAfter` seconds later (its last
    /// `POST`), open and nothing sent with `sentAfter: nil`, or closed.
    static func intent(_ offset: TimeInterval, open: Bool = true, sentAfter: TimeInterval? = 0) -> Row {
        let recordedAt = t0.addingTimeInterval(offset)
        return .intent(
            StartIntent(
                company: "acme",
                definitionID: "D1",
                intentID: "I\(Int(offset))",
                state: !open ? .superseded : sentAfter == nil ? .intentRecorded : .intentSending,
                recordedAt: recordedAt,
                lastSentAt: sentAfter.map { recordedAt.addingTimeInterval($0) }
            )
        )
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var recorded: [Row]
        var listed: [ExtractJob]
        var now: TimeInterval = 60
        var resume: [String] = []
        var adopt: [String] = []
        var abandon: [String] = []
        var ambiguous: [String] = []
        var foreign: [String] = []
        var inFlight: [String] = []
        var undecided: [String] = []
        /// Whether the ledger is declared the definition's sole writer.
        var soleWriter = true
        var testDescription: String { name }
    }

    /// A 120-second window (30 s skew allowance): an intent at 0 is judged from 150 s on.
    static let window = JobOwnership.StartWindow(duration: 120)

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
            now: 600,
            foreign: ["J2"]
        ),
        Case(
            name: "open intent, window passed, its one job: adopted",
            recorded: [record("J1", -3600, posted: true), intent(0)],
            listed: [job("J3", 1), job("J1", -3600)],
            now: 600,
            adopt: ["J3"]
        ),
        Case(
            name: "not declared the sole writer: an interrupted start's one job is ambiguous, never taken (seed 9199)",
            recorded: [record("J1", -3600, posted: true), intent(0)],
            listed: [job("J3", 1), job("J1", -3600)],
            now: 600,
            ambiguous: ["I0"],
            foreign: ["J3"],
            soleWriter: false
        ),
        Case(
            name: "open intent still in its window: in flight, its job undecided, nothing foreign",
            recorded: [record("J1", -3600, posted: true), intent(0)],
            listed: [job("J3", 1), job("J1", -3600)],
            now: 60,
            inFlight: ["I0"],
            undecided: ["J3"]
        ),
        Case(
            name: "in flight: a job outside the window is foreign all the same",
            recorded: [intent(0)],
            listed: [job("J3", 1), job("A9", -900)],
            now: 60,
            foreign: ["A9"],
            inFlight: ["I0"],
            undecided: ["J3"]
        ),
        Case(
            name: "two jobs within the window: ambiguous, both foreign (never the earliest guessed)",
            recorded: [intent(0)],
            listed: [job("J4", 20), job("J3", 1)],
            now: 600,
            ambiguous: ["I0"],
            foreign: ["J3", "J4"]
        ),
        Case(
            name: "one job within the window but another writer seen since this ledger began: ambiguous",
            recorded: [record("J1", -3600, posted: true), record("F1", -1800, ownership: .foreign), intent(0)],
            listed: [job("J3", 1), job("F1", -1800), job("J1", -3600)],
            now: 600,
            ambiguous: ["I0"],
            foreign: ["J3"]
        ),
        Case(
            name: "a job adopted explicitly is evidence of another writer too",
            recorded: [
                record("J1", -3600, posted: true), record("F1", -1800, posted: true, note: JobOwnership.adoptedNote),
                intent(0),
            ],
            listed: [job("J3", 1), job("F1", -1800), job("J1", -3600)],
            now: 600,
            ambiguous: ["I0"],
            foreign: ["J3"]
        ),
        Case(
            name: "history from before this ledger began is no evidence of another writer",
            recorded: [record("H1", -90_000, ownership: .dismissed), record("J1", -3600, posted: true), intent(0)],
            listed: [job("J3", 1), job("J1", -3600), job("H1", -90_000)],
            now: 600,
            adopt: ["J3"]
        ),
        Case(
            name: "another writer's job listed now, outside the window, is evidence: ambiguous",
            recorded: [record("J1", -3600, posted: true), intent(0)],
            listed: [job("A2", 400), job("J3", 1), job("J1", -3600)],
            now: 600,
            ambiguous: ["I0"],
            foreign: ["J3", "A2"]
        ),
        Case(
            name: "a job after the window (plus skew) is not the intent's: foreign, the intent abandoned",
            recorded: [intent(0)],
            listed: [job("J9", 151)],
            now: 600,
            abandon: ["I0"],
            foreign: ["J9"]
        ),
        Case(
            name: "a job within the skew allowance before the intent counts; one before it does not",
            recorded: [intent(0)],
            listed: [job("J3", -29)],
            now: 600,
            adopt: ["J3"]
        ),
        Case(
            name: "a job older than the skew allowance: foreign, the intent abandoned",
            recorded: [intent(0)],
            listed: [job("J0", -31)],
            now: 600,
            abandon: ["I0"],
            foreign: ["J0"]
        ),
        Case(
            name:
                "an intent that sent nothing (still Starting) is abandoned: another writer's job in its window is foreign",
            recorded: [record("J1", -3600, posted: true), intent(0, sentAfter: nil)],
            listed: [job("B1", 1), job("J1", -3600)],
            now: 600,
            abandon: ["I0"],
            foreign: ["B1"]
        ),
        Case(
            name: "an intent that sent nothing is in flight all the same until its window has passed",
            recorded: [intent(0, sentAfter: nil)],
            listed: [job("B1", 1)],
            now: 60,
            inFlight: ["I0"],
            undecided: ["B1"]
        ),
        Case(
            name: "a job started after the last POST (plus 5 s and the skew) is not the intent's: killed in flight",
            recorded: [record("J1", -3600, posted: true), intent(0, sentAfter: 10)],
            listed: [job("B1", 46), job("J1", -3600)],
            now: 600,
            abandon: ["I0"],
            foreign: ["B1"]
        ),
        Case(
            name: "a job started within 5 s and the skew of the last POST is the intent's",
            recorded: [record("J1", -3600, posted: true), intent(0, sentAfter: 10)],
            listed: [job("J3", 44), job("J1", -3600)],
            now: 600,
            adopt: ["J3"]
        ),
        Case(
            name: "open intent, window passed, no job: abandoned",
            recorded: [intent(0)],
            listed: [],
            now: 600,
            abandon: ["I0"]
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
            name: "two open intents each take the one job of their own window",
            recorded: [intent(0), intent(1000)],
            listed: [job("J6", 1001), job("J5", 2)],
            now: 1200,
            adopt: ["J5", "J6"]
        ),
    ]

    @Test(arguments: cases)
    func decision(_ example: Case) {
        let decision = JobOwnership.decide(
            recorded: Self.jobs(example.recorded),
            intents: Self.intents(example.recorded),
            concurJobs: example.listed,
            now: Self.t0.addingTimeInterval(example.now),
            window: Self.window,
            soleWriter: example.soleWriter
        )
        #expect(decision.resume.map(\.jobID) == example.resume)
        #expect(decision.adopt.map(\.job.jobID) == example.adopt)
        #expect(decision.abandon.map(\.intentID) == example.abandon)
        #expect(decision.ambiguous.map(\.intent.intentID) == example.ambiguous)
        #expect(decision.inFlight.map(\.intentID) == example.inFlight)
        #expect(decision.undecided.map(\.jobID) == example.undecided)
        #expect(decision.foreign.map(\.jobID) == example.foreign)
    }

    /// Over seeded random ledgers and lists: every listed job the ledger never recorded is adopted, foreign or
    /// undecided (exactly one of them); only an open intent whose window has passed adopts, at most one job, the
    /// only unknown job of its window, and never when another writer was seen; recorded jobs are never foreign
    /// again; every open intent is adopted, abandoned, ambiguous or in flight.
    @Test func invariants() {
        var random = SeededRandomNumberGenerator(seed: 9)
        for _ in 0..<500 {
            var rows: [Row] = []
            var listed: [ExtractJob] = []
            for index in 0..<Int.random(in: 0...6, using: &random) {
                let offset = TimeInterval(Int.random(in: -2000...2000, using: &random))
                let id = "J\(index)"
                listed.append(Self.job(id, offset))
                if Bool.random(using: &random) {
                    let ownership = ExtractJobRecord.Ownership.allCases.randomElement(using: &random) ?? .owned
                    rows.append(Self.record(id, offset, posted: Bool.random(using: &random), ownership: ownership))
                }
            }
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let offset = TimeInterval(Int.random(in: -2000...2000, using: &random))
                let sent: TimeInterval? =
                    Bool.random(using: &random) ? nil : Double(Int.random(in: 0...100, using: &random))
                rows.append(Self.intent(offset, open: Bool.random(using: &random), sentAfter: sent))
            }
            listed.sort { $0.startTime > $1.startTime }
            let now = Self.t0.addingTimeInterval(TimeInterval(Int.random(in: -2000...2200, using: &random)))
            let recorded = Self.jobs(rows)
            let soleWriter = Bool.random(using: &random)
            let decision = JobOwnership.decide(
                recorded: recorded,
                intents: Self.intents(rows),
                concurJobs: listed,
                now: now,
                window: Self.window,
                soleWriter: soleWriter
            )

            let known = Set(recorded.map(\.jobID))
            let adopted = decision.adopt.map(\.job.jobID)
            let foreign = decision.foreign.map(\.jobID)
            let undecided = decision.undecided.map(\.jobID)
            #expect(adopted.count + foreign.count + undecided.count == Set(adopted + foreign + undecided).count)
            #expect(Set(adopted + foreign + undecided) == Set(listed.map(\.jobID)).subtracting(known))
            let open = Self.intents(rows).filter(\.isOpen)
            let judged =
                decision.adopt.map(\.intent.intentID) + decision.abandon.map(\.intentID)
                + decision.ambiguous.map(\.intent.intentID) + decision.inFlight.map(\.intentID)
            #expect(judged.count == open.count && Set(judged) == Set(open.map(\.intentID)))
            for adoption in decision.adopt {
                #expect(soleWriter && !decision.otherWriterSeen)
                #expect(adoption.intent.state == .intentSending, "an intent that sent nothing adopts nothing")
                #expect(now >= Self.window.closes(adoption.intent))
                #expect(Self.window.contains(adoption.job, of: adoption.intent))
                let takenElsewhere = Set(
                    decision.adopt.filter { $0.intent != adoption.intent }.map(\.job.jobID)
                        + decision.ambiguous.flatMap(\.candidates).map(\.jobID)
                )
                let rivals = listed.filter {
                    !known.contains($0.jobID) && $0.jobID != adoption.job.jobID && !takenElsewhere.contains($0.jobID)
                        && Self.window.contains($0, of: adoption.intent)
                }
                #expect(rivals.isEmpty)
            }
            for intent in decision.inFlight { #expect(now < Self.window.closes(intent)) }
            for ambiguity in decision.ambiguous {
                #expect(Set(ambiguity.candidates.map(\.jobID)).isSubset(of: Set(foreign)))
            }
            #expect(decision.resume.allSatisfy { $0.ownership == .owned && !$0.isPosted })
            if open.isEmpty { #expect(adopted.isEmpty && undecided.isEmpty) }
        }
    }
}
