import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL server the tests use: `LEDGER_TEST_POSTGRES_URL` when set, otherwise the throwaway cluster that
/// `.ci/start-postgres.sh` installs (Debian's package) and starts on 127.0.0.1:55432, so that a plain
/// `swift test` works on a fresh machine. `nil` when `LEDGER_TEST_SKIP_POSTGRES=1`.
enum TestPostgres {
    static let defaultURL = "postgres://postgres@127.0.0.1:55432/postgres"

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static func adminURL() async throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        if environment["LEDGER_TEST_SKIP_POSTGRES"] == "1" { return nil }
        if let url = environment["LEDGER_TEST_POSTGRES_URL"], !url.isEmpty { return url }
        try await started.value
        return defaultURL
    }

    /// Runs the start script once per test process, off the concurrency pool.
    private static let started = Task {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().appendingPathComponent(".ci/start-postgres.sh").path
                // system() waits for bash alone; the server it starts detaches (pg_ctl), holding none of our fds.
                let status = system("bash '\(script)' </dev/null >/dev/null 2>&1")
                if status == 0 {
                    continuation.resume()
                } else {
                    continuation.resume(
                        throwing: Unavailable(
                            description:
                                "`bash .ci/start-postgres.sh` failed (status \(status)); start PostgreSQL and set LEDGER_TEST_POSTGRES_URL, or LEDGER_TEST_SKIP_POSTGRES=1"
                        )
                    )
                }
            }
        }
    }
}
