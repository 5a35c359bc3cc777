extension JournalBuilder {
    /// The report being read: its totals and problems, with its id and employee kept as the decoded bytes of
    /// their fields, in buffers reused from one report to the next.
    ///
    /// Most reports balance and are only counted, so their text is never needed: the ``ReportJournalResult`` with
    /// its strings is made (``result()``) only for a report that is kept (unbalanced, or at the edge of a part of
    /// a file checked on several threads). Opening a report copies two fields' bytes and allocates nothing once
    /// the buffers have grown.
    ///
    /// ```swift
    /// var report = OpenReport()
    /// report.open(view)                       // DETAIL line of report 7
    /// report.isSameReport(as: nextView)       // true while the lines carry report 7's id
    /// let kept = report.result()              // ReportJournalResult(reportID: "7", …)
    /// ```
    struct OpenReport: Sendable {
        /// Whether a report is open (`false` before the first line and after ``close()``).
        private(set) var isOpen = false
        /// Field 19 (the report id) and field 5 (the employee id), unquoted.
        private var reportID: [UInt8] = []
        private var employeeID: [UInt8] = []
        var debitTotal = Amount.zero
        var creditTotal = Amount.zero
        private var problems: [String] = []
        private var lines: [Int] = []
        private var problemField: Int?
        private var problemFieldName: String?
        private var problemValue: String?
        private var code = SAEError.Code.unbalancedReport

        /// Whether the report balances: no problem, and equal totals (``ReportJournalResult/isBalanced``).
        var isBalanced: Bool { problems.isEmpty && debitTotal == creditTotal }

        /// `true` when the line's report id, unquoted, has the open report's bytes.
        @inline(__always)
        func isSameReport(as view: SAEFieldView) -> Bool {
            let number = SAEField.Numbers.reportID
            guard isOpen else { return false }
            guard view.isQuoted(number) else {
                return reportID.withUnsafeBytes { SAEFieldView.bytesEqual(view.raw(number), $0) }
            }
            return SAERecord.unquote(ArraySlice(view.raw(number))) == reportID
        }

        /// Starts the report of `view`'s line, reusing the buffers of the last one.
        mutating func open(_ view: SAEFieldView) {
            Self.decode(view, SAEField.Numbers.reportID, into: &reportID)
            Self.decode(view, SAEField.Numbers.employeeID, into: &employeeID)
            isOpen = true
            debitTotal = .zero
            creditTotal = .zero
            problems.removeAll(keepingCapacity: true)
            lines.removeAll(keepingCapacity: true)
            problemField = nil
            problemFieldName = nil
            problemValue = nil
            code = .unbalancedReport
        }

        mutating func close() { isOpen = false }

        /// Records a line that cannot be balanced: the first problem also gives the report its code, field and
        /// value; the first ``JournalBuilder/maximumProblemsKept`` reasons are kept, and every such line.
        mutating func fail(line: Int, _ problem: SAEError) {
            guard isOpen else { return }
            if problems.isEmpty {
                code = problem.code
                problemField = problem.field
                problemFieldName = problem.fieldName
                problemValue = problem.value
            }
            if problems.count < JournalBuilder.maximumProblemsKept {
                problems.append(ReportJournalResult.problem(line: line, problem.message))
            }
            lines.append(line)
        }

        /// The report with its text, as kept in a ``JournalResult``; `nil` when none is open.
        func result() -> ReportJournalResult? {
            guard isOpen else { return nil }
            return ReportJournalResult(
                reportID: String(decoding: reportID, as: UTF8.self),
                employeeID: String(decoding: employeeID, as: UTF8.self),
                debitTotal: debitTotal,
                creditTotal: creditTotal,
                problems: problems,
                lines: lines,
                problemField: problemField,
                problemFieldName: problemFieldName,
                problemValue: problemValue,
                code: code
            )
        }

        /// A field's bytes, unquoted, in place of `buffer`'s.
        private static func decode(_ view: SAEFieldView, _ number: Int, into buffer: inout [UInt8]) {
            buffer.removeAll(keepingCapacity: true)
            let raw = view.raw(number)
            if view.isQuoted(number) {
                buffer.append(contentsOf: SAERecord.unquote(ArraySlice(raw)))
            } else {
                buffer.append(contentsOf: raw)
            }
        }
    }
}
