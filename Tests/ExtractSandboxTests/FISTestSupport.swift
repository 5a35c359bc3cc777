import ExtractAPI
import ExtractTesting
import FinancialIntegrationAPI
import Foundation
import Testing

@testable import ExtractSandbox

/// A sandbox whose companies are FIS companies (as `sandbox --fis` seeds them).
func withFISSandbox<T>(
    reports: Int = 12,
    _ configure: (inout SandboxConfiguration) -> Void = { _ in },
    _ body: (SandboxServer) async throws -> T
) async throws -> T {
    try await withSandbox({ configuration in
        configuration.reportSource = .fis
        configuration.reportsPerCompany = reports
        configure(&configuration)
    }) { sandbox, _ in try await body(sandbox) }
}

extension SandboxServer {
    /// A company-level token (password grant, `credtype=authtoken`) of company `index` with client `client`.
    func companyToken(company index: Int = 0, client: Int = 0) async throws -> String {
        let company = await store.state.companies[index]
        let answer = try await HTTP.token(
            baseURL,
            TokenRequest(
                clientID: company.clients[client].id,
                clientSecret: company.clients[client].secret,
                grant: .password(username: company.id, password: company.requestToken, credentialType: "authtoken")
            )
        )
        guard answer.status == 200 else { throw TestFailure("authtoken grant: \(answer.status) \(answer.text)") }
        return try TokenResponse(json: answer.data).accessToken
    }

    func fisURL(_ route: FinancialIntegrationAPI.Route, query: String = "") -> String {
        base + route.path + (query.isEmpty ? "" : "?" + query)
    }

    /// `GET …/expense/transactions?query`, decoded; fails the test on a status other than 200.
    func fisPage(token: String, query: String = "", format: String? = nil) async throws -> FISTransactionPage {
        let answer = try await HTTP.get(
            fisURL(.transactions(.expense), query: query),
            token: token,
            headers: format.map { [("DocumentFormatAs", $0)] } ?? []
        )
        guard answer.status == 200 else { throw TestFailure("GET transactions: \(answer.status) \(answer.text)") }
        return try FISTransactionPage(json: answer.data)
    }

    /// Every READY expense document, walking `next` links.
    func fisReadyIDs(token: String) async throws -> [String] {
        var ids: [String] = []
        var url: String? = fisURL(.transactions(.expense), query: "limit=100")
        var guardrail = 0
        while let next = url, guardrail < 100 {
            guardrail += 1
            let answer = try await HTTP.get(next, token: token)
            let page = try FISTransactionPage(json: answer.data)
            ids += page.documents.map(\.id)
            url = page.link(.next)?.href
        }
        return ids
    }

    func fisPost(
        _ route: FinancialIntegrationAPI.Route,
        token: String?,
        body: some JSONWireBody
    ) async throws
        -> HTTPAnswer
    {
        try await HTTP.post(
            fisURL(route),
            token: token,
            contentType: "application/json",
            body: String(decoding: try body.jsonData(), as: UTF8.self)
        )
    }

    func acknowledge(
        _ ids: [String],
        systemID: String?,
        token: String,
        type: FISDocumentType = .expense
    )
        async throws -> [FISAcknowledgeResponseItem]
    {
        let answer = try await fisPost(
            .acknowledgements(type),
            token: token,
            body: FISAcknowledgeRequest(ids: ids, systemId: systemID)
        )
        guard answer.status == 200 else { throw TestFailure("ack: \(answer.status) \(answer.text)") }
        return try FISAcknowledgeResponse(json: answer.data).items
    }

    func confirmPosting(
        _ items: [FISPostingConfirmation],
        systemID: String,
        token: String
    ) async throws
        -> [FISPostingConfirmationResponseItem]
    {
        let answer = try await fisPost(
            .postingConfirmations(.expense),
            token: token,
            body: FISPostingConfirmationRequest(systemId: systemID, postingConfirmations: items)
        )
        guard answer.status == 200 else { throw TestFailure("posting: \(answer.status) \(answer.text)") }
        return try FISPostingConfirmationResponse(json: answer.data).items
    }

    func confirmPayment(
        _ items: [FISPaymentConfirmation],
        systemID: String,
        token: String
    ) async throws
        -> [FISPaymentConfirmationResponseItem]
    {
        let answer = try await fisPost(
            .paymentConfirmations(.expense),
            token: token,
            body: FISPaymentConfirmationRequest(systemId: systemID, processingConfirmation: items)
        )
        guard answer.status == 200 else { throw TestFailure("payment: \(answer.status) \(answer.text)") }
        return try FISPaymentConfirmationResponse(json: answer.data).items
    }

    /// An admin `POST` with a JSON body.
    func admin(_ path: String, _ json: String) async throws -> HTTPAnswer {
        try await HTTP.send(
            .POST,
            base + path,
            headers: [("X-Sandbox-Admin-Key", "test-admin-key"), ("Content-Type", "application/json")],
            body: Array(json.utf8)
        )
    }
}

extension FISPostingConfirmation {
    static func success(_ docID: String, number: String = "LEDGER-1") -> FISPostingConfirmation {
        FISPostingConfirmation(
            docId: docID,
            overallPostingStatusCode: .success,
            postingDocs: [
                FISPostingDocument(
                    companyId: "0100",
                    documentNumber: number,
                    fiscalYear: .string("2026"),
                    postingDate: "2026-01-15"
                )
            ]
        )
    }

    static func error(_ docID: String) -> FISPostingConfirmation {
        FISPostingConfirmation(
            docId: docID,
            overallPostingStatusCode: .error,
            systemMessages: [FISSystemMessage(messageId: "003-CC", messageShortText: "Cost centre is not valid.")]
        )
    }
}

extension Array where Element == SandboxFISDocument {
    /// The expense documents only (FIS companies also hold cash advance and invoice documents).
    var expense: [SandboxFISDocument] { filter { $0.docType == .expense } }
}
