public import FinancialIntegrationAPI
import Foundation

extension SandboxStore {
    // MARK: Authorization

    /// Checks an `Authorization` header for the FIS routes (spec §2.2, §7 #1, #17): 401 when it is missing, not
    /// `Bearer`, unknown, revoked or expired; 403 `insufficient-scope` without `FISVC`; 403 `not-company-token`
    /// for a token that is not company-level (a user's password grant or client credentials); 400 "request
    /// limit" over the per-token budget.
    public func authorizeFIS(_ header: String?) throws(SandboxError) -> SandboxAccessToken {
        let value: String
        let token: SandboxAccessToken
        do {
            (value, token) = try liveToken(header)
        } catch {
            var refused = error
            refused.status = 401
            throw refused
        }
        guard token.scopes.contains(FinancialIntegrationAPI.scope) else {
            throw SandboxError(
                .insufficientScope,
                status: 403,
                "Forbidden: the app is not enabled for the FISVC scope."
            )
        }
        guard token.companyLevel == true else {
            throw SandboxError(
                .notCompanyToken,
                status: 403,
                "Forbidden: the Financial Integration Service accepts company-level access tokens only "
                    + "(password grant with credtype=authtoken), not user tokens."
            )
        }
        return try count(token, value: value)
    }

    // MARK: Routes

    /// What `GET …/transactions` asks for (spec §3.1).
    public struct FISQuery: Sendable, Hashable {
        public var page = 0
        public var limit = FinancialIntegrationAPI.defaultPageLimit
        /// A business id (report id).
        public var docID: String?
        /// Honoured with ``docID`` only.
        public var ignoreDocumentStatus = false
        public var systemID: String?

        public init() {}
    }

    /// The documents `GET …/transactions` answers, before paging: without `docId`, the `READY` documents of
    /// the type in creation order; with `docId`, the report's `READY` documents, or with
    /// `ignoreDocumentStatus=yes` all of its documents whatever their status (§7 #10); `systemId` keeps
    /// documents acknowledged by that system or not acknowledged by any (§7 #11).
    public func fisTransactions(
        companyID: String,
        type: FISDocumentType,
        query: FISQuery
    ) -> [(document: SandboxFISDocument, content: FISFinancialDocument)] {
        guard let company = state.company(id: companyID) else { return [] }
        return company.fisDocuments.filter { document in
            guard document.docType == type else { return false }
            if let docID = query.docID, document.reportID != docID { return false }
            if !(query.docID != nil && query.ignoreDocumentStatus) && !document.isReady { return false }
            if let system = query.systemID, !system.isEmpty, let stored = document.erpSystemID, !stored.isEmpty,
                stored != system
            {
                return false
            }
            return true
        }
        .compactMap { document in company.fisContent(of: document).map { (document, $0) } }
    }

    /// `POST …/acknowledgements`: one item per id, in order.
    public func fisAcknowledge(
        companyID: String,
        type: FISDocumentType,
        request: FISAcknowledgeRequest
    ) async -> [FISAcknowledgeResponseItem] {
        await changeFIS(companyID: companyID) { company in
            request.ids.map { company.acknowledgeFIS(id: $0, type: type, systemID: request.systemId) }
        }
    }

    /// `POST …/postingconfirmations`: one item per confirmation, in order.
    public func fisConfirmPosting(
        companyID: String,
        type: FISDocumentType,
        request: FISPostingConfirmationRequest
    ) async -> [FISPostingConfirmationResponseItem] {
        await changeFIS(companyID: companyID) { company in
            request.postingConfirmations.map { company.confirmFISPosting($0, type: type, systemID: request.systemId) }
        }
    }

    /// `POST …/paymentconfirmations`: one item per confirmation, in order.
    public func fisConfirmPayment(
        companyID: String,
        type: FISDocumentType,
        request: FISPaymentConfirmationRequest
    ) async -> [FISPaymentConfirmationResponseItem] {
        await changeFIS(companyID: companyID) { company in
            request.processingConfirmation.map { company.confirmFISPayment($0, type: type, systemID: request.systemId) }
        }
    }

    /// Applies one batch to a company's documents, then persists the state once: an unknown company changes
    /// nothing and answers no items.
    private func changeFIS<Item>(companyID: String, _ change: (inout SandboxCompany) -> [Item]) async -> [Item] {
        guard let index = state.companyIndex(id: companyID) else { return [] }
        let items = change(&state.companies[index])
        markDirty()
        await flush()
        return items
    }

    // MARK: Admin

    /// A processor recalls the report of a `READY` (or `ACKNOWLEDGED`) document: it leaves the ready queue, an
    /// acknowledgement answers 102 and a confirmation 112. 404 for an unknown id, 409 when its status refuses.
    @discardableResult
    public func recallFISDocument(companyID: String, docID: String) async throws(SandboxError) -> SandboxFISDocument {
        let index = try companyIndexOrThrow(companyID)
        switch state.companies[index].recallFIS(id: docID) {
        case .success(let document):
            markDirty()
            await flush()
            return document
        case .failure(let code):
            throw Self.fisAdminError(code)
        }
    }

    /// Makes a `READY` expense document unpostable, as a customer's wrong report is: its content is served with
    /// `defect` from now on (persisted, shown by the oracle), so that an integration's journal refuses it and
    /// confirms it `error`. Its resubmission is sound. 404 for an unknown id, 409 for a document that is not a
    /// `READY` expense document.
    @discardableResult
    public func markFISDocumentDefective(
        companyID: String,
        docID: String,
        defect: SandboxFISDocument.Defect = .missingAccount
    ) async throws(SandboxError) -> SandboxFISDocument {
        let index = try companyIndexOrThrow(companyID)
        switch state.companies[index].markFISDefective(id: docID, defect: defect) {
        case .success(let document):
            markDirty()
            await flush()
            return document
        case .failure(let code):
            throw Self.fisAdminError(code)
        }
    }

    /// The customer resubmits the report of a document confirmed with `error` (or recalled): a new `READY`
    /// document with a new id for the same report (§1.4). 404 for an unknown id, 409 when the document is in
    /// another status or was resubmitted already.
    @discardableResult
    public func resubmitFISDocument(companyID: String, docID: String) async throws(SandboxError) -> SandboxFISDocument {
        let index = try companyIndexOrThrow(companyID)
        switch state.companies[index].resubmitFIS(id: docID, seed: state.seed) {
        case .success(let document):
            markDirty()
            await flush()
            return document
        case .failure(let code):
            throw Self.fisAdminError(code)
        }
    }

    /// Switches where a company's new reports go. Reports already approved stay where they are (spec §1.1:
    /// reports in flight stay on the extract); switching to FIS also gives its main client the `FISVC` scope.
    public func setReportSource(_ source: SandboxReportSource, companyID: String) async throws(SandboxError) {
        let index = try companyIndexOrThrow(companyID)
        state.companies[index].reportSource = source
        if source == .fis, !state.companies[index].clients.isEmpty,
            !state.companies[index].clients[0].scopes.contains(FinancialIntegrationAPI.scope)
        {
            state.companies[index].clients[0].scopes.append(FinancialIntegrationAPI.scope)
        }
        markDirty()
        await flush()
    }

    private func companyIndexOrThrow(_ companyID: String) throws(SandboxError) -> Int {
        guard let index = state.companyIndex(id: companyID) else {
            throw SandboxError(.unknownCompany, status: 404, "No company has this ID.")
        }
        return index
    }

    private static func fisAdminError(_ code: FISServiceCode) -> SandboxError {
        if code == .acknowledgeUnknownDocument {
            return SandboxError(.fisDocumentNotFound, status: 404, "No FIS document of this company has this id.")
        }
        return SandboxError(
            .fisTransitionRefused,
            status: 409,
            "The document's status does not allow this: \(code.code) \(code.message)."
        )
    }
}
