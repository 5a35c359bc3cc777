import AccountingExtract
import ExtractClient
import ExtractOperations
import ExtractSync
import Foundation
import Ledger
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// How `sync`, `demo` and `serve` print a run: progress on standard output (text mode only), warnings about
/// foreign and unreachable jobs on standard error in both modes, so that `--json` output stays one object.
enum SyncOutput {
    /// The time of progress lines; runs read theirs from the clock in their settings.
    static let clock: any WallClock = SystemClock()

    /// Runs one company's pipeline, printing its progress, then the report (JSON, or the text summary).
    /// - Parameter logger: the progress as log lines on standard error instead (`--log-format`, `--log-level`);
    ///   the report is printed as without it.
    static func run(
        client: ConcurClient,
        store: any LedgerStore,
        archive: RawFileStore,
        _ settings: SyncPipeline.Settings,
        json: Bool,
        logger: Logger? = nil
    ) async throws -> SyncReport {
        let started = settings.clock.now
        // On a terminal only (standard error): the download's bytes, the wait (with --json, where its lines are
        // not printed) and the load, each line erased when the step's own line is printed. Not beside log lines.
        let progress = TerminalProgress(enabled: logger == nil)
        var settings = settings
        settings.source.downloadProgress = progress.downloadDisplay()
        let company = settings.company
        let pipeline = SyncPipeline(
            client: client,
            store: store,
            archive: archive,
            settings: settings,
            events: { event in
                if let logger {
                    LogRecord(event, company: company).log(to: logger)
                    return
                }
                progress.clear()
                show(event, since: started, json: json)
                switch event {
                case .jobStatus where json: progress.show(event.text(since: started, now: clock.now))
                case .downloaded(let path, _, _):
                    progress.show("loading \(URL(fileURLWithPath: path).lastPathComponent)")
                default: break
                }
            },
            afterStep: crashHook
        )
        let report: SyncReport
        do {
            report = try await pipeline.run()
            progress.clear()
        } catch {
            progress.clear()
            throw error
        }
        if json {
            try printEncoded(report)
        } else {
            print(report.text, terminator: "")
        }
        return report
    }

    static func show(_ event: SyncEvent, since start: Date, json: Bool, prefix: String = "") {
        let line = prefix + event.text(since: start, now: clock.now) + "\n"
        if event.isWarning {
            FileHandle.standardError.write(Data(line.utf8))
        } else if !json {
            print(line, terminator: "")
        }
    }

    /// A scheduler's events (`sync --all`, `serve`); with `json`, only the warnings (on standard error).
    static func show(_ event: SyncScheduler.Event, json: Bool = false) {
        if json {
            switch event {
            case .sync(let company, let event): show(event, since: clock.now, json: true, prefix: "[\(company)] ")
            case .failed(let company, let error):
                FileHandle.standardError.write(Data("[\(company)] FAILED: \(error)\n".utf8))
            default: break
            }
            return
        }
        switch event {
        case .sync(let company, let event): show(event, since: clock.now, json: false, prefix: "[\(company)] ")
        case .skipped(let company): print("[\(company)] another worker holds this company's run: skipped")
        case .failed(let company, let error): print("[\(company)] FAILED: \(error)")
        case .passFinished(let report): print(report.text(prefix: "serve: ", includingSkipped: false), terminator: "")
        case .stopping:
            FileHandle.standardError.write(
                Data("serve: signal received: finishing the runs in hand, starting nothing new\n".utf8)
            )
        case .stopped: print("serve: stopping (signal received); the runs in hand finished")
        }
    }

    /// For the crash tests: `CONCUR_EXTRACT_CRASH_AFTER=<step>` kills the process (SIGKILL) right after that step.
    static let crashHook: @Sendable (SyncStep) -> Void = { step in
        guard let wanted = ProcessInfo.processInfo.environment["CONCUR_EXTRACT_CRASH_AFTER"], wanted == step.rawValue
        else { return }
        kill(getpid(), SIGKILL)
    }
}
