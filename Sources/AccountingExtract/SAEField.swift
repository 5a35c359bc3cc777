/// One of the 400 positional fields of an SAE `DETAIL` line.
///
/// ```swift
/// let field = SAEField.journalAmount
/// print(field.number, field.name)   // 169 Journal Amount
/// print(SAEField.named(42).name)    // Report Custom 2
/// ```
public struct SAEField: Sendable, Hashable, CustomStringConvertible {
    /// How a field's text is to be read.
    public enum Kind: String, Sendable, Hashable {
        case text, date, decimal, signedDecimal, integer, flag, code
    }

    /// The 1-based position on the line.
    public let number: Int
    /// The field's name, as in the spec's field map.
    public let name: String
    /// The type of value the field holds.
    public let kind: Kind
    /// `true` when the type is inferred from the name only (a `?` in the spec).
    public let kindIsInferred: Bool
    /// The section of the field map the field belongs to.
    public let section: String

    init(_ number: Int, _ name: String, _ kind: Kind, inferred: Bool, section: String) {
        self.number = number
        self.name = name
        self.kind = kind
        self.kindIsInferred = inferred
        self.section = section
    }

    /// The number of fields on every `DETAIL` line.
    public static let detailFieldCount = 400
    /// The number of fields on the `EXTRACT` header line.
    public static let headerFieldCount = 5

    /// The field at a 1-based position; positions outside 1...400 give a placeholder named after the number.
    public static func named(_ number: Int) -> SAEField {
        guard number >= 1, number <= catalog.count else {
            return SAEField(number, "Field \(number)", .text, inferred: true, section: "")
        }
        return catalog[number - 1]
    }

    public var description: String { "\(number) (\(name))" }
}

extension SAEField {
    public static let constant = named(1)
    public static let batchID = named(2)
    public static let batchDate = named(3)
    public static let sequenceNumber = named(4)
    public static let employeeID = named(Numbers.employeeID)
    public static let employeeLastName = named(6)
    public static let employeeFirstName = named(7)
    public static let reportID = named(Numbers.reportID)
    public static let reportKey = named(20)
    public static let reimbursementCurrency = named(22)
    public static let reportPaymentProcessingDate = named(26)
    public static let reportName = named(27)
    public static let reportEntryID = named(61)
    public static let reportEntryExpenseTypeName = named(63)
    public static let reportEntryTransactionDate = named(64)
    public static let reportEntryCurrency = named(65)
    public static let reportEntryIsPersonal = named(68)
    public static let reportEntryDescription = named(69)
    public static let reportEntryVendorName = named(70)
    public static let reportEntryPostedAmount = named(124)
    public static let reportEntryPaymentTypeCode = named(Numbers.reportEntryPaymentTypeCode)
    public static let creditCardTransactionID = named(136)
    public static let journalPayerPaymentTypeName = named(Numbers.journalPayerPaymentTypeName)
    public static let journalPayerPaymentCodeName = named(164)
    public static let journalPayeePaymentTypeName = named(Numbers.journalPayeePaymentTypeName)
    public static let journalPayeePaymentCodeName = named(166)
    public static let journalAccountCode = named(Numbers.journalAccountCode)
    public static let journalDebitOrCredit = named(Numbers.journalDebitOrCredit)
    public static let journalAmount = named(Numbers.journalAmount)

    /// The numbers of the fields the checking path reads on every line, as constants: a static `SAEField` is a
    /// lazily initialised global, and reading one costs a call on every line.
    enum Numbers {
        static let employeeID = 5
        static let reportID = 19
        static let reportEntryPaymentTypeCode = 126
        static let journalPayerPaymentTypeName = 163
        static let journalPayeePaymentTypeName = 165
        static let journalAccountCode = 167
        static let journalDebitOrCredit = 168
        static let journalAmount = 169
    }
    public static let journalKey = named(170)
    public static let cashAdvanceTransactionType = named(185)
    public static let cashAdvanceKey = named(187)
    public static let allocationKey = named(189)
    public static let allocationPercentage = named(190)
    public static let allocationCustom1 = named(191)
    public static let reportEntryTaxPostedAmount = named(228)
    public static let reportEntryTaxCode = named(232)
    public static let amountDueEmployee = named(313)
    public static let amountDueCompanyCard = named(314)
}

/// One of the five fields of the `EXTRACT` header line.
public enum SAEHeaderField: Int, Sendable, CaseIterable, CustomStringConvertible {
    case constant = 1
    case batchDate = 2
    case recordCount = 3
    case journalAmountTotal = 4
    case batchID = 5

    /// The field's name, as in the spec.
    public var name: String {
        switch self {
        case .constant: "Constant"
        case .batchDate: "Batch Date"
        case .recordCount: "Record Count"
        case .journalAmountTotal: "Journal Amount Total"
        case .batchID: "Batch ID"
        }
    }

    public var description: String { "\(rawValue) (\(name))" }
}
