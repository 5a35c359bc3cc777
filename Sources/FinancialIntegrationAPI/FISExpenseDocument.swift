public import Foundation

/// An expense report's financial document (§5.2): employee, report header, entries with allocations, journal
/// lines and tax, and the cash advances applied.
///
/// Amounts are `Decimal`, exact as sent (`0E-8`, `50.00000000`); dates are kept as the strings sent (§5.1).
///
/// ```swift
/// guard case .expense(let report) = try transaction.financialDocument() else { return }
/// print(report.report.reportId, report.report.employeeCurrencyAlphaCode)
/// for entry in report.expenseEntry { print(entry.entryId, entry.entryApprovedAmount ?? 0) }
/// ```
public struct FISExpenseDocument: Codable, Sendable, Hashable {
    public var employee: FISEmployee
    public var report: FISExpenseReport
    public var expenseEntry: [FISExpenseEntry]
    public var cashAdvanceApplication: [FISCashAdvanceApplication]?

    public init(
        employee: FISEmployee,
        report: FISExpenseReport,
        expenseEntry: [FISExpenseEntry],
        cashAdvanceApplication: [FISCashAdvanceApplication]? = []
    ) {
        self.employee = employee
        self.report = report
        self.expenseEntry = expenseEntry
        self.cashAdvanceApplication = cashAdvanceApplication
    }
}

/// `employee` (§5.3); also an invoice's `ownerEmployee` and a cash advance's `employeeData`.
public typealias FISEmployee = FISExtensible<FISEmployeeFields>

/// The fixed fields of ``FISEmployee``.
public struct FISEmployeeFields: Codable, Sendable, Hashable {
    public var employeeId: String?
    public var employeeFirstName: String?
    public var employeeLastName: String?
    public var employeeMI: String?
    public var loginId: String?
    public var employeeReimbursementMethodCode: String?

    public init(
        employeeId: String? = nil,
        employeeFirstName: String? = nil,
        employeeLastName: String? = nil,
        employeeMI: String? = nil,
        loginId: String? = nil,
        employeeReimbursementMethodCode: String? = nil
    ) {
        self.employeeId = employeeId
        self.employeeFirstName = employeeFirstName
        self.employeeLastName = employeeLastName
        self.employeeMI = employeeMI
        self.loginId = loginId
        self.employeeReimbursementMethodCode = employeeReimbursementMethodCode
    }
}

/// `report`, the header (§5.4). `reportId` (the business id) and the reimbursement currency are required.
public typealias FISExpenseReport = FISExtensible<FISExpenseReportFields>

/// The fixed fields of ``FISExpenseReport``.
public struct FISExpenseReportFields: Codable, Sendable, Hashable {
    public var reportId: String
    public var reportKey: Int64?
    public var reportNumber: String?
    public var reportName: String?
    public var policyId: String?
    public var ledgerCode: String?
    /// The reimbursement currency: the currency of every journal amount.
    public var employeeCurrencyAlphaCode: String
    public var homeCountryCode: String?
    public var totalApprovedAmount: Decimal?
    public var cashAdvanceReturnsAmount: Decimal?
    public var payrollPayIndicator: String?
    public var payrollPaymentClearingAccountCode: String?
    public var isTest: String?
    public var reportSubmitDate: String?
    public var reportCreationDate: String?
    public var reportPaymentProcessingDate: String?
    public var reportUserDefinedDate: String?
    public var reportStartDate: String?
    public var reportEndDate: String?
    /// A number in the table, a string (`"1"`) in the examples.
    public var revisionNumber: FISNumberOrString?
    /// A number in the table, a string (`"4"`) in the examples.
    public var versionId: FISNumberOrString?
    public var lastApproverId: String?
    /// Linked travel request ids (`[]` in the examples).
    public var requestId: [String]?

    public init(reportId: String, employeeCurrencyAlphaCode: String) {
        self.reportId = reportId
        self.employeeCurrencyAlphaCode = employeeCurrencyAlphaCode
    }
}

/// One `expenseEntry[]` element (§5.5). `entryId` is required.
public typealias FISExpenseEntry = FISExtensible<FISExpenseEntryFields>

/// The fixed fields of ``FISExpenseEntry``.
public struct FISExpenseEntryFields: Codable, Sendable, Hashable {
    // Identity and description.
    public var entryId: String
    public var legacyEntryId: Int64?
    public var expenseTypeCode: String?
    public var expenseTypeName: String?
    public var entryDate: String?
    public var entryDescription: String?
    public var entryVendorCode: String?
    public var entryVendorDescription: String?
    public var entryLocationName: String?
    public var entryLocationCityName: String?
    public var entryCountryCode: String?
    public var entryCountrySubCode: String?
    public var entryLocationFrom: String?
    public var entryLocationTo: String?
    public var mileage: FISMileage?
    public var requestEntryId: String?
    /// Listed under entries in one table and as an array on the report: both forms are accepted.
    public var requestId: FISStringOrList?
    // Amounts and currency.
    public var entryCurrAlphaCode: String?
    public var reportEntryTransactionAmount: Decimal?
    public var entryExchangeRate: Decimal?
    public var entryExchangeRateDirection: String?
    public var entryApprovedAmount: Decimal?
    // Flags and payment type.
    public var entryIsPersonal: String?
    public var entryIsBillable: String?
    public var entryReceiptType: String?
    public var entryReceiptId: String?
    public var entryElectronicReceiptId: String?
    public var reportEntryPatKey: String?
    public var reportEntryPaymentTypeCode: String?
    public var reportEntryPaymentTypeName: String?
    public var expensePayIndicator: String?
    public var expensePayAccountingIndicator: String?
    public var offsetPayType: String?
    public var clearingAccountCode: String?
    public var liabilityAccountCode: String?
    // Card transactions.
    public var cardAccountID: String?
    public var cardTransactionID: String?
    public var cardProgramTypeCode: String?
    public var cardTransactionAmount: Decimal?
    public var cardTransactionCurrency: String?
    public var cardTransactionPostedAmount: Decimal?
    public var cardTransactionPostedCurrency: String?
    public var cardBillingDate: String?
    public var cardStatementPeriodStartDate: String?
    public var cardStatementPeriodEndDate: String?
    public var cardProcessorReferenceNumber: String?
    // Tax compliance (pass-through).
    public var merchantTaxId: String?
    public var supplierInvoiceId: String?
    public var govInvoiceId: String?
    public var entrySupplierTaxID: String?
    public var entryUuid: String?
    public var companyTaxId: String?
    public var hsnSacCode: String?
    public var placeOfSupplyState: String?
    // Cost split.
    public var allocation: [FISExpenseAllocation]?

    public init(entryId: String, allocation: [FISExpenseAllocation] = []) {
        self.entryId = entryId
        self.allocation = allocation
    }
}

/// One `allocation[]` element (§5.6): the cost split with its journal and tax lines.
public typealias FISExpenseAllocation = FISExtensible<FISExpenseAllocationFields>

/// The fixed fields of ``FISExpenseAllocation``. Personal CBCP entries carry `null` id and percentage.
public struct FISExpenseAllocationFields: Codable, Sendable, Hashable {
    public var allocationId: String?
    public var allocationPercentage: Decimal?
    public var journal: [FISExpenseJournal]?
    public var tax: [FISExpenseTax]?

    public init(
        allocationId: String? = nil,
        allocationPercentage: Decimal? = nil,
        journal: [FISExpenseJournal] = [],
        tax: [FISExpenseTax] = []
    ) {
        self.allocationId = allocationId
        self.allocationPercentage = allocationPercentage
        self.journal = journal
        self.tax = tax
    }
}

/// One `journal[]` posting line (§5.7): the expense side only; payer and payee imply the other side (§5.11).
/// `amountGross`, `journalPayer` and `journalPayee` are required.
public struct FISExpenseJournal: Codable, Sendable, Hashable {
    public var journalAccountCode: String?
    public var journalPayer: String
    public var journalPayee: String
    /// Signed: credits are negative.
    public var amountGross: Decimal
    public var amountNetOfTax: Decimal?
    public var amountNetOfReclaim: Decimal?
    public var amountTax: Decimal?
    public var amountGrossCard: Decimal?
    /// A number in the table, a string in the examples.
    public var cardTransactionReferenceNumber: FISNumberOrString?
    /// Links to `tax[].taxGuid`: an array in the examples, a string in one table.
    public var taxGuid: FISStringOrList?
    public var accountingTransactionType: String?

    public init(journalAccountCode: String?, journalPayer: String, journalPayee: String, amountGross: Decimal) {
        self.journalAccountCode = journalAccountCode
        self.journalPayer = journalPayer
        self.journalPayee = journalPayee
        self.amountGross = amountGross
    }
}

/// One `tax[]` line of an allocation (§5.8).
public struct FISExpenseTax: Codable, Sendable, Hashable {
    /// A string in the examples; an array is accepted too.
    public var taxGuid: FISStringOrList?
    public var taxAuthorityLabel: String?
    public var taxCode: String?
    public var taxReclaimCode: String?
    public var nonDomesticCode: String?
    public var taxSource: String?
    public var amountTax: Decimal?
    /// The reclaimable part of ``amountTax``.
    public var amountReclaim: Decimal?
    public var locationCountryCode: String?
    public var locationCountrySubCode: String?

    public init(taxGuid: FISStringOrList? = nil, amountTax: Decimal? = nil, amountReclaim: Decimal? = nil) {
        self.taxGuid = taxGuid
        self.amountTax = amountTax
        self.amountReclaim = amountReclaim
    }
}

/// One `cashAdvanceApplication[]` element (§5.9); the amount (negative in every example) is required.
public struct FISCashAdvanceApplication: Codable, Sendable, Hashable {
    public var cashAdvanceId: String?
    public var cashAdvanceApplicationAmount: Decimal
    public var cashAdvanceClearingAccountCode: String?
    /// 1 issue / return to admin, 2 application, 3 system carry-forward.
    public var cashAdvanceTransactionType: Int?

    public init(
        cashAdvanceId: String?,
        cashAdvanceApplicationAmount: Decimal,
        cashAdvanceClearingAccountCode: String?,
        cashAdvanceTransactionType: Int? = 2
    ) {
        self.cashAdvanceId = cashAdvanceId
        self.cashAdvanceApplicationAmount = cashAdvanceApplicationAmount
        self.cashAdvanceClearingAccountCode = cashAdvanceClearingAccountCode
        self.cashAdvanceTransactionType = cashAdvanceTransactionType
    }
}

/// An entry's `mileage` (§5.10).
public struct FISMileage: Codable, Sendable, Hashable {
    public var odometerStart: Decimal?
    public var odometerEnd: Decimal?
    public var passengerCount: Decimal?
    public var personalDistance: Decimal?
    public var totalDistance: Decimal?
    public var routeId: String?
    public var hasMobileCanteenOrHeavyLoadAttached: Bool?
    public var hasCaravanAttached: Bool?
    public var hasDogIncluded: Bool?
    public var hasForestOrConstructionSiteRoadInRoute: Bool?
    public var hasForestRoadInRoute: Bool?
    public var isMarkedAsHigherRate: Bool?
    public var hasMachinery: Bool?
    public var hasTrailerAttached: Bool?

    public init(totalDistance: Decimal? = nil, personalDistance: Decimal? = nil) {
        self.totalDistance = totalDistance
        self.personalDistance = personalDistance
    }
}
