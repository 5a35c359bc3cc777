import ExtractAPI
import FinancialIntegrationAPI
import Foundation
import HTTPTypes
import Hummingbird

/// The FIS v4 routes (spec §3), on the same server as the Extract API: company-level tokens with `FISVC` only,
/// the same fault injection, bodies written with the `FinancialIntegrationAPI` types, errors as
/// `{"message": …}` (§3.5, §7 #1).
extension SandboxResponder {
    /// The largest `limit` of `GET …/transactions`; a larger one is capped (§7 #5).
    static let maximumFISPageLimit = 100

    /// Whether `path` is under `/financialintegration/` (answered with FIS error bodies).
    static func isFISPath(_ path: String) -> Bool {
        path == "/financialintegration" || path.hasPrefix("/financialintegration/")
    }

    func fis(
        _ request: Request,
        path: String,
        truncate: inout Bool,
        context: SandboxRequestContext
    ) async throws -> SandboxHTTP.Answer {
        guard let route = FinancialIntegrationAPI.Route(path: path) else {
            let base = FinancialIntegrationAPI.basePath + "/"
            if path.hasPrefix(base), let type = path.dropFirst(base.count).split(separator: "/").first,
                FISDocumentType(rawValue: String(type)) == nil
            {
                throw SandboxError(
                    .unknownDocumentType,
                    status: 400,
                    "Unknown docType '\(type.prefix(40))': use one of "
                        + FISDocumentType.allCases.map(\.rawValue).joined(separator: ", ") + "."
                )
            }
            throw SandboxError(.notFound, status: 404, "The URI does not name a resource.")
        }
        let faultRoute: SandboxFault.Route
        switch route {
        case .transactions: faultRoute = .fisTransactions
        case .acknowledgements: faultRoute = .fisAcknowledgements
        case .postingConfirmations: faultRoute = .fisPostingConfirmations
        case .paymentConfirmations: faultRoute = .fisPaymentConfirmations
        }
        let method: HTTPRequest.Method = faultRoute == .fisTransactions ? .get : .post
        guard request.method == method else { throw methodNotAllowed() }
        let faults = await store.drawFaults(for: faultRoute)
        if let answer = try await apply(faults, truncate: &truncate, context: context) { return answer }
        let token = try await store.authorizeFIS(request.headers[.authorization])
        let company = token.companyID
        switch route {
        case .transactions(let type):
            return try await fisTransactions(request, route: route, type: type, companyID: company, context: context)
        case .acknowledgements(let type):
            let body = try await fisBody(FISAcknowledgeRequest.self, request)
            try checkBatch(body.ids.count)
            let items = await store.fisAcknowledge(companyID: company, type: type, request: body)
            return try fisJSON(FISAcknowledgeResponse(items: items))
        case .postingConfirmations(let type):
            let body = try await fisBody(FISPostingConfirmationRequest.self, request)
            try checkBatch(body.postingConfirmations.count)
            let items = await store.fisConfirmPosting(companyID: company, type: type, request: body)
            return try fisJSON(FISPostingConfirmationResponse(items: items))
        case .paymentConfirmations(let type):
            guard type.acceptsPaymentConfirmations else {
                throw SandboxError(
                    .unknownDocumentType,
                    status: 400,
                    "Payment confirmations exist for expense documents only, not '\(type.rawValue)'."
                )
            }
            let body = try await fisBody(FISPaymentConfirmationRequest.self, request)
            try checkBatch(body.processingConfirmation.count)
            let items = await store.fisConfirmPayment(companyID: company, type: type, request: body)
            return try fisJSON(FISPaymentConfirmationResponse(items: items))
        }
    }

    /// `GET …/transactions`: the page of documents the query selects (§3.1, §7 #4–#6, #10, #11).
    private func fisTransactions(
        _ request: Request,
        route: FinancialIntegrationAPI.Route,
        type: FISDocumentType,
        companyID: String,
        context: SandboxRequestContext
    ) async throws -> SandboxHTTP.Answer {
        let parameters = request.uri.queryParameters
        func parameter(_ name: String) -> Substring? { parameters[Substring(name)] }
        var query = SandboxStore.FISQuery()
        if let text = parameter(FinancialIntegrationAPI.Query.page) {
            guard let page = Int(text), page >= 0 else {
                throw SandboxError(.invalidParameter, status: 400, "page must be a whole number from 0.")
            }
            query.page = page
        }
        if let text = parameter(FinancialIntegrationAPI.Query.limit) {
            guard let limit = Int(text), limit >= 1 else {
                throw SandboxError(.invalidParameter, status: 400, "limit must be a whole number from 1.")
            }
            query.limit = min(limit, Self.maximumFISPageLimit)
        }
        if let text = parameter(FinancialIntegrationAPI.Query.docID) {
            guard !text.isEmpty, text.count <= 64 else {
                throw SandboxError(.invalidParameter, status: 400, "docId must be 1 to 64 characters.")
            }
            query.docID = String(text)
        }
        if let text = parameter(FinancialIntegrationAPI.Query.ignoreDocumentStatus) {
            switch text.lowercased() {
            case "yes": query.ignoreDocumentStatus = true
            case "no": query.ignoreDocumentStatus = false
            default: throw SandboxError(.invalidParameter, status: 400, "ignoreDocumentStatus must be yes or no.")
            }
        }
        if let text = parameter(FinancialIntegrationAPI.Query.systemID) {
            guard text.count <= 50 else {
                throw SandboxError(.invalidParameter, status: 400, "systemId must be at most 50 characters.")
            }
            query.systemID = String(text)
        }
        let asText: Bool
        switch request.headers[SandboxHTTP.name(FinancialIntegrationAPI.Header.documentFormatAs)]?.lowercased() {
        case nil, "json": asText = false
        case "text": asText = true
        default: throw SandboxError(.invalidParameter, status: 400, "DocumentFormatAs must be json or text.")
        }
        let selected = await store.fisTransactions(companyID: companyID, type: type, query: query)
        guard let company = await store.state.company(id: companyID) else {
            throw SandboxError(.unknownCompany, status: 404, "No company has this ID.")
        }
        let total = selected.count
        let slice: ArraySlice<(document: SandboxFISDocument, content: FISFinancialDocument)>
        let size: Int
        let pages: Int
        if query.docID != nil {
            // One business id: every matching document on one page, paging does not apply (§3.1).
            slice = selected[...]
            size = max(total, 1)
            pages = total == 0 ? 0 : 1
            query.page = 0
        } else {
            size = query.limit
            pages = (total + size - 1) / size
            let start = min(
                total,
                query.page.multipliedReportingOverflow(by: size).overflow ? total : query.page * size
            )
            slice = selected[start..<min(total, start + size)]
        }
        var documents: [FISTransaction] = []
        for (document, content) in slice {
            documents.append(
                FISTransaction(
                    id: document.id,
                    docType: document.docType,
                    companyId: company.fisCompanyID,
                    entityId: company.entityID,
                    companyUuid: company.id,
                    erpSystemId: document.erpSystemID ?? "",
                    document: asText ? .text(try content.jsonText()) : .object(content),
                    docStatus: document.status,
                    links: []
                )
            )
        }
        let href = { (page: Int) in
            var items = [
                URLQueryItem(name: "limit", value: String(size)),
                URLQueryItem(name: "page", value: String(page)),
                URLQueryItem(name: "size", value: String(size)),
            ]
            if let docID = query.docID { items.append(URLQueryItem(name: "docId", value: docID)) }
            if query.docID != nil, query.ignoreDocumentStatus {
                items.append(URLQueryItem(name: "ignoreDocumentStatus", value: "yes"))
            }
            if let system = query.systemID { items.append(URLQueryItem(name: "systemId", value: system)) }
            var components = URLComponents()
            components.queryItems = items
            return baseURL(context: context) + route.path + "?" + (components.percentEncodedQuery ?? "")
        }
        var links = [
            FISLink(rel: FISLink.Relation.first.rawValue, href: href(0)),
            FISLink(rel: FISLink.Relation.`self`.rawValue, href: href(query.page)),
        ]
        if query.page < pages - 1 {  // not `page + 1 < pages`: page may be Int.max
            links.append(FISLink(rel: FISLink.Relation.next.rawValue, href: href(query.page + 1)))
        }
        links.append(FISLink(rel: FISLink.Relation.last.rawValue, href: href(max(0, pages - 1))))
        let page = FISTransactionPage(
            documents: documents,
            paging: .links(
                links,
                page: FISPageMetadata(
                    size: Int64(size),
                    totalElements: Int64(total),
                    totalPages: Int64(pages),
                    number: Int64(query.page)
                )
            )
        )
        return try fisJSON(page)
    }

    /// The JSON body of an FIS `POST`, decoded: 400 with the decoder's message (path and reason) when it is
    /// malformed, 413 over ``SandboxLimits/maximumBodyBytes``.
    private func fisBody<T: JSONWireBody>(_ type: T.Type, _ request: Request) async throws -> T {
        let data = try await collectBody(request)
        do {
            return try T(json: data)
        } catch {
            throw SandboxError(
                .malformedBody,
                status: 400,
                "The request body is not a valid \(T.self): \(error.message)"
            )
        }
    }

    private func checkBatch(_ count: Int) throws(SandboxError) {
        let limit = configuration.limits.maximumFISBatchItems
        guard count <= limit else {
            throw SandboxError(
                .batchTooLarge,
                status: 400,
                "The request lists \(count) items; at most \(limit) are accepted in one request "
                    + "(SandboxLimits.maximumFISBatchItems). Send them in several requests."
            )
        }
    }

    private func fisJSON(_ value: some JSONWireBody) throws -> SandboxHTTP.Answer {
        SandboxHTTP.Answer(status: 200, contentType: ExtractWire.MediaType.json.rawValue, bytes: try value.jsonData())
    }

    /// An FIS error: the status and `{"message": …}` (§3.5), the stable code in `X-Sandbox-Error`.
    func fisErrorAnswer(_ error: SandboxError) -> SandboxHTTP.Answer {
        var headers: HTTPFields = [:]
        if let retryAfter = error.retryAfter { headers[SandboxHTTP.retryAfter] = String(retryAfter) }
        if error.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        headers[SandboxHTTP.errorCode] = error.code.rawValue
        return SandboxHTTP.Answer(
            status: error.status,
            contentType: ExtractWire.MediaType.json.rawValue,
            bytes: (try? FISErrorBody(message: error.message).jsonData()) ?? Data(),
            headers: headers
        )
    }
}

extension SandboxCompany {
    /// The Concur company id FIS documents carry (`companyId`, 6 digits in the examples), derived from the UUID.
    public var fisCompanyID: String { String(100_000 + id.hashValueStable % 900_000) }
}
