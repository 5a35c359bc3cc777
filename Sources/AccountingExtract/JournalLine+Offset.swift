extension JournalLine {
    /// Whether this line is the offset of `extract`: the same line of the same batch on another account, with
    /// debit and credit swapped — what ``JournalBuilder`` derives for each DETAIL line.
    ///
    /// ```swift
    /// var offset = extract
    /// offset.origin = .offset
    /// offset.account = "2100-EMPLOYEE-PAYABLE"
    /// (offset.debit, offset.credit) = (extract.credit, extract.debit)
    /// offset.isOffset(of: extract)   // true
    /// ```
    public func isOffset(of extract: JournalLine) -> Bool {
        origin == .offset && extract.origin == .extract
            && sequenceNumber == extract.sequenceNumber && batchID == extract.batchID
            && debit == extract.credit && credit == extract.debit
            && postingDate == extract.postingDate && currency == extract.currency
            && employeeID == extract.employeeID && employeeName == extract.employeeName
            && reportID == extract.reportID && reportName == extract.reportName
            && description == extract.description && costObject == extract.costObject
            && journalKey == extract.journalKey
    }
}
