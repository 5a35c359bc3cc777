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

    /// The report being read.
    private var current = OpenReport()
    var accounts = AccountTally()
    var reports: ReportCounter
    var lineCount = 0
    /// For a part of a file checked on several threads: the first report is held back, not counted, since it
    /// may have begun in the previous part (see ``finishPart()``).
    var holdsFirstReport = false
    private var firstReport: ReportJournalResult?
    private var firstReportHeld = false
    /// The configured names and codes in ASCII lower case, compared with fields regardless of case.
    private let companyNames: FoldedNames
    private let employeeNames: FoldedNames
    private let cardCodes: FoldedNames
    /// Whether card programs are also known by name (else only by their payment type code).
    private let namesCardPrograms: Bool
    /// Tally slots of the configured accounts, so the hot path looks nothing up by name.
    private let employeeSlot: Int
    private let cardSlot: Int
    private let companySlot: Int

    public init(configuration: JournalConfiguration = JournalConfiguration(), maximumReportsKept: Int = 1000) {
        self.configuration = configuration
        self.maximumReportsKept = maximumReportsKept
        self.reports = ReportCounter(maximumReportsKept: maximumReportsKept)
        self.companyNames = FoldedNames(configuration.companyPaymentTypeNames)
        self.employeeNames = FoldedNames(configuration.employeePaymentTypeNames)
        self.cardCodes = FoldedNames(configuration.cardProgramPaymentCodes)
        self.namesCardPrograms =
            !configuration.cardProgramPaymentTypeNames.isEmpty || !configuration.cardClearingAccounts.isEmpty
        var accounts = AccountTally()
        self.employeeSlot = accounts.slot(name: configuration.employeePayableAccount)
        self.cardSlot = accounts.slot(name: configuration.companyCardClearingAccount)
        self.companySlot = accounts.slot(name: configuration.companyLiabilityAccount)
        self.accounts = accounts
    }

    /// The journal lines of one DETAIL record (an extract line and its offset), or `[]` when they cannot be
    /// derived, in which case the report is marked unbalanced with the reason.
    public mutating func add(_ record: SAERecord) -> [JournalLine] {
        switch lines(for: record) {
        case .success(let pair):
            record.withFieldView { view in enterReport(view) }
            for line in pair {
                current.debitTotal += line.debit
                current.creditTotal += line.credit
                accounts.add(name: line.account, debit: line.debit, credit: line.credit)
            }
            lineCount += pair.count
            return pair
        case .failure(let problem):
            record.withFieldView { view in enterReport(view) }
            fail(line: record.lineNumber, problem)
            return []
        }
    }

    /// Adds one record to the totals and the balance checks without building its lines (the fast path of
    /// checking a file).
    public mutating func tally(_ record: SAERecord) {
        record.withFieldView { view in tally(view: view) }
    }

    /// Adds one line, read in place, to the totals and the balance checks; `amount` is field 169 when the
    /// caller has parsed it already (the validator has).
    mutating func tally(view: SAEFieldView, amount: Amount? = nil) {
        enterReport(view)
        let derived: Derivation
        do throws(SAEError) {
            derived = try derive(view, amount: amount)
        } catch {
            fail(line: view.lineNumber, error)
            return
        }
        let debit = derived.side == .debit ? derived.magnitude : .zero
        let credit = derived.side == .credit ? derived.magnitude : .zero
        if let account = derived.account {
            accounts.add(name: account, debit: debit, credit: credit)
        } else {
            accounts.add(bytes: view.raw(SAEField.Numbers.journalAccountCode), debit: debit, credit: credit)
        }
        switch derived.counterparty {
        case .employee: accounts.add(slot: employeeSlot, debit: credit, credit: debit)
        case .company: accounts.add(slot: companySlot, debit: credit, credit: debit)
        case .cardProgram where configuration.cardClearingAccounts.isEmpty:
            accounts.add(slot: cardSlot, debit: credit, credit: debit)
        case .cardProgram:
            accounts.add(
                name: derived.offsetAccount(configuration, view[derived.counterpartyField]),
                debit: credit,
                credit: debit
            )
        }
        current.debitTotal += derived.magnitude
        current.creditTotal += derived.magnitude
        lineCount += 2
    }

    /// Opens the line's report unless it is the one open: a report is its lines with the same report id,
    /// compared unquoted and byte for byte (so a report whose id needs quotes is still one report).
    private mutating func enterReport(_ view: SAEFieldView) {
        if current.isSameReport(as: view) { return }
        closeReport()
        current.open(view)
    }

    /// Reasons kept per unbalanced report.
    static let maximumProblemsKept = 20

    private mutating func fail(line: Int, _ problem: SAEError) {
        current.fail(line: line, problem)
    }

    private mutating func closeReport() {
        guard current.isOpen else { return }
        if holdsFirstReport && !firstReportHeld {
            firstReport = current.result()
            firstReportHeld = true
        } else {
            reports.close(current)
        }
        current.close()
    }

    /// Closes the last report and returns the totals.
    public mutating func finish() -> JournalResult {
        closeReport()
        return result
    }

    private var result: JournalResult {
        JournalResult(
            totalsByAccount: accounts.totals,
            balancedReportCount: reports.balancedCount,
            unbalancedReportCount: reports.unbalancedCount,
            unbalancedReports: reports.unbalanced,
            lineCount: lineCount
        )
    }

    /// The journal of a part of a file, with its first and last reports left open (not counted in `journal`):
    /// either may continue in the neighbouring part. `first` is `nil` when the part has one report or none.
    mutating func finishPart() -> JournalPart {
        JournalPart(journal: result, first: firstReport, last: current.result())
    }

    /// What a DETAIL line means for the journal: its side and size, and the accounts on both sides.
    struct Derivation {
        var side: DebitCredit
        var magnitude: Amount
        /// The extract line's account when it is not field 167 as written (derived from the configuration).
        var account: String?
        /// Who the offset is owed to or by (a card program's name is read only when needed).
        var counterparty: Counterparty
        /// The field that names the counterparty (the payee of a debit, the payer of a credit).
        var counterpartyField: Int

        /// The offset's account; `counterpartyName` is the text of ``counterpartyField``.
        func offsetAccount(
            _ configuration: JournalConfiguration,
            _ counterpartyName: @autoclosure () -> String
        ) -> String {
            switch counterparty {
            case .employee: configuration.employeePayableAccount
            case .company: configuration.companyLiabilityAccount
            case .cardProgram: configuration.offsetAccount(for: .cardProgram(counterpartyName()))
            }
        }
    }

    enum Counterparty {
        case company, employee, cardProgram
    }

    /// Who the payment type name in field `number` stands for, or `nil` when the configuration cannot place it
    /// (see ``JournalConfiguration/party(_:paymentCode:)``; the common cases are decided on the raw bytes).
    private func party(_ number: Int, _ view: SAEFieldView) -> Counterparty? {
        // A field followed by 16 others has 16 bytes readable from its start (their delimiters at least).
        if !view.isQuoted(number),
            let name = FoldedField(view.raw(number), readsSixteen: view.readsSixteen(after: number))
        {
            if companyNames.contains(name) { return .company }
            if employeeNames.contains(name) { return .employee }
            let code = SAEField.Numbers.reportEntryPaymentTypeCode
            if !namesCardPrograms, !view.isQuoted(code) {
                guard let value = FoldedField(view.raw(code), readsSixteen: view.readsSixteen(after: code)) else {
                    return nil
                }
                return cardCodes.contains(value) ? .cardProgram : nil
            }
        }
        switch configuration.party(view[number], paymentCode: view[.reportEntryPaymentTypeCode]) {
        case .company: return .company
        case .employee: return .employee
        case .cardProgram: return .cardProgram
        case nil: return nil
        }
    }

    /// The problem of a payer or payee the configuration cannot place.
    private func unplaced(_ field: SAEField, _ view: SAEFieldView) -> SAEError {
        let code = view[.reportEntryPaymentTypeCode]
        return SAEError(
            .unknownPaymentType,
            "field \(field.number) (\(field.name)) '\(view[field])' is not a company, employee or card program "
                + "payment type (payment type code '\(code)'): name it in the journal configuration; the report is "
                + "held",
            line: view.lineNumber,
            field: field,
            value: view[field]
        )
    }

    /// Derives the line's meaning, or throws the reason it cannot be balanced. Typed throws rather than a
    /// `Result`: the error travels apart from the small derivation, which is not copied through a large enum.
    @inline(__always)
    func derive(_ view: SAEFieldView, amount parsed: Amount? = nil) throws(SAEError) -> Derivation {
        let line = view.lineNumber
        let side: DebitCredit
        if view.equals(168, "DR") {
            side = .debit
        } else if view.equals(168, "CR") {
            side = .credit
        } else {
            throw SAEError(
                .invalidDebitCredit,
                "must be DR or CR",
                line: line,
                field: .journalDebitOrCredit,
                value: view[.journalDebitOrCredit]
            )
        }
        let amount: Amount
        if let parsed {
            amount = parsed
        } else if !view.isQuoted(169), let parsed = view.amount(169) {
            amount = parsed
        } else {
            amount = try view.record().journalAmount
        }
        if (side == .debit && amount.isNegative) || (side == .credit && amount.tenThousandths > 0) {
            throw SAEError(
                .signMismatch,
                "the sign of the Journal Amount contradicts \(side.rawValue)",
                line: line,
                field: .journalAmount,
                value: view[.journalAmount]
            )
        }
        let payerField = SAEField.Numbers.journalPayerPaymentTypeName
        let payeeField = SAEField.Numbers.journalPayeePaymentTypeName
        guard !view.raw(payerField).isEmpty, !view.raw(payeeField).isEmpty else {
            throw SAEError(
                .unbalancedReport,
                "the payer and payee payment types (fields 163 and 165) are needed to derive the offset",
                line: line,
                field: view.raw(payerField).isEmpty ? .journalPayerPaymentTypeName : .journalPayeePaymentTypeName,
                value: ""
            )
        }
        // Both must be placed; the counterparty is the payee of a debit and the payer of a credit.
        guard let payer = party(payerField, view) else {
            throw unplaced(.journalPayerPaymentTypeName, view)
        }
        guard let payee = party(payeeField, view) else {
            throw unplaced(.journalPayeePaymentTypeName, view)
        }
        let counterpartyField = side == .debit ? payeeField : payerField
        let counterparty = side == .debit ? payee : payer
        var account: String?
        if view.raw(SAEField.Numbers.journalAccountCode).isEmpty {
            if side == .credit, view.equals(185, "2") || view.equals(126, "XXXX") {
                account = configuration.cashAdvanceAccount
            } else if side == .credit, counterparty == .employee {
                account = configuration.personalChargesAccount
            } else {
                throw SAEError(
                    .unbalancedReport,
                    "no journal account code, and none can be derived for a \(side.rawValue) paid by \(view[.journalPayerPaymentTypeName]) to \(view[.journalPayeePaymentTypeName])",
                    line: line,
                    field: .journalAccountCode,
                    value: ""
                )
            }
        } else if view.isQuoted(SAEField.Numbers.journalAccountCode) {
            account = view[.journalAccountCode]
        }
        return Derivation(
            side: side,
            magnitude: amount.magnitude,
            account: account,
            counterparty: counterparty,
            counterpartyField: counterpartyField
        )
    }

    /// Derives the extract line and its offset.
    public func lines(for record: SAERecord) -> Result<[JournalLine], SAEError> {
        let derived = record.withFieldView { view in Result { () throws(SAEError) in try derive(view) } }
        let derivation: Derivation
        let sequence: Int
        let postingDate: CalendarDate
        do throws(SAEError) {
            derivation = try derived.get()
            sequence = try record.sequenceNumber
            if let paymentDate = try record.date(.reportPaymentProcessingDate) {
                postingDate = paymentDate
            } else {
                postingDate = try record.batchDate
            }
        } catch {
            return .failure(error)
        }
        let description = [record[.reportEntryExpenseTypeName], record[.reportEntryDescription]].filter { !$0.isEmpty }
            .joined(separator: ": ")
        let base = JournalLine(
            batchID: record.batchID,
            sequenceNumber: sequence,
            origin: .extract,
            postingDate: postingDate,
            account: derivation.account ?? record.journalAccountCode,
            debit: derivation.side == .debit ? derivation.magnitude : .zero,
            credit: derivation.side == .credit ? derivation.magnitude : .zero,
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
        offset.account = derivation.offsetAccount(configuration, record[derivation.counterpartyField])
        offset.debit = base.credit
        offset.credit = base.debit
        return .success([base, offset])
    }
}

/// Debit and credit totals by account, keyed by the account's bytes so that the hot path allocates nothing.
struct AccountTally: Sendable {
    private var slots: [UInt64: Int] = [:]
    private(set) var names: [String] = []
    private var nameBytes: [[UInt8]] = []
    private(set) var values: [AccountTotals] = []
    private(set) var used: [Bool] = []
    private var collisions: [String: Int] = [:]
    /// The last slot found for each value of the hash's low six bits, in front of `slots`: a hit costs one compare
    /// of the hashes and one of the bytes, where the dictionary hashes the hash again. An index of -1 is empty.
    private var recent = [(hash: UInt64, index: Int)](repeating: (0, -1), count: 64)

    mutating func add(name: String, debit: Amount, credit: Amount) {
        add(slot: slot(name: name), debit: debit, credit: credit)
    }

    /// The slot of an account, created on first use.
    mutating func slot(name: String) -> Int {
        let bytes = Array(name.utf8)
        return bytes.withUnsafeBytes { slot(for: $0, name: name) }
    }

    mutating func add(slot index: Int, debit: Amount, credit: Amount) {
        values[index].debit += debit
        values[index].credit += credit
        used[index] = true
    }

    mutating func add(bytes: UnsafeRawBufferPointer, debit: Amount, credit: Amount) {
        add(slot: slot(for: bytes, name: nil), debit: debit, credit: credit)
    }

    private mutating func slot(for bytes: UnsafeRawBufferPointer, name: String?) -> Int {
        let hash = SAEFieldView.fnv1a(bytes)
        let way = Int(truncatingIfNeeded: hash & 63)
        let cached = recent[way]
        if cached.hash == hash, cached.index >= 0,
            nameBytes[cached.index].withUnsafeBytes({ SAEFieldView.bytesEqual($0, bytes) })
        {
            return cached.index
        }
        let index = lookUp(bytes, hash: hash, name: name)
        recent[way] = (hash, index)
        return index
    }

    /// The slot of an account through the dictionaries, created on first use.
    private mutating func lookUp(_ bytes: UnsafeRawBufferPointer, hash: UInt64, name: String?) -> Int {
        if let index = slots[hash], nameBytes[index].withUnsafeBytes({ SAEFieldView.bytesEqual($0, bytes) }) {
            return index
        }
        let text = name ?? String(decoding: bytes, as: UTF8.self)
        if slots[hash] != nil {
            if let index = collisions[text] { return index }
            collisions[text] = names.count
        } else {
            slots[hash] = names.count
        }
        names.append(text)
        nameBytes.append(Array(bytes))
        values.append(AccountTotals())
        used.append(false)
        return names.count - 1
    }

    var totals: [String: AccountTotals] {
        var result: [String: AccountTotals] = [:]
        for (index, name) in names.enumerated() where used[index] {
            result[name, default: AccountTotals()].debit += values[index].debit
            result[name, default: AccountTotals()].credit += values[index].credit
        }
        return result
    }
}

/// Counts closed reports, balanced or not, and keeps the first unbalanced ones with their reasons.
struct ReportCounter: Sendable {
    let maximumReportsKept: Int
    var balancedCount = 0
    var unbalancedCount = 0
    var unbalanced: [ReportJournalResult] = []

    /// Counts a report read by this builder; its text is made only when it is kept (unbalanced).
    mutating func close(_ report: JournalBuilder.OpenReport) {
        if report.isBalanced {
            balancedCount += 1
        } else if let kept = report.result() {
            close(kept)
        }
    }

    mutating func close(_ report: ReportJournalResult) {
        if report.isBalanced {
            balancedCount += 1
            return
        }
        unbalancedCount += 1
        var kept = report
        if kept.problems.isEmpty {
            kept.problems.append("debits \(report.debitTotal) differ from credits \(report.creditTotal)")
        }
        if unbalanced.count < maximumReportsKept { unbalanced.append(kept) }
    }
}

/// The journal of a part of a file checked on several threads, with the reports at its edges still open.
struct JournalPart: Sendable {
    /// Everything but `first` and `last`.
    var journal: JournalResult
    var first: ReportJournalResult?
    var last: ReportJournalResult?
}

extension ReportJournalResult {
    /// The report, continued by the lines of `next` (the same report, read by the next part).
    func continued(by next: ReportJournalResult) -> ReportJournalResult {
        var joined = self
        if problems.isEmpty { joined.code = next.code }
        joined.debitTotal += next.debitTotal
        joined.creditTotal += next.creditTotal
        if problems.isEmpty && !next.problems.isEmpty {
            // The first problem names the report's field and value, as the one-thread check does.
            joined.problemField = next.problemField
            joined.problemFieldName = next.problemFieldName
            joined.problemValue = next.problemValue
        }
        joined.problems = Array((problems + next.problems).prefix(JournalBuilder.maximumProblemsKept))
        joined.lines += next.lines
        return joined
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
