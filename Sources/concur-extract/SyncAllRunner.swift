import ExtractClient
import ExtractConfiguration
import ExtractSync
import Foundation
import Ledger

/// Runs many companies' syncs concurrently under a limit; one company's failure never stops the others.
/// Each run is claimed with a lease in the ledger, so several workers sharing a PostgreSQL ledger never run
/// the same company at once, and a dead worker's lease expires for another to take over.
enum SyncAllRunner {
    struct Outcome: Sendable {
        var company: String
        var report: SyncReport?
        var error: String?
        var skipped: Bool

        /// One line for the end of `sync --all` and each pass of `serve`.
        var summary: String {
            if skipped { return "skipped (held by another worker)" }
            if let error { return "FAILED: \(error)" }
            let foreign = report?.foreignJobs ?? []
            guard !foreign.isEmpty else { return "ok" }
            return "ok, but \(foreign.count) foreign job(s) not posted: \(foreign.map(\.jobID).joined(separator: ", "))"
        }
    }

    /// How long a claimed run stays a worker's without renewal: 900 s, or `CONCUR_EXTRACT_LEASE_SECONDS` (the
    /// chaos tests shorten it to see a paused worker's lease expire).
    static var defaultLeaseDuration: Duration {
        let text = ProcessInfo.processInfo.environment["CONCUR_EXTRACT_LEASE_SECONDS"]
        guard let seconds = text.flatMap(Double.init), seconds.isFinite, seconds >= 1 else { return .seconds(900) }
        return .milliseconds(Int64(seconds * 1000))
    }

    /// How long a job's start may take: 120 s, or `CONCUR_EXTRACT_START_WINDOW_SECONDS` (the chaos tests shorten
    /// it so that an interrupted start is judged within a schedule). See ``JobOwnership/StartWindow``.
    static var startWindow: JobOwnership.StartWindow {
        let text = ProcessInfo.processInfo.environment["CONCUR_EXTRACT_START_WINDOW_SECONDS"]
        guard let seconds = text.flatMap(Double.init), seconds.isFinite, seconds >= 1 else { return .default }
        return JobOwnership.StartWindow(duration: seconds)
    }

    static func run(
        companies: [CompanyConfiguration],
        store: any LedgerStore,
        archive: RawFileArchive,
        location: DataLocation,
        state: URL,
        worker: String,
        parallel: Int,
        pollInterval: Int,
        leaseDuration: Duration = defaultLeaseDuration,
        isStillDue: (@Sendable (CompanyConfiguration) async throws -> Bool)? = nil
    ) async -> [Outcome] {
        await withTaskGroup(of: Outcome.self) { group in
            var outcomes: [Outcome] = []
            var next = 0
            func start(_ company: CompanyConfiguration) {
                group.addTask {
                    await runOne(
                        company,
                        store: store,
                        archive: archive,
                        location: location,
                        state: state,
                        worker: worker,
                        pollInterval: pollInterval,
                        leaseDuration: leaseDuration,
                        isStillDue: isStillDue
                    )
                }
            }
            while next < companies.count && next < max(1, parallel) {
                start(companies[next])
                next += 1
            }
            for await outcome in group {
                outcomes.append(outcome)
                if next < companies.count {
                    start(companies[next])
                    next += 1
                }
            }
            return outcomes.sorted { $0.company < $1.company }
        }
    }

    static func runOne(
        _ company: CompanyConfiguration,
        store: any LedgerStore,
        archive: RawFileArchive,
        location: DataLocation,
        state: URL,
        worker: String,
        pollInterval: Int,
        leaseDuration: Duration,
        isStillDue: (@Sendable (CompanyConfiguration) async throws -> Bool)?
    ) async -> Outcome {
        do {
            guard
                let lease = try await store.claimRun(
                    company: company.name,
                    worker: worker,
                    leaseDuration: leaseDuration
                )
            else {
                print("[\(company.name)] another worker holds this company's run: skipped")
                return Outcome(company: company.name, report: nil, error: nil, skipped: true)
            }
            // Another worker may have run the company between our look at the schedule and our claim.
            if let isStillDue, try await !isStillDue(company) {
                try await store.release(lease)
                return Outcome(company: company.name, report: nil, error: nil, skipped: true)
            }
            // Keep the lease alive while the run lasts.
            let renewal = Task {
                var current = lease
                while !Task.isCancelled {
                    try await Task.sleep(for: leaseDuration / 3)
                    current = try await store.renew(current, leaseDuration: leaseDuration)
                }
            }
            defer { renewal.cancel() }
            let client = try company.makeClient(state: state, pollInterval: pollInterval)
            let pipeline = SyncPipeline(
                client: client,
                store: store,
                archive: archive,
                settings: .init(
                    company: company.name,
                    definition: company.definition,
                    downloads: location.directory.appendingPathComponent("downloads"),
                    journal: company.journal,
                    unbalancedReports: company.unbalancedReports,
                    startWindow: startWindow,
                    soleWriter: company.soleWriter
                ),
                events: { event in SyncRunner.show(event, since: Date(), json: false, prefix: "[\(company.name)] ") },
                afterStep: SyncRunner.crashHook
            )
            let report = try await pipeline.run()
            renewal.cancel()
            try await store.release(lease)
            return Outcome(
                company: company.name,
                report: report,
                error: report.succeeded
                    ? nil
                    : (report.unreachableJobs.isEmpty
                        ? "a file was quarantined" : "a recorded job could not be reached"),
                skipped: false
            )
        } catch {
            print("[\(company.name)] FAILED: \(error)")
            return Outcome(company: company.name, report: nil, error: "\(error)", skipped: false)
        }
    }
}
