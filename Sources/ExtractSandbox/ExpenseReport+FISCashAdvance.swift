public import FinancialIntegrationAPI
import Foundation

extension ExpenseReport {
    /// The cash advance this report applies, as the FIS v4 cash advance document of its issue (spec §5.14), or
    /// `nil` when the report applies none: issued to the report's employee in cash (`transactionType` 1,
    /// `paymentMethod` 0, not Expense Pay), with the one `journalData` line of the spec's issuance example —
    /// Dr the cash advance clearing account `1250`, payer `COMP`, payee `EMPL`.
    ///
    /// The advance is issued for the amount the report applies, so the clearing account the issue debits is the
    /// one the report's `cashAdvanceApplication` credits (`cashAdvanceClearingAccountCode` `1250`) and nets to zero
    /// across the two documents. Its business id (GET `docId`) is the advance's key.
    ///
    /// ```swift
    /// if let advance = report.fisCashAdvanceDocument() {
    ///     print(advance.cashAdvanceData.cashAdvanceId, advance.journalData[0].amount)   // CA12 450
    /// }
    /// ```
    public func fisCashAdvanceDocument() -> FISCashAdvanceDocument? {
        guard let cashAdvance else { return nil }
        var data = FISCashAdvanceData(cashAdvanceId: cashAdvance.key)
        data.name = cashAdvance.name
        data.requestAmount = cashAdvance.amount.fisDecimal
        data.currencyAlphaCode = currency
        data.currencyNumCode = .string(currency == "USD" ? "840" : "978")
        data.employeeCurrencyAlphaCode = currency
        data.exchangeRate = 1
        data.requestDate = cashAdvance.issuedDate.fisTimestamp
        data.issuedDate = cashAdvance.issuedDate.fisTimestamp
        data.transactionType = 1
        data.paymentMethod = 0
        data.purpose = name
        data.clearingAccountCode = "1250"
        data.expensePayIndicator = "N"
        data.isTest = "N"
        let issue = FISCashAdvanceJournal(
            accountCode: "1250",
            amount: cashAdvance.amount.fisDecimal,
            debitOrCredit: "DR",
            payer: "COMP",
            payee: "EMPL",
            paymentCode: "Cash"
        )
        return FISCashAdvanceDocument(employeeData: employee.fisEmployee, cashAdvanceData: data, journalData: [issue])
    }
}
