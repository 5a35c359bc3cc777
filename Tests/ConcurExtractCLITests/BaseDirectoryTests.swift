import ExtractSandbox
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 9 item 4: with no flag or variable naming a place, the CLI keeps its files in the XDG base directories
/// of the environment it runs in (`$XDG_DATA_HOME`, `$XDG_STATE_HOME`, `$XDG_CONFIG_HOME`, else under `$HOME`),
/// never in the passwd entry's home directory.
@Suite struct BaseDirectoryTests {
    /// Every file under the passwd home's concur-extract folders with its size and modification time.
    static func passwdHomeSnapshot() -> [String: String] {
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return [:] }
        let home = String(cString: directory)
        var snapshot: [String: String] = [:]
        for folder in [".local/share/concur-extract", ".local/state/concur-extract", ".config/concur-extract"] {
            let root = home + "/" + folder
            snapshot[root] = FileManager.default.fileExists(atPath: root) ? "present" : "absent"
            for file in FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [] {
                let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + file)
                snapshot[root + "/" + file] =
                    "\(attributes?[.size] ?? 0) \(attributes?[.modificationDate] ?? Date.distantPast)"
            }
        }
        return snapshot
    }

    /// Runs `demo` and `login` (its client read from the configuration file in the config directory) in
    /// `environment`, and checks the ledger lands in `data` and the token in `state`.
    func runDemoAndLogin(environment: [String: String], data: String, state: String, config: String) async throws {
        let demo = try await CLIRunner.run(["demo", "--reports", "3"], environment: environment)
        #expect(demo.status == 0, "\(demo.standardOutput)\(demo.standardError)")
        #expect(FileManager.default.fileExists(atPath: data + "/concur-extract/demo/ledger.sqlite"))
        #expect(demo.standardOutput.contains(data + "/concur-extract/demo/ledger.sqlite"), "\(demo.standardOutput)")

        var configuration = SandboxConfiguration()
        configuration.jobTiming = JobTiming(queued: 0.2, running: 0.5)
        let server = try await SandboxServer.start(configuration)
        defer { Task { await server.shutdown() } }
        let credentials = server.demoCredentials
        try FileManager.default.createDirectory(atPath: config + "/concur-extract", withIntermediateDirectories: true)
        let file = config + "/concur-extract/config.toml"
        try """
        base_url = "\(server.baseURL.absoluteString)"
        client_id = "\(credentials.clientID)"
        client_secret = "\(credentials.clientSecret)"
        """.write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let login = try await CLIRunner.run(
            ["login", "--username", credentials.username, "--password", credentials.password],
            environment: environment
        )
        #expect(login.status == 0, "\(login.standardError)")
        #expect(FileManager.default.fileExists(atPath: state + "/concur-extract/token.json"))
    }

    @Test func homeAloneGivesTheDefaultsUnderHome() async throws {
        let before = Self.passwdHomeSnapshot()
        let home = try CLIRunner.temporaryDirectory()
        // Unset, empty or relative XDG variables are ignored (the XDG specification).
        let environment = ["HOME": home, "XDG_DATA_HOME": "", "XDG_STATE_HOME": "", "XDG_CONFIG_HOME": "relative/dir"]
        try await runDemoAndLogin(
            environment: environment,
            data: home + "/.local/share",
            state: home + "/.local/state",
            config: home + "/.config"
        )
        #expect(Self.passwdHomeSnapshot() == before, "files were written to the passwd home directory")
    }

    @Test func xdgVariablesWin() async throws {
        let before = Self.passwdHomeSnapshot()
        let home = try CLIRunner.temporaryDirectory()
        let base = try CLIRunner.temporaryDirectory()
        let environment = [
            "HOME": home, "XDG_DATA_HOME": base + "/data", "XDG_STATE_HOME": base + "/state",
            "XDG_CONFIG_HOME": base + "/config",
        ]
        try await runDemoAndLogin(
            environment: environment,
            data: base + "/data",
            state: base + "/state",
            config: base + "/config"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: home).isEmpty, "files were written to $HOME")
        #expect(Self.passwdHomeSnapshot() == before, "files were written to the passwd home directory")
    }
}
