public import AccountingExtract

extension ExpenseReportGenerator {
    /// Writes an SAE file of `reports` generated reports spread over `employees` new employees, submitted in the
    /// days before `batchDate`, streaming: memory stays flat whatever the size (the lines go through the writer's
    /// 1 MiB buffer to its spool file; the header, known at the end, is written first by ``SAEWriter/finish()``,
    /// durably). The same seed and arguments give the same bytes. `progress` is called with the reports and the
    /// bytes written so far, every few dozen reports and once at the end.
    ///
    /// ```swift
    /// var generator = ExpenseReportGenerator(seed: 7)
    /// let written = try generator.writeSAEFile(to: "batch.txt", reports: 500, employees: 12, batchID: "1001",
    ///                                          batchDate: date) { reports, bytes in print(reports, bytes) }
    /// print(written.text, terminator: "")   // wrote batch.txt: batch 1001, 1968 lines, total …
    /// ```
    public mutating func writeSAEFile(
        to path: String,
        reports: Int,
        employees: Int,
        batchID: String,
        batchDate: CalendarDate,
        options: SAEWriter.Options = .init(),
        progress: (_ reports: Int, _ bytes: Int) -> Void = { _, _ in }
    ) throws(SAEError) -> SAEWrittenFile {
        let staff = self.employees(count: employees)
        let writer = try SAEWriter(batchID: batchID, batchDate: batchDate, path: path, options: options)
        var done = 0
        while done < reports {
            // Small chunks: the reports of one chunk are in memory at once, and progress is shown between them.
            let chunk = min(reports - done, 64)
            try writer.append(reports: self.reports(count: chunk, employees: staff, before: batchDate))
            done += chunk
            progress(done, writer.detailByteCount)
        }
        let written = SAEWrittenFile(file: path, header: writer.header)
        try writer.finish()
        return written
    }
}
