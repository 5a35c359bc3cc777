import ArgumentParser
import ExtractSync
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension SyncCommand {
    /// `sync --dismiss JOB --note TEXT`.
    func runDismiss(_ target: String) async throws {
        guard let note, !note.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--dismiss needs --note TEXT saying where the job was handled")
        }
        let (store, _) = try await data.location.open()
        do {
            let dismissal = try await SyncDismissal.dismiss(target, company: company, note: note, in: store)
            try await store.close()
            print(dismissal.text, terminator: "")
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// `sync --all`: every company of the configuration, `--parallel` at a time, each under a lease.
    func runAll() async throws {
        if soleWriter {
            throw ValidationError(
                "with --all, say sole_writer = true in each company's section instead of --sole-writer"
            )
        }
        let schedule = try await CompanySchedule(
            path: companies,
            missing: "--all needs --companies FILE (or CONCUR_EXTRACT_COMPANIES)",
            location: data.location,
            state: try options.stateDirectory(),
            json: json,
            pollInterval: pollInterval,
            configuration: .init(
                worker: worker ?? Self.defaultWorker,
                parallel: parallel,
                leaseDuration: SyncScheduler.Configuration.leaseDuration()
            ),
            logger: try logging.logger(always: false),
            alertWebhook: try logging.webhook(),
            trace: options.trace
        )
        // The alerts go out beside the runs; at the end the pending ones get 5 seconds, never more.
        let delivery = schedule.notifier.map { notifier in Task { await notifier.deliver() } }
        let report = try await schedule.scheduler.runAll()
        schedule.notifier?.observe(.passFinished(report))
        await schedule.notifier?.finish(within: .seconds(5))
        await delivery?.value
        try await schedule.store.close()
        if json { try printEncoded(report) } else { print(report.text(), terminator: "") }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    static var defaultWorker: String { "\(ProcessInfo.processInfo.hostName)-\(getpid())" }
}
