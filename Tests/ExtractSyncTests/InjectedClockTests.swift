import AccountingExtract
import ExtractSync
import ExtractTesting
import Foundation
import Ledger
import Testing

/// The pipeline reads the time from the clock in its settings, never from the machine: a run on a fixed clock
/// records its start intent at that clock's time.
@Suite struct InjectedClockTests {
    @Test("a sync on a fixed clock records its start intent at that time, not the machine's")
    func pipelineReadsItsClock() async throws {
        try await withSandbox { sandbox in
            // Whole seconds, a minute back: exact through the ledger's millisecond timestamps, never the machine's
            // time during the run, and near enough that the sandbox's jobs stay within the start window.
            let start = (SystemClock().now.timeIntervalSince1970 - 60).rounded(.down)
            let fixed = SimulatedClock(start: Date(timeIntervalSince1970: start))
            let store = try await SQLiteLedgerStore.open(
                path: sandbox.directory.appendingPathComponent("ledger.sqlite").path
            )
            try await store.migrate()
            let archive = try RawFileStore(directory: sandbox.directory.appendingPathComponent("archive").path)
            let pipeline = SyncPipeline(
                client: sandbox.client(),
                store: store,
                archive: archive,
                settings: .init(
                    company: "acme",
                    downloads: sandbox.directory.appendingPathComponent("downloads"),
                    clock: fixed
                )
            )
            let report = try await pipeline.run()
            let intents = try await store.intents(company: "acme", openOnly: false)
            try await store.close()
            #expect(report.succeeded && report.jobs.count == 1, "one job started and posted")
            #expect(intents.count == 1)
            #expect(intents.allSatisfy { $0.recordedAt == fixed.now }, "recorded at \(intents.map(\.recordedAt))")
        }
    }
}
