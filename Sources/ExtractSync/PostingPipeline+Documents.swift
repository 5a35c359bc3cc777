import AccountingExtract
import FinancialIntegrationAPI
import Foundation
import Ledger

/// What one document's run carries between actions.
struct DocumentWork<Handle: Sendable>: Sendable {
    var record: ExtractJobRecord
    var handle: Handle
    var result: SyncReport.Job
    var raw: ArchivedFile?
    var confirmation: FISConfirmationRecord?
}

extension PostingPipeline {
    /// Performs ``SyncMachine``'s document actions for one recorded document until its posting confirmation is
    /// recorded (returned, to be sent with the run's batch) or it is at rest, storing each new state first.
    func finishDocument(
        _ record: ExtractJobRecord,
        handle: Source.Handle
    ) async throws -> (job: SyncReport.Job, pending: PendingConfirmation?) {
        guard var action = SyncMachine.resumeAction(forDocument: record.state) else {
            throw SyncError(.invalidTransition, "document \(record.jobID) is \(record.state.rawValue): nothing to resume")
        }
        var work = DocumentWork(
            record: record,
            handle: handle,
            result: SyncReport.Job(
                jobID: record.jobID,
                statuses: [],
                batches: [],
                linesLoaded: 0,
                recordsLoaded: 0,
                quarantined: [],
                posted: [.posted, .confirming, .confirmed].contains(record.state)
            )
        )
        var state = record.state
        while action != .none && action != .sendConfirmation {
            let event = try await performDocument(action, state: state, on: &work)
            guard let step = SyncMachine.transition(from: state, on: event) else {
                throw SyncError(
                    .invalidTransition,
                    "document \(record.jobID): \(event) cannot happen in state \(state.rawValue) (after \(action))"
                )
            }
            try await recordDocumentState(step.next, after: event, from: state, of: work)
            state = step.next
            action = step.action
        }
        if state == .quarantined || work.result.quarantined.isEmpty && state == .confirming {
            work.result.quarantined = try await quarantines(of: record.jobID)
        }
        work.record.state = state
        guard action == .sendConfirmation else { return (work.result, nil) }
        let confirmation: FISConfirmationRecord
        if let recorded = work.confirmation {
            confirmation = recorded
        } else if let recorded = try await store.fisConfirmation(company: settings.company, docId: record.jobID) {
            confirmation = recorded
        } else {
            throw SyncError(.invalidTransition, "document \(record.jobID) is confirming but no confirmation is recorded")
        }
        work.result.posted = confirmation.result == .success
        return (work.result, PendingConfirmation(unit: work.record, confirmation: confirmation))
    }

    private func performDocument(
        _ action: SyncMachine.DocumentAction,
        state: PipelineState,
        on work: inout DocumentWork<Source.Handle>
    ) async throws -> SyncMachine.DocumentEvent {
        let loader = FISDocumentLoader(store: store, archive: archive)
        switch action {
        case .acknowledge:
            return try await source.acknowledgeDocument(work.record)
        case .archive:
            try await archiveDocument(&work, loader: loader)
            return .archived
        case .load:
            if work.raw == nil { try await archiveDocument(&work, loader: loader) }  // resumed: the same bytes again
            guard let raw = work.raw else { throw SyncError(.invalidTransition, "document \(work.record.jobID): not archived") }
            let outcome = try await loadDocument(work.record, raw: raw, loader: loader)
            switch outcome {
            case .loaded(let load, let batch):
                work.result.batches.append(load.batchID)
                work.result.linesLoaded += load.linesWritten
                work.result.recordsLoaded += batch.headerRecordCount
                events(.loaded(batchID: load.batchID, lines: load.linesWritten, records: batch.headerRecordCount))
            case .alreadyLoaded(let batchID):
                work.result.batches.append(batchID)
                events(.alreadyLoaded(batchID: batchID))
            case .quarantined(let quarantine):
                work.result.quarantined.append(quarantine)
                events(.quarantined(quarantine))
            }
            afterStep(.documentLoaded)
            if case .quarantined = outcome { return .loaded(clean: false) }
            return .loaded(clean: true)
        case .recordConfirmation:
            let record = try await confirmationToRecord(for: work.record.jobID, state: state)
            work.confirmation = try await store.recordFISConfirmation(record)
            return .confirmationRecorded
        case .sendConfirmation, .none:
            throw SyncError(.invalidTransition, "document \(work.record.jobID): \(action) is not a step of its own")
        }
    }

    /// Fetches the document, stages its raw JSON durably and keeps it in the archive.
    private func archiveDocument(_ work: inout DocumentWork<Source.Handle>, loader: FISDocumentLoader) async throws {
        let directory = settings.downloads.appendingPathComponent(SyncPipeline.safeName(settings.company))
        guard case .document(let staged) = try await source.fetch(work.handle, of: work.record, into: directory) else {
            throw SyncError(.invalidTransition, "document \(work.record.jobID): the source fetched no document")
        }
        events(.downloaded(path: staged.path.path, size: staged.size, sha256: staged.sha256))
        work.raw = try await loader.archive(stagedAt: staged.path, docId: staged.docId, company: settings.company)
        work.result.file = staged.path.path
        work.result.size = staged.size
        work.result.sha256 = staged.sha256
        try? FileManager.default.removeItem(at: staged.path)  // the archive keeps the lasting copy
    }

    /// Builds the document's journal from its archived raw JSON and loads it (or quarantines it with the reason).
    private func loadDocument(
        _ record: ExtractJobRecord,
        raw: ArchivedFile,
        loader: FISDocumentLoader
    ) async throws -> LedgerLoader.Outcome {
        let docId = record.jobID
        let received = Self.calendarDate(of: record.startedAt)
        let type = FISDocumentType(rawValue: String(record.definitionID.dropFirst("fis:".count))) ?? .expense
        let journal: Result<[JournalLine], FISDocumentLoader.Refusal>
        var postingDate = received
        do {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: raw.archivePath))
            let transaction = try JSONDecoder().decode(FISTransaction.self, from: bytes)
            guard transaction.id == docId, transaction.docType == type else {
                throw SyncError(.invalidTransition, "the archived raw JSON is not document \(docId) of type \(type)")
            }
            let document = try transaction.financialDocument()
            postingDate = Self.postingDate(of: document) ?? received
            do {
                journal = .success(
                    try FISJournalBuilder(configuration: settings.journal).lines(
                        for: document,
                        docId: docId,
                        postingDate: postingDate
                    )
                )
            } catch {
                journal = .failure(
                    .init(code: error.code.rawValue, reason: error.description, fieldName: error.field, value: error.value)
                )
            }
        } catch {
            journal = .failure(
                .init(code: "fis-unreadable-document", reason: "document \(docId) cannot be read: \(error)")
            )
        }
        return try await loader.load(
            docId: docId,
            company: settings.company,
            raw: raw,
            postingDate: postingDate,
            journal: journal,
            options: settings.loadOptions
        )
    }

    /// The confirmation to record: `success` with the ledger's document number, fiscal year and posting date, or
    /// `error` with one system message per quarantine reason. A recorded one is re-read, never rebuilt.
    private func confirmationToRecord(for docId: String, state: PipelineState) async throws -> FISConfirmationRecord {
        let company = settings.company
        if let recorded = try await store.fisConfirmation(company: company, docId: docId) { return recorded }
        if state == .posted {
            guard let reference = try await store.fisPostingReference(company: company, docId: docId) else {
                throw SyncError(.invalidTransition, "document \(docId) is posted but its batch is not in the ledger")
            }
            return FISConfirmationRecord(
                company: company,
                docId: docId,
                result: .success,
                documentNumber: reference.documentNumber,
                fiscalYear: reference.fiscalYear,
                postingDate: reference.postingDate,
                messagesJSON: "[]",
                recordedAt: store.clock.now
            )
        }
        let reasons = try await quarantines(of: docId)
        let messages = (reasons.isEmpty ? [nil] : reasons.map { Optional($0) }).map { quarantine in
            FISSystemMessage(
                messageId: quarantine?.code ?? "fis-not-posted",
                messageShortText: String((quarantine?.reason ?? "the document could not be posted").prefix(250))
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return FISConfirmationRecord(
            company: company,
            docId: docId,
            result: .error,
            messagesJSON: String(decoding: try encoder.encode(messages), as: UTF8.self),
            recordedAt: store.clock.now
        )
    }

    /// The document's quarantine entries in this ledger, oldest first.
    func quarantines(of docId: String) async throws -> [QuarantineRecord] {
        try await store.quarantinedFiles(company: settings.company).filter { $0.jobID == docId }
    }

    /// Writes a document's new state (the posting mark for `posted`) and calls the kill points.
    private func recordDocumentState(
        _ next: PipelineState,
        after event: SyncMachine.DocumentEvent,
        from state: PipelineState,
        of work: DocumentWork<Source.Handle>
    ) async throws {
        let company = settings.company
        let docId = work.record.jobID
        switch (event, next) {
        case (.loaded, .posted):
            try await store.markJobPosted(company: company, jobID: docId)
            events(.posted(jobID: docId))
            afterStep(.documentPosted)
        case (.loaded, _), (.setAside, _):
            try await store.updateJob(company: company, jobID: docId, state: next)
            afterStep(.documentPosted)
        case (.archived, _):
            try await store.updateJob(company: company, jobID: docId, state: next)
            afterStep(.documentArchived)
        case (.confirmationRecorded, _):
            try await store.updateJob(company: company, jobID: docId, state: next)
            afterStep(.confirmationRecorded)
        default:
            if next != state {
                _ = try await store.transitionJob(company: company, jobID: docId, from: [state], to: next, note: nil)
            }
        }
    }

    /// Sends the run's recorded confirmations in one batched call and records each answer.
    func sendConfirmations(_ pending: [PendingConfirmation], into report: inout SyncReport) async throws {
        guard !pending.isEmpty else { return }
        let replies = try await source.sendConfirmations(pending)
        afterStep(.confirmationsSent)
        for reply in replies {
            guard let code = reply.code, reply.answer != .retryLater else { continue }
            try await store.answerFISConfirmation(company: settings.company, docId: reply.docId, code: code)
            guard SyncMachine.transition(from: .confirming, on: .confirmationAnswered(reply.answer)) != nil else {
                continue
            }
            _ = try await store.transitionJob(
                company: settings.company,
                jobID: reply.docId,
                from: [.confirming],
                to: .confirmed,
                note: reply.answer == .rejected ? "confirmation refused (\(code)): \(reply.message)" : nil
            )
            afterStep(.confirmed)
        }
        report.confirmations = replies
    }

    /// The posting date of a document: the report's payment processing date when present (decision).
    static func postingDate(of document: FISFinancialDocument) -> CalendarDate? {
        guard case .expense(let expense) = document, let text = expense.report.reportPaymentProcessingDate,
            text.count >= 10
        else { return nil }
        return try? CalendarDate(parsing: text.prefix(10))
    }

    /// The UTC calendar day of `date` (the day a document was received).
    static func calendarDate(of date: Date) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
            ?? CalendarDate(year: 1970, month: 1, day: 1)!
    }
}
