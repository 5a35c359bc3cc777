import ExtractAPI
import FinancialIntegrationAPI
import Foundation
import Hummingbird
import NIOCore

@testable import ExtractClient

/// A scripted FIS v4 service for ``HostileServer``'s `.script`: a ready queue of expense documents (each carrying
/// the spec's example expense document), acknowledgement and confirmation state, per-document refusals and
/// faults injected per route. Pages are computed on the current ready queue, so acknowledged documents leave it.
actor FISFakeService {
    /// What the next request of a route meets before it is served.
    enum Fault: Sendable {
        /// Answer `status` without doing anything (429, 503: a refusal; 500: a failure).
        case status(Int)
        /// Do the work, then answer 502 (a gateway that lost the answer).
        case loseAnswer
        /// Do the work, then answer only after `delay` (beyond the client's deadline).
        case slowAnswer(Duration)
    }

    enum RouteKind: Hashable, Sendable { case list, acknowledge, posting, payment }

    static let systemID = "LEDGER01"

    private(set) var ready: [String]
    private(set) var acknowledgedBy: [String: String] = [:]
    private(set) var confirmed: Set<String> = []
    private(set) var paymentRefs: Set<String> = []
    /// Documents whose acknowledgement is refused with this code (e.g. 102 recalled); they stay ready.
    var refuseAcknowledgement: [String: Int] = [:]
    /// The host the `next` links point to (a hostile server sends another).
    var nextLinkOrigin: URL?
    /// Every `next` link points at page 0 again (a paging loop).
    var loopingNext = false
    /// The `document` payload form served.
    var documentForm: FISDocumentFormat = .json
    /// A body served instead of the page (oversized or malformed pages).
    var pageOverride: Data?
    private var faults: [RouteKind: [Fault]] = [:]
    private(set) var postBodies: [RouteKind: [Data]] = [:]

    let document: FISFinancialDocument

    init(documents count: Int) throws {
        ready = (0..<count).map { String(format: "%032x", 0xfeed_0000 + $0) }
        document = try Self.exampleDocument()
    }

    func inject(_ fault: Fault, on route: RouteKind, times: Int = 1) {
        faults[route, default: []] += Array(repeating: fault, count: times)
    }

    func acknowledge(_ id: String, by system: String) {
        ready.removeAll { $0 == id }
        acknowledgedBy[id] = system
    }

    func set(_ update: @Sendable (isolated FISFakeService) -> Void) { update(self) }

    /// The spec's expense example 2.1 document (from the legacy-wrapper fixture of the wire contract's tests).
    static func exampleDocument() throws -> FISFinancialDocument {
        let page = try FISTransactionPage(json: try fixture("spec-5.12-expense-example-2.1-legacy-wrapper"))
        guard case .object(let document) = page.documents.first?.document else {
            throw FixtureProblem(text: "the example holds no document object")
        }
        return document
    }

    static func fixture(_ name: String) throws -> Data {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        return try Data(contentsOf: directory.appendingPathComponent("FinancialIntegrationAPITests/Fixtures/\(name).json"))
    }

    struct FixtureProblem: Error { let text: String }

    /// The script for `HostileServer.start(.script(...))`.
    nonisolated var script: @Sendable (HostileServer.Recorded, URL) async throws -> Response? {
        { request, base in try await self.answer(request, base: base) }
    }

    private func answer(_ request: HostileServer.Recorded, base: URL) async throws -> Response? {
        guard let route = FinancialIntegrationAPI.Route(path: request.path) else { return nil }
        let kind: RouteKind
        switch route {
        case .transactions: kind = .list
        case .acknowledgements: kind = .acknowledge
        case .postingConfirmations: kind = .posting
        case .paymentConfirmations: kind = .payment
        }
        let fault = faults[kind]?.isEmpty == false ? faults[kind]?.removeFirst() : nil
        if case .status(let status)? = fault { return Self.json(Data("{\"message\":\"fault\"}".utf8), status: status) }
        if kind != .list { postBodies[kind, default: []].append(Data(request.body.utf8)) }
        let body: Data
        switch kind {
        case .list: body = try page(request, base: base, route: route)
        case .acknowledge: body = try acknowledgements(Data(request.body.utf8))
        case .posting: body = try postings(Data(request.body.utf8))
        case .payment: body = try payments(Data(request.body.utf8))
        }
        switch fault {
        case .loseAnswer?: return Self.json(Data("{\"message\":\"bad gateway\"}".utf8), status: 502)
        case .slowAnswer(let delay)?:
            try await Task.sleep(for: delay)
            return Self.json(body)
        default: return Self.json(body)
        }
    }

    private func page(_ request: HostileServer.Recorded, base: URL, route: FinancialIntegrationAPI.Route) throws
        -> Data
    {
        if let pageOverride { return pageOverride }
        let query = URLComponents(string: "?" + (request.query ?? ""))?.queryItems ?? []
        let value = { (name: String) in query.first { $0.name == name }?.value }
        let limit = Int(value("limit") ?? "") ?? 25
        let number = Int(value("page") ?? "") ?? 0
        let ids = Array(ready.dropFirst(number * limit).prefix(limit))
        let payload: FISDocumentPayload =
            request.headers["documentformatas"] == "text" || documentForm == .text
            ? .text(try document.jsonText()) : .object(document)
        let transactions = ids.map {
            FISTransaction(id: $0, docType: .expense, erpSystemId: nil, document: payload, docStatus: .ready)
        }
        let pages = max(1, (ready.count + limit - 1) / limit)
        let origin = (nextLinkOrigin ?? base).absoluteString
        func href(_ page: Int) -> String { origin + route.path + "?limit=\(limit)&page=\(page)&size=\(limit)" }
        var links = [FISLink(rel: "first", href: href(0)), FISLink(rel: "self", href: href(number))]
        if number + 1 < pages { links.append(FISLink(rel: "next", href: href(loopingNext ? 0 : number + 1))) }
        links.append(FISLink(rel: "last", href: href(pages - 1)))
        let metadata = FISPageMetadata(
            size: Int64(limit),
            totalElements: Int64(ready.count),
            totalPages: Int64(pages),
            number: Int64(number)
        )
        return try FISTransactionPage(documents: transactions, paging: .links(links, page: metadata)).jsonData()
    }

    private func acknowledgements(_ body: Data) throws -> Data {
        let request = try FISAcknowledgeRequest(json: body)
        let items = request.ids.map { id -> FISAcknowledgeResponseItem in
            if let code = refuseAcknowledgement[id] {
                return FISAcknowledgeResponseItem(code: FISServiceCode(code: code), docId: id, systemId: nil,
                                                  errorMessage: "refused")
            }
            if let owner = acknowledgedBy[id] {
                return FISAcknowledgeResponseItem(
                    code: .previouslyAcknowledged,
                    docId: id,
                    systemId: request.systemId,
                    errorMessage: "This document was previously acknowledged by SystemId: \(owner)."
                )
            }
            guard ready.contains(id) else {
                return FISAcknowledgeResponseItem(code: .acknowledgeUnknownDocument, docId: id, systemId: nil,
                                                  errorMessage: "This document does not exist.")
            }
            acknowledge(id, by: request.systemId ?? "null")
            return FISAcknowledgeResponseItem(code: .success, docId: id, systemId: request.systemId)
        }
        return try FISAcknowledgeResponse(items: items).jsonData()
    }

    private func postings(_ body: Data) throws -> Data {
        let request = try FISPostingConfirmationRequest(json: body)
        let items = request.postingConfirmations.map { item -> FISPostingConfirmationResponseItem in
            let id = item.docId
            guard let owner = acknowledgedBy[id] else {
                return FISPostingConfirmationResponseItem(code: .postingUnknownDocument, docId: id, systemId: nil,
                                                          errorMessage: "This document does not exist.")
            }
            if owner != request.systemId {
                return FISPostingConfirmationResponseItem(code: .systemIDMismatch, docId: id, systemId: owner)
            }
            if confirmed.contains(id) {
                return FISPostingConfirmationResponseItem(code: .alreadyConfirmed, docId: id, systemId: owner,
                                                          errorMessage: "already confirmed")
            }
            confirmed.insert(id)
            return FISPostingConfirmationResponseItem(code: .success, docId: id, systemId: owner)
        }
        return try FISPostingConfirmationResponse(items: items).jsonData()
    }

    private func payments(_ body: Data) throws -> Data {
        let request = try FISPaymentConfirmationRequest(json: body)
        let items = request.processingConfirmation.map { item -> FISPaymentConfirmationResponseItem in
            let reference = item.clearingDetails?.first?.clearingReference?.paymentRef ?? ""
            guard confirmed.contains(item.docId) else {
                return FISPaymentConfirmationResponseItem(code: .postingUnknownDocument, docId: item.docId,
                                                          systemId: "", errorMessage: "This document does not exist.",
                                                          paymentRef: reference)
            }
            guard paymentRefs.insert(reference).inserted else {
                return FISPaymentConfirmationResponseItem(
                    code: .invalidPaymentRequest, docId: item.docId, systemId: "", paymentConfirmationResult: .noop,
                    errorMessage: "Payment confirmation already exist \(reference).", paymentRef: reference)
            }
            return FISPaymentConfirmationResponseItem(code: .success, docId: item.docId, systemId: "",
                                                      paymentRef: reference)
        }
        return try FISPaymentConfirmationResponse(items: items).jsonData()
    }

    static func json(_ data: Data, status: Int = 200) -> Response {
        Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
