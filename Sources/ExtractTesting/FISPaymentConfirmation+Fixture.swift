public import FinancialIntegrationAPI

/// Test fixtures of the FIS wire types, shared by the sandbox's and the client's tests.
extension FISPaymentConfirmation {
    /// A payment confirmation of `docID` (completely paid unless `status` says otherwise): one clearing of USD 10
    /// on 2026-01-16 under the payment reference `ref`.
    ///
    /// ```swift
    /// let payments: [FISPaymentConfirmation] = [.paid(docID, ref: "PAY-1"), .paid(other, .partiallyPaid, ref: "PAY-2")]
    /// ```
    public static func paid(
        _ docID: String,
        _ status: FISProcessingStatusCode = .completelyPaid,
        ref: String
    ) -> FISPaymentConfirmation {
        FISPaymentConfirmation(
            docId: docID,
            processingStatusCode: status,
            clearingDetails: [
                FISClearingDetail(
                    clearingDate: "20260116",
                    clearingAmount: 10,
                    clearingCurrency: "USD",
                    clearingReference: FISClearingReference(
                        companyCode: "US01",
                        financialDocumentId: "1",
                        fiscalYear: .string("2026"),
                        paymentRef: ref,
                        paymentMethod: "E"
                    )
                )
            ]
        )
    }
}
