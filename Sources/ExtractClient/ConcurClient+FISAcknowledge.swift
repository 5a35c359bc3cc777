import AccountingExtract
public import ExtractAPI
public import FinancialIntegrationAPI
public import Foundation

/// What became of one document's acknowledgement (§1.2 step 2). Only ``acknowledged(replayed:)`` may be posted.
///
/// ```swift
/// switch result.outcome {
/// case .acknowledged: post(result.docID)
/// case .failed(let code, _): print("not posted:", code)            // e.g. 102 recalled
/// case .foreign(let system, _): print("acknowledged by", system ?? "another system")
/// case .unknown, .notSent: break                                    // acknowledge again on the next run
/// }
/// ```
public enum FISAcknowledgementOutcome: Sendable, Hashable {
    /// Acknowledged by us: code 0, or 101 "previously acknowledged" naming our own `systemId` (our earlier
    /// attempt whose answer was lost). `replayed` when the request was sent more than once.
    case acknowledged(replayed: Bool)
    /// Refused with a per-document code (102 recalled, 103 not ready, 104 unknown id, 105 wrong type, 199 …):
    /// never posted.
    case failed(FISServiceCode, message: String)
    /// 101 naming another `systemId` (or none): another system owns the document. Never posted by us.
    case foreign(systemID: String?, message: String)
    /// The request was sent but its answer was lost: acknowledge it again on the next run (a replay answers 101
    /// with our `systemId`, which counts as done). Not posted now.
    case unknown(reason: String)
    /// The request was certainly not carried out: the document is still ready and comes again. Not posted now.
    case notSent(reason: String)

    /// Whether the document may be handed on for posting.
    public var mayPost: Bool {
        if case .acknowledged = self { return true }
        return false
    }
}

/// One document's acknowledgement.
public struct FISAcknowledgement: Sendable, Hashable {
    /// The FIS document id (`id`).
    public var docID: String
    public var outcome: FISAcknowledgementOutcome

    public init(docID: String, outcome: FISAcknowledgementOutcome) {
        self.docID = docID
        self.outcome = outcome
    }
}

/// A page's new documents with their acknowledgements, as ``ConcurClient/acknowledgeReadyDocuments(_:settings:record:process:)``
/// hands them on.
public struct FISAcknowledgedPage: Sendable {
    /// The documents new to this run, in the page's order, each with its acknowledgement.
    public var documents: [(transaction: FISTransaction, acknowledgement: FISAcknowledgementOutcome)]

    /// The documents acknowledged by us: the only ones to post.
    public var readyToPost: [FISTransaction] {
        documents.filter { $0.acknowledgement.mayPost }.map(\.transaction)
    }
}

extension ConcurClient {
    /// Acknowledges `ids` (FIS document ids of `type`) as `settings.systemID`, in requests of at most
    /// ``FISClientSettings/batchSize`` ids, and returns each id's outcome in order.
    ///
    /// Retry safety: the request is retried after a lost answer, a timeout or a 5xx, because a replay cannot
    /// acknowledge twice: an id our lost attempt acknowledged answers 101 "previously acknowledged" naming our
    /// `systemId`, which counts as acknowledged. When the retries give up without an answer, each id is
    /// ``FISAcknowledgementOutcome/unknown(reason:)`` (never failed, never acknowledged).
    ///
    /// ```swift
    /// let results = try await client.acknowledge(page.documents.map(\.id), .expense, settings: settings)
    /// let postable = results.filter { $0.outcome.mayPost }.map(\.docID)
    /// ```
    /// - Throws: only before anything is sent: invalid settings, a token that may not call FIS.
    public func acknowledge(
        _ ids: [String],
        _ type: FISDocumentType,
        settings: FISClientSettings
    ) async throws -> [FISAcknowledgement] {
        let operation = "acknowledge FIS \(type.rawValue) documents"
        if let error = settings.validationError(operation: operation) { throw error }
        let base = try await fisBaseURL(operation: operation)
        var results: [FISAcknowledgement] = []
        for start in stride(from: 0, to: ids.count, by: settings.batchSize) {
            let batch = Array(ids[start..<min(ids.count, start + settings.batchSize)])
            let body = try FISAcknowledgeRequest(ids: batch, systemId: settings.systemID).jsonData()
            let answer: FISPostAnswer<FISAcknowledgeResponseItem> = await fisPost(
                .acknowledgements(type),
                base: base,
                body: body,
                operation: operation
            ) { (response: FISAcknowledgeResponse) in response.items }
            results += Self.acknowledgements(batch, answer, systemID: settings.systemID)
        }
        return results
    }

    /// Reads the ready documents of `type` and acknowledges each page's new documents right after reading it
    /// (§1.2: any delay lets a processor recall the report), calling `record` before and `process` after.
    ///
    /// - `record` gets the page's documents new to this run before they are acknowledged (a ledger records its
    ///   intent there); its error ends the call with nothing of that page acknowledged.
    /// - `process` gets them with their acknowledgements; ``FISAcknowledgedPage/readyToPost`` holds the only
    ///   ones to post (a failed, foreign, unknown or unsent acknowledgement is never among them).
    ///
    /// Paging: acknowledged documents leave the ready queue, so later documents move to earlier pages. After a
    /// page with new documents the same page is read again; only a page with nothing new advances along its
    /// `next` link (same origin only, as in ``fisPages(_:settings:)``). A document is handed on once per call.
    /// The call reads at most ``FISClientSettings/maximumPages`` pages.
    ///
    /// ```swift
    /// let all = try await client.acknowledgeReadyDocuments(.expense, settings: settings) { page in
    ///     for transaction in page.readyToPost { try await ledger.post(transaction) }
    /// }
    /// ```
    /// - Returns: every acknowledgement of the call, in order.
    @discardableResult
    public func acknowledgeReadyDocuments(
        _ type: FISDocumentType,
        settings: FISClientSettings,
        record: (@Sendable ([FISTransaction]) async throws -> Void)? = nil,
        process: @Sendable (FISAcknowledgedPage) async throws -> Void
    ) async throws -> [FISAcknowledgement] {
        let operation = "list FIS \(type.rawValue) documents"
        var url = try await fisPageURL(type, page: 0, settings: settings, operation: operation)
        guard let origin = Origin(try await fisBaseURL(operation: operation)) else {
            throw OriginPolicy.Refusal.notHTTP(url).error(operation: operation)
        }
        var seen = Set<String>()
        var results: [FISAcknowledgement] = []
        for _ in 0..<settings.maximumPages {
            let page = try await fisGetPage(url, format: settings.documentFormat, operation: operation)
            let fresh = page.documents.filter { seen.insert($0.id).inserted }
            if !fresh.isEmpty {
                try await record?(fresh)
                let acknowledged = try await acknowledge(fresh.map(\.id), type, settings: settings)
                results += acknowledged
                let outcomes = Dictionary(acknowledged.map { ($0.docID, $0.outcome) }) { first, _ in first }
                try await process(
                    FISAcknowledgedPage(
                        documents: fresh.map { ($0, outcomes[$0.id] ?? .unknown(reason: "no outcome")) }
                    )
                )
                continue  // the queue moved: read the same page again
            }
            guard !page.documents.isEmpty,
                let next = try Self.fisNextURL(after: page, current: url, origin: origin, operation: operation)
            else { return results }
            url = next
        }
        throw ExtractClientError(
            .protocolViolation,
            "more than \(settings.maximumPages) pages of \(type.rawValue) documents; the documents read so far were "
                + "acknowledged and handed on, the rest come on the next run (limit: FISClientSettings.maximumPages)",
            operation: operation
        )
    }

    /// The outcome of each id of `batch` from the answer to its acknowledgement request.
    static func acknowledgements(
        _ batch: [String],
        _ answer: FISPostAnswer<FISAcknowledgeResponseItem>,
        systemID: String
    ) -> [FISAcknowledgement] {
        switch answer {
        case .notSent(let reason):
            return batch.map { FISAcknowledgement(docID: $0, outcome: .notSent(reason: reason)) }
        case .unknown(let reason):
            return batch.map { FISAcknowledgement(docID: $0, outcome: .unknown(reason: reason)) }
        case .answered(let items, let replayed):
            let matched = fisMatch(batch, items, docID: \.docId)
            return zip(batch, matched).map { id, item in
                guard let item else {
                    return FISAcknowledgement(
                        docID: id,
                        outcome: .unknown(reason: "the acknowledgement answer has no item for this document")
                    )
                }
                return FISAcknowledgement(docID: id, outcome: outcome(of: item, systemID: systemID, replayed: replayed))
            }
        }
    }

    /// One answer item's outcome for us as `systemID`.
    static func outcome(
        of item: FISAcknowledgeResponseItem,
        systemID: String,
        replayed: Bool
    ) -> FISAcknowledgementOutcome {
        let message = (item.errorMessage ?? "").debugEscaped
        switch item.code {
        case .success:
            return .acknowledged(replayed: replayed)
        case .previouslyAcknowledged:
            let owner = acknowledgingSystem(item)
            return owner == systemID ? .acknowledged(replayed: true) : .foreign(systemID: owner, message: message)
        default:
            return .failed(item.code, message: message.isEmpty ? item.code.message : message)
        }
    }

    /// The system a 101 answer names as the one that acknowledged: the message's `SystemId: X` (the example's
    /// "This document was previously acknowledged by SystemId: null."), else the item's `systemId`; `nil` for
    /// none or `null`.
    static func acknowledgingSystem(_ item: FISAcknowledgeResponseItem) -> String? {
        func meaningful(_ text: String?) -> String? {
            guard let text, !text.isEmpty, text.lowercased() != "null" else { return nil }
            return text
        }
        if let message = item.errorMessage, let range = message.range(of: "SystemId:", options: .caseInsensitive) {
            var named = message[range.upperBound...].trimmingCharacters(in: .whitespaces)
            if named.hasSuffix(".") { named.removeLast() }
            return meaningful(named)
        }
        return meaningful(item.systemId)
    }
}
