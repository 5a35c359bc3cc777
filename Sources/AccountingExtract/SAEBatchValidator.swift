/// Checks one SAE batch as its lines stream by: batch id and date on every line, sequence numbers, debit/credit
/// signs, report ids, and at the end the header's record count and amount total, compared exactly.
///
/// Memory stays flat: reports and employees are counted through 64-bit hashes of their ids (``DistinctHashes``).
///
/// ```swift
/// var validator = SAEBatchValidator(file: path)
/// while true {
///     do {
///         guard let element = try reader.next() else { break }
///         validator.add(element)
///     } catch { validator.add(error: error) }
/// }
/// let summary = validator.finish(reader: reader)
/// ```
public struct SAEBatchValidator: Sendable {
    public let file: String?
    public let mode: SAEReader.Mode
    /// Errors beyond this many are counted, not kept.
    public let maximumErrors: Int

    public internal(set) var header: SAEHeader?
    public internal(set) var recordCount = 0
    public internal(set) var journalAmountTotal = Amount.zero
    var totalOverflowed = false
    var reportHashes = DistinctHashes()
    var employeeHashes = DistinctHashes()
    var errors: [SAEError] = []
    var warnings: [SAEError] = []
    var errorCount = 0
    var warningCount = 0
    var previousSequence = 0

    public init(file: String? = nil, mode: SAEReader.Mode = .strict, maximumErrors: Int = 100) {
        self.file = file
        self.mode = mode
        self.maximumErrors = maximumErrors
    }

    /// Records an error (for example one thrown by the reader).
    public mutating func add(error: SAEError) {
        errorCount += 1
        if errors.count < maximumErrors { errors.append(error.inFile(file)) }
    }

    /// Records a warning: counted always, kept while fewer than ``maximumErrors`` are kept.
    mutating func warn(_ warning: SAEError) {
        warningCount += 1
        if warnings.count < maximumErrors { warnings.append(warning.inFile(file)) }
    }

    /// Takes the warnings of `reader`: those it kept, and the count of those it only counted.
    mutating func addWarnings(of reader: SAEReader) {
        for warning in reader.warnings { warn(warning) }
        warningCount += reader.warningCount - reader.warnings.count
    }

    /// Adds one element read from the file.
    public mutating func add(_ element: SAEReader.Element) {
        switch element {
        case .header(let header): add(header)
        case .detail(let record): add(record)
        }
    }

    public mutating func add(_ header: SAEHeader) {
        self.header = header
        headerBatchID = Array(header.batchID.utf8)
        headerBatchDate = Array(header.batchDate.description.utf8)
    }

    /// For a part of a file: the first sequence number seen is accepted, and kept for the continuity check.
    var sequenceUnanchored = false
    var firstSequence: (number: Int, line: Int)?
    private var lastReportHash: UInt64?
    private var lastEmployeeHash: UInt64?
    private var headerBatchID: [UInt8]?
    private var headerBatchDate: [UInt8]?

    /// The outcome of the allocation-free checks of one line; `nil` fields need the precise (slow) check.
    private struct FastCheck {
        var batchIDMatches = false
        var batchDateMatches = false
        var sequence: Int?
        var reportHash: UInt64?
        var employeeHash: UInt64?
        var employeeEmpty = false
        var amount: Amount?
        var sideAgrees = false
    }

    /// Checks one DETAIL record against the header and the rules of spec §3.
    public mutating func add(_ record: SAERecord) {
        record.withFieldView { view in add(view: view) }
    }

    /// Checks one DETAIL line in place; only a line the fast checks cannot settle is copied into a record.
    /// Returns the journal amount (field 169) when it is unquoted and plain, for the journal's tally to reuse.
    @discardableResult
    mutating func add(view: SAEFieldView) -> Amount? {
        if sequenceUnanchored {
            sequenceUnanchored = false
            if let sequence = try? view.record().sequenceNumber {
                previousSequence = sequence - 1
                firstSequence = (sequence, view.lineNumber)
            }
        }
        let fast: FastCheck
        do {
            var check = FastCheck()
            if let headerBatchID { check.batchIDMatches = view.equals(2, headerBatchID) }
            if let headerBatchDate { check.batchDateMatches = view.equals(3, headerBatchDate) }
            if !view.isQuoted(4) { check.sequence = view.integer(4) }
            if !view.isQuoted(19), !view.raw(19).isEmpty { check.reportHash = view.hash(19) }
            if !view.isQuoted(5) {
                check.employeeEmpty = view.raw(5).isEmpty
                check.employeeHash = view.hash(5)
            }
            if !view.isQuoted(169), let amount = view.amount(169) {
                check.amount = amount
                check.sideAgrees =
                    (view.equals(168, "DR") && !amount.isNegative)
                    || (view.equals(168, "CR") && amount.tenThousandths <= 0)
            }
            fast = check
        }
        // `headerBatchID` is set with the header: testing it rather than `header` copies no header a line.
        if headerBatchID == nil || fast.batchIDMatches && fast.batchDateMatches, let sequence = fast.sequence,
            sequence == previousSequence + 1, let reportHash = fast.reportHash, fast.employeeHash != nil,
            let amount = fast.amount, fast.sideAgrees, let sum = journalAmountTotal.adding(amount)
        {
            recordCount += 1
            previousSequence = sequence
            if reportHash != lastReportHash {
                reportHashes.insert(reportHash)
                lastReportHash = reportHash
            }
            if !fast.employeeEmpty, let employeeHash = fast.employeeHash, employeeHash != lastEmployeeHash {
                employeeHashes.insert(employeeHash)
                lastEmployeeHash = employeeHash
            }
            journalAmountTotal = sum
            return amount
        }
        addChecked(view.record())
        return fast.amount
    }

    /// The precise checks of one line, which name every problem.
    private mutating func addChecked(_ record: SAERecord) {
        recordCount += 1
        let line = record.lineNumber
        if let header {
            if record.batchID != header.batchID {
                add(
                    error: SAEError(
                        .batchMismatch,
                        "the batch id differs from the header's '\(header.batchID)'",
                        line: line,
                        field: .batchID,
                        value: record.batchID
                    )
                )
            }
            do throws(SAEError) {
                let date = try record.batchDate
                if date != header.batchDate {
                    add(
                        error: SAEError(
                            .batchMismatch,
                            "the batch date differs from the header's \(header.batchDate)",
                            line: line,
                            field: .batchDate,
                            value: record[.batchDate]
                        )
                    )
                }
            } catch { add(error: error) }
        }
        do throws(SAEError) {
            let sequence = try record.sequenceNumber
            if sequence != previousSequence + 1 {
                let problem = SAEError(
                    .sequence,
                    "expected sequence number \(previousSequence + 1)",
                    line: line,
                    field: .sequenceNumber,
                    value: record[.sequenceNumber]
                )
                if mode == .strict { add(error: problem) } else { warn(problem) }
            }
            previousSequence = sequence
        } catch {
            add(error: error)
            previousSequence += 1
        }
        let reportID = record.reportID
        if reportID.isEmpty {
            add(error: SAEError(.missingReportID, "the report id is required", line: line, field: .reportID, value: ""))
        } else {
            reportHashes.insert(Self.hash(reportID))
        }
        let employeeID = record.employeeID
        if !employeeID.isEmpty { employeeHashes.insert(Self.hash(employeeID)) }
        do throws(SAEError) {
            let side = try record.debitOrCredit
            let amount = try record.journalAmount
            if (side == .debit && amount.isNegative) || (side == .credit && amount.tenThousandths > 0) {
                add(
                    error: SAEError(
                        .signMismatch,
                        "a \(side.rawValue) amount must be \(side == .debit ? "positive" : "negative")",
                        line: line,
                        field: .journalAmount,
                        value: record[.journalAmount]
                    )
                )
            }
            if let sum = journalAmountTotal.adding(amount) {
                journalAmountTotal = sum
            } else if !totalOverflowed {
                totalOverflowed = true
                add(
                    error: SAEError(
                        .amountOverflow,
                        "the sum of journal amounts overflows",
                        line: line,
                        field: .journalAmount,
                        value: record[.journalAmount]
                    )
                )
            }
        } catch { add(error: error) }
    }

    /// Runs the end-of-file checks and returns the batch's summary.
    /// - Parameter reader: the reader the lines came from, for its warnings and whether it saw a header.
    public mutating func finish(reader: SAEReader? = nil) -> SAEBatchSummary {
        if let reader { addWarnings(of: reader) }
        if let header {
            if header.recordCount != recordCount {
                add(
                    error: SAEError(
                        .recordCountMismatch,
                        "the header says \(header.recordCount) records but the file has \(recordCount) DETAIL lines",
                        line: header.lineNumber,
                        headerField: .recordCount,
                        value: String(header.recordCount)
                    )
                )
            }
            if !totalOverflowed, header.journalAmountTotal != journalAmountTotal {
                add(
                    error: SAEError(
                        .amountTotalMismatch,
                        "the header total differs from the sum of the Journal Amounts, \(journalAmountTotal.formatted())",
                        line: header.lineNumber,
                        headerField: .journalAmountTotal,
                        value: header.journalAmountTotal.formatted()
                    )
                )
            }
        } else if errorCount == 0 && !(reader?.sawHeader ?? false) {
            add(error: SAEError(.missingHeader, "the file has no EXTRACT header"))
        }
        return SAEBatchSummary(
            file: file,
            header: header,
            recordCount: recordCount,
            journalAmountTotal: journalAmountTotal,
            reportCount: reportHashes.count,
            employeeCount: employeeHashes.count,
            errors: errors,
            errorCount: errorCount,
            warnings: warnings,
            warningCount: warningCount
        )
    }

    /// FNV-1a, 64 bits: stable across runs, unlike `Hasher`.
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}

/// What one SAE batch holds and whether it passed every check.
public struct SAEBatchSummary: Sendable, Hashable {
    public var file: String?
    public var header: SAEHeader?
    /// The number of DETAIL lines read.
    public var recordCount: Int
    /// The signed sum of field 169 over the DETAIL lines read.
    public var journalAmountTotal: Amount
    public var reportCount: Int
    public var employeeCount: Int
    /// The first errors (at most the validator's maximum).
    public var errors: [SAEError]
    /// The number of errors, including those not kept.
    public var errorCount: Int
    /// The first warnings (at most the validator's maximum).
    public var warnings: [SAEError]
    /// The number of warnings, including those not kept.
    public var warningCount: Int

    /// `true` when the batch passed every check.
    public var isValid: Bool { errorCount == 0 }
}
