public import AccountingExtract
import Foundation

extension JournalLine {
    /// A journal line from its values (AccountingExtract builds lines only from SAE records; the ledger reads them
    /// back from the database, and tests and benchmarks make them).
    ///
    /// ```swift
    /// let line = JournalLine(batchID: "567", sequenceNumber: 1, origin: .extract, postingDate: date,
    ///                        account: "6000", debit: Amount(units: 12), credit: .zero, currency: "USD",
    ///                        employeeID: "E1", employeeName: "Chris Miller", reportID: "R1", reportName: "Trip",
    ///                        description: "Hotel", costObject: "CC1", journalKey: "567-1")
    /// ```
    public init(
        batchID: String,
        sequenceNumber: Int,
        origin: Origin,
        postingDate: CalendarDate,
        account: String,
        debit: Amount,
        credit: Amount,
        currency: String,
        employeeID: String,
        employeeName: String,
        reportID: String,
        reportName: String,
        description: String,
        costObject: String,
        journalKey: String
    ) {
        self = Self.template
        self.batchID = batchID
        self.sequenceNumber = sequenceNumber
        self.origin = origin
        self.postingDate = postingDate
        self.account = account
        self.debit = debit
        self.credit = credit
        self.currency = currency
        self.employeeID = employeeID
        self.employeeName = employeeName
        self.reportID = reportID
        self.reportName = reportName
        self.description = description
        self.costObject = costObject
        self.journalKey = journalKey
    }

    /// A line every property of which the initializer above overwrites; decoded once, since the type has no
    /// public memberwise initializer.
    private static let template: JournalLine = {
        let json = #"""
            {"batchID":"","sequenceNumber":0,"origin":"extract","postingDate":"2000-01-01","account":"",
             "debit":"0.0000","credit":"0.0000","currency":"","employeeID":"","employeeName":"","reportID":"",
             "reportName":"","description":"","costObject":"","journalKey":""}
            """#
        do {
            return try JSONDecoder().decode(JournalLine.self, from: Data(json.utf8))
        } catch {
            preconditionFailure("the JournalLine template no longer decodes: \(error)")
        }
    }()
}
