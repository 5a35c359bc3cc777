public import Foundation
import Synchronization

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

    /// A new, empty database on the test server, named `prefix`, `p`, this process's id, `h`, a tag of this host's
    /// name, and 12 random hex digits (`sync_crash_p4242h1a2b3c_…`); its URL. The first call of a test process
    /// drops the databases that earlier, ended test processes of this host made (their process id no longer runs;
    /// a database of another host, which may share the server, is never touched), so that repeated runs do not
    /// fill the disk: 4,645 databases and 35 GB had piled up, and a cold start of the cluster spent over a minute
    /// fsyncing them.
    public static func freshDatabase(prefix: String = "test_") async throws -> String {
        guard let admin = try await adminURL() else {
            throw Unavailable(description: "LEDGER_TEST_SKIP_POSTGRES=1: the PostgreSQL runs are not possible")
        }
        await reapOnce(admin: admin)
        let random = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let name = prefix + "p\(ProcessInfo.processInfo.processIdentifier)h\(hostTag)_" + random
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

    /// Six hex digits of this host's name (FNV-1a), which the database names carry.
    static let hostTag: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ProcessInfo.processInfo.hostName.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(String(hash & 0xFF_FFFF | 0x100_0000, radix: 16).dropFirst())
    }()

    /// The process id a database name of ``freshDatabase(prefix:)`` carries (`…_p<pid>h<host>_<12 hex>`), when
    /// the name has that form and its host tag is `host`; otherwise `nil`.
    static func creator(ofDatabase name: Substring, host: String = hostTag) -> Int32? {
        let parts = name.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count >= 3, let random = parts.last, random.count == 12,
            random.allSatisfy({ $0.isHexDigit }), let tagged = parts.dropLast().last, tagged.first == "p",
            let split = tagged.firstIndex(of: "h"), tagged[tagged.index(after: split)...] == host,
            let pid = Int32(tagged[tagged.index(after: tagged.startIndex)..<split]), pid > 0
        else { return nil }
        return pid
    }

    private static let reaper = Mutex<Task<[String], Never>?>(nil)

    /// Drops, once per process, the test databases whose creating process has ended. Best effort: a failure to
    /// list or drop leaves them for the next run and never fails a test.
    private static func reapOnce(admin: String) async {
        let task = reaper.withLock { slot in
            if let task = slot { return task }
            let task = Task { await dropEndedDatabases(admin: admin) }
            slot = task
            return task
        }
        _ = await task.value
    }

    /// Drops the databases of ``freshDatabase(prefix:)`` whose creating process has ended; the names it dropped.
    static func dropEndedDatabases(admin: String) async -> [String] {
        guard
            let listed = try? await ChildProcess.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                arguments: ["psql", admin, "-Atq", "-c", "SELECT datname FROM pg_database"],
                deadline: .seconds(120)
            ), listed.status == 0
        else { return [] }
        var dropped: [String] = []
        for name in listed.standardOutput.split(separator: "\n") {
            guard let pid = creator(ofDatabase: name), kill(pid, 0) != 0, errno == ESRCH else { continue }
            if (try? await psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")) != nil {
                dropped.append(String(name))
            }
        }
        return dropped
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
