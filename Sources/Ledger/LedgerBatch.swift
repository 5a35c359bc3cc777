public import AccountingExtract
public import Foundation

/// The identity and header of one SAE batch file being loaded: what makes loading it idempotent.
///
/// A file is identified by the SHA-256 of its bytes together with its batch id and batch date; a journal line by
/// (batch id, sequence number, origin).
///
/// ```swift
/// let batch = LedgerBatch(header: header, sha256: archived.sha256, fileName: "extract_CES_SAE_v3.txt",
///                         company: "ACME", jobID: "1234")
/// let result = try await store.load(batch, lines: lines)
/// ```
public struct LedgerBatch: Sendable, Hashable, Codable {
    /// Field 2 of every DETAIL line and field 5 of the header.
    public var batchID: String
    public var batchDate: CalendarDate
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String
    /// The file's name as received (informational).
    public var fileName: String
    /// The header's record count (DETAIL lines announced).
    public var headerRecordCount: Int
    /// The header's journal amount total (sum of field 169).
    public var headerTotal: Amount
    /// The Concur company (entity) the file belongs to, if known.
    public var company: String?
    /// The extract job that produced the file, if known.
    public var jobID: String?

    public init(
        batchID: String,
        batchDate: CalendarDate,
        sha256: String,
        fileName: String,
        headerRecordCount: Int,
        headerTotal: Amount,
        company: String? = nil,
        jobID: String? = nil
    ) {
        self.batchID = batchID
        self.batchDate = batchDate
        self.sha256 = sha256
        self.fileName = fileName
        self.headerRecordCount = headerRecordCount
        self.headerTotal = headerTotal
        self.company = company
        self.jobID = jobID
    }

    /// A batch described by the file's `EXTRACT` header.
    public init(header: SAEHeader, sha256: String, fileName: String, company: String? = nil, jobID: String? = nil) {
        self.init(
            batchID: header.batchID,
            batchDate: header.batchDate,
            sha256: sha256,
            fileName: fileName,
            headerRecordCount: header.recordCount,
            headerTotal: header.journalAmountTotal,
            company: company,
            jobID: jobID
        )
    }
}

/// How ``LedgerStore/load(_:lines:options:)`` treats a Journal Key (field 170) already loaded from another batch.
public enum DuplicateJournalKeyPolicy: String, Sendable, Hashable, Codable {
    /// Refuse the whole batch with ``LedgerError/Code/duplicateJournalKey`` (nothing is loaded).
    case reject
    /// Load the batch and list the keys in ``LoadResult/duplicateJournalKeys``.
    case report
}

/// Options of one load.
public struct LoadOptions: Sendable, Hashable {
    public var duplicateJournalKeys: DuplicateJournalKeyPolicy
    /// At most this many duplicate keys are listed.
    public var maximumDuplicatesListed: Int
    /// A reload of a quarantined file: the entry is marked reloaded in the load's transaction (and the load is
    /// refused when the entry was released meanwhile).
    public var resolvesQuarantine: QuarantineResolution?

    public init(
        duplicateJournalKeys: DuplicateJournalKeyPolicy = .reject,
        maximumDuplicatesListed: Int = 100,
        resolvesQuarantine: QuarantineResolution? = nil
    ) {
        self.duplicateJournalKeys = duplicateJournalKeys
        self.maximumDuplicatesListed = maximumDuplicatesListed
        self.resolvesQuarantine = resolvesQuarantine
    }

    public static let `default` = LoadOptions()
}

/// A Journal Key seen in the batch being loaded and in an earlier one.
public struct DuplicateJournalKey: Sendable, Hashable, Codable {
    public var journalKey: String
    /// The batch that loaded the key first.
    public var existingBatchID: String
    public var sequenceNumber: Int

    public init(journalKey: String, existingBatchID: String, sequenceNumber: Int) {
        self.journalKey = journalKey
        self.existingBatchID = existingBatchID
        self.sequenceNumber = sequenceNumber
    }
}

/// What a load did.
public struct LoadResult: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// The batch's lines were written, in one transaction.
        case loaded
        /// The same file (SHA-256, batch id and date) was loaded before: nothing changed.
        case alreadyLoaded
    }

    public var status: Status
    public var batchID: String
    /// Journal lines written (extract and offset lines); 0 when already loaded.
    public var linesWritten: Int
    /// Keys also found in earlier batches (only with ``DuplicateJournalKeyPolicy/report``).
    public var duplicateJournalKeys: [DuplicateJournalKey]

    public init(status: Status, batchID: String, linesWritten: Int, duplicateJournalKeys: [DuplicateJournalKey] = []) {
        self.status = status
        self.batchID = batchID
        self.linesWritten = linesWritten
        self.duplicateJournalKeys = duplicateJournalKeys
    }
}

/// A batch as recorded by the store.
public struct LoadedBatch: Sendable, Hashable, Codable {
    public var batch: LedgerBatch
    public var lineCount: Int
    public var loadedAt: Date

    public init(batch: LedgerBatch, lineCount: Int, loadedAt: Date) {
        self.batch = batch
        self.lineCount = lineCount
        self.loadedAt = loadedAt
    }
}

extension LedgerBatch {
    /// Checks a line before it is written: it belongs to the batch and its amounts are not negative.
    func validate(_ line: JournalLine) throws(LedgerError) {
        guard line.batchID == batchID else {
            throw LedgerError(
                .invalidLine,
                "line \(line.sequenceNumber) belongs to batch \(line.batchID), not \(batchID): nothing was loaded"
            )
        }
        guard line.debit.tenThousandths >= 0, line.credit.tenThousandths >= 0 else {
            throw LedgerError(
                .invalidLine,
                "line \(line.sequenceNumber) (\(line.origin.rawValue)) has a negative debit or credit: nothing was loaded"
            )
        }
    }
}
