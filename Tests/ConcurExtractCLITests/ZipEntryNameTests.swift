import AccountingExtract
import ExtractSandbox
import ExtractTesting
import Foundation
import Ledger
import Testing
import ZIPFoundation

/// Issue 9 item 6: a zip holding two SAE files of the same name in different folders posted one batch and
/// dropped the other (entries were extracted by base name), with exit 0 and the job marked posted. Every SAE
/// entry is now checked and loaded, each under its own name.
@Suite struct ZipEntryNameTests {
    /// `a/extract.txt` (batch 9001), `b/extract.txt` (batch 9002) and `c/extract.txt` (the same bytes as `a`).
    static func zipOfSameNamedEntries(in directory: String) throws -> (path: String, bytes: [UInt8]) {
        var files: [(String, Data)] = []
        let date = try CalendarDate(parsing: "2026-01-15")
        for (folder, batch, first) in [("a", "9001", 1), ("b", "9002", 1_000)] {
            // Reports and entries numbered apart, so the two batches share no journal key.
            var generator = ExpenseReportGenerator(seed: 1, firstReportNumber: first, firstEntryNumber: first * 10)
            let writer = SAEWriter(batchID: batch, batchDate: date)
            try writer.append(
                reports: generator.reports(count: 3, employees: generator.employees(count: 2), before: date)
            )
            files.append(("\(folder)/extract.txt", Data(try writer.finish())))
        }
        files.append(("c/extract.txt", files[0].1))
        let path = directory + "/same-names.zip"
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, data) in files {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return (path, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test func syncLoadsEverySAEEntryOfAZip() async throws {
        let data = try CLIRunner.temporaryDirectory()
        let zip = try Self.zipOfSameNamedEntries(in: data)
        let server = try await SandboxServer.startForTests(reports: 3, queued: 0.2, running: 0.3)
        defer { Task { await server.shutdown() } }
        await server.store.replaceNextFile(name: "extract.zip", contentType: .zip, bytes: zip.bytes)
        let credentials = server.demoCredentials
        let environment = [
            "CONCUR_BASE_URL": server.baseURL.absoluteString,
            "CONCUR_CLIENT_ID": credentials.clientID,
            "CONCUR_CLIENT_SECRET": credentials.clientSecret,
            "CONCUR_USERNAME": credentials.username,
            "CONCUR_PASSWORD": credentials.password,
            "CONCUR_EXTRACT_STATE": data + "/state",
        ]
        let sync = try await CLIRunner.run(
            ["sync", "--data-dir", data, "--company", "acme", "--poll-interval", "5"],
            environment: environment
        )
        #expect(sync.status == 0, "\(sync.standardOutput)\(sync.standardError)")

        let store = try await LedgerStores.open(data + "/ledger.sqlite")
        defer { Task { try? await store.close() } }
        let batches = try await store.batches().map(\.batch)
        #expect(batches.map(\.batchID).sorted() == ["9001", "9002"], "\(batches.map(\.batchID))")
        // Each batch names the entry it came from.
        let names = Dictionary(uniqueKeysWithValues: batches.map { ($0.batchID, $0.fileName) })
        #expect(names["9001"]?.hasSuffix("!a/extract.txt") == true, "\(names)")
        #expect(names["9002"]?.hasSuffix("!b/extract.txt") == true, "\(names)")
        let reconciliation = try await store.reconciliation(.all)
        #expect(reconciliation.batches.count == 2)
        #expect(reconciliation.batches.allSatisfy { $0.matchesHeader })
        let jobs = try await store.jobs(company: "acme", includePosted: true)
        #expect(jobs.count == 1 && jobs.allSatisfy { $0.isPosted }, "\(jobs.map { ($0.jobID, $0.status) })")
    }

    @Test func parseChecksEverySAEEntryOfAZip() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        let zip = try Self.zipOfSameNamedEntries(in: directory)
        let parsed = try await CLIRunner.run(["parse", "--json", zip.path])
        #expect(parsed.status == 0, "\(parsed.standardOutput)\(parsed.standardError)")
        let objects = try parsed.standardOutput.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["entry"] as? String } == ["a/extract.txt", "b/extract.txt", "c/extract.txt"])
        #expect(objects.map { $0["batchId"] as? String } == ["9001", "9002", "9001"])
        #expect(objects.allSatisfy { $0["valid"] as? Bool == true })
    }
}
