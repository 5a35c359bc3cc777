import AccountingExtract
import Foundation

extension ReconciliationSummary {
    /// The totals by account and each batch's header check, as `demo` prints a batch's summary (`""` when it has
    /// no lines).
    ///
    /// ```swift
    /// print(try await store.reconciliation(.batch("1001", company: "demo")).text(title: "batch 1001"), terminator: "")
    /// // totals by account, batch 1001:
    /// //   account            debit          credit
    /// //   2100                0.0000        812.4000 …
    /// ```
    public func text(title: String) -> String {
        guard !accounts.isEmpty else { return "" }
        func pad(_ text: String) -> String { String(repeating: " ", count: max(0, 16 - text.count)) + text }
        var text = "totals by account, \(title):\n  account            debit          credit\n"
        var debit = Amount.zero
        var credit = Amount.zero
        for line in accounts.sorted(by: { $0.account < $1.account }) {
            text +=
                "  " + line.account.padding(toLength: 8, withPad: " ", startingAt: 0) + pad(line.debit.formatted())
                + pad(line.credit.formatted()) + "\n"
            debit += line.debit
            credit += line.credit
        }
        text += "  total   " + pad(debit.formatted()) + pad(credit.formatted()) + "\n"
        for line in batches {
            text +=
                "  header: \(line.headerRecordCount) records, total \(line.headerTotal.formatted()); loaded: \(line.loadedRecordCount) records, \(line.loadedTotal.formatted()); \(line.matchesHeader ? "reconciled" : "MISMATCH")\n"
        }
        return text
    }
}
