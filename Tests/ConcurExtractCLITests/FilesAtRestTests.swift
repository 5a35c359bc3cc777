import ExtractSandbox
import ExtractTesting
import Foundation
import Testing

/// Issue 10 item 10: the data directory, the ledger and the archive are the owner's only (0700/0600) whatever
/// the umask, and a data directory or ledger that other users can read is reported (a warning, exit 0).
@Suite struct FilesAtRestTests {
    /// Runs the binary under `umask` through the shell, as a user with that umask would (off the concurrency
    /// pool: the in-process sandbox needs it to answer the binary).
    static func run(
        umask: String,
        _ arguments: [String],
        environment: [String: String] = [:]
    ) async throws -> (status: Int32, standardError: String) {
        let outcome = try await ChildProcess.run(
            URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", "umask \(umask) && exec \"$0\" \"$@\"", CLIRunner.executable.path] + arguments,
            environment: CLIRunner.childEnvironment(environment)
        )
        return (outcome.status, outcome.standardError)
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    @Test("Under umask 000 and 022, every folder is created 0700 and every file 0600", arguments: ["000", "022"])
    func createdPrivate(umask: String) async throws {
        let root = try CLIRunner.temporaryDirectory()
        let data = root + "/data/nested"  // two new folders
        let export = root + "/journal.csv"
        // A read never creates a ledger (issue 9 item 8): `demo` makes one, then `export` writes beside it.
        let demo = try await Self.run(umask: umask, ["demo", "--data-dir", data, "--reports", "2"])
        #expect(demo.status == 0, "\(demo.standardError)")
        let outcome = try await Self.run(umask: umask, ["export", "--data-dir", data, "--format", "csv", "--output", export])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(!outcome.standardError.contains("warning"), "\(outcome.standardError)")
        for folder in [root + "/data", data, data + "/archive"] {
            #expect(try Self.mode(folder) == 0o700, "\(folder)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.hasPrefix("ledger.sqlite") }
        #expect(files.contains("ledger.sqlite"))
        for file in files.map({ data + "/" + $0 }) + [export] {
            #expect(try Self.mode(file) == 0o600, "\(file)")
        }
    }

    @Test("A data directory or ledger that others can read is reported, and the command still succeeds")
    func exposureReported() async throws {
        let data = try CLIRunner.temporaryDirectory()
        let demo = try await Self.run(umask: "022", ["demo", "--data-dir", data, "--reports", "2"])
        #expect(demo.status == 0, "\(demo.standardError)")
        chmod(data, 0o755)
        let first = try await Self.run(umask: "022", ["export", "--data-dir", data, "--format", "csv"])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(
            first.standardError.contains("warning: the data directory \(data) has mode 755"),
            "\(first.standardError)"
        )
        #expect(first.standardError.contains("chmod 700 \(data)"))
        #expect(!first.standardError.contains("the ledger database"), "a new ledger is 0600: \(first.standardError)")

        chmod(data, 0o700)
        chmod(data + "/ledger.sqlite", 0o644)
        let second = try await Self.run(umask: "022", ["export", "--data-dir", data, "--format", "csv"])
        #expect(second.status == 0, "\(second.standardError)")
        #expect(!second.standardError.contains("the data directory"), "\(second.standardError)")
        #expect(second.standardError.contains("warning: the ledger database \(data)/ledger.sqlite has mode 644"))
        #expect(second.standardError.contains("chmod 600 \(data)/ledger.sqlite"))

        chmod(data + "/ledger.sqlite", 0o600)
        let third = try await Self.run(umask: "022", ["export", "--data-dir", data, "--format", "csv"])
        #expect(third.status == 0 && !third.standardError.contains("warning"), "\(third.standardError)")
    }

    /// Every folder and file under `root` (itself included), with its mode.
    static func modes(under root: String) throws -> [(path: String, isFolder: Bool, mode: Int)] {
        var found = [(root, true, try mode(root))]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let path = root + "/" + relative
            let type = try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
            found.append((path, type == .typeDirectory, try mode(path)))
        }
        return found
    }

    @Test("Under umask 000, sync's downloads, archive, ledger and state (tokens, run history) are 0700/0600")
    func syncCreatesPrivate() async throws {
        let server = try await SandboxServer.startForTests(reports: 3, queued: 0.1, running: 0.1)
        defer { Task { await server.shutdown() } }
        let root = try CLIRunner.temporaryDirectory()
        let data = root + "/data"
        let state = root + "/xdg/state/concur-extract"
        let credentials = server.demoCredentials
        let outcome = try await Self.run(
            umask: "000",
            ["sync", "--data-dir", data, "--company", "acme", "--poll-interval", "5"],
            environment: [
                "CONCUR_BASE_URL": server.baseURL.absoluteString,
                "CONCUR_CLIENT_ID": credentials.clientID,
                "CONCUR_CLIENT_SECRET": credentials.clientSecret,
                "CONCUR_USERNAME": credentials.username,
                "CONCUR_PASSWORD": credentials.password,
                "CONCUR_EXTRACT_STATE": state,
            ]
        )
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let created = try Self.modes(under: data) + Self.modes(under: root + "/xdg")
        #expect(created.contains { $0.path.hasSuffix("/downloads/acme") && $0.isFolder }, "\(created.map(\.path))")
        #expect(created.contains { !$0.isFolder && $0.path.hasPrefix(state) }, "no state file: \(created.map(\.path))")
        for entry in created {
            #expect(entry.mode == (entry.isFolder ? 0o700 : 0o600), "\(entry.path): \(String(entry.mode, radix: 8))")
        }
    }

    @Test("Under umask 000 and 022, generate writes its SAE file 0600", arguments: ["000", "022"])
    func generatedFilesArePrivate(umask: String) async throws {
        let root = try CLIRunner.temporaryDirectory()
        let file = root + "/new/extract.txt"
        try FileManager.default.createDirectory(atPath: root + "/new", withIntermediateDirectories: true)
        let generate = try await Self.run(umask: umask, ["generate", "--output", file, "--reports", "2"])
        #expect(generate.status == 0, "\(generate.standardError)")
        #expect(try Self.mode(file) == 0o600)
    }
}
