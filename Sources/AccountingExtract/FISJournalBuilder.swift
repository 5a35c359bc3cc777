public import FinancialIntegrationAPI
public import Foundation

/// Turns one FIS financial document into a balanced double-entry journal by the payer/payee rule of the FIS spec
/// (§5.11), with the same ``JournalLine``s and the same ``JournalConfiguration`` accounts as SAE journals.
///
/// An expense journal line is one-sided: its `amountGross` (signed, credits negative) goes to its
/// `journalAccountCode` — or, when that is empty, to the entry's `clearingAccountCode` — and the other side goes to
/// the account of the party that is not `COMP` (payer `COMP`: the payee; payee `COMP`: the payer), placed by
/// ``JournalConfiguration/account(forParty:)``. A line with tax (`taxGuid`) is split: `amountNetOfReclaim` on its
/// account and each linked tax line's `amountReclaim` on the tax account. An applied cash advance is credited to its
/// clearing account and debited to the employee. Each posted amount is one ``JournalLine/Origin/extract`` line and
/// its ``JournalLine/Origin/offset``, numbered 1, 2, … in document order, with `journalKey` `"<docId>:<n>"` and
/// `batchID` ``batchID(docId:)``.
///
/// A document that cannot be balanced is refused whole with a ``FISJournalError`` naming the entry, allocation,
/// line and field — never posted in part, never guessed.
///
/// ```swift
/// let builder = FISJournalBuilder(configuration: JournalConfiguration())
/// let lines = try builder.lines(for: document, docId: transaction.id, postingDate: date)
/// // Ex 2.1: Dr 37 8.40, Dr 1400 1.60 (VAT), Cr 2100 (employee) 10.00
/// ```
public struct FISJournalBuilder: Sendable {
    public let configuration: JournalConfiguration

    public init(configuration: JournalConfiguration = JournalConfiguration()) {
        self.configuration = configuration
    }

    /// The ledger batch id of a FIS document: `"FIS-" + docId`.
    public static func batchID(docId: String) -> String { batchPrefix + docId }

    /// The FIS document id of a ledger batch id (``batchID(docId:)`` read back); `nil` for an extract's batch.
    ///
    /// ```swift
    /// FISJournalBuilder.docId(ofBatch: "FIS-gWq1")   // "gWq1"
    /// FISJournalBuilder.docId(ofBatch: "1042")       // nil
    /// ```
    public static func docId(ofBatch batchID: String) -> String? {
        batchID.hasPrefix(batchPrefix) ? String(batchID.dropFirst(batchPrefix.count)) : nil
    }

    static let batchPrefix = "FIS-"

    /// The journal of any posted document type; payroll and obligation documents are refused
    /// (``FISJournalError/Code/unsupportedDocument``).
    public func lines(
        for document: FISFinancialDocument,
        docId: String,
        postingDate: CalendarDate
    ) throws(FISJournalError) -> [JournalLine] {
        switch document {
        case .expense(let expense): return try lines(for: expense, docId: docId, postingDate: postingDate)
        case .invoice(let invoice): return try lines(for: invoice, docId: docId, postingDate: postingDate)
        case .cashAdvance(let advance): return try lines(for: advance, docId: docId, postingDate: postingDate)
        case .other(let type, _):
            throw FISJournalError(
                .unsupportedDocument,
                "\(type.rawValue) documents are not posted by this integration: post it in the ERP by hand",
                docId: docId
            )
        }
    }

    /// The journal of an expense report (§5.11 rules 1–5).
    public func lines(
        for document: FISExpenseDocument,
        docId: String,
        postingDate: CalendarDate
    ) throws(FISJournalError) -> [JournalLine] {
        let report = document.report
        var writer = FISJournalWriter(
            docId: docId,
            postingDate: postingDate,
            currency: try currency(report.employeeCurrencyAlphaCode, field: "employeeCurrencyAlphaCode", docId),
            employee: document.employee,
            reportID: report.reportId,
            reportName: report.reportName ?? ""
        )
        for entry in document.expenseEntry {
            let description = [entry.expenseTypeName, entry.entryDescription].compactMap { $0 }
                .filter { !$0.isEmpty }.joined(separator: ": ")
            for (allocationIndex, allocation) in (entry.allocation ?? []).enumerated() {
                let allocationName = allocation.allocationId ?? "#\(allocationIndex + 1)"
                let costObject = allocation.customFields["allocationCustom1Code"] ?? ""
                for (lineIndex, journal) in (allocation.journal ?? []).enumerated() {
                    let place = FISPlace(
                        docId: docId,
                        entry: entry.entryId,
                        allocation: allocationName,
                        journalLine: lineIndex + 1
                    )
                    let gross = try place.amount(journal.amountGross, field: "amountGross")
                    let offset = try counterAccount(payer: journal.journalPayer, payee: journal.journalPayee, place)
                    let account = try expenseAccount(journal, entry, place)
                    for part in try taxSplit(
                        journal,
                        gross: gross,
                        account: account,
                        taxes: allocation.tax ?? [],
                        place
                    ) {
                        writer.post(
                            account: part.account,
                            amount: part.amount,
                            offset: offset,
                            description: description,
                            costObject: costObject
                        )
                    }
                }
            }
        }
        for (index, application) in (document.cashAdvanceApplication ?? []).enumerated() {
            let place = FISPlace(docId: docId, entry: application.cashAdvanceId, journalLine: index + 1)
            let amount = try place.amount(
                application.cashAdvanceApplicationAmount,
                field: "cashAdvanceApplicationAmount"
            )
            let clearing = application.cashAdvanceClearingAccountCode.flatMap { $0.isEmpty ? nil : $0 }
            writer.post(
                account: clearing ?? configuration.cashAdvanceAccount,
                amount: amount,
                offset: try partyAccount("EMPL", field: "cashAdvanceApplication", place),
                description: "Cash advance " + (application.cashAdvanceId ?? "") + " applied",
                costObject: ""
            )
        }
        return try writer.balanced()
    }

    /// The reimbursement currency, or the refusal of a document without one.
    func currency(_ code: String?, field: String, _ docId: String) throws(FISJournalError) -> String {
        let trimmed = (code ?? "").trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw FISJournalError(
                .missingCurrency,
                "the document names no currency for its amounts: set the report's reimbursement currency in Concur",
                docId: docId,
                field: field,
                value: code ?? ""
            )
        }
        return trimmed
    }

    /// The journal line's account: its own `journalAccountCode`, else the entry's `clearingAccountCode` (a
    /// personal CBCP pair, Ex 6.2.3).
    private func expenseAccount(
        _ journal: FISExpenseJournal,
        _ entry: FISExpenseEntry,
        _ place: FISPlace
    ) throws(FISJournalError) -> String {
        if let account = journal.journalAccountCode, !account.isEmpty { return account }
        if let clearing = entry.clearingAccountCode, !clearing.isEmpty { return clearing }
        throw place.error(
            .missingAccount,
            "the journal line has no account and the entry no clearing account: map the expense type "
                + "'\(entry.expenseTypeCode ?? "")' to a GL account in Concur's account codes",
            field: "journalAccountCode",
            value: journal.journalAccountCode ?? ""
        )
    }

    /// The account of the side a line implies (rule 2): the party that is not `COMP`.
    func counterAccount(payer: String, payee: String, _ place: FISPlace) throws(FISJournalError) -> String {
        let payerIsCompany = payer.uppercased() == "COMP"
        let payeeIsCompany = payee.uppercased() == "COMP"
        switch (payerIsCompany, payeeIsCompany) {
        case (true, false): return try partyAccount(payee, field: "journalPayee", place)
        case (false, true): return try partyAccount(payer, field: "journalPayer", place)
        default:
            throw place.error(
                .unknownParty,
                "payer '\(payer)' and payee '\(payee)': exactly one of them must be COMP (the company) for the "
                    + "other side of the line to be known; correct the entry's payment type in Concur",
                field: payerIsCompany ? "journalPayee" : "journalPayer",
                value: payerIsCompany ? payee : payer
            )
        }
    }

    /// The configured account of a party code, or the refusal naming it.
    func partyAccount(_ code: String, field: String, _ place: FISPlace) throws(FISJournalError) -> String {
        guard let account = configuration.account(forParty: code), !account.isEmpty else {
            throw place.error(
                .unknownParty,
                "party code '\(code)' has no account in the journal configuration: name it in the integration's "
                    + "party accounts (EMPL, IBCP, CBCP and COPD are known)",
                field: field,
                value: code
            )
        }
        return account
    }
}

/// Where in a document a value was read, to name it in a refusal.
struct FISPlace: Sendable {
    var docId: String
    var entry: String?
    var allocation: String?
    var journalLine: Int?

    init(docId: String, entry: String? = nil, allocation: String? = nil, journalLine: Int? = nil) {
        self.docId = docId
        self.entry = entry
        self.allocation = allocation
        self.journalLine = journalLine
    }

    func error(_ code: FISJournalError.Code, _ message: String, field: String?, value: String?) -> FISJournalError {
        FISJournalError(
            code,
            message,
            docId: docId,
            entry: entry,
            allocation: allocation,
            journalLine: journalLine,
            field: field,
            value: value
        )
    }

    /// A FIS number as an exact ``Amount``: refused when it has more than four significant decimals or does not
    /// fit (FIS allows 23 digits with 8 decimals; `50.00000000` and `0E-8` are fine).
    func amount(_ value: Decimal, field: String) throws(FISJournalError) -> Amount {
        if let amount = Amount(exactly: value) { return amount }
        throw error(
            .amount,
            "the amount \(value) has more than \(Amount.scale) decimals or is too large for the ledger",
            field: field,
            value: value.description
        )
    }
}

extension Amount {
    /// The amount a `Decimal` holds exactly, or `nil` when it has more than four significant decimals or does not
    /// fit in the ledger's range.
    ///
    /// ```swift
    /// Amount(exactly: Decimal(string: "50.00000000")!)   // 50.0000
    /// Amount(exactly: Decimal(string: "0.00001")!)       // nil
    /// ```
    public init?(exactly value: Decimal) {
        guard value.isFinite else { return nil }
        var scaled = value * Decimal(Amount.unit)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled, rounded.magnitude <= Decimal(Int64.max) else { return nil }
        guard let units = Int64(rounded.description) else { return nil }
        self.init(tenThousandths: units)
    }
}

/// Collects the extract and offset lines of one document, numbered in order.
struct FISJournalWriter {
    let docId: String
    let postingDate: CalendarDate
    let currency: String
    let employeeID: String
    let employeeName: String
    let reportID: String
    let reportName: String
    private(set) var lines: [JournalLine] = []
    private var sequence = 0

    init(
        docId: String,
        postingDate: CalendarDate,
        currency: String,
        employee: FISEmployee?,
        reportID: String,
        reportName: String
    ) {
        self.docId = docId
        self.postingDate = postingDate
        self.currency = currency
        self.employeeID = employee?.employeeId ?? ""
        self.employeeName = [employee?.employeeFirstName, employee?.employeeLastName].compactMap { $0 }
            .filter { !$0.isEmpty }.joined(separator: " ")
        self.reportID = reportID
        self.reportName = reportName
    }

    /// Posts `amount` (positive: a debit) to `account` and its opposite to `offset`; a zero amount posts nothing.
    mutating func post(account: String, amount: Amount, offset: String, description: String, costObject: String) {
        guard !amount.isZero else { return }
        sequence += 1
        let extract = JournalLine(
            batchID: FISJournalBuilder.batchID(docId: docId),
            sequenceNumber: sequence,
            origin: .extract,
            postingDate: postingDate,
            account: account,
            debit: amount.isNegative ? .zero : amount,
            credit: amount.isNegative ? amount.magnitude : .zero,
            currency: currency,
            employeeID: employeeID,
            employeeName: employeeName,
            reportID: reportID,
            reportName: reportName,
            description: description,
            costObject: costObject,
            journalKey: "\(docId):\(sequence)"
        )
        var other = extract
        other.origin = .offset
        other.account = offset
        (other.debit, other.credit) = (extract.credit, extract.debit)
        lines += [extract, other]
    }

    /// The lines, after checking Σdebit = Σcredit (rule 5).
    func balanced() throws(FISJournalError) -> [JournalLine] {
        var debit = Amount.zero
        var credit = Amount.zero
        for line in lines {
            guard let d = debit.adding(line.debit), let c = credit.adding(line.credit) else {
                throw FISJournalError(.amount, "the document's total is too large for the ledger", docId: docId)
            }
            (debit, credit) = (d, c)
        }
        guard debit == credit else {
            throw FISJournalError(
                .unbalanced,
                "debits \(debit) differ from credits \(credit)",
                docId: docId
            )
        }
        return lines
    }
}
