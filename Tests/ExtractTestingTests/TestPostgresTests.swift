import Foundation
import Testing

@testable import ExtractTesting

#if canImport(Glibc)
import Glibc
#endif

/// The test databases are dropped once their test process has ended, so repeated runs do not fill the disk (4,645
/// databases and 35 GB had piled up, and a cold start of the cluster then spent over a minute in crash recovery).
@Suite(.timeLimit(.minutes(2)))
struct TestPostgresTests {
    @Test(
        "A database name carries its creator's process id and host, and only names of that exact form are read",
        arguments: [
            ("sync_crash_p4242h1a2b3c_0123456789ab", Int32(4242)),
            ("test_p1h1a2b3c_abcdefabcdef", 1),
            ("fis_pipeline_p99999h1a2b3c_000000000000", 99999),
            ("test_p4242h9f9f9f_0123456789ab", nil),  // another host's: never dropped from here
            ("test_p4242_0123456789ab", nil),  // no host tag (the form of the first change)
            ("postgres", nil),
            ("test_0123456789ab", nil),  // the old form, without a process id
            ("test_p4242h1a2b3c_0123456789a", nil),  // 11 hex digits
            ("test_p4242h1a2b3c_0123456789ag", nil),  // not hex
            ("test_pxh1a2b3c_0123456789ab", nil),
            ("test_p0h1a2b3c_0123456789ab", nil),
            ("test_p-5h1a2b3c_0123456789ab", nil),
            ("p4242h1a2b3c_0123456789ab", nil),  // no prefix
        ] as [(String, Int32?)]
    )
    func creatorOfName(name: String, pid: Int32?) {
        #expect(TestPostgres.creator(ofDatabase: Substring(name), host: "1a2b3c") == pid)
    }

    @Test("The host tag is six hex digits, the same on every call")
    func hostTag() {
        #expect(TestPostgres.hostTag.count == 6 && TestPostgres.hostTag.allSatisfy(\.isHexDigit))
        #expect(TestPostgres.hostTag == TestPostgres.hostTag)
    }

    @Test("A database of an ended process is dropped; one of a running process is kept")
    func endedDropped() async throws {
        guard let admin = try await TestPostgres.adminURL() else { return }  // LEDGER_TEST_SKIP_POSTGRES=1
        // The first fresh database runs this process's one sweep; the explicit sweep below is the one checked.
        let live = try await TestPostgres.freshDatabase(prefix: "reap_")
        // A process id that has just ended: a child that exited and was reaped.
        let endedPID = try #require(try await Self.endedProcessID())
        let random = String(UUID().uuidString.filter(\.isHexDigit).lowercased().prefix(12))
        let ended = "reap_p\(endedPID)h\(TestPostgres.hostTag)_" + random
        // The same ended process id under another host's tag: another machine's run, which may still be going.
        let elsewhere = "reap_p\(endedPID)h" + (TestPostgres.hostTag == "000000" ? "000001" : "000000") + "_" + random
        try await TestPostgres.psql(admin, "CREATE DATABASE \(elsewhere)")
        try await TestPostgres.psql(admin, "CREATE DATABASE \(ended)")
        let liveName = String(live[live.index(after: try #require(live.lastIndex(of: "/")))...])
        #expect(TestPostgres.creator(ofDatabase: Substring(liveName)) == getpid())

        let dropped = await TestPostgres.dropEndedDatabases(admin: admin)
        #expect(dropped.contains(ended))
        #expect(!dropped.contains(liveName))
        #expect(!dropped.contains(elsewhere))
        let names = try await Self.databases(admin)
        #expect(!names.contains(ended))
        #expect(names.contains(liveName))
        #expect(names.contains(elsewhere))
        try await TestPostgres.psql(admin, "DROP DATABASE IF EXISTS \(liveName) WITH (FORCE)")
        try await TestPostgres.psql(admin, "DROP DATABASE IF EXISTS \(elsewhere) WITH (FORCE)")
    }

    /// The id of a process that ran and has ended (checked with `kill(pid, 0)`), or `nil` after 20 tries.
    static func endedProcessID() async throws -> Int32? {
        for _ in 0..<20 {
            let process = try await ChildProcess.start(URL(fileURLWithPath: "/bin/true"))
            let pid = process.processIdentifier
            _ = try await process.wait(deadline: .seconds(30))
            if kill(pid, 0) != 0, errno == ESRCH { return pid }
        }
        return nil
    }

    static func databases(_ admin: String) async throws -> [String] {
        let listed = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["psql", admin, "-Atq", "-c", "SELECT datname FROM pg_database"],
            deadline: .seconds(60)
        )
        return listed.standardOutput.split(separator: "\n").map(String.init)
    }
}

/// `.ci/start-postgres.sh` after a killed run: the cluster's processes are gone but its data directory (with a stale
/// `postmaster.pid` and databases) stays. CI once failed there: the script reused the directory and crash recovery
/// fsynced 35 GB for over a minute. A cold start now begins from an empty cluster.
@Suite(.timeLimit(.minutes(3)))
struct StartPostgresScriptTests {
    @Test("A cold start after a killed cluster begins empty and answers")
    func coldStartAfterKill() async throws {
        guard try await TestPostgres.adminURL() != nil else { return }  // LEDGER_TEST_SKIP_POSTGRES=1
        // A port the kernel has just handed out and taken back: a random one collided with an ephemeral port in
        // use (CI: "could not bind IPv4 address: Address already in use").
        let port = try Self.unusedPort()
        let data = FileManager.default.temporaryDirectory
            .appendingPathComponent("start-postgres-\(UUID().uuidString.prefix(8))").path
        let url = "postgres://postgres@127.0.0.1:\(port)/postgres"
        defer {
            Self.killPostmaster(data: data)
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: data + ".log")
        }

        let first = try await Self.startScript(port: port, data: data)
        try #require(first.status == 0, "\(first)")
        try await TestPostgres.psql(url, "CREATE DATABASE left_by_the_killed_run")
        Self.killPostmaster(data: data)
        #expect(FileManager.default.fileExists(atPath: data + "/postmaster.pid"))  // stale, as after a kill

        let second = try await Self.startScript(port: port, data: data)
        try #require(second.status == 0, "\(second)")
        #expect(second.standardOutput.contains("started on 127.0.0.1:\(port)"))
        let names = try await TestPostgresTests.databases(url)
        #expect(names.contains("postgres"))
        #expect(!names.contains("left_by_the_killed_run"))
    }

    @Test("A LEDGER_PG_DATA folder the script did not make is refused, never erased")
    func foreignFolderRefused() async throws {
        let data = FileManager.default.temporaryDirectory
            .appendingPathComponent("someone-elses-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: data) }
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: data + "/PG_VERSION"))
        // A port nothing answers on, so that the script goes for a cold start.
        let outcome = try await Self.startScript(port: try Self.unusedPort(), data: data)
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("not erasing it"))
        #expect(FileManager.default.contents(atPath: data + "/PG_VERSION") == Data("keep me".utf8))
    }

    /// Runs `.ci/start-postgres.sh` with `LEDGER_PG_PORT` and `LEDGER_PG_DATA` set.
    static func startScript(port: Int, data: String) async throws -> ChildProcess.Outcome {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".ci/start-postgres.sh").path
        let environment = ProcessInfo.processInfo.environment.merging(
            ["LEDGER_PG_PORT": "\(port)", "LEDGER_PG_DATA": data]) { _, new in new }
        return try await ChildProcess.run(
            URL(fileURLWithPath: "/bin/bash"),
            arguments: [script],
            environment: environment,
            deadline: .seconds(120)
        )
    }

    /// A loopback TCP port nothing listens on: the one the kernel picks for 127.0.0.1:0, released at once.
    static func unusedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Sends SIGKILL to the postmaster named by `data`'s `postmaster.pid` and waits (bounded) until it is gone.
    static func killPostmaster(data: String) {
        guard let text = try? String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8),
            let line = text.split(separator: "\n").first, let pid = Int32(line)
        else { return }
        kill(pid, SIGKILL)
        for _ in 0..<200 where kill(pid, 0) == 0 { usleep(10_000) }
    }
}
