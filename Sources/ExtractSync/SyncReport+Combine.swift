import Foundation

extension SyncReport {
    /// The report of two runs of one company read one after the other (a FIS company's document types): units,
    /// foreign and unreachable units and confirmations of both; "nothing new" only when neither brought anything;
    /// the quarantine count of the later run (it counts the company's whole quarantine).
    ///
    /// ```swift
    /// let report = cashAdvances.adding(expenseReports)
    /// ```
    public func adding(_ later: SyncReport) -> SyncReport {
        var report = self
        report.jobs += later.jobs
        report.foreignJobs += later.foreignJobs
        report.unreachableJobs += later.unreachableJobs
        report.confirmations += later.confirmations
        report.nothingNew = nothingNew != nil && later.nothingNew != nil ? later.nothingNew : nil
        report.quarantineWaiting = later.quarantineWaiting ?? quarantineWaiting
        report.startInFlight = startInFlight ?? later.startInFlight
        return report
    }
}
