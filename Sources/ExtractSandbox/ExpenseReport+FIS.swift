public import AccountingExtract
public import FinancialIntegrationAPI
import Foundation

extension ExpenseReport {
    /// The report as an FIS v4 expense document (spec §5.2–5.9), from the same seeded data as its SAE lines
    /// (``saeLines(batchID:batchDate:firstSequence:)``): employee, header, one `expenseEntry` per entry with its
    /// allocations, journal lines (payer/payee codes of §5.7) and VAT lines, and the cash advance applied.
    ///
    /// Every document balances under the counter-posting rule of §5.11: each journal line has `COMP` on one
    /// side, `amountNetOfReclaim` plus the linked `tax[].amountReclaim` is `amountGross`, and the employee
    /// nets to what the SAE says is due to them. Card entries are `CBCP` (company billed), or `IBCP` when the
    /// card transaction number is odd and the charge is business; a personal card charge is `CBCP` with the two
    /// journal lines of Ex 6.2.1. Amounts are in the report's currency, exact to 4 places.
    ///
    /// ```swift
    /// let document = report.fisDocument()
    /// print(document.report.reportId, document.expenseEntry.count)
    /// ```
    public func fisDocument() -> FISExpenseDocument {
        var header = FISExpenseReportFields(reportId: id, employeeCurrencyAlphaCode: currency)
        header.reportKey = Int64(key)
        header.reportNumber = String(String(Int(key) ?? 0, radix: 36, uppercase: true).leftPadded(to: 6).suffix(6))
        header.reportName = String(name.prefix(40))
        header.policyId = "STANDARD"
        header.ledgerCode = "DEFAULT"
        header.homeCountryCode = employee.country
        header.totalApprovedAmount =
            entries.reduce(Amount.zero) { $0 + ($1.isPersonal ? .zero : $1.postedAmount) }
            .fisDecimal
        header.cashAdvanceReturnsAmount = 0
        header.isTest = "N"
        header.reportSubmitDate = submitDate.fisTimestamp
        header.reportCreationDate = submitDate.fisTimestamp
        header.reportPaymentProcessingDate = paymentDate.fisTimestamp
        header.reportUserDefinedDate = submitDate.fisTimestamp
        header.revisionNumber = .string("1")
        header.versionId = .string("4")
        header.requestId = []
        let fisReport = FISExpenseReport(header, customFields: ["reportOrgUnit1Code": employee.costCenter])
        let applications = cashAdvance.map { advance in
            [
                FISCashAdvanceApplication(
                    cashAdvanceId: advance.key,
                    cashAdvanceApplicationAmount: (-advance.amount).fisDecimal,
                    cashAdvanceClearingAccountCode: "1250"
                )
            ]
        }
        return FISExpenseDocument(
            employee: employee.fisEmployee,
            report: fisReport,
            expenseEntry: entries.map { $0.fisEntry(employee: employee) },
            cashAdvanceApplication: applications ?? []
        )
    }
}

extension Employee {
    /// The employee as FIS documents carry them (`employee` of an expense report, `employeeData` of a cash
    /// advance).
    var fisEmployee: FISEmployee {
        var fields = FISEmployeeFields(
            employeeId: id,
            employeeFirstName: firstName,
            employeeLastName: lastName,
            loginId: email,
            employeeReimbursementMethodCode: "APCHECK"
        )
        fields.employeeMI = nil
        return FISEmployee(fields, customFields: ["employeeOrgUnit1Code": costCenter, "employeeCustom1Code": country])
    }
}

extension ExpenseEntry {
    /// The five-letter expense type codes of the generator's types.
    static let fisExpenseTypeCodes = [
        "Airfare": "AIRFR", "Hotel": "LODNG", "Meals": "MEALS", "Taxi": "TAXIX", "Car Rental": "CARRT",
        "Office Supplies": "OFCSP", "Conference Fees": "CONFR",
    ]

    /// The FIS payment code of the party paid (`journalPayee` of a business line, §5.7).
    var fisPaymentCode: String {
        switch payment {
        case .outOfPocket: return "EMPL"
        case .companyPaid: return "COPD"
        case .companyCard:
            let number = Int(cardTransactionID.dropFirst(3)) ?? 0
            return !isPersonal && number % 2 == 1 ? "IBCP" : "CBCP"
        }
    }

    /// `reportEntryPatKey`: the payment type.
    var fisPaymentType: (key: String, name: String) {
        switch payment {
        case .outOfPocket: return ("CASH", "Cash")
        case .companyPaid: return ("COPD", "Company Paid")
        case .companyCard:
            return fisPaymentCode == "IBCP"
                ? ("IBCP", "Individual Billed/Company Paid") : ("CBCP", "Company Billed/Company Paid")
        }
    }

    func fisEntry(employee: Employee) -> FISExpenseEntry {
        var fields = FISExpenseEntryFields(entryId: id, allocation: fisAllocations(employee: employee))
        fields.legacyEntryId = Int64(id)
        fields.expenseTypeCode = Self.fisExpenseTypeCodes[expenseType] ?? "OTHER"
        fields.expenseTypeName = expenseType
        fields.entryDate = transactionDate.fisTimestamp
        fields.entryDescription = String(description.prefix(64))
        fields.entryVendorDescription = String(vendor.prefix(64))
        fields.entryCurrAlphaCode = transactionCurrency
        fields.reportEntryTransactionAmount = transactionAmount.fisDecimal
        fields.entryExchangeRate = exchangeRate.fisDecimal
        fields.entryExchangeRateDirection = "M"
        fields.entryApprovedAmount = isPersonal ? 0 : postedAmount.fisDecimal
        fields.entryIsPersonal = isPersonal ? "Y" : "N"
        fields.entryIsBillable = "N"
        fields.entryReceiptType = taxAmount == nil ? "R" : "T"
        let type = fisPaymentType
        fields.reportEntryPatKey = type.key
        fields.reportEntryPaymentTypeCode = type.key
        fields.reportEntryPaymentTypeName = type.name
        fields.expensePayIndicator = "N"
        fields.offsetPayType = "N"
        if isPersonal { fields.clearingAccountCode = accountCode }
        if transactionCurrency == "EUR" || transactionCurrency == "GBP" {
            fields.entryCountryCode = transactionCurrency == "EUR" ? "DE" : "GB"
        }
        if payment == .companyCard {
            fields.cardAccountID = "XXXXXXXXXXX1005"
            fields.cardTransactionID = cardTransactionID
            fields.cardProgramTypeCode = "AX"
            fields.cardTransactionAmount = transactionAmount.fisDecimal
            fields.cardTransactionCurrency = transactionCurrency
            fields.cardTransactionPostedAmount = postedAmount.fisDecimal
            fields.cardTransactionPostedCurrency = "USD"
            fields.cardBillingDate = transactionDate.fisTimestamp
        }
        return FISExpenseEntry(fields, customFields: ["entryOrgUnit1Code": employee.costCenter])
    }

    /// One allocation per cost split (one of 100 % when the entry is not split); a personal card charge has one
    /// allocation with no id and no percentage and the two journal lines of Ex 6.2.1.
    func fisAllocations(employee: Employee) -> [FISExpenseAllocation] {
        if isPersonal {
            var charge = FISExpenseJournal(
                journalAccountCode: accountCode,
                journalPayer: "COMP",
                journalPayee: "CBCP",
                amountGross: postedAmount.fisDecimal
            )
            charge.amountNetOfTax = charge.amountGross
            charge.amountNetOfReclaim = charge.amountGross
            var recovery = FISExpenseJournal(
                journalAccountCode: accountCode,
                journalPayer: "EMPL",
                journalPayee: "COMP",
                amountGross: (-postedAmount).fisDecimal
            )
            recovery.amountNetOfTax = recovery.amountGross
            recovery.amountNetOfReclaim = recovery.amountGross
            return [FISExpenseAllocation(FISExpenseAllocationFields(journal: [charge, recovery]))]
        }
        let parts =
            allocations.isEmpty
            ? [
                Allocation(
                    id: id + "A0",
                    costCenter: employee.costCenter,
                    percentage: Amount(units: 100),
                    amount: postedAmount
                )
            ]
            : allocations
        var taxLeft = taxAmount ?? .zero
        return parts.enumerated().map { index, part in
            // The tax of each split is its share, the last taking the rounding rest.
            let share: Amount
            if index == parts.count - 1 {
                share = taxLeft
            } else {
                share = Amount(
                    tenThousandths: (taxAmount ?? .zero).tenThousandths * part.amount.tenThousandths
                        / max(1, postedAmount.tenThousandths)
                )
            }
            taxLeft -= share
            var journal = FISExpenseJournal(
                journalAccountCode: accountCode,
                journalPayer: "COMP",
                journalPayee: fisPaymentCode,
                amountGross: part.amount.fisDecimal
            )
            journal.amountNetOfTax = (part.amount - share).fisDecimal
            journal.amountNetOfReclaim = (part.amount - share).fisDecimal
            if payment == .companyCard { journal.amountGrossCard = part.amount.fisDecimal }
            if payment == .companyCard { journal.cardTransactionReferenceNumber = .string(cardTransactionID) }
            var taxes: [FISExpenseTax] = []
            if taxAmount != nil {
                let guid = (id + part.id + "TAX").fisHexDigest
                journal.taxGuid = .list([guid])
                var tax = FISExpenseTax(
                    taxGuid: .single(guid),
                    amountTax: share.fisDecimal,
                    amountReclaim: share.fisDecimal
                )
                let german = transactionCurrency == "EUR"
                tax.taxAuthorityLabel = german ? "DEVAT" : "GBVAT"
                tax.taxCode = taxCode
                tax.taxReclaimCode = "VA"
                tax.nonDomesticCode = "VA"
                tax.taxSource = "SYST"
                tax.locationCountryCode = german ? "DE" : "GB"
                taxes = [tax]
            }
            return FISExpenseAllocation(
                FISExpenseAllocationFields(
                    allocationId: part.id.fisHexDigest,
                    allocationPercentage: part.percentage.fisDecimal,
                    journal: [journal],
                    tax: taxes
                ),
                customFields: ["allocationCustom1Code": part.costCenter]
            )
        }
    }
}

extension Amount {
    /// The exact decimal value (4 places), as FIS amounts are sent.
    var fisDecimal: Decimal {
        Decimal(
            sign: tenThousandths < 0 ? .minus : .plus,
            exponent: -Amount.scale,
            significand: Decimal(tenThousandths.magnitude)
        )
    }
}

extension CalendarDate {
    /// `yyyy-mm-ddT00:00:00.000Z`, the FIS date form (§5.1).
    var fisTimestamp: String { description + "T00:00:00.000Z" }
}

extension String {
    /// 32 upper-case hex characters derived from the text (FIS-style opaque ids of allocations and tax lines).
    var fisHexDigest: String {
        var random = SeededRandomNumberGenerator(seed: hashValueStable)
        return (0..<2).map { _ in String(random.next(), radix: 16, uppercase: true).leftPadded(to: 16) }.joined()
    }
}
