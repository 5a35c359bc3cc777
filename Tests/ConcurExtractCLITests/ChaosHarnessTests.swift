import AccountingExtract
import ExtractSandbox
import FinancialIntegrationAPI
import Foundation
import Ledger
import Testing

/// Issue 9 §4: seeded chaos schedules against the sandbox's oracle. The schedule generator and the invariant
/// checker are pure and tested here first; then a fixed set of seeds runs the real binary (kill -9 at durable
/// steps, SIGSTOP past a lease, sandbox faults, a colleague starting jobs, reports added between runs), with a FIS
/// company among the Extract ones (kills at FIS document steps, FIS faults, recalls, another ERP acknowledging,
/// resubmissions, invoices added).
///
/// `Scripts/chaos.sh N` runs N seeds through ``longRun()`` and prints the summary line.
@Suite(.serialized) struct ChaosHarnessTests {
    /// The CI seeds, each kept once it found something (see the report of issue 9 §4).
    /// 2004: Concur serves ledger b's file again for ledger p's job (kept since it once read as a violation).
    /// 5000: worker p/w1 is killed after its `POST` (with `sync --all`); the start is judged after its window and
    /// listed as foreign in p (another writer's job in sight), which once read as a missing job.
    /// (Seeds 3097, 4025–4042 of the schedule generator before `intentRecorded` found a ledger taking another's job;
    /// their cases are the deterministic tests of `SyncOwnershipTests`.)
    static let ciSeeds: [UInt64] = [1, 2, 3, 4, 5, 6, 2004, 5000]
    static let ciLength = 8

    // MARK: The schedule generator

    @Test func theScheduleIsAPureFunctionOfTheSeed() {
        for seed in UInt64(0)..<50 {
            let long = ChaosSchedule.make(seed: seed, length: 20)
            #expect(long == ChaosSchedule.make(seed: seed, length: 20))
            #expect(
                long.filter { !$0.isFISAdversary }.count == 20,
                "length counts the events besides the FIS adversary's"
            )
            // a shorter schedule is a prefix of a longer one: a seed's first events do not depend on the length
            let short = ChaosSchedule.make(seed: seed, length: 5)
            #expect(Array(long.prefix(short.count)) == short)
        }
        let distinct = Set((UInt64(0)..<50).map { ChaosSchedule.make(seed: $0, length: 10).description })
        #expect(distinct.count == 50, "different seeds give different schedules")
    }

    @Test func seedsCoverEveryEventAndFault() {
        var kinds: Set<String> = []
        var steps: Set<String> = []
        var faults: Set<String> = []
        var fisRoutes: Set<SandboxFault.Route> = []
        for seed in UInt64(0)..<200 {
            for event in ChaosSchedule.make(seed: seed, length: 12, slowFaults: true) {
                switch event {
                case .run(let actor, let step):
                    kinds.insert("run \(actor.ledger)")
                    if case .ledgerA(let company) = actor, company == ChaosSchedule.fisCompany {
                        kinds.insert("run a fis")
                        #expect(step.map(ChaosSchedule.documentSteps.contains) ?? true, "a FIS run dies at FIS steps")
                    }
                    if let step, ChaosSchedule.documentSteps.contains(step) { kinds.insert("kill \(actor.ledger) fis") }
                    if let step { steps.insert(step) }
                case .recallReady: kinds.insert("recall")
                case .foreignAcknowledges(_, let error): kinds.insert(error ? "foreign error" : "foreign ack")
                case .resubmit: kinds.insert("resubmit")
                case .addInvoices(let count):
                    kinds.insert("invoices")
                    #expect((1...2).contains(count))
                case .pausePastLease: kinds.insert("pause")
                case .colleagueStartsJob: kinds.insert("colleague")
                case .addReports(let count):
                    kinds.insert("reports")
                    #expect((1...4).contains(count))
                case .faults(let list):
                    kinds.insert("faults")
                    for fault in list {
                        var name = fault.kind.name
                        if case .serviceUnavailable(let retryAfter) = fault.kind {
                            name += retryAfter == nil ? "-" : "+"
                        }
                        faults.insert(name)
                        #expect(!fault.kind.isJobFault || fault.route == .startJob)
                        if fault.route.rawValue.hasPrefix("fis") { fisRoutes.insert(fault.route) }
                    }
                }
            }
        }
        #expect(
            kinds == [
                "run a", "run a fis", "run b", "run p", "kill a fis", "kill b fis", "kill p fis", "pause", "colleague",
                "reports", "faults", "recall",
                "foreign ack", "foreign error", "resubmit", "invoices",
            ]
        )
        #expect(steps == Set(ChaosSchedule.steps + ChaosSchedule.documentSteps))
        #expect(fisRoutes == [.fisTransactions, .fisAcknowledgements, .fisPostingConfirmations])
        #expect(
            faults == [
                "serviceUnavailable+", "serviceUnavailable-", "tooManyRequests", "requestLimit", "dropConnection",
                "truncatedBody", "tokenExpiresMidJob", "jobFails", "fileServedTwice", "jobStuckInQueue",
            ]
        )
        // Without slow faults, no schedule holds a fault that costs a run its deadline.
        for seed in UInt64(0)..<200 {
            for case .faults(let list) in ChaosSchedule.make(seed: seed, length: 12) {
                for fault in list {
                    #expect(fault.kind != .jobStuckInQueue && fault.kind != .serviceUnavailable(retryAfter: nil))
                }
            }
        }
    }

    // MARK: The invariant checker

    static func job(
        _ id: String,
        by user: String?,
        reports: [String],
        company: String = "C0",
        batch: String
    ) -> SandboxOracle.Job {
        SandboxOracle.Job(
            id: id,
            companyID: company,
            definitionID: "D",
            status: "Completed",
            startedBy: user.map { "client/\($0)" },
            reportIDs: reports,
            batchID: batch,
            fileName: "file-\(batch).txt"
        )
    }

    static func view(
        _ name: String,
        _ postings: [(batch: String, report: String)],
        quarantined: [String] = [],
        problems: [String] = [],
        foreign: Set<String> = []
    ) -> ChaosLedgerView {
        ChaosLedgerView(
            name: name,
            identity: "ledger-\(name)",
            postings: Set(postings.map { .init(company: "c0", batchID: $0.batch, jobID: nil, reportID: $0.report) }),
            quarantined: quarantined.map { .init(batchID: $0, fileName: "file-\($0).txt") },
            reconciliationProblems: problems,
            foreignReported: foreign
        )
    }

    @Test func theCheckerAcceptsAnExactlyOnceWorldAndNamesEachBrokenInvariant() {
        let oracle = SandboxOracle(
            jobs: [
                Self.job("J1", by: "ledger-a", reports: ["R1", "R2"], batch: "1001"),
                Self.job("J2", by: "ledger-b", reports: ["R3"], batch: "1002"),
                Self.job("J3", by: "colleague", reports: ["R4"], batch: "1003"),
                Self.job("J4", by: "ledger-a", reports: [], batch: "1001"),  // a file served twice
            ],
            extractedBy: [:]
        )
        let companies = ["C0": "c0"]
        func kinds(_ ledgers: [ChaosLedgerView]) -> [ChaosViolation.Kind] {
            ChaosInvariants.check(oracle: oracle, companies: companies, ledgers: ledgers).map(\.kind)
        }
        let a = Self.view("a", [("1001", "R1"), ("1001", "R2")])
        let b = Self.view("b", [("1002", "R3")], foreign: ["J3"])
        #expect(kinds([a, b]).isEmpty, "each ledger posted its own jobs once; the colleague's job was reported")
        // a report of one's own job missing, unless its file sits in the quarantine
        #expect(kinds([Self.view("a", [("1001", "R1")]), b]) == [.missing])
        #expect(kinds([Self.view("a", [("1001", "R1")], quarantined: ["1001"]), b]).isEmpty)
        // posted twice in one ledger
        #expect(kinds([Self.view("a", [("1001", "R1"), ("1001", "R2"), ("1005", "R2")]), b]) == [.duplicated])
        // posted in two ledgers: the other one posted a job it did not start
        #expect(
            Set(kinds([a, Self.view("b", [("1002", "R3"), ("1001", "R1")], foreign: ["J3"])]))
                == [.inTwoLedgers, .foreignPostedSilently]
        )
        // the colleague's job: posted silently, or never reported
        #expect(
            kinds([a, Self.view("b", [("1002", "R3"), ("1003", "R4")])]) == [
                .foreignPostedSilently, .foreignLostFromView,
            ]
        )
        #expect(kinds([a, Self.view("b", [("1002", "R3")])]) == [.foreignLostFromView])
        // a ledger that does not reconcile
        #expect(
            kinds([a, Self.view("b", [("1002", "R3")], problems: ["debits ≠ credits"], foreign: ["J3"])]) == [
                .unreconciled
            ]
        )
        #expect(ChaosViolation.ownershipKinds.isDisjoint(with: [.missing, .duplicated, .unreconciled]))
    }

    /// Seed 2004: ledger b's job J1 posts R1; Concur then serves J1's file again for ledger p's own job J2
    /// (`fileServedTwice`). p posts it in good faith (no ledger sees another's batches): not a violation of p's,
    /// but p posting J1's file through a job p did not start still is.
    @Test func aFileConcurServesAgainToAnotherLedgerIsTheSourcesFault() {
        var again = Self.job("J2", by: "ledger-p", reports: [], batch: "1001")
        again.redeliveryOf = "J1"
        let oracle = SandboxOracle(
            jobs: [Self.job("J1", by: "ledger-b", reports: ["R1"], batch: "1001"), again],
            extractedBy: [:]
        )
        func posting(_ job: String) -> ChaosLedgerView.Posting {
            .init(company: "c0", batchID: "1001", jobID: job, reportID: "R1")
        }
        let b = ChaosLedgerView(
            name: "b",
            identity: "ledger-b",
            postings: [posting("J1")],
            quarantined: [],
            reconciliationProblems: [],
            foreignReported: ["J2"]
        )
        var p = ChaosLedgerView(
            name: "p",
            identity: "ledger-p",
            postings: [posting("J2")],
            quarantined: [],
            reconciliationProblems: [],
            foreignReported: ["J1"]
        )
        #expect(ChaosInvariants.check(oracle: oracle, companies: ["C0": "c0"], ledgers: [b, p]).isEmpty)
        p.postings = [posting("J1")]
        #expect(
            Set(ChaosInvariants.check(oracle: oracle, companies: ["C0": "c0"], ledgers: [b, p]).map(\.kind))
                == [.inTwoLedgers]
        )
    }

    /// The FIS schedule is drawn beside the Extract one: a seed's Extract events are those it had before FIS
    /// joined (the kept CI seeds keep their meaning) — no Extract event names the FIS company or a FIS step, and
    /// the Extract events of a seed do not depend on the FIS draws.
    @Test func theFISAdversaryLeavesASeedsExtractEventsAsTheyWere() {
        func extractEvent(_ event: ChaosEvent) -> ChaosEvent? {
            if event.isFISAdversary { return nil }
            if case .faults(let list) = event { return .faults(list.filter { !$0.route.rawValue.hasPrefix("fis") }) }
            return event
        }
        for seed in UInt64(0)..<100 {
            let events = ChaosSchedule.make(seed: seed, length: 12, slowFaults: seed % 2 == 0)
            let extract = events.compactMap(extractEvent)
            #expect(extract.count == 12)
            for case .run(let actor, let step) in extract {
                #expect(step.map(ChaosSchedule.steps.contains) ?? true)
                if case .ledgerA(let company) = actor { #expect(company != ChaosSchedule.fisCompany) }
            }
            for case .faults(let list) in extract { #expect((1...2).contains(list.count)) }
            #expect(
                Array(
                    ChaosSchedule.make(seed: seed, length: 20, slowFaults: seed % 2 == 0).compactMap(extractEvent)
                        .prefix(12)
                ) == extract
            )
        }
    }

    // MARK: The FIS invariants

    /// A FIS document as the oracle shows it (decoded as the admin route serves it).
    static func fisDocument(
        _ id: String,
        report: String,
        status: FISDocumentStatus,
        system: String?,
        posting: (result: FISPostingStatusCode, by: String, numbers: [String])? = nil,
        resubmissionOf: String? = nil
    ) throws -> SandboxFISDocument {
        var object: [String: Any] = [
            "id": id, "reportID": report, "docType": "expense", "sequence": 1, "status": status.rawValue,
            "payments": [Any](),
        ]
        if let system { object["erpSystemID"] = system }
        if let posting {
            object["posting"] = [
                "result": posting.result.rawValue, "systemID": posting.by, "documentNumbers": posting.numbers,
                "fiscalYears": [String](), "postingDates": [String](), "messages": ["m"],
            ]
        }
        if let resubmissionOf { object["resubmissionOf"] = resubmissionOf }
        return try JSONDecoder().decode(SandboxFISDocument.self, from: JSONSerialization.data(withJSONObject: object))
    }

    static func fisView(
        _ name: String,
        posted: [(String, Int)],
        confirmed: [(String, FISConfirmationRecordResult, String?)]
    ) -> ChaosLedgerView {
        ChaosLedgerView(
            name: name,
            identity: "ledger-\(name)",
            postings: [],
            quarantined: [],
            reconciliationProblems: [],
            foreignReported: [],
            systemID: "sys-\(name)",
            fisPostings: posted.map { .init(company: "c2", docId: $0.0, debits: Amount(units: Int64($0.1))) },
            fisConfirmations: confirmed.map { .init(company: "c2", docId: $0.0, result: $0.1, documentNumber: $0.2) }
        )
    }

    typealias FISConfirmationRecordResult = FISConfirmationRecord.Result

    /// Each FIS invariant on a hand-made world that keeps it, then broken one at a time.
    @Test func theFISCheckerAcceptsAnExactlyOnceWorldAndNamesEachBrokenInvariant() throws {
        let documents = [
            try Self.fisDocument(
                "D1",
                report: "R1",
                status: .postingConfirmedSuccess,
                system: "sys-a",
                posting: (.success, "sys-a", ["N1"])
            ),
            try Self.fisDocument(
                "D2",
                report: "R2",
                status: .postingConfirmedFailure,
                system: "sys-a",
                posting: (.error, "sys-a", [])
            ),
            try Self.fisDocument("D3", report: "R3", status: .recalled, system: nil),
            try Self.fisDocument(
                "D4",
                report: "R4",
                status: .postingConfirmedFailure,
                system: ChaosSchedule.foreignSystemID,
                posting: (.error, ChaosSchedule.foreignSystemID, [])
            ),
            try Self.fisDocument(
                "D5",
                report: "R4",
                status: .postingConfirmedSuccess,
                system: "sys-b",
                posting: (.success, "sys-b", ["N5"]),
                resubmissionOf: "D4"
            ),
        ]
        let debits = [
            "D1": Amount(units: 10), "D2": Amount(units: 3), "D3": Amount(units: 4), "D4": Amount(units: 6),
            "D5": Amount(units: 7),
        ]
        func kinds(_ ledgers: [ChaosLedgerView], extra: [SandboxFISDocument] = []) -> Set<ChaosViolation.Kind> {
            let oracle = SandboxOracle(jobs: [], extractedBy: [:], fisDocuments: ["C2": documents + extra])
            return Set(
                ChaosInvariants.check(oracle: oracle, companies: ["C2": "c2"], ledgers: ledgers, fisDebits: debits)
                    .map(\.kind)
            )
        }
        let a = Self.fisView("a", posted: [("D1", 10)], confirmed: [("D1", .success, "N1"), ("D2", .error, nil)])
        let b = Self.fisView("b", posted: [("D5", 7)], confirmed: [("D5", .success, "N5")])
        #expect(
            kinds([a, b]).isEmpty,
            "each document acknowledged by a ledger posted once there and confirmed as posted"
        )
        // missing: a document left READY; one confirmed success but not posted; one acknowledged, never confirmed
        #expect(
            kinds([a, b], extra: [try Self.fisDocument("D6", report: "R6", status: .ready, system: nil)]) == [
                .fisMissing
            ]
        )
        #expect(
            kinds([Self.fisView("a", posted: [], confirmed: [("D1", .success, "N1"), ("D2", .error, nil)]), b])
                == [.fisMissing, .fisSums]
        )
        #expect(
            kinds([a, b], extra: [try Self.fisDocument("D7", report: "R7", status: .acknowledged, system: "sys-a")])
                == [.fisMissing]
        )
        // duplicated: posted in two ledgers (b does not own it either); a report posted through two documents
        #expect(
            kinds([a, Self.fisView("b", posted: [("D5", 7), ("D1", 10)], confirmed: [("D5", .success, "N5")])])
                == [.fisDuplicated, .fisPostedNotOurs, .fisSums]
        )
        let again = try Self.fisDocument(
            "D8",
            report: "R1",
            status: .postingConfirmedSuccess,
            system: "sys-b",
            posting: (.success, "sys-b", ["N8"])
        )
        #expect(
            kinds(
                [
                    a,
                    Self.fisView(
                        "b",
                        posted: [("D5", 7), ("D8", 0)],
                        confirmed: [("D5", .success, "N5"), ("D8", .success, "N8")]
                    ),
                ],
                extra: [again]
            ) == [.fisDuplicated]
        )
        // posted though recalled, or acknowledged by the other ERP
        #expect(
            kinds([
                Self.fisView(
                    "a",
                    posted: [("D1", 10), ("D3", 4)],
                    confirmed: [("D1", .success, "N1"), ("D2", .error, nil)]
                ), b,
            ])
                == [.fisPostedNotOurs, .fisSums]
        )
        #expect(
            kinds([a, Self.fisView("b", posted: [("D5", 7), ("D4", 6)], confirmed: [("D5", .success, "N5")])])
                == [.fisPostedNotOurs, .fisDuplicated, .fisSums],
            "D4's report R4 is posted again through its resubmission D5"
        )
        // the confirmation Concur holds is not the ledger's: another number, another result, error but posted
        #expect(
            kinds([
                Self.fisView("a", posted: [("D1", 10)], confirmed: [("D1", .success, "N9"), ("D2", .error, nil)]), b,
            ]) == [.fisConfirmationMismatch]
        )
        #expect(
            kinds([
                Self.fisView("a", posted: [("D1", 10)], confirmed: [("D1", .success, "N1"), ("D2", .success, "N2")]), b,
            ]) == [.fisConfirmationMismatch]
        )
        #expect(
            kinds([Self.fisView("a", posted: [("D1", 10)], confirmed: [("D1", .success, "N1")]), b]) == [
                .fisConfirmationMismatch
            ]
        )
        #expect(
            kinds([
                Self.fisView(
                    "a",
                    posted: [("D1", 10), ("D2", 3)],
                    confirmed: [("D1", .success, "N1"), ("D2", .error, nil)]
                ), b,
            ])
                == [.fisConfirmationMismatch, .fisSums]
        )
        // confirmed twice with different results (b recorded a success of a's document)
        #expect(
            kinds([
                a, Self.fisView("b", posted: [("D5", 7)], confirmed: [("D5", .success, "N5"), ("D2", .success, "N2")]),
            ])
                == [.fisConfirmedTwice]
        )
        // sums: the ledger's debits for its posted documents are not the oracle's
        #expect(
            kinds([
                Self.fisView("a", posted: [("D1", 9)], confirmed: [("D1", .success, "N1"), ("D2", .error, nil)]), b,
            ]) == [.fisSums]
        )
    }

    @Test func foreignJobsAreReadFromSyncJSONWhenPresent() {
        let single =
            #"{"company": "c0", "foreignJobs": [{"id": "http://h/api/expense/extract/v1.0/D/job/J9", "status": "Completed"}], "jobs": []}"#
        #expect(ChaosHarness.World.foreignJobs(in: single) == ["J9"])
        let lines = "c0: ok\n{\"foreignJobs\": [{\"id\": \"J7\"}]}\nc1: ok\n"
        #expect(ChaosHarness.World.foreignJobs(in: lines) == ["J7"])
        #expect(ChaosHarness.World.foreignJobs(in: #"{"company": "c0", "jobs": []}"#).isEmpty, "today: no key")
    }

    // MARK: The harness

    /// Asserts every invariant: exactly once per ledger, no report in two ledgers, foreign jobs reported and never
    /// posted silently, every ledger reconciled, and no run ended by a signal the harness did not send.
    static func assertInvariants(_ outcome: ChaosOutcome) {
        #expect(outcome.violations.isEmpty, "seed \(outcome.seed): \(outcome.violations)\nschedule: \(outcome.events)")
        #expect(outcome.unexpectedExits.isEmpty, "seed \(outcome.seed): \(outcome.unexpectedExits)")
    }

    static func summary(_ outcomes: [ChaosOutcome]) -> String {
        "\(outcomes.count) schedules, \(outcomes.reduce(0) { $0 + $1.kills }) kills "
            + "(\(outcomes.reduce(0) { $0 + $1.fisKills }) at FIS steps), "
            + "\(outcomes.reduce(0) { $0 + $1.faultsFired }) faults, "
            + "foreign jobs \(outcomes.reduce(0) { $0 + $1.foreignJobs }), "
            + "own jobs listed as foreign \(outcomes.reduce(0) { $0 + $1.ownListedForeign }), "
            + "FIS documents \(outcomes.reduce(0) { $0 + $1.fisDocuments }) "
            + "(posted \(outcomes.reduce(0) { $0 + $1.fisPosted }), "
            + "error-confirmed \(outcomes.reduce(0) { $0 + $1.fisErrorConfirmed }), "
            + "recalled \(outcomes.reduce(0) { $0 + $1.fisRecalled }), "
            + "another ERP's \(outcomes.reduce(0) { $0 + $1.fisForeign }), "
            + "resubmitted \(outcomes.reduce(0) { $0 + $1.fisResubmitted })), "
            + "violations \(outcomes.reduce(0) { $0 + $1.violations.count })"
    }

    @Test func fixedSeedsKeepEveryInvariant() async throws {
        var outcomes: [ChaosOutcome] = []
        for seed in Self.ciSeeds {
            let outcome = try await ChaosHarness(seed: seed, length: Self.ciLength).run()
            Self.assertInvariants(outcome)
            outcomes.append(outcome)
        }
        print("chaos (CI): " + Self.summary(outcomes))
        #expect(outcomes.reduce(0) { $0 + $1.kills } > 0, "the CI seeds kill at least one run")
        #expect(outcomes.reduce(0) { $0 + $1.fisPosted } > 0, "the CI seeds post FIS documents")
        #expect(outcomes.reduce(0) { $0 + $1.fisKills } > 0, "the CI seeds kill at least one run at a FIS step")
    }

    /// The long run of `Scripts/chaos.sh`: `CONCUR_CHAOS_SEEDS` seeds from `CONCUR_CHAOS_FIRST_SEED`, schedules
    /// of `CONCUR_CHAOS_LENGTH` events, slow faults included unless `CONCUR_CHAOS_SLOW_FAULTS=0`. Prints one line per violation and the summary.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CONCUR_CHAOS_SEEDS"] != nil))
    func longRun() async throws {
        let environment = ProcessInfo.processInfo.environment
        let count = min(10_000, max(1, Int(environment["CONCUR_CHAOS_SEEDS"] ?? "") ?? 1))
        let first = UInt64(environment["CONCUR_CHAOS_FIRST_SEED"] ?? "") ?? 1000
        let length = min(200, max(1, Int(environment["CONCUR_CHAOS_LENGTH"] ?? "") ?? 12))
        let verbose = environment["CONCUR_CHAOS_VERBOSE"] == "1"
        var outcomes: [ChaosOutcome] = []
        for seed in first..<(first + UInt64(count)) {
            var harness = ChaosHarness(
                seed: seed,
                length: length,
                slowFaults: environment["CONCUR_CHAOS_SLOW_FAULTS"] != "0"
            )
            if verbose { harness.log = { line in print("chaos: " + line) } }
            let outcome = try await harness.run()
            for violation in outcome.violations { print("chaos: seed \(seed): \(violation)") }
            for exit in outcome.unexpectedExits { print("chaos: seed \(seed): unexpected exit: \(exit)") }
            print("chaos: seed \(seed): \(Self.summary([outcome]))")
            outcomes.append(outcome)
        }
        print("chaos: " + Self.summary(outcomes))
        for outcome in outcomes { Self.assertInvariants(outcome) }
    }
}
