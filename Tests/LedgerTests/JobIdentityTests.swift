import AccountingExtract
import ExtractTesting
import Foundation
import Testing

@testable import Ledger

/// Jobs are identified by (company, definition id, Concur job id), whatever host Concur was reached under
/// (migration 6), and carry whose job they are.
@Suite("Job identity and ownership (SQLite and PostgreSQL)")
struct JobIdentityTests {
    static let hostA = "http://127.0.0.1:1111/api/expense/extract/v1.0/Def%24One"
    static let hostB = "http://localhost:2222/api/expense/extract/v1.0/Def$One"

    /// Runs statements in one transaction on either store.
    static func execute(_ store: any LedgerStore, _ statements: [(String, [SQLValue])]) async throws {
        func run(_ session: any SQLSession) async throws {
            for (sql, binds) in statements { try await session.query(sql, binds) }
        }
        if let sqlite = store as? SQLiteLedgerStore {
            try await sqlite.backend.withTransaction { try await run($0) }
        } else if let postgres = store as? PostgresLedgerStore {
            try await postgres.backend.withTransaction { try await run($0) }
        } else {
            throw HarnessError(description: "unknown store \(store.description)")
        }
    }

    @Test(
        "migration 6 keeps the ids of URL-keyed jobs, merges one job recorded under two hosts",
        arguments: StoreKind.tested
    )
    func migrationRewritesURLKeyedJobs(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            // A batch and a raw file loaded by the old code name the job by URL.
            let lines = LedgerFixtures.lines(batchID: "B1", details: 3)
            var batch = LedgerFixtures.batch("B1", lines: lines)
            batch.company = "acme"
            batch.jobID = Self.hostA + "/job/JobA"
            _ = try await store.load(batch, lines: lines)
            let started = Date(timeIntervalSince1970: 1_780_000_000)
            // Back to the schema before version 6, with rows as the old code wrote them.
            try await Self.execute(
                store,
                [
                    ("DELETE FROM schema_migrations WHERE version IN (6, 7)", []),
                    ("DROP TABLE ledger_start_intents", []),
                    ("ALTER TABLE ledger_extract_jobs DROP COLUMN state", []),
                    ("ALTER TABLE ledger_extract_jobs DROP COLUMN job_url", []),
                    ("ALTER TABLE ledger_extract_jobs DROP COLUMN note", []),
                ]
                    + [
                        // Job A posted under host A, then recorded again (unposted) under host B: the item-5 bug.
                        (
                            Self.hostA + "/job/JobA", Self.hostA, "Completed", started, started.addingTimeInterval(60),
                            true
                        ),
                        (
                            Self.hostB + "/job/JobA", Self.hostB, "Queued", started, started.addingTimeInterval(90),
                            false
                        ),
                        (
                            Self.hostB + "/job/Job%24B", Self.hostB, "Completed", started,
                            started.addingTimeInterval(30), false
                        ),
                        ("intent:1234", Self.hostA, "Superseded", started, started, false),
                    ].map { job, definition, status, startedAt, updatedAt, posted in
                        (
                            """
                            INSERT INTO ledger_extract_jobs (company, job_id, definition_id, status, started_at, updated_at,
                                posted_at) VALUES ('acme', $1, $2, $3, $4, $5, $6)
                            """,
                            [
                                .text(job), .text(definition), .text(status), .timestamp(startedAt),
                                .timestamp(updatedAt), posted ? .timestamp(updatedAt) : .null,
                            ]
                        )
                    } + [
                        (
                            """
                            INSERT INTO ledger_raw_files (sha256, size_bytes, archive_path, original_name, received_at,
                                company, job_id) VALUES ('abc', 1, 'a/abc', 'f.zip', $1, 'acme', $2)
                            """,
                            [.timestamp(started), .text(Self.hostA + "/job/JobA")]
                        )
                    ]
            )
            #expect(try await store.migrate() == [6, 7])
            let jobs = try await store.jobs(company: "acme", includePosted: true)
            #expect(jobs.map(\.jobID).sorted() == ["Job$B", "JobA"], "the intent left the job table (migration 7)")
            #expect(jobs.allSatisfy { $0.definitionID == "Def$One" && $0.ownership == .owned })
            #expect(jobs.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.completed, .posted])
            let intents = try await store.intents(company: "acme", openOnly: false)
            #expect(intents.map(\.intentID) == ["1234"] && intents.first?.state == .superseded)
            let jobA = try #require(jobs.first { $0.jobID == "JobA" })
            #expect(jobA.isPosted, "the posted record of the job is the one kept")
            #expect(jobA.status == "Completed" && jobA.url == Self.hostA + "/job/JobA")
            #expect(jobs.first { $0.jobID == "Job$B" }?.url == Self.hostB + "/job/Job%24B")
            #expect(try await store.batch(id: "B1", company: "acme")?.batch.jobID == "JobA")
            #expect(try await store.rawFile(sha256: "abc")?.jobID == "JobA")
            #expect(try await store.migrate() == [])
        }
    }

    @Test(
        "foreign jobs are recorded, adopted or dismissed with a note, and keep their last URL",
        arguments: StoreKind.tested
    )
    func ownership(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            let foreign = ExtractJobRecord(
                company: "acme",
                definitionID: "D1",
                jobID: "J1",
                status: "Running",
                startedAt: Date(timeIntervalSince1970: 1_780_000_000),
                url: "https://a.example/v1.0/D1/job/J1",
                state: .foreign
            )
            #expect(try await store.recordJob(foreign))
            #expect(try await store.job(company: "acme", jobID: "J1") == foreign)
            try await store.updateJob(
                company: "acme",
                jobID: "J1",
                state: .foreign,
                status: "Completed",
                url: "https://b.example/J1"
            )
            try await store.updateJob(company: "acme", jobID: "J1", state: .foreign)
            var read = try #require(try await store.job(company: "acme", jobID: "J1"))
            #expect(read.url == "https://b.example/J1" && read.status == "Completed" && read.ownership == .foreign)
            #expect(
                try await store.transitionJob(
                    company: "acme",
                    jobID: "J1",
                    from: [.foreign],
                    to: .dismissed,
                    note: "posted by B"
                )
            )
            #expect(
                !(try await store.transitionJob(company: "acme", jobID: "J1", from: [.foreign], to: .started, note: nil)),
                "compare and set: a dismissed job is not adopted as if it were still foreign"
            )
            read = try #require(try await store.job(company: "acme", jobID: "J1"))
            #expect(read.ownership == .dismissed && read.state == .dismissed && read.note == "posted by B")
            #expect(!read.isPosted)
            let error = await #expect(throws: LedgerError.self) {
                try await store.updateJob(company: "acme", jobID: "nope", state: .started)
            }
            #expect(error?.code == .unknownJob)
            try await store.markJobPosted(company: "acme", jobID: "J1")
            #expect(try await store.job(company: "acme", jobID: "J1")?.state == .posted)
        }
    }

    /// The fence between a worker about to send a job's POST and another closing its intent: the state changes only
    /// from the given ones, the last send time is set by the move to sending; a closed or missing intent is left alone.
    @Test("an intent's state moves by compare and set", arguments: StoreKind.tested)
    func transition(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let intent = StartIntent(
                company: "acme",
                definitionID: "D1",
                intentID: "1",
                recordedAt: Date(timeIntervalSince1970: 1_780_000_000)
            )
            try await store.recordIntent(intent)
            #expect(try await store.intents(company: "acme", openOnly: true) == [intent])
            let open: Set<PipelineState> = [.intentRecorded, .intentSending]
            func read() async throws -> StartIntent? {
                try await store.intents(company: "acme", openOnly: false).first { $0.intentID == "1" }
            }
            harness.clock.advance(by: 5)
            #expect(
                try await store.transitionIntent(
                    company: "acme",
                    intentID: "1",
                    from: open,
                    to: .intentSending,
                    jobID: nil
                )
            )
            let sent = try #require(try await read())
            let firstSend = try #require(sent.lastSentAt)
            #expect(sent.state == .intentSending && firstSend > intent.recordedAt)
            harness.clock.advance(by: 5)
            #expect(
                try await store.transitionIntent(
                    company: "acme",
                    intentID: "1",
                    from: open,
                    to: .intentSending,
                    jobID: nil
                )
            )
            #expect(try await read()?.lastSentAt == firstSend + 5)
            #expect(
                try await store.transitionIntent(company: "acme", intentID: "1", from: open, to: .abandoned, jobID: nil)
            )
            #expect(
                !(try await store.transitionIntent(
                    company: "acme",
                    intentID: "1",
                    from: open,
                    to: .intentSending,
                    jobID: nil
                ))
            )
            let closed = try #require(try await read())
            #expect(closed.state == .abandoned && closed.lastSentAt == firstSend + 5)
            #expect(try await store.intents(company: "acme", openOnly: true).isEmpty)
            #expect(
                !(try await store.transitionIntent(
                    company: "acme",
                    intentID: "nope",
                    from: open,
                    to: .abandoned,
                    jobID: nil
                ))
            )
            #expect(
                !(try await store.transitionIntent(
                    company: "acme",
                    intentID: "1",
                    from: [],
                    to: .superseded,
                    jobID: "J1"
                ))
            )
            #expect(
                try await store.transitionIntent(
                    company: "acme",
                    intentID: "1",
                    from: PipelineState.intentStates,
                    to: .superseded,
                    jobID: "J1"
                )
            )
            #expect(try await read()?.jobID == "J1")
        }
    }

    /// Migration 7 on rows as version 6 wrote them: each job's state from its posting, ownership and status; each
    /// `intent:` row moved to the intent table with its state, and its last send when it was sending.
    @Test("migration 7 derives each job's state and moves the intents out", arguments: StoreKind.tested)
    func migrationToPipelineState(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            let t0 = Date(timeIntervalSince1970: 1_780_000_000)
            let rows: [(String, String, String, Bool)] = [
                ("P1", "Completed", "owned", true), ("C1", "Completed", "owned", false),
                ("R1", "Running", "owned", false), ("F1", "Failed", "owned", false),
                ("Q1", "Quarantined", "owned", false), ("X1", "Completed", "foreign", false),
                ("D1", "Queued", "dismissed", false), ("intent:a", "Starting", "owned", false),
                ("intent:b", "Sending", "owned", false), ("intent:c", "Superseded", "owned", false),
                ("intent:d", "Abandoned", "owned", false), ("intent:e", "Ambiguous", "owned", false),
            ]
            try await Self.execute(
                store,
                [
                    ("DELETE FROM schema_migrations WHERE version = 7", []),
                    ("DROP TABLE ledger_start_intents", []),
                    ("ALTER TABLE ledger_extract_jobs DROP COLUMN state", []),
                    ("ALTER TABLE ledger_extract_jobs ADD COLUMN ownership TEXT NOT NULL DEFAULT 'owned'", []),
                ]
                    + rows.map { id, status, ownership, posted in
                        (
                            """
                            INSERT INTO ledger_extract_jobs (company, job_id, definition_id, status, started_at, updated_at,
                                posted_at, ownership) VALUES ('acme', $1, 'D', $2, $3, $4, $5, $6)
                            """,
                            [
                                .text(id), .text(status), .timestamp(t0), .timestamp(t0.addingTimeInterval(7)),
                                posted ? .timestamp(t0) : .null, .text(ownership),
                            ]
                        )
                    }
            )
            #expect(try await store.migrate() == [7])
            let jobs = try await store.jobs(company: "acme", includePosted: true)
            let states = Dictionary(uniqueKeysWithValues: jobs.map { ($0.jobID, $0.state) })
            #expect(
                states == [
                    "P1": .posted, "C1": .completed, "R1": .started, "F1": .failed, "Q1": .quarantined,
                    "X1": .foreign, "D1": .dismissed,
                ]
            )
            let intents = try await store.intents(company: "acme", openOnly: false)
            #expect(
                Dictionary(uniqueKeysWithValues: intents.map { ($0.intentID, $0.state) }) == [
                    "a": .intentRecorded, "b": .intentSending, "c": .superseded, "d": .abandoned, "e": .ambiguous,
                ]
            )
            #expect(intents.allSatisfy { $0.recordedAt == t0 && $0.definitionID == "D" })
            #expect(intents.first { $0.intentID == "b" }?.lastSentAt == t0.addingTimeInterval(7))
            #expect(intents.filter { $0.intentID != "b" }.allSatisfy { $0.lastSentAt == nil })
            #expect(try await store.intents(company: "acme", openOnly: true).map(\.intentID) == ["a", "b"])
        }
    }
}
