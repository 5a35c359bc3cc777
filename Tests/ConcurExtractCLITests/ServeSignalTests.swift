import ExtractSandbox
import ExtractTesting
import Foundation
import Ledger
import Testing

/// `serve` under its service group: a second SIGTERM while a run is in hand exits at once (130), as the
/// documented behaviour says, instead of waiting for the run.
@Suite(.serialized) struct ServeSignalTests {
    @Test func aSecondSignalExitsAtOnce() async throws {
        var configuration = SandboxConfiguration()
        configuration.companies = 1
        configuration.reportsPerCompany = 4
        configuration.jobTiming = JobTiming(queued: 60, running: 60)  // the run stays in hand
        configuration.minimumRunInterval = 0
        let server = try await SandboxServer.start(configuration)
        defer { Task { await server.shutdown() } }
        let data = try CLIRunner.temporaryDirectory()
        let file = try await SyncAllTests.companiesFile(server, in: data)
        // A child that never blocks the concurrency pool: its exit and its output are awaited on threads of
        // their own, and it is killed if the test ends early.
        let process = try await ChildProcess.start(
            CLIRunner.executable,
            arguments: ["serve", "--companies", file, "--data-dir", data, "--tick", "1", "--poll-interval", "5"],
            environment: ["CONCUR_EXTRACT_STATE": data + "/state", "HOME": NSTemporaryDirectory()]
        )
        defer { process.send(SIGKILL) }
        // Wait (bounded) until the run has recorded its job: it is in hand, polling a job queued for a minute.
        let database = data + "/ledger.sqlite"
        var recorded = false
        for _ in 0..<80 where !recorded {
            try await Task.sleep(for: .milliseconds(250))
            if FileManager.default.fileExists(atPath: database), let store = try? await LedgerStores.open(database) {
                recorded = ((try? await store.jobs(company: "c0", includePosted: true)) ?? []).contains {
                    !$0.jobID.hasPrefix("intent")
                        && $0.status != "Starting" && $0.status != "Sending"
                }
                try? await store.close()
            }
        }
        #expect(recorded, "the run recorded its job")
        process.terminate()  // SIGTERM: graceful, the run in hand would go on for a minute
        try await Task.sleep(for: .milliseconds(500))
        #expect(process.isRunning, "the first signal lets the run in hand finish")
        process.terminate()  // the second: exit now
        // Killed and thrown as `child-process-deadline` when serve is still running 10 s after the second signal.
        let outcome = try await process.wait(deadline: .seconds(10))
        #expect(!outcome.signalled && outcome.status == 130, "\(outcome)")
        let stderr = outcome.standardError
        #expect(
            stderr.contains("notice serve.stopping reason=\"signal received: finishing the runs in hand"),
            "\(stderr)"
        )
        #expect(stderr.contains("serve: second signal: exiting now"), "\(stderr)")
    }
}
