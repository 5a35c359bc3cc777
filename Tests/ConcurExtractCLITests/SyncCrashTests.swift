import AccountingExtract
import ExtractSandbox
import ExtractSync
import ExtractTesting
import Foundation
import Ledger
import Testing

/// `sync` killed with SIGKILL right after each durable step, then run again: the work finishes with no line lost
/// and none doubled — on SQLite and on PostgreSQL.
@Suite(.serialized) struct SyncCrashTests {
    enum Database: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    static let steps = SyncStep.extractSteps.map(\.rawValue)

    @Test(arguments: Database.allCases)
    func killedAfterEachStepThenRerun(database: Database) async throws {
        for step in Self.steps {
            try await crashThenRerun(after: step, database: database)
        }
    }

    func crashThenRerun(after step: String, database: Database) async throws {
        let server = try await SandboxServer.startForTests(reports: 15, queued: 0.2, running: 0.3)
        defer { Task { await server.shutdown() } }
        let data = try CLIRunner.temporaryDirectory()
        let databaseURL: String
        switch database {
        case .sqlite:
            databaseURL = data + "/ledger.sqlite"
        case .postgres:
            databaseURL = try await TestPostgres.freshDatabase(prefix: "sync_crash_")
        }
        let credentials = server.demoCredentials
        let environment = [
            "CONCUR_BASE_URL": server.baseURL.absoluteString,
            "CONCUR_CLIENT_ID": credentials.clientID,
            "CONCUR_CLIENT_SECRET": credentials.clientSecret,
            "CONCUR_USERNAME": credentials.username,
            "CONCUR_PASSWORD": credentials.password,
            "CONCUR_EXTRACT_STATE": data + "/state",
            // A short start window, so that the rerun may judge an interrupted start (see JobOwnership.StartWindow).
            "CONCUR_EXTRACT_START_WINDOW_SECONDS": "3",
        ]
        let arguments = [
            "sync", "--data-dir", data, "--database", databaseURL, "--company", "acme", "--poll-interval", "5",
            // The only writer: a start killed between its POST and recording the job adopts that job.
            "--sole-writer",
        ]
        let crashed = try await CLIRunner.run(
            arguments,
            environment: environment.merging(["CONCUR_EXTRACT_CRASH_AFTER": step]) { $1 }
        )
        #expect(
            crashed.status == 9,
            "after \(step): the process should die by SIGKILL, got \(crashed.status): \(crashed.standardError)"
        )
        // Killed between the intent and recording the job: the start is in flight until its window (3 s + 0.75 s
        // after the intent) has passed; a rerun before that starts nothing and leaves it open.
        if step == "intentRecorded" || step == "jobStarted" {
            let crashedAt = ContinuousClock.now
            let early = try await CLIRunner.run(arguments, environment: environment)
            #expect(early.status == 0, "\(early.standardOutput) \(early.standardError)")
            if ContinuousClock.now - crashedAt < .seconds(2) {
                #expect(early.standardOutput.contains("may still be under way"), "\(early.standardOutput)")
            }
            try await Task.sleep(until: crashedAt + .seconds(4), clock: .continuous)
        }
        let rerun = try await CLIRunner.run(arguments, environment: environment)
        #expect(rerun.status == 0, "rerun after \(step): \(rerun.standardOutput) \(rerun.standardError)")

        let store = try await LedgerStores.open(databaseURL)
        defer { Task { try? await store.close() } }
        let batches = try await store.batches()
        let nonEmpty = batches.filter { $0.batch.headerRecordCount > 0 }
        #expect(
            nonEmpty.count == 1,
            "after \(step): batches \(batches.map { ($0.batch.batchID, $0.batch.headerRecordCount) })"
        )
        let reconciliation = try await store.reconciliation(.all)
        for line in reconciliation.batches {
            #expect(
                line.matchesHeader,
                "after \(step): batch \(line.batchID) loaded \(line.loadedRecordCount) of \(line.headerRecordCount)"
            )
        }
        // Every report seeded reached the ledger: the loaded batch holds all 15 reports.
        #expect(reconciliation.batches.reduce(0) { $0 + $1.reportCount } == 15, "after \(step)")
        // The journal balances: debits equal credits.
        let debit = reconciliation.accounts.reduce(Amount.zero) { $0 + $1.debit }
        let credit = reconciliation.accounts.reduce(Amount.zero) { $0 + $1.credit }
        let balanced = debit == credit && !debit.isZero
        #expect(balanced, "after \(step)")
        let jobs = try await store.jobs(company: "acme", includePosted: true)
        let allPosted = jobs.allSatisfy { $0.isPosted }
        #expect(allPosted, "after \(step): \(jobs.map { ($0.jobID, $0.status) })")
    }

    struct CrashTestError: Error, CustomStringConvertible {
        var description: String
    }
}
