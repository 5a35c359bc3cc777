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
                    ("DELETE FROM schema_migrations WHERE version = 6", []),
                    ("ALTER TABLE ledger_extract_jobs DROP COLUMN job_url", []),
                    ("ALTER TABLE ledger_extract_jobs DROP COLUMN ownership", []),
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
            #expect(try await store.migrate() == [6])
            let jobs = try await store.jobs(company: "acme", includePosted: true)
            #expect(jobs.map(\.jobID).sorted() == ["Job$B", "JobA", "intent:1234"])
            #expect(jobs.allSatisfy { $0.definitionID == "Def$One" && $0.ownership == .owned })
            let jobA = try #require(jobs.first { $0.jobID == "JobA" })
            #expect(jobA.isPosted, "the posted record of the job is the one kept")
            #expect(jobA.status == "Completed" && jobA.url == Self.hostA + "/job/JobA")
            #expect(jobs.first { $0.jobID == "Job$B" }?.url == Self.hostB + "/job/Job%24B")
            #expect(jobs.first { $0.jobID == "intent:1234" }?.url == nil)
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
                ownership: .foreign
            )
            #expect(try await store.recordJob(foreign))
            #expect(try await store.job(company: "acme", jobID: "J1") == foreign)
            try await store.updateJob(company: "acme", jobID: "J1", status: "Completed", url: "https://b.example/J1")
            try await store.updateJob(company: "acme", jobID: "J1", status: "Completed")
            var read = try #require(try await store.job(company: "acme", jobID: "J1"))
            #expect(read.url == "https://b.example/J1" && read.status == "Completed" && read.ownership == .foreign)
            try await store.setJobOwnership(company: "acme", jobID: "J1", ownership: .dismissed, note: "posted by B")
            try await store.setJobOwnership(company: "acme", jobID: "J1", ownership: .dismissed, note: nil)
            read = try #require(try await store.job(company: "acme", jobID: "J1"))
            #expect(read.ownership == .dismissed && read.note == "posted by B" && !read.isPosted)
            let error = await #expect(throws: LedgerError.self) {
                try await store.setJobOwnership(company: "acme", jobID: "nope", ownership: .owned, note: nil)
            }
            #expect(error?.code == .unknownJob)
        }
    }

    /// The fence between a worker about to send a job's POST and another closing its intent: the status changes only
    /// from the given ones, `updatedAt` is the last send; a closed or missing record is left alone.
    @Test("a job's status moves by compare and set", arguments: StoreKind.tested)
    func transition(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let intent = ExtractJobRecord(
                company: "acme",
                definitionID: "D1",
                jobID: "intent:1",
                status: "Starting",
                startedAt: Date(timeIntervalSince1970: 1_780_000_000)
            )
            try await store.recordJob(intent)
            let open: Set<String> = ["Starting", "Sending"]
            harness.clock.advance(by: 5)
            #expect(try await store.transitionJob(company: "acme", jobID: "intent:1", from: open, to: "Sending"))
            let sent = try #require(try await store.job(company: "acme", jobID: "intent:1"))
            #expect(sent.status == "Sending" && sent.updatedAt > intent.updatedAt)
            harness.clock.advance(by: 5)
            #expect(try await store.transitionJob(company: "acme", jobID: "intent:1", from: open, to: "Sending"))
            #expect(try await store.job(company: "acme", jobID: "intent:1")?.updatedAt == sent.updatedAt + 5)
            try await store.updateJob(company: "acme", jobID: "intent:1", status: "Abandoned")
            #expect(!(try await store.transitionJob(company: "acme", jobID: "intent:1", from: open, to: "Sending")))
            #expect(try await store.job(company: "acme", jobID: "intent:1")?.status == "Abandoned")
            #expect(!(try await store.transitionJob(company: "acme", jobID: "nope", from: open, to: "Sending")))
            #expect(!(try await store.transitionJob(company: "acme", jobID: "intent:1", from: [], to: "Sending")))
        }
    }
}
