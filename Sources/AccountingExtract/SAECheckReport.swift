/// What `parse` reports of one batch: counts, totals, totals by account, and every problem; `Codable` in the shape
/// `parse --json` prints (sorted keys, `null` for what is absent), with ``text`` the text `parse` prints.
///
/// ```swift
/// let report = try SAEFileCheck.check(file: "extract.txt", mode: .strict)[0].report
/// print(report.valid, report.debitTotal, report.errorCount)
/// ```
public struct SAECheckReport: Sendable, Hashable, Codable {
    /// One error or warning.
    public struct Problem: Sendable, Hashable, Codable {
        public var code: String
        public var message: String
        public var line: Int?
        public var field: Int?
        public var fieldName: String?
        public var value: String?
        /// The whole problem for a person: `file:line: field N (Name) 'value' [code] message`.
        public var description: String

        public init(_ error: SAEError) {
            code = error.code.rawValue
            message = error.message
            line = error.line
            field = error.field
            fieldName = error.fieldName
            value = error.value
            description = error.description
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeEveryKey([
                .code: code,
                .message: message,
                .line: line,
                .field: field,
                .fieldName: fieldName,
                .value: value,
                .description: description,
            ])
        }
    }

    /// An account's debit and credit totals, as decimal text.
    public struct Totals: Sendable, Hashable, Codable {
        public var debit: String
        public var credit: String
    }

    /// A zip entry that is not an SAE file.
    public struct OtherFile: Sendable, Hashable, Codable {
        public var path: String
        public var size: UInt64
    }

    public var file: String
    public var entry: String?
    public var batchId: String?
    public var batchDate: String?
    public var recordCount: Int
    public var headerRecordCount: Int?
    public var reportCount: Int
    public var employeeCount: Int
    public var journalAmountTotal: String
    public var headerJournalAmountTotal: String?
    public var totalsByAccount: [String: Totals]
    public var debitTotal: String
    public var creditTotal: String
    public var balancedReportCount: Int
    public var unbalancedReportCount: Int
    public var valid: Bool
    public var errorCount: Int
    public var errors: [Problem]
    public var warnings: [Problem]
    public var warningCount: Int
    public var otherFiles: [OtherFile]

    public init(_ check: SAEFileCheck) {
        let summary = check.result.summary
        let journal = check.result.journal
        file = check.file
        entry = check.entry
        batchId = summary.header?.batchID
        batchDate = summary.header?.batchDate.description
        recordCount = summary.recordCount
        headerRecordCount = summary.header?.recordCount
        reportCount = summary.reportCount
        employeeCount = summary.employeeCount
        journalAmountTotal = summary.journalAmountTotal.formatted()
        headerJournalAmountTotal = summary.header?.journalAmountTotal.formatted()
        totalsByAccount = journal.totalsByAccount.mapValues {
            Totals(debit: $0.debit.formatted(), credit: $0.credit.formatted())
        }
        debitTotal = journal.debitTotal.formatted()
        creditTotal = journal.creditTotal.formatted()
        balancedReportCount = journal.balancedReportCount
        unbalancedReportCount = journal.unbalancedReportCount
        valid = check.result.isValid
        errorCount = summary.errorCount
        errors = summary.errors.map(Problem.init)
        warnings = summary.warnings.map(Problem.init)
        warningCount = summary.warningCount
        otherFiles = check.otherEntries.map { OtherFile(path: $0.path, size: $0.uncompressedSize) }
    }

    /// Every key is written, `null` for what is absent (the shape `parse --json` has always printed).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeEveryKey([
            .file: file,
            .entry: entry,
            .batchId: batchId,
            .batchDate: batchDate,
            .recordCount: recordCount,
            .headerRecordCount: headerRecordCount,
            .reportCount: reportCount,
            .employeeCount: employeeCount,
            .journalAmountTotal: journalAmountTotal,
            .headerJournalAmountTotal: headerJournalAmountTotal,
            .totalsByAccount: totalsByAccount,
            .debitTotal: debitTotal,
            .creditTotal: creditTotal,
            .balancedReportCount: balancedReportCount,
            .unbalancedReportCount: unbalancedReportCount,
            .valid: valid,
            .errorCount: errorCount,
            .errors: errors,
            .warnings: warnings,
            .warningCount: warningCount,
            .otherFiles: otherFiles,
        ])
    }
}
