import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

@Suite("OpenAPI description")
struct OpenAPIDocumentTests {
    /// `openapi/sandbox.yaml` in this checkout.
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("openapi/sandbox.yaml")

    @Test func theSandboxServesTheRepositoryFileByteForByte() async throws {
        let expected = try Data(contentsOf: Self.file)
        #expect(expected.starts(with: Data("openapi: 3.1".utf8)))
        try await withSandbox { sandbox, _ in
            let base = sandbox.baseURL.absoluteString
            let answer = try await HTTP.get(base + "/openapi.yaml", token: nil)
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/yaml")
            // Booleans, not the bytes: a stale build would print 35 kB twice.
            let served = answer.data == expected
            let compiled = SandboxOpenAPI.document == Array(expected)
            #expect(served, "served \(answer.data.count) bytes, the file has \(expected.count)")
            #expect(compiled, "rebuild after editing openapi/sandbox.yaml")
            let post = try await HTTP.post(base + "/openapi.yaml", token: nil)
            #expect(post.status == 405)
        }
    }

    /// Every route the responder answers is in the document, and the document names no other (the `/_sandbox/`
    /// admin routes excepted, which it leaves out on purpose).
    @Test func theDocumentListsExactlyTheSandboxsRoutes() throws {
        let text = try String(contentsOf: Self.file, encoding: .utf8)
        let paths = text.split(separator: "\n").filter { $0.hasPrefix("  /") && $0.hasSuffix(":") }
            .map { String($0.dropFirst(2).dropLast()) }
        let extract = "/api/expense/extract/v1.0"
        let fis = "/financialintegration/fi/v4/companies/transactiontypes/{docType}/transactions"
        #expect(
            Set(paths) == [
                "/oauth2/v0/token", "/oauth2/v0/jwks", "/app-mgmt/v0/connections", "/openapi.yaml",
                extract + "/", extract + "/{definitionId}", extract + "/{definitionId}/job",
                extract + "/{definitionId}/job/{jobId}", extract + "/{definitionId}/job/{jobId}/status",
                extract + "/{definitionId}/job/{jobId}/file",
                fis, fis + "/acknowledgements", fis + "/postingconfirmations", fis + "/paymentconfirmations",
            ]
        )
    }
}
