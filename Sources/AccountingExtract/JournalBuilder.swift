/// Turns SAE DETAIL records into a balanced double-entry journal, report by report, as they stream by.
///
/// Each DETAIL line becomes its extract line plus an offset line on the counterparty's account: for a debit the
/// payee (employee → employee payable, card program → card clearing, company → company liability), for a credit
/// the payer (an applied cash advance or a recovered personal charge reduces employee payable; a card credit
/// reduces card clearing). A line whose other side cannot be derived is kept out and its report is reported
/// unbalanced with the reason — never dropped silently.
///
/// ```swift
/// var journal = JournalBuilder(configuration: JournalConfiguration())
/// for record in records {
///     let lines = journal.add(record)   // [] when the line cannot be balanced
///     post(lines)
/// }
/// let result = journal.finish()
/// print(result.totalsByAccount, result.unbalancedReports)
/// ```
public struct JournalBuilder: Sendable {
    public let configuration: JournalConfiguration
    /// Unbalanced reports beyond this many are counted, not kept.
    public let maximumReportsKept: Int

    private var current: ReportJournalResult?
    private var totals: [String: AccountTotals] = [:]
    private var unbalanced: [ReportJournalResult] = []
    private var unbalancedCount = 0
    private var balancedCount = 0
    private var lineCount = 0

    public init(configuration: JournalConfiguration = JournalConfiguration(), maximumReportsKept: Int = 1000) {
        self.configuration = configuration
        self.maximumReportsKept = maximumReportsKept
    }

    /// The journal lines of one DETAIL record (an extract line and its offset), or `[]` when they cannot be
    /// derived, in which case the report is marked unbalanced with the reason.
    public mutating func add(_ record: SAERecord) -> [JournalLine] {
        let reportID = record.reportID
        if current?.reportID != reportID {
            closeReport()
            current = ReportJournalResult(reportID: reportID, employeeID: record.employeeID, debitTotal: .zero, creditTotal: .zero, problems: [], lines: [])
        }
        switch lines(for: record) {
        case .success(let pair):
            for line in pair {
                current?.debitTotal += line.debit
                current?.creditTotal += line.credit
                totals[line.account, default: AccountTotals()].debit += line.debit
                totals[line.account, default: AccountTotals()].credit += line.credit
            }
            lineCount += pair.count
            return pair
        case .failure(let problem):
            if (current?.problems.count ?? 0) < 20 { current?.problems.append("line \(record.lineNumber): \(problem.message)") }
            current?.lines.append(record.lineNumber)
            return []
        }
    }

    private mutating func closeReport() {
        guard let report = current else { return }
        if report.isBalanced {
            balancedCount += 1
        } else {
            unbalancedCount += 1
            var kept = report
            if kept.problems.isEmpty {
                kept.problems.append("debits \(report.debitTotal) differ from credits \(report.creditTotal)")
            }
            if unbalanced.count < maximumReportsKept { unbalanced.append(kept) }
        }
        current = nil
    }

    /// Closes the last report and returns the totals.
    public mutating func finish() -> JournalResult {
        closeReport()
        return JournalResult(
            totalsByAccount: totals,
            balancedReportCount: balancedCount,
            unbalancedReportCount: unbalancedCount,
            unbalancedReports: unbalanced,
            lineCount: lineCount
        )
    }

    /// Derives the extract line and its offset.
    public func lines(for record: SAERecord) -> Result<[JournalLine], SAEError> {
        let line = record.lineNumber
        let side: DebitCredit
        let amount: Amount
        let sequence: Int
        let postingDate: CalendarDate
        do throws(SAEError) {
            side = try record.debitOrCredit
            amount = try record.journalAmount
            sequence = try record.sequenceNumber
            if let paymentDate = try record.date(.reportPaymentProcessingDate) {
                postingDate = paymentDate
            } else {
                postingDate = try record.batchDate
            }
        } catch {
            return .failure(error)
        }
        if (side == .debit && amount.isNegative) || (side == .credit && amount.tenThousandths > 0) {
            return .failure(SAEError(.signMismatch, "the sign of the Journal Amount contradicts \(side.rawValue)", line: line, field: .journalAmount, value: record[.journalAmount]))
        }
        let payer = record.payerPaymentType
        let payee = record.payeePaymentType
        guard !payer.isEmpty, !payee.isEmpty else {
            return .failure(SAEError(.unbalancedReport, "the payer and payee payment types (fields 163 and 165) are needed to derive the offset", line: line, field: payer.isEmpty ? .journalPayerPaymentTypeName : .journalPayeePaymentTypeName, value: ""))
        }
        // The counterparty is the payee of a debit and the payer of a credit.
        let counterparty = configuration.party(side == .debit ? payee : payer)
        var account = record.journalAccountCode
        if account.isEmpty, side == .credit {
            if record.cashAdvanceTransactionType == "2" || record.reportEntryPaymentTypeCode == "XXXX" {
                account = configuration.cashAdvanceAccount
            } else if counterparty == .employee {
                account = configuration.personalChargesAccount
            }
        }
        guard !account.isEmpty else {
            return .failure(SAEError(.unbalancedReport, "no journal account code, and none can be derived for a \(side.rawValue) paid by \(payer) to \(payee)", line: line, field: .journalAccountCode, value: ""))
        }
        let offsetAccount = configuration.offsetAccount(for: counterparty)
        let magnitude = amount.magnitude
        let description = [record[.reportEntryExpenseTypeName], record[.reportEntryDescription]].filter { !$0.isEmpty }.joined(separator: ": ")
        let base = JournalLine(
            batchID: record.batchID,
            sequenceNumber: sequence,
            origin: .extract,
            postingDate: postingDate,
            account: account,
            debit: side == .debit ? magnitude : .zero,
            credit: side == .credit ? magnitude : .zero,
            currency: record.reimbursementCurrency,
            employeeID: record.employeeID,
            employeeName: record.employeeName,
            reportID: record.reportID,
            reportName: record.reportName,
            description: description,
            costObject: record[.allocationCustom1],
            journalKey: record.journalKey
        )
        var offset = base
        offset.origin = .offset
        offset.account = offsetAccount
        offset.debit = base.credit
        offset.credit = base.debit
        return .success([base, offset])
    }
}

/// The journal of a whole batch.
public struct JournalResult: Sendable, Hashable, Codable {
    /// Debit and credit totals by account, offsets included.
    public var totalsByAccount: [String: AccountTotals]
    public var balancedReportCount: Int
    public var unbalancedReportCount: Int
    /// The first unbalanced reports with their reasons.
    public var unbalancedReports: [ReportJournalResult]
    public var lineCount: Int

    public var debitTotal: Amount { totalsByAccount.values.reduce(.zero) { $0 + $1.debit } }
    public var creditTotal: Amount { totalsByAccount.values.reduce(.zero) { $0 + $1.credit } }
    public var isBalanced: Bool { unbalancedReportCount == 0 && debitTotal == creditTotal }
}
