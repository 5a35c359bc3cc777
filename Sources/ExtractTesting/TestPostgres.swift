public import Foundation

/// The PostgreSQL server the tests use: `LEDGER_TEST_POSTGRES_URL` when set, otherwise the throwaway cluster that
/// `.ci/start-postgres.sh` installs (Debian's package) and starts on 127.0.0.1:55432, so that a plain
/// `swift test` works on a fresh machine. `nil` when `LEDGER_TEST_SKIP_POSTGRES=1`.
///
/// ```swift
/// let database = try await TestPostgres.freshDatabase()   // postgres://postgres@127.0.0.1:55432/test_…
/// try await TestPostgres.psql(database, "CREATE TABLE t (x int)")
/// ```
public enum TestPostgres {
    public static let defaultURL = "postgres://postgres@127.0.0.1:55432/postgres"

    /// PostgreSQL cannot be reached or used: what failed and how to provide a server.
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// The administrator URL, starting the throwaway cluster once per test process when needed.
    public static func adminURL() async throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        if environment["LEDGER_TEST_SKIP_POSTGRES"] == "1" { return nil }
        if let url = environment["LEDGER_TEST_POSTGRES_URL"], !url.isEmpty { return url }
        try await started.value
        return defaultURL
    }

    /// A new, empty database on the test server, named `prefix` and 12 random hex digits; its URL.
    public static func freshDatabase(prefix: String = "test_") async throws -> String {
        guard let admin = try await adminURL() else {
            throw Unavailable(description: "LEDGER_TEST_SKIP_POSTGRES=1: the PostgreSQL runs are not possible")
        }
        let name = prefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        try await psql(admin, "CREATE DATABASE \(name)")
        guard let cut = admin.lastIndex(of: "/") else { throw Unavailable(description: "bad admin URL") }
        return String(admin[..<cut]) + "/" + name
    }

    /// Runs `sql` with `psql` (stopping at the first error) off the concurrency pool; throws with psql's message
    /// when it fails. The URL is never part of the message.
    public static func psql(_ url: String, _ sql: String) async throws {
        let outcome = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
            deadline: .seconds(120)
        )
        guard outcome.status == 0, !outcome.signalled else {
            throw Unavailable(description: "psql failed (\(outcome.status)) on `\(sql)`: \(outcome.standardError)")
        }
    }

    /// Runs the start script once per test process, off the concurrency pool.
    private static let started = Task {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".ci/start-postgres.sh").path
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(
                URL(fileURLWithPath: "/bin/bash"),
                arguments: [script],
                deadline: .seconds(600)
            )
        } catch {
            throw Unavailable(description: "`bash .ci/start-postgres.sh` did not finish: \(error)")
        }
        guard outcome.status == 0, !outcome.signalled else {
            throw Unavailable(
                description:
                    "`bash .ci/start-postgres.sh` failed (status \(outcome.status)): \(outcome.standardError) start PostgreSQL and set LEDGER_TEST_POSTGRES_URL, or LEDGER_TEST_SKIP_POSTGRES=1"
            )
        }
    }
}
