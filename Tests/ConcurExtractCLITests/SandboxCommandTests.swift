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
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = [
            "sandbox", "--port", "0", "--reports", "3", "--client-id", "cli-client", "--password", "cli-pass",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var banner = ""
        let deadline = Date().addingTimeInterval(30)
        while !banner.contains("Try:"), Date() < deadline, process.isRunning {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
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
