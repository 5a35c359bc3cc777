public import AccountingExtract
public import ExtractAPI
public import ExtractClient
public import FinancialIntegrationAPI
public import Foundation
public import Ledger

extension FISDemo {
    /// The demo's own small FIS loop, until the pipeline's `FISDocumentSource` (`sync --source fis`) is wired in
    /// its place: read and acknowledge the ready documents page by page; for each one acknowledged by us, archive
    /// its raw JSON, build its journal (``FISJournalBuilder``), run `check`, load it as the one-document batch
    /// `"FIS-" + docId`, record the posting confirmation **before** sending it (`success` with the ledger's document
    /// number, or `error` with the journal's or the check's message), send it, record the answer.
    ///
    /// It keeps no state of its own beyond the ledger: a document already confirmed in the ledger is confirmed
    /// again with the recorded content (FIS answers 113).
    ///
    /// ```swift
    /// try await FISDemo.interimSync(client: client, store: store, archive: archive, company: "demo",
    ///                               settings: settings, staging: directory) { _ in nil }
    /// ```
    public static func interimSync(
        client: ConcurClient,
        store: any LedgerStore,
        archive: RawFileStore,
        company: String,
        settings: FISClientSettings,
        staging: URL,
        postingDate: CalendarDate,
        journal: JournalConfiguration = JournalConfiguration(),
        check: @escaping @Sendable (FISTransaction) -> String? = { _ in nil }
    ) async throws {
        try PrivateFiles.createDirectory(staging.path)
        // Cash advances first: a report's expense document applies them (§5.9).
        for type in [FISDocumentType.cashAdvance, .expense, .invoice] {
            try await interimSync(
                type,
                client: client,
                store: store,
                archive: archive,
                company: company,
                settings: settings,
                staging: staging,
                postingDate: postingDate,
                journal: journal,
                check: check
            )
        }
    }

    static func interimSync(
        _ type: FISDocumentType,
        client: ConcurClient,
        store: any LedgerStore,
        archive: RawFileStore,
        company: String,
        settings: FISClientSettings,
        staging: URL,
        postingDate: CalendarDate,
        journal: JournalConfiguration,
        check: @escaping @Sendable (FISTransaction) -> String?
    ) async throws {
        try await client.acknowledgeReadyDocuments(type, settings: settings) { page in
            var confirmations: [FISPostingConfirmation] = []
            for transaction in page.readyToPost {
                let record = try await post(
                    transaction,
                    store: store,
                    archive: archive,
                    company: company,
                    staging: staging,
                    postingDate: postingDate,
                    journal: journal,
                    check: check
                )
                confirmations.append(FISDocumentSource.wire(record))
            }
            guard !confirmations.isEmpty else { return }
            for result in try await client.confirmPostings(confirmations, type, settings: settings) {
                switch result.outcome {
                case .accepted:
                    try await store.answerFISConfirmation(company: company, docId: result.docID, code: 0)
                case .alreadyRecorded(let code, _, _), .refused(let code, _):
                    try await store.answerFISConfirmation(company: company, docId: result.docID, code: code.code)
                case .unknown, .notSent: break
                }
            }
        }
    }

    /// Archives, checks, journals and loads one document, and records its confirmation (not yet sent).
    static func post(
        _ transaction: FISTransaction,
        store: any LedgerStore,
        archive: RawFileStore,
        company: String,
        staging: URL,
        postingDate: CalendarDate,
        journal: JournalConfiguration,
        check: @Sendable (FISTransaction) -> String?
    ) async throws -> FISConfirmationRecord {
        if let recorded = try await store.fisConfirmation(company: company, docId: transaction.id) { return recorded }
        let raw = staging.appendingPathComponent(transaction.id + ".json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try PrivateFiles.write(Array(try encoder.encode(transaction)), to: raw.path)
        let archived = try archive.store(fileAt: raw.path, receivedAt: Date(), company: company, jobID: transaction.id)
        try? FileManager.default.removeItem(at: raw)
        func error(_ text: String) -> FISConfirmationRecord {
            let message = [["messageId": "CE-CHECK", "messageShortText": String(text.prefix(200))]]
            let json = (try? JSONEncoder().encode(message)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
            return FISConfirmationRecord(
                company: company,
                docId: transaction.id,
                result: .error,
                messagesJSON: json,
                recordedAt: Date()
            )
        }
        var record: FISConfirmationRecord
        if let refusal = check(transaction) {
            record = error(refusal)
        } else {
            do {
                let lines = try FISJournalBuilder(configuration: journal).lines(
                    for: try transaction.financialDocument(),
                    docId: transaction.id,
                    postingDate: postingDate
                )
                _ = try await store.load(
                    LedgerBatch(
                        batchID: FISJournalBuilder.batchID(docId: transaction.id),
                        batchDate: postingDate,
                        sha256: archived.sha256,
                        fileName: transaction.id + ".json",
                        headerRecordCount: lines.count,
                        headerTotal: .zero,
                        company: company,
                        jobID: transaction.id
                    ),
                    lines: lines
                )
                guard let reference = try await store.fisPostingReference(company: company, docId: transaction.id)
                else {
                    throw LedgerError(.databaseError, "document \(transaction.id) was loaded but cannot be read back")
                }
                record = FISConfirmationRecord(
                    company: company,
                    docId: transaction.id,
                    result: .success,
                    documentNumber: reference.documentNumber,
                    fiscalYear: reference.fiscalYear,
                    postingDate: reference.postingDate,
                    recordedAt: Date()
                )
            } catch let failure as FISJournalError {
                record = error("\(failure)")
            } catch let failure as ExtractAPIDecodingError {
                record = error("\(failure)")
            }
        }
        return try await store.recordFISConfirmation(record)
    }
}
