import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

/// Attacks on the sandbox over loopback: each is answered with a 4xx or a closed connection, and the sandbox
/// goes on serving.
@Suite("Hostile input to the sandbox")
struct HostileInputTests {
    @Test func startJobBodyNested60000DeepIs400AndTheSandboxSurvives() async throws {
        try await withSandbox { sandbox, _ in
            let token = try await sandbox.token().accessToken
            let jobsURL = sandbox.jobsURL(await sandbox.definition(.standardAccounting))
            let body = "<definition>" + String(repeating: "<a>", count: 60_000) + String(repeating: "</a>", count: 60_000)
                + "</definition>"
            let answer = try await HTTP.post(jobsURL, token: token, contentType: "application/xml", body: body)
            #expect(answer.status == 400)
            let message = try ExtractErrorBody(xml: answer.data).message
            #expect(message.contains("deeper than 256"))
            // Still serving.
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token).status == 200)
        }
    }
}
