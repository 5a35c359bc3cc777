import AccountingExtract
import ExtractSandbox
import ExtractTesting
import Foundation
import Ledger
import Testing

/// Issue 10 item 5 through `sync` against the sandbox: a hostile zip is refused with nothing extracted left,
/// its raw bytes archived and quarantined with the reason, exit 1, and a rerun does not take it up again; a
/// good zip's extracted copies are removed once archived and posted.
@Suite struct ZipLimitSyncTests {
    struct Run {
        var data: String
        var server: SandboxServer
        var environment: [String: String]

        func sync() async throws -> CLIRunner.Outcome {
            try await CLIRunner.run(
                ["sync", "--data-dir", data, "--company", "acme", "--poll-interval", "5"],
                environment: environment
            )
        }

        /// What is left in the downloads folder, at any depth.
        func downloadsLeft() -> [String] {
            let folder = data + "/downloads"
            return (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
                .filter { !$0.isEmpty && $0 != "acme" }
        }
    }

    static func start(serving zip: [UInt8]) async throws -> Run {
        let data = try CLIRunner.temporaryDirectory()
        let server = try await SandboxServer.startForTests(reports: 3, queued: 0.2, running: 0.3)
        await server.store.replaceNextFile(name: "extract.zip", contentType: .zip, bytes: zip)
        let environment = SyncOwnershipTests.environment(server, state: data + "/state")
        return Run(data: data, server: server, environment: environment)
    }

    static func saeFile(batch: String) throws -> [UInt8] {
        let date = try CalendarDate(parsing: "2026-01-15")
        var generator = ExpenseReportGenerator(seed: 7, firstReportNumber: 1, firstEntryNumber: 10)
        let writer = SAEWriter(batchID: batch, batchDate: date)
        try writer.append(reports: generator.reports(count: 3, employees: generator.employees(count: 2), before: date))
        return try writer.finish()
    }

    /// A good SAE entry, then one declaring a few bytes that inflates to 16 MiB: refused at the second entry.
    @Test func aHostileZipIsQuarantinedWithNothingExtractedLeft() async throws {
        let bytes = try await offThePool {  // 16 MiB to deflate: not on a pool thread
            let sae = try Self.saeFile(batch: "9101")
            var zip = RawZip()
            try zip.add("a/extract.txt", sae)
            try zip.add(
                "b/extract.txt",
                sae + [UInt8](repeating: 0x30, count: 16 << 20),
                declaredSize: UInt32(sae.count)
            )
            return zip.bytes
        }
        let run = try await Self.start(serving: bytes)
        defer { Task { await run.server.shutdown() } }

        let first = try await run.sync()
        let output = first.standardOutput + first.standardError
        #expect(first.status == 1, "\(output)")
        #expect(output.contains("archive-too-large"), "\(output)")
        #expect(run.downloadsLeft().isEmpty, "\(run.downloadsLeft())")

        let store = try await LedgerStores.open(run.data + "/ledger.sqlite")
        defer { Task { try? await store.close() } }
        #expect(try await store.batches().isEmpty)  // nothing of the zip is loaded
        let quarantined = try await store.quarantinedFiles(company: "acme")
        #expect(quarantined.count == 1, "\(quarantined)")
        let entry = try #require(quarantined.first)
        #expect(entry.code == "archive-too-large" && entry.value == "b/extract.txt", "\(entry)")
        #expect(entry.reason.contains("declares"), "\(entry.reason)")
        #expect(entry.fileName.hasSuffix(".zip"))
        // The raw zip is kept, byte for byte, in the archive.
        let archived = try #require(try await store.rawFile(sha256: entry.sha256))
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: archived.archivePath))) == bytes)
        let jobs = try await store.jobs(company: "acme", includePosted: true)
        #expect(jobs.count == 1 && jobs[0].state == .quarantined, "\(jobs.map { ($0.jobID, $0.status) })")

        // A rerun does not take the refused job up again (nor loop on it): it is left to the quarantine workflow.
        let second = try await run.sync()
        let again = second.standardOutput + second.standardError
        #expect(!again.contains("resuming job \(jobs[0].jobID)"), "\(again)")
        #expect(!again.contains("sha256 \(entry.sha256)") && !again.contains("QUARANTINED"), "\(again)")
        #expect(try await store.quarantinedFiles(company: "acme").count == 1)
        #expect(try await store.job(company: "acme", jobID: jobs[0].jobID)?.state == .quarantined)
        #expect(run.downloadsLeft().isEmpty, "\(run.downloadsLeft())")
    }

    /// The entries extracted from a good zip are temporary copies: gone once archived and posted.
    @Test func aPostedZipLeavesNoExtractedCopies() async throws {
        var zip = RawZip()
        try zip.add("extract_CES_SAE_v3.txt", try Self.saeFile(batch: "9102"))
        try zip.add("attendee_detail.txt", Array("EXTRACT_ATTENDEE|x\n".utf8))
        let run = try await Self.start(serving: zip.bytes)
        defer { Task { await run.server.shutdown() } }
        let sync = try await run.sync()
        #expect(sync.status == 0, "\(sync.standardOutput)\(sync.standardError)")
        let store = try await LedgerStores.open(run.data + "/ledger.sqlite")
        defer { Task { try? await store.close() } }
        #expect(try await store.batches().map(\.batch.batchID) == ["9102"])
        #expect(run.downloadsLeft().isEmpty, "\(run.downloadsLeft())")
    }
}
