import ExtractTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `concur-extract sandbox`, run as a user would: it prints its base URL and demo credentials, and a password
/// grant with them gets a token with the EXTRCT scope.
@Suite("sandbox command")
struct SandboxCommandTests {
    @Test func printsBaseURLAndCredentialsThatWork() async throws {
        let sandbox = try await ChildProcess.start(
            CLIRunner.executable,
            arguments: [
                "sandbox", "--port", "0", "--reports", "3", "--client-id", "cli-client", "--password", "cli-pass",
            ]
        )
        do {
            try await Self.bannerCredentialsWork(sandbox)
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    /// Reads the running sandbox's banner (at most 30 s) and logs in with what it prints.
    static func bannerCredentialsWork(_ sandbox: ChildProcess) async throws {
        let banner = await sandbox.standardOutput(containing: "Try:", within: .seconds(30))
        #expect(banner.contains("client_id      cli-client"))
        #expect(banner.contains("password       cli-pass"))
        let line = try #require(
            banner.split(separator: "\n").first { $0.hasPrefix("Concur Extract sandbox listening on ") }
        )
        let base = try #require(URL(string: String(line.dropFirst("Concur Extract sandbox listening on ".count))))
        #expect(base.host == "127.0.0.1")

        var request = URLRequest(url: base.appendingPathComponent("oauth2/v0/token"))
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(
            "grant_type=password&client_id=cli-client&client_secret=sandbox-secret&username=admin%40demo.example&password=cli-pass"
                .utf8
        )
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((json["scope"] as? String)?.split(separator: " ").contains("EXTRCT") == true)
    }

    @Test func rejectsABadPort() async throws {
        let outcome = try await CLIRunner.run(["sandbox", "--port", "70000"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--port"))
    }
}
