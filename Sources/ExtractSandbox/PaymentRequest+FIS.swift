public import FinancialIntegrationAPI
import Foundation

extension PaymentRequest {
    /// The payment request as an FIS v4 invoice document (spec §5.13), from the same seeded data as its Invoice
    /// extract lines: the vendor, one `lineItem` per line with one allocation of 100 % whose single-object
    /// `journal` carries the line's account and amount (no tax, no shipping: the generator's invoices have none).
    ///
    /// It balances under ``FISJournalBuilder``'s invoice rule: the lines' `amountGross` sum to `requestTotal`, all
    /// owed to the vendor. Dates are `yyyy-mm-dd` (the spec's table; its example's `08/08/2018` is a Conflict).
    ///
    /// ```swift
    /// let invoice = request.fisDocument()
    /// print(invoice.requestHeader.requestId, invoice.requestHeader.requestTotal ?? 0)
    /// ```
    public func fisDocument() -> FISInvoiceDocument {
        var header = FISInvoiceHeaderFields(requestId: id)
        header.reqKey = Int64(id.dropFirst(2))
        header.requestTitle = "\(vendorName) \(invoiceNumber)"
        header.vendorInvoiceNumber = invoiceNumber
        header.invoiceDate = invoiceDate.description
        header.invoiceReceivedDate = invoiceDate.description
        header.paymentDueDate = dueDate.description
        header.postingDate = invoiceDate.description
        header.submitDate = invoiceDate.description
        header.requestCreationDate = invoiceDate.description
        header.currencyAlphaCode = currency
        header.requestTotal = total.fisDecimal
        header.amountNetInvoice = total.fisDecimal
        header.amountShippingTotal = 0
        header.amountTax = 0
        header.ledgerCode = "DEFAULT"
        header.payMethodType = "CLIENT"
        header.isTest = "N"
        header.revisionNumber = .string("1")
        header.versionId = .string("1")
        var vendor = FISInvoiceVendor(vendorCode: vendorCode, vendorName: vendorName)
        vendor.vendorRemitToAddressCode = vendorCode + "-R1"
        let items = lines.map { line in
            var journal = FISInvoiceJournal(
                accountCode: line.accountCode,
                amountNet: line.amount.fisDecimal,
                amountGross: line.amount.fisDecimal
            )
            journal.amountShipping = 0
            var allocation = FISInvoiceAllocationFields(
                allocationAccountCode: line.accountCode,
                allocationPercentage: 100,
                journal: journal
            )
            allocation.allocationKey = Int64(line.number)
            var item = FISInvoiceLineItemFields(
                lineItemSequenceOrder: Int64(line.number),
                allocation: [FISInvoiceAllocation(allocation, customFields: ["allocationCustom1Code": line.costCenter])]
            )
            item.expenseTypeCode = line.accountCode
            item.expenseTypeName = line.description
            item.lineItemDescription = line.description
            item.lineItemQuantity = 1
            item.lineItemUnitPrice = line.amount.fisDecimal
            return FISInvoiceLineItem(item)
        }
        return FISInvoiceDocument(
            requestHeader: FISInvoiceHeader(header),
            vendor: vendor,
            lineItem: items
        )
    }
}
