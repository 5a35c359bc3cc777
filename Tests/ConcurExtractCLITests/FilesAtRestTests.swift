import Foundation
import Testing

/// Issue 10 item 10: the data directory, the ledger and the archive are the owner's only (0700/0600) whatever
/// the umask, and a data directory or ledger that other users can read is reported (a warning, exit 0).
@Suite struct FilesAtRestTests {
    /// Runs the binary under `umask` through the shell, as a user with that umask would.
    static func run(umask: String, _ arguments: [String]) throws -> (status: Int32, standardError: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", CLIRunner.executable.path] + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CONCUR_") }
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let bytes = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: bytes, as: UTF8.self))
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    @Test("Under umask 000 and 022, every folder is created 0700 and every file 0600", arguments: ["000", "022"])
    func createdPrivate(umask: String) throws {
        let root = try CLIRunner.temporaryDirectory()
        let data = root + "/data/nested"  // two new folders
        let export = root + "/journal.csv"
        // A read never creates a ledger (issue 9 item 8): `demo` makes one, then `export` writes beside it.
        let demo = try Self.run(umask: umask, ["demo", "--data-dir", data, "--reports", "2"])
        #expect(demo.status == 0, "\(demo.standardError)")
        let outcome = try Self.run(umask: umask, ["export", "--data-dir", data, "--format", "csv", "--output", export])
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
    func exposureReported() throws {
        let data = try CLIRunner.temporaryDirectory()
        let demo = try Self.run(umask: "022", ["demo", "--data-dir", data, "--reports", "2"])
        #expect(demo.status == 0, "\(demo.standardError)")
        chmod(data, 0o755)
        let first = try Self.run(umask: "022", ["export", "--data-dir", data, "--format", "csv"])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(
            first.standardError.contains("warning: the data directory \(data) has mode 755"),
            "\(first.standardError)"
        )
        #expect(first.standardError.contains("chmod 700 \(data)"))
        #expect(!first.standardError.contains("the ledger database"), "a new ledger is 0600: \(first.standardError)")

        chmod(data, 0o700)
        chmod(data + "/ledger.sqlite", 0o644)
        let second = try Self.run(umask: "022", ["export", "--data-dir", data, "--format", "csv"])
        #expect(second.status == 0, "\(second.standardError)")
        #expect(!second.standardError.contains("the data directory"), "\(second.standardError)")
        #expect(second.standardError.contains("warning: the ledger database \(data)/ledger.sqlite has mode 644"))
        #expect(second.standardError.contains("chmod 600 \(data)/ledger.sqlite"))

        chmod(data + "/ledger.sqlite", 0o600)
        let third = try Self.run(umask: "022", ["export", "--data-dir", data, "--format", "csv"])
        #expect(third.status == 0 && !third.standardError.contains("warning"), "\(third.standardError)")
    }
}
