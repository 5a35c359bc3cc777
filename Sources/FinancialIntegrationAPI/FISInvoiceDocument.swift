public import Foundation

/// An invoice's (payment request's) financial document (§5.13): header, owner, vendor and line items.
///
/// Dates are kept as sent: the table says `YYYY-MM-DD`, the example sends `"08/08/2018"` (Conflict).
///
/// ```swift
/// guard case .invoice(let invoice) = try transaction.financialDocument() else { return }
/// print(invoice.requestHeader.requestId, invoice.requestHeader.requestTotal ?? 0)
/// ```
public struct FISInvoiceDocument: Codable, Sendable, Hashable {
    public var requestHeader: FISInvoiceHeader
    public var ownerEmployee: FISEmployee?
    public var vendor: FISInvoiceVendor?
    public var lineItem: [FISInvoiceLineItem]

    public init(
        requestHeader: FISInvoiceHeader,
        ownerEmployee: FISEmployee? = nil,
        vendor: FISInvoiceVendor? = nil,
        lineItem: [FISInvoiceLineItem]
    ) {
        self.requestHeader = requestHeader
        self.ownerEmployee = ownerEmployee
        self.vendor = vendor
        self.lineItem = lineItem
    }
}

/// `requestHeader` (§5.13); `requestId` (the invoice id, GET `docId`) is required.
public typealias FISInvoiceHeader = FISExtensible<FISInvoiceHeaderFields>

/// The fixed fields of ``FISInvoiceHeader``.
public struct FISInvoiceHeaderFields: Codable, Sendable, Hashable {
    public var requestId: String
    public var reqKey: Int64?
    public var requestTitle: String?
    public var requestDescription: String?
    public var vendorInvoiceNumber: String?
    public var invoiceDate: String?
    public var invoiceReceivedDate: String?
    public var paymentDueDate: String?
    public var postingDate: String?
    public var submitDate: String?
    public var requestCreationDate: String?
    public var processCompleteDate: String?
    public var currencyAlphaCode: String?
    /// Lines plus shipping plus tax.
    public var requestTotal: Decimal?
    public var amountNetInvoice: Decimal?
    public var amountShippingTotal: Decimal?
    public var amountTax: Decimal?
    public var amountVAT1: Decimal?
    public var amountVAT2: Decimal?
    public var amountVAT3: Decimal?
    public var amountVAT4: Decimal?
    public var ledgerCode: String?
    public var ledgerName: String?
    public var clearingAccountCode: String?
    /// ACH, client paid, check, PAYPVD, wire, card, VCHER (the example sends `CLIENT`).
    public var payMethodType: String?
    public var invoicePayIndicator: String?
    public var isTest: String?
    public var revisionNumber: FISNumberOrString?
    public var versionId: FISNumberOrString?
    public var poNumber: String?
    public var multiplePurchaseOrder: String?
    public var deliverySlipNumber: String?
    public var discountPercentage: Decimal?
    public var discountTermsDays: FISNumberOrString?
    /// A string (`"30"`) in the example.
    public var netPaymentTermDays: FISNumberOrString?
    public var externalPolicyId: String?
    public var policyName: String?
    public var vendorTaxId: String?

    public init(requestId: String) {
        self.requestId = requestId
    }
}

/// `vendor` (§5.13).
public struct FISInvoiceVendor: Codable, Sendable, Hashable {
    public var vendorCode: String?
    public var vendorName: String?
    public var vendorRemitToAddressCode: String?
    public var vendorShipFromAddressCode: String?
    public var vendorContactFirstName: String?
    public var vendorContactLastName: String?

    public init(vendorCode: String? = nil, vendorName: String? = nil) {
        self.vendorCode = vendorCode
        self.vendorName = vendorName
    }
}

/// One `lineItem[]` element (§5.13).
public typealias FISInvoiceLineItem = FISExtensible<FISInvoiceLineItemFields>

/// The fixed fields of ``FISInvoiceLineItem``.
public struct FISInvoiceLineItemFields: Codable, Sendable, Hashable {
    public var lineItemSequenceOrder: Int64?
    /// May be space-padded (`"2000   "`); kept as sent.
    public var expenseTypeCode: String?
    public var expenseTypeName: String?
    public var lineItemDescription: String?
    public var lineItemCode: String?
    public var lineItemQuantity: Decimal?
    public var lineItemUnitPrice: Decimal?
    public var lineItemPurchaseOrderNumber: String?
    public var lineItemDeliverySlipNumber: String?
    public var poLineNumber: FISNumberOrString?
    public var externalLineItemId: String?
    public var receiptNumbers: [String]?
    public var allocation: [FISInvoiceAllocation]?

    public init(lineItemSequenceOrder: Int64? = nil, allocation: [FISInvoiceAllocation] = []) {
        self.lineItemSequenceOrder = lineItemSequenceOrder
        self.allocation = allocation
    }
}

/// One invoice `allocation[]` element, with its **single-object** `journal`.
public typealias FISInvoiceAllocation = FISExtensible<FISInvoiceAllocationFields>

/// The fixed fields of ``FISInvoiceAllocation``.
public struct FISInvoiceAllocationFields: Codable, Sendable, Hashable {
    public var allocationAccountCode: String?
    public var allocationPercentage: Decimal?
    public var allocationKey: Int64?
    public var journal: FISInvoiceJournal?

    public init(allocationAccountCode: String? = nil, allocationPercentage: Decimal? = nil, journal: FISInvoiceJournal?)
    {
        self.allocationAccountCode = allocationAccountCode
        self.allocationPercentage = allocationPercentage
        self.journal = journal
    }
}

/// An invoice allocation's `journal` object.
public struct FISInvoiceJournal: Codable, Sendable, Hashable {
    public var accountCode: String?
    public var amountShipping: Decimal?
    public var amountNet: Decimal?
    public var amountGross: Decimal?
    public var tax: FISInvoiceTax?

    public init(accountCode: String?, amountNet: Decimal?, amountGross: Decimal?) {
        self.accountCode = accountCode
        self.amountNet = amountNet
        self.amountGross = amountGross
    }
}

/// An invoice journal's `tax` (`null` in the example).
public struct FISInvoiceTax: Codable, Sendable, Hashable {
    public var amountTax: Decimal?
    public var taxCode: String?
    public var taxField: String?

    public init(amountTax: Decimal? = nil, taxCode: String? = nil, taxField: String? = nil) {
        self.amountTax = amountTax
        self.taxCode = taxCode
        self.taxField = taxField
    }
}
