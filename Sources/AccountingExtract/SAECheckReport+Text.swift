extension SAECheckReport {
    /// `file` or `zip!entry`.
    public var name: String { entry.map { "\(file)!\($0)" } ?? file }

    /// The text `parse` prints for the batch: counts, totals by account, other zip entries, the checks' result.
    ///
    /// ```text
    /// extract.txt: batch 1001 dated 2026-01-15
    ///   lines 152, reports 40, employees 10
    ///   …
    ///   checks: passed
    /// ```
    public var text: String {
        var out = ""
        let batch = batchId.map { "batch \($0) dated \(batchDate ?? "")" } ?? "no valid header"
        out += "\(name): \(batch)\n"
        out += "  lines \(recordCount), reports \(reportCount), employees \(employeeCount)\n"
        var headerTotal = ""
        if batchId != nil, let total = headerJournalAmountTotal, let count = headerRecordCount {
            headerTotal = " (header \(total), header count \(count))"
        }
        out += "  journal amount total \(journalAmountTotal)\(headerTotal)\n"
        let accounts = totalsByAccount.keys.sorted()
        if !accounts.isEmpty {
            let width = max(7, accounts.map(\.count).max() ?? 7)
            func row(_ name: String, _ debit: String, _ credit: String) -> String {
                "  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + Self.pad(debit) + "  "
                    + Self.pad(credit) + "\n"
            }
            out += row("account", "debit", "credit")
            for account in accounts {
                let totals = totalsByAccount[account] ?? Totals(debit: "0.0000", credit: "0.0000")
                out += row(account, totals.debit, totals.credit)
            }
            out += row("total", debitTotal, creditTotal)
        }
        for other in otherFiles { out += "  other file in the zip: \(other.path) (\(other.size) bytes)\n" }
        out += "  reports balanced \(balancedReportCount), unbalanced \(unbalancedReportCount)\n"
        if valid {
            out += "  checks: passed\n"
        } else {
            out += "  checks: FAILED (\(errorCount) error\(errorCount == 1 ? "" : "s"))\n"
            for error in errors { out += "    \(error.description)\n" }
            if errorCount > errors.count { out += "    … and \(errorCount - errors.count) more\n" }
        }
        for warning in warnings { out += "  warning: \(warning.description)\n" }
        if warningCount > warnings.count { out += "  … and \(warningCount - warnings.count) more warnings\n" }
        return out
    }

    static func pad(_ text: String) -> String { String(repeating: " ", count: max(0, 16 - text.count)) + text }
}
