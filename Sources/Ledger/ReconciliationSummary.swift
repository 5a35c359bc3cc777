public import AccountingExtract

/// Totals to compare the ledger with the files and the ERP: by account, by batch (header against loaded), overall.
///
/// ```swift
/// let summary = try await store.reconciliation(.batch("567"))
/// for batch in summary.batches where !batch.matchesHeader { print("batch \(batch.batchID) differs") }
/// print(summary.debitTotal, summary.creditTotal, summary.isBalanced)
/// ```
public struct ReconciliationSummary: Sendable, Hashable, Codable {
    /// One account's totals, offsets included.
    public struct AccountLine: Sendable, Hashable, Codable {
        public var account: String
        public var debit: Amount
        public var credit: Amount
        public var lineCount: Int

        public init(account: String, debit: Amount, credit: Amount, lineCount: Int) {
            self.account = account
            self.debit = debit
            self.credit = credit
            self.lineCount = lineCount
        }
    }

    /// One batch: what its header announced against what was loaded from its extract lines.
    public struct BatchLine: Sendable, Hashable, Codable {
        public var batchID: String
        public var batchDate: CalendarDate
        public var headerRecordCount: Int
        public var headerTotal: Amount
        /// Extract lines loaded (one per DETAIL line).
        public var loadedRecordCount: Int
        /// Sum of the extract lines' debit minus credit (the header total's counterpart).
        public var loadedTotal: Amount
        public var reportCount: Int

        public init(
            batchID: String,
            batchDate: CalendarDate,
            headerRecordCount: Int,
            headerTotal: Amount,
            loadedRecordCount: Int,
            loadedTotal: Amount,
            reportCount: Int
        ) {
            self.batchID = batchID
            self.batchDate = batchDate
            self.headerRecordCount = headerRecordCount
            self.headerTotal = headerTotal
            self.loadedRecordCount = loadedRecordCount
            self.loadedTotal = loadedTotal
            self.reportCount = reportCount
        }

        /// `true` when the loaded count and total equal the header's.
        public var matchesHeader: Bool { headerRecordCount == loadedRecordCount && headerTotal == loadedTotal }
    }

    /// Sorted by account.
    public var accounts: [AccountLine]
    /// In load order.
    public var batches: [BatchLine]
    /// Distinct report ids.
    public var reportCount: Int
    public var lineCount: Int
    public var debitTotal: Amount
    public var creditTotal: Amount

    public init(
        accounts: [AccountLine],
        batches: [BatchLine],
        reportCount: Int,
        lineCount: Int,
        debitTotal: Amount,
        creditTotal: Amount
    ) {
        self.accounts = accounts
        self.batches = batches
        self.reportCount = reportCount
        self.lineCount = lineCount
        self.debitTotal = debitTotal
        self.creditTotal = creditTotal
    }

    /// Debits equal credits, and every batch matches its header.
    public var isBalanced: Bool { debitTotal == creditTotal && batches.allSatisfy(\.matchesHeader) }
}
