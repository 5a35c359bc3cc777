public import FinancialIntegrationAPI
internal import Foundation

extension FISJournalBuilder {
    /// The journal of an invoice (§5.13): each allocation's `journal` debits its `amountGross` to its `accountCode`
    /// (else the allocation's `allocationAccountCode`) — less its tax, which is debited to
    /// ``JournalConfiguration/reclaimableTaxAccount`` — and credits the vendor
    /// (``JournalConfiguration/vendorPayableAccount``). Invoices name no payer or payee: the company owes the vendor.
    ///
    /// ```swift
    /// let lines = try FISJournalBuilder().lines(for: invoice, docId: id, postingDate: date)
    /// ```
    public func lines(
        for document: FISInvoiceDocument,
        docId: String,
        postingDate: CalendarDate
    ) throws(FISJournalError) -> [JournalLine] {
        let header = document.requestHeader
        var writer = FISJournalWriter(
            docId: docId,
            postingDate: postingDate,
            currency: try currency(header.currencyAlphaCode, field: "currencyAlphaCode", docId),
            employee: document.ownerEmployee,
            reportID: header.requestId,
            reportName: header.requestTitle ?? header.vendorInvoiceNumber ?? ""
        )
        for (itemIndex, item) in document.lineItem.enumerated() {
            let itemName = item.lineItemSequenceOrder.map(String.init) ?? "#\(itemIndex + 1)"
            let description = [item.expenseTypeName, item.lineItemDescription].compactMap { $0 }
                .filter { !$0.isEmpty }.joined(separator: ": ")
            for (allocationIndex, allocation) in (item.allocation ?? []).enumerated() {
                let place = FISPlace(
                    docId: docId,
                    entry: "line item " + itemName,
                    allocation: allocation.allocationKey.map(String.init) ?? "#\(allocationIndex + 1)"
                )
                guard let journal = allocation.journal, let grossValue = journal.amountGross else {
                    throw place.error(
                        .unbalanced,
                        "the allocation has no journal amount (amountGross)",
                        field: "amountGross",
                        value: nil
                    )
                }
                let gross = try place.amount(grossValue, field: "amountGross")
                guard
                    let account = [journal.accountCode, allocation.allocationAccountCode].compactMap({ $0 })
                        .map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { !$0.isEmpty })
                else {
                    throw place.error(
                        .missingAccount,
                        "the allocation has no account: set the line's account code in Concur Invoice",
                        field: "accountCode",
                        value: journal.accountCode ?? ""
                    )
                }
                var tax = try place.amount(journal.tax?.amountTax ?? 0, field: "amountTax").magnitude
                if gross.isNegative { tax = -tax }
                let costObject = allocation.customFields["allocationCustom1Code"] ?? ""
                for part in [
                    Part(account: account, amount: gross - tax),
                    Part(account: configuration.reclaimableTaxAccount, amount: tax),
                ] {
                    writer.post(
                        account: part.account,
                        amount: part.amount,
                        offset: configuration.vendorPayableAccount,
                        description: description,
                        costObject: costObject
                    )
                }
            }
        }
        return try writer.balanced()
    }
}
