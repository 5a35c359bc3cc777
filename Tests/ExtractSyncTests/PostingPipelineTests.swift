import AccountingExtract
import Crypto
import ExtractClient
import ExtractSandbox
import ExtractSync
import Foundation
import Ledger
import Synchronization
import Testing

/// The pipeline with a second source: files dropped in a folder, each a unit of work. It shares the ledger, the
/// archive, the checks, the quarantine and the exactly-once keys with Extracts v1, and is told of each receipt and
/// each posting's outcome (what the Financial Integration Service needs).
@Suite struct PostingPipelineTests {
    /// What the source was told, in order.
    final class Calls: Sendable {
        let log = Mutex<[String]>([])
        func add(_ entry: String) { log.withLock { $0.append(entry) } }
        var entries: [String] { log.withLock { $0 } }
    }

    final class Counter: Sendable {
        let count = Mutex(0)
        func next() -> Int {
            count.withLock {
                $0 += 1
                return $0
            }
        }
    }

    /// Each file of `folder` is a unit (its name the id); the first `failFetches` fetches fail.
    struct FileDropSource: PostingSource {
        let folder: URL
        let calls: Calls
        let failures = Counter()
        var failFetches = 0

        init(folder: URL, calls: Calls, failFetches: Int = 0) {
            self.folder = folder
            self.calls = calls
            self.failFetches = failFetches
        }

        func findWork(_ context: PostingContext) async throws -> WorkPlan<URL> {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            for (index, name) in names.enumerated() {
                try await context.store.recordJob(
                    ExtractJobRecord(
                        company: context.company,
                        definitionID: "drop",
                        jobID: name,
                        status: "Ready",
                        startedAt: Date(timeIntervalSince1970: 1_780_000_000 + Double(index))
                    )
                )
            }
            let units = try await context.store.jobs(company: context.company, includePosted: false).filter {
                $0.definitionID == "drop" && $0.state.isResumable
            }
            return WorkPlan(scope: folder, scopeID: "drop", title: "dropped files", units: units)
        }

        func check(_ unit: ExtractJobRecord, in folder: URL) async -> UnitCheck<URL> {
            let file = folder.appendingPathComponent(unit.jobID)
            guard FileManager.default.fileExists(atPath: file.path) else {
                return .unreachable(UnreachableJob(jobID: unit.jobID, url: file.path, reason: "gone"))
            }
            return .reachable(file)
        }

        func awaitReady(
            _ file: URL,
            of unit: ExtractJobRecord,
            context: PostingContext,
            progress: @escaping @Sendable (String, Duration) -> Void
        ) async throws -> Readied<URL> {
            progress("Ready", .zero)
            return .ready(file, status: "Ready", url: file.path)
        }

        func fetch(_ file: URL, of unit: ExtractJobRecord, into directory: URL) async throws -> FetchedWork {
            let fail = failures.next() <= failFetches
            if fail { throw CocoaError(.fileReadUnknown) }
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let copy = directory.appendingPathComponent(unit.jobID)
            try? FileManager.default.removeItem(at: copy)
            try FileManager.default.copyItem(at: file, to: copy)
            let bytes = try Data(contentsOf: copy)
            let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            return .files(
                DownloadedExtract(
                    path: copy,
                    kind: .sae,
                    sha256: digest,
                    size: Int64(bytes.count),
                    contentType: "text/csv",
                    saeFiles: [copy]
                )
            )
        }

        func acknowledge(_ unit: ExtractJobRecord) async throws { calls.add("ack \(unit.jobID)") }

        func confirm(_ unit: ExtractJobRecord, outcome: PostingOutcome) async throws {
            switch outcome {
            case .posted: calls.add("posted \(unit.jobID)")
            case .quarantined(let records): calls.add("quarantined \(unit.jobID) \(records.map(\.code))")
            case .failed(let reason): calls.add("failed \(unit.jobID) \(reason)")
            }
        }
    }

    static func writeExtract(_ path: String, batchID: String, reports: Int, seed: UInt64) throws {
        // Report and entry numbers of their own: each file's journal keys are new.
        var generator = ExpenseReportGenerator(
            seed: seed,
            firstReportNumber: Int(seed) * 10_000,
            firstEntryNumber: Int(seed) * 100_000
        )
        let employees = generator.employees(count: 4)
        let date = try #require(CalendarDate(year: 2026, month: 11, day: 2))
        let writer = try SAEWriter(batchID: batchID, batchDate: date, path: path)
        try writer.append(reports: generator.reports(count: reports, employees: employees, before: date))
        try writer.finish()
    }

    /// A folder with two good extracts and one whose trailer lies, a real SQLite ledger and archive.
    static func environment(
        _ body: (URL, any LedgerStore, RawFileStore, URL) async throws -> Void
    ) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("posting-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let drop = root.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        try writeExtract(drop.appendingPathComponent("a.txt").path, batchID: "801", reports: 6, seed: 1)
        try writeExtract(drop.appendingPathComponent("b.txt").path, batchID: "802", reports: 4, seed: 2)
        let bad = drop.appendingPathComponent("c.txt")
        try writeExtract(bad.path, batchID: "803", reports: 3, seed: 3)
        var text = try String(contentsOf: bad, encoding: .utf8)
        text = text.replacingOccurrences(of: "EXTRACT|", with: "EXTRACT|9")  // a header count that is wrong
        try text.write(to: bad, atomically: true, encoding: .utf8)
        let store = try await SQLiteLedgerStore.open(path: root.appendingPathComponent("ledger.sqlite").path)
        try await store.migrate()
        let archive = try RawFileStore(directory: root.appendingPathComponent("raw").path)
        do {
            try await body(drop, store, archive, root.appendingPathComponent("downloads"))
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    @Test("a second source: each unit loaded once, acknowledged, confirmed; a bad one quarantined and confirmed so")
    func secondSource() async throws {
        try await Self.environment { drop, store, archive, downloads in
            let calls = Calls()
            let pipeline = PostingPipeline(
                source: FileDropSource(folder: drop, calls: calls),
                store: store,
                archive: archive,
                settings: .init(company: "acme", downloads: downloads)
            )
            let report = try await pipeline.run()
            #expect(report.definition == "dropped files")
            #expect(report.jobs.map(\.jobID) == ["a.txt", "b.txt", "c.txt"])
            #expect(report.jobs.map(\.posted) == [true, true, false])
            #expect(report.jobs[2].quarantined.count == 1)
            #expect(
                calls.entries.filter { $0.hasPrefix("ack") || $0.hasPrefix("posted") }
                    == ["ack a.txt", "posted a.txt", "ack b.txt", "posted b.txt", "ack c.txt"]
            )
            #expect(calls.entries.last?.hasPrefix("quarantined c.txt") == true, "\(calls.entries)")
            let states = try await store.jobs(company: "acme", includePosted: true).map(\.state)
            #expect(states == [.posted, .posted, .quarantined])
            let lines = try await store.reconciliation(.all).lineCount
            #expect(lines > 0)

            // Again: nothing is loaded twice, nothing confirmed twice.
            let again = try await pipeline.run()
            #expect(again.jobs.isEmpty && again.nothingNew != nil)
            #expect(try await store.reconciliation(.all).lineCount == lines)
            #expect(calls.entries.count == 6)
        }
    }

    @Test("a fetch that fails leaves the unit to resume; the rerun posts it once")
    func resumeAfterFailure() async throws {
        try await Self.environment { drop, store, archive, downloads in
            try FileManager.default.removeItem(at: drop.appendingPathComponent("c.txt"))
            let calls = Calls()
            let settings = PostingPipeline<FileDropSource>.Settings(company: "acme", downloads: downloads)
            let failing = PostingPipeline(
                source: FileDropSource(folder: drop, calls: calls, failFetches: 1),
                store: store,
                archive: archive,
                settings: settings
            )
            await #expect(throws: CocoaError.self) { try await failing.run() }
            let afterFailure = try await store.jobs(company: "acme", includePosted: true)
            #expect(afterFailure.map(\.state) == [.completed, .started], "the first unit got as far as its fetch")
            #expect(try await store.reconciliation(.all).lineCount == 0)

            let rerun = try await PostingPipeline(
                source: FileDropSource(folder: drop, calls: calls),
                store: store,
                archive: archive,
                settings: settings
            ).run()
            #expect(rerun.jobs.map(\.posted) == [true, true])
            let posted = try await store.jobs(company: "acme", includePosted: true)
            #expect(posted.map(\.state) == [.posted, .posted])
            #expect(calls.entries == ["ack a.txt", "posted a.txt", "ack b.txt", "posted b.txt"])
        }
    }
}
