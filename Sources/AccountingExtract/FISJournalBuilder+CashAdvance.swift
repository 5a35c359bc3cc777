public import FinancialIntegrationAPI
internal import Foundation

extension FISJournalBuilder {
    /// The journal of a cash advance document (§5.14): each `journalData` line posts its signed `amount` to its
    /// `accountCode` (``JournalConfiguration/cashAdvanceAccount`` when empty), on the side `debitOrCredit` states,
    /// and the other side to the party that is not `COMP`, as for expense lines. A sign contradicting the side is
    /// refused (``FISJournalError/Code/sign``), as the SAE journal refuses it.
    ///
    /// ```swift
    /// // {"amount": 7000, "payee": "EMPL", "accountCode": "CASH", "debitOrCredit": "DR", "payer": "COMP"}
    /// let lines = try FISJournalBuilder().lines(for: advance, docId: id, postingDate: date)
    /// // Dr CASH 7000 / Cr 2100 (employee) 7000
    /// ```
    public func lines(
        for document: FISCashAdvanceDocument,
        docId: String,
        postingDate: CalendarDate
    ) throws(FISJournalError) -> [JournalLine] {
        let data = document.cashAdvanceData
        var writer = FISJournalWriter(
            docId: docId,
            postingDate: postingDate,
            currency: try currency(
                data.employeeCurrencyAlphaCode ?? data.currencyAlphaCode,
                field: "employeeCurrencyAlphaCode",
                docId
            ),
            employee: document.employeeData,
            reportID: data.cashAdvanceId,
            reportName: data.name ?? ""
        )
        for (index, line) in document.journalData.enumerated() {
            let place = FISPlace(docId: docId, entry: data.cashAdvanceId, journalLine: index + 1)
            let amount = try place.amount(line.amount, field: "amount")
            let side = line.debitOrCredit.uppercased()
            guard side == "DR" || side == "CR" else {
                throw place.error(
                    .sign,
                    "debitOrCredit must be DR or CR",
                    field: "debitOrCredit",
                    value: line.debitOrCredit
                )
            }
            if (side == "DR" && amount.isNegative) || (side == "CR" && amount.tenThousandths > 0) {
                throw place.error(
                    .sign,
                    "the sign of amount \(amount) contradicts \(side)",
                    field: "amount",
                    value: line.amount.description
                )
            }
            let account = line.accountCode.flatMap { $0.isEmpty ? nil : $0 } ?? configuration.cashAdvanceAccount
            writer.post(
                account: account,
                amount: amount,
                offset: try counterAccount(payer: line.payer ?? "", payee: line.payee ?? "", place),
                description: ["Cash advance", data.purpose ?? data.name ?? ""].filter { !$0.isEmpty }
                    .joined(separator: ": "),
                costObject: ""
            )
        }
        return try writer.balanced()
    }
}
