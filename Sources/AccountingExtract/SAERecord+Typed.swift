/// Typed access to any field: the text is trimmed of ASCII spaces and converted; an empty field is `nil`.
extension SAERecord {
    /// The field as an exact amount, or `nil` when empty.
    /// - Throws: ``SAEError`` `invalid-amount` naming the line, field and value.
    public func amount(_ field: SAEField) throws(SAEError) -> Amount? {
        let result: Result<Amount?, Amount.ParseFailure> = withBytes(of: field.number) { bytes in
            if SAERecord.isBlank(bytes) { return .success(nil) }
            return Result { () throws(Amount.ParseFailure) in try Amount.parse(bytes) }.map { Optional($0) }
        }
        switch result {
        case .success(let value): return value
        case .failure(let failure):
            throw SAEError(.invalidAmount, failure.description, line: lineNumber, field: field, value: self[field])
        }
    }

    /// The field as a calendar date, or `nil` when empty.
    /// - Throws: ``SAEError`` `invalid-date` naming the line, field and value.
    public func date(_ field: SAEField) throws(SAEError) -> CalendarDate? {
        let result: Result<CalendarDate?, CalendarDate.ParseFailure> = withBytes(of: field.number) { bytes in
            if SAERecord.isBlank(bytes) { return .success(nil) }
            return Result { () throws(CalendarDate.ParseFailure) in try CalendarDate.parse(bytes) }.map { Optional($0) }
        }
        switch result {
        case .success(let value): return value
        case .failure(let failure):
            throw SAEError(.invalidDate, failure.description, line: lineNumber, field: field, value: self[field])
        }
    }

    /// The field as a whole number, or `nil` when empty.
    public func integer(_ field: SAEField) throws(SAEError) -> Int? {
        let parsed: Int?? = withBytes(of: field.number) { bytes in
            if SAERecord.isBlank(bytes) { return .some(nil) }
            return SAERecord.parseInteger(bytes).map { Optional($0) }
        }
        guard let parsed else {
            throw SAEError(.invalidInteger, "not a whole number", line: lineNumber, field: field, value: self[field])
        }
        return parsed
    }

    /// The field as a `Y`/`N` flag, or `nil` when empty.
    /// - Parameters:
    ///   - field: the field to read.
    ///   - lenient: also accept `y` and `n`.
    public func flag(_ field: SAEField, lenient: Bool = false) throws(SAEError) -> Bool? {
        let parsed: Bool?? = withBytes(of: field.number) { bytes in
            SAERecord.parseFlag(bytes, lenient: lenient)
        }
        guard let parsed else {
            throw SAEError(.invalidFlag, "a flag is Y or N", line: lineNumber, field: field, value: self[field])
        }
        return parsed
    }

    static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where byte != 0x20 { return false }
        return true
    }

    static func parseInteger(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var value = 0
        var digits = 0
        for byte in bytes {
            if byte == 0x20 {
                continue
            }
            let digit = byte &- 0x30
            guard digit < 10, digits < 18 else { return nil }
            value = value * 10 + Int(digit)
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    /// `true` when the `count` bytes at `start` (1...16) are all digits, which ``parseInteger(_:)`` accepts: one
    /// vector compare. At least 16 bytes must be readable from `start`.
    @inline(__always)
    static func isPlainInteger16(_ start: UnsafeRawPointer, count: Int) -> Bool {
        let digits = SAEStructuralIndex.digitMask(start.loadUnaligned(as: SIMD16<UInt8>.self))
        let inField = UInt32(truncatingIfNeeded: (1 &<< count) &- 1)
        return count >= 1 && count <= 16 && digits & inField == inField
    }

    /// `.some(nil)` for an empty flag, `nil` when invalid.
    static func parseFlag(_ bytes: UnsafeRawBufferPointer, lenient: Bool) -> Bool?? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        if start == end { return .some(nil) }
        guard end - start == 1 else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "Y"): return true
        case UInt8(ascii: "N"): return false
        case UInt8(ascii: "y") where lenient: return true
        case UInt8(ascii: "n") where lenient: return false
        default: return nil
        }
    }
}

/// Debit or credit, as field 168 says.
public enum DebitCredit: String, Sendable, Hashable, Codable {
    case debit = "DR"
    case credit = "CR"
}

/// The fields a posting needs, by name. Each accessor of a required value throws the precise error when the
/// value is missing or malformed.
extension SAERecord {
    public var batchID: String { self[.batchID] }
    public var employeeID: String { self[.employeeID] }
    public var employeeName: String {
        [self[.employeeFirstName], self[.employeeLastName]].filter { !$0.isEmpty }.joined(separator: " ")
    }
    public var reportID: String { self[.reportID] }
    public var reportKey: String { self[.reportKey] }
    public var reportName: String { self[.reportName] }
    public var reimbursementCurrency: String { self[.reimbursementCurrency] }
    public var reportEntryID: String { self[.reportEntryID] }
    public var reportEntryPaymentTypeCode: String { self[.reportEntryPaymentTypeCode] }
    public var payerPaymentType: String { self[.journalPayerPaymentTypeName] }
    public var payeePaymentType: String { self[.journalPayeePaymentTypeName] }
    public var journalAccountCode: String { self[.journalAccountCode] }
    public var journalKey: String { self[.journalKey] }
    public var cashAdvanceTransactionType: String { self[.cashAdvanceTransactionType] }
    public var allocationKey: String { self[.allocationKey] }

    /// Field 4, the 1-based position of the line in its batch.
    public var sequenceNumber: Int {
        get throws(SAEError) {
            guard let value = try integer(.sequenceNumber) else {
                throw SAEError(
                    .invalidInteger,
                    "the sequence number is required",
                    line: lineNumber,
                    field: .sequenceNumber,
                    value: ""
                )
            }
            return value
        }
    }

    /// Field 3.
    public var batchDate: CalendarDate {
        get throws(SAEError) {
            guard let value = try date(.batchDate) else {
                throw SAEError(
                    .invalidDate,
                    "the batch date is required",
                    line: lineNumber,
                    field: .batchDate,
                    value: ""
                )
            }
            return value
        }
    }

    /// Field 168.
    public var debitOrCredit: DebitCredit {
        get throws(SAEError) {
            let text = self[.journalDebitOrCredit]
            guard let value = DebitCredit(rawValue: text) else {
                throw SAEError(
                    .invalidDebitCredit,
                    "must be DR or CR",
                    line: lineNumber,
                    field: .journalDebitOrCredit,
                    value: text
                )
            }
            return value
        }
    }

    /// Field 169, signed: debits positive, credits negative.
    public var journalAmount: Amount {
        get throws(SAEError) {
            guard let value = try amount(.journalAmount) else {
                throw SAEError.missingJournalAmount(line: lineNumber)
            }
            return value
        }
    }

    /// Field 68: the entry is a personal expense.
    public var isPersonal: Bool {
        get throws(SAEError) { try flag(.reportEntryIsPersonal) ?? false }
    }
}
