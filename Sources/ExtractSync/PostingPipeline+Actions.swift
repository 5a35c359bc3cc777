import AccountingExtract
import ExtractClient
import Foundation
import Ledger

extension PostingPipeline {
    /// Performs one of ``SyncMachine``'s actions on a unit and says what happened.
    func perform(_ action: SyncMachine.Action, on work: inout UnitWork<Source.Handle>) async throws -> SyncMachine.Event
    {
        switch action {
        case .poll: return try await poll(&work)
        case .fetch: return try await fetch(&work)
        case .archive: return try await archiveDownload(&work)
        case .quarantine: return try await quarantineDownload(&work)
        case .load: return try await load(&work)
        case .post:
            try await store.markJobPosted(company: settings.company, jobID: work.record.jobID)
            work.result.posted = true
            return .posted
        case .confirm:
            let outcome: PostingOutcome =
                work.result.posted
                ? .posted
                : work.failure.map { .failed("\($0)") } ?? .quarantined(work.result.quarantined)
            try await source.confirm(work.record, outcome: outcome)
            return .confirmed
        case .send, .none:
            throw SyncError(.invalidTransition, "job \(work.record.jobID): \(action) is not an action on a job")
        }
    }

    private func poll(_ work: inout UnitWork<Source.Handle>) async throws -> SyncMachine.Event {
        let statuses = StatusCollector()
        let readied = try await source.awaitReady(work.handle, of: work.record, context: context) { status, elapsed in
            statuses.add(status, elapsed)
        }
        work.result.statuses = statuses.values
        switch readied {
        case .ready(let handle, let status, let url):
            work.handle = handle
            work.status = status
            work.url = url
            return .polled(.ready)
        case .failed(let error):
            work.failure = error
            return .polled(.failed)
        }
    }

    private func fetch(_ work: inout UnitWork<Source.Handle>) async throws -> SyncMachine.Event {
        let directory = settings.downloads.appendingPathComponent(SyncPipeline.safeName(settings.company))
        let fetched = try await source.fetch(work.handle, of: work.record, into: directory)
        work.download = fetched
        switch fetched {
        case .files(let file):
            work.result.file = file.path.path
            work.result.size = file.size
            work.result.sha256 = file.sha256
            events(.downloaded(path: file.path.path, size: file.size, sha256: file.sha256))
            return .fetched(.files)
        case .refused(let refused):
            work.result.file = refused.path.path
            work.result.size = refused.size
            work.result.sha256 = refused.sha256
            events(.downloaded(path: refused.path.path, size: refused.size, sha256: refused.sha256))
            return .fetched(.refused)
        case .document(let document):
            try? FileManager.default.removeItem(at: document.path)
            throw SyncError(.invalidTransition, "job \(work.record.jobID): a document came from a job's download")
        }
    }

    /// Keeps a zip as it came, beside its SAE entries (a single SAE file is archived by its load).
    private func archiveDownload(_ work: inout UnitWork<Source.Handle>) async throws -> SyncMachine.Event {
        guard case .files(let file) = work.download else {
            throw SyncError(.invalidTransition, "job \(work.record.jobID): nothing downloaded to archive")
        }
        if file.kind == .zip {
            let archived = try archive.store(
                fileAt: file.path.path,
                originalName: file.path.lastPathComponent,
                receivedAt: store.clock.now,
                company: settings.company,
                jobID: work.record.jobID
            )
            try await store.recordRawFile(archived)
        }
        try await source.acknowledge(work.record)
        return .archived(extracts: !file.saeFiles.isEmpty)
    }

    /// Quarantines a download that cannot be loaded: a zip the archive limits refused (archived as it came, so
    /// that raw files are never lost, with the refusal's code and reason), or one with no SAE file in it.
    private func quarantineDownload(_ work: inout UnitWork<Source.Handle>) async throws -> SyncMachine.Event {
        let company = settings.company
        let jobID = work.record.jobID
        let quarantine: QuarantineRecord
        switch work.download {
        case .refused(let refused):
            let archived = try archive.store(
                fileAt: refused.path.path,
                originalName: refused.path.lastPathComponent,
                receivedAt: store.clock.now,
                company: company,
                jobID: jobID
            )
            try await store.recordRawFile(archived)
            try await source.acknowledge(work.record)
            let reason = refused.reason
            quarantine = try await store.quarantine(
                QuarantineRecord(
                    sha256: refused.sha256,
                    fileName: refused.path.lastPathComponent,
                    code: reason.code.rawValue,
                    reason: "the zip was refused: \(reason.message)",
                    batchID: nil,
                    quarantinedAt: store.clock.now,
                    company: company,
                    jobID: jobID,
                    value: reason.value
                )
            )
            try? FileManager.default.removeItem(at: refused.path)  // the archive keeps the lasting copy
        case .files(let file):
            quarantine = try await store.quarantine(
                QuarantineRecord(
                    sha256: file.sha256,
                    fileName: file.path.lastPathComponent,
                    code: "not-an-extract",
                    reason: "the download holds no SAE file (\(file.contentType))",
                    batchID: nil,
                    quarantinedAt: store.clock.now,
                    company: company,
                    jobID: jobID
                )
            )
            file.removeExtractedCopies()  // the zip holding them is archived
        case nil, .document:
            throw SyncError(.invalidTransition, "job \(jobID): nothing downloaded to quarantine")
        }
        work.result.quarantined.append(quarantine)
        events(.quarantined(quarantine))
        return .setAside
    }

    /// Checks and loads each SAE file (each archived first, loaded in one transaction, or quarantined).
    private func load(_ work: inout UnitWork<Source.Handle>) async throws -> SyncMachine.Event {
        guard case .files(let file) = work.download else {
            throw SyncError(.invalidTransition, "job \(work.record.jobID): nothing downloaded to load")
        }
        let loader = LedgerLoader(
            store: store,
            archive: archive,
            options: settings.readerOptions,
            configuration: settings.journal,
            loadOptions: settings.loadOptions,
            unbalancedReports: settings.unbalancedReports
        )
        for sae in file.saeFiles {
            switch try await loader.loadFile(
                at: sae.path,
                originalName: file.originalNames[sae] ?? sae.lastPathComponent,
                company: settings.company,
                jobID: work.record.jobID
            ) {
            case .loaded(let load, let batch):
                work.result.batches.append(load.batchID)
                work.result.linesLoaded += load.linesWritten
                let records = batch.headerRecordCount
                work.result.recordsLoaded += records
                events(.loaded(batchID: load.batchID, lines: load.linesWritten, records: records))
            case .alreadyLoaded(let batchID):
                work.result.batches.append(batchID)
                events(.alreadyLoaded(batchID: batchID))
            case .quarantined(let quarantine):
                work.result.quarantined.append(quarantine)
                events(.quarantined(quarantine))
            }
        }
        // Every entry is archived now (loaded or quarantined, beside the zip): the extracted copies go.
        file.removeExtractedCopies()
        return .loaded(clean: work.result.quarantined.isEmpty)
    }
}
