public import AccountingExtract

/// Totals to compare the ledger with the files and the ERP: by account, by batch (header against loaded), overall.
///
/// ```swift
/// let summary = try await store.reconciliation(.batch("567"))
/// for batch in summary.batches where !batch.matchesHeader { print("batch \(batch.batchID) differs") }
/// print(summary.debitTotal, summary.creditTotal, summary.isBalanced)
/// ```
public struct ReconciliationSummary: Sendable, Hashable, Codable {
    /// One account's totals in one company, offsets included (account codes belong to a company's chart).
    public struct AccountLine: Sendable, Hashable, Codable {
        public var account: String
        public var debit: Amount
        public var credit: Amount
        public var lineCount: Int
        /// The company (`""` for lines loaded without one).
        public var company: String

        public init(account: String, debit: Amount, credit: Amount, lineCount: Int, company: String = "") {
            self.account = account
            self.debit = debit
            self.credit = credit
            self.lineCount = lineCount
            self.company = company
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
        /// The company (`""` for a batch loaded without one).
        public var company: String

        public init(
            batchID: String,
            batchDate: CalendarDate,
            headerRecordCount: Int,
            headerTotal: Amount,
            loadedRecordCount: Int,
            loadedTotal: Amount,
            reportCount: Int,
            company: String = ""
        ) {
            self.company = company
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

    /// Sorted by company, then account.
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

    /// The summary as CSV, as `export --format reconciliation` writes it: the accounts section, a blank line, the
    /// batches section; each row ends with its company.
    ///
    /// ```swift
    /// print(try await store.reconciliation(.company("acme")).csv)
    /// // account,debit,credit,lines,company
    /// // 2100,0.0000,812.4000,14,acme …
    /// ```
    public var csv: String {
        var text = "account,debit,credit,lines,company\n"
        for line in accounts {
            let fields = [
                line.account, line.debit.formatted(), line.credit.formatted(), String(line.lineCount), line.company,
            ]
            text += fields.map(Self.csvField).joined(separator: ",") + "\n"
        }
        text += "\nbatch,date,header_records,loaded_records,header_total,loaded_total,reports,matches,company\n"
        for line in batches {
            let fields = [
                line.batchID, line.batchDate.description, String(line.headerRecordCount),
                String(line.loadedRecordCount), line.headerTotal.formatted(), line.loadedTotal.formatted(),
                String(line.reportCount), String(line.matchesHeader), line.company,
            ]
            text += fields.map(Self.csvField).joined(separator: ",") + "\n"
        }
        return text
    }

    static func csvField(_ value: String) -> String {
        var bytes: [UInt8] = []
        JournalExportFormat.appendCSV(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
