import AccountingExtract
import Foundation

/// The check of one batch: a plain SAE file, or one SAE entry of a zip.
struct ParseOutcome {
    var file: String
    var entry: String?
    var otherEntries: [ExtractArchive.Entry]
    var result: SAECheckResult

    /// Checks a file, or each SAE entry of a zip (other entries are listed on the first outcome).
    static func check(file: String, mode: SAEReader.Mode) throws -> [ParseOutcome] {
        let options = SAEReader.Options(mode: mode)
        guard ExtractArchive.isZip(path: file) else {
            let threads = ProcessInfo.processInfo.activeProcessorCount
            return [
                ParseOutcome(
                    file: file,
                    entry: nil,
                    otherEntries: [],
                    result: try SAEFile.check(path: file, options: options, threads: threads)
                )
            ]
        }
        let archive = try ExtractArchive(path: file)
        let others = archive.entries.filter { !$0.isSAE }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "concur-extract-\(UUID().uuidString)"
        ).path
        try PrivateFiles.createDirectory(directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var outcomes: [ParseOutcome] = []
        for entry in archive.entries where entry.isSAE {
            let extracted = try archive.extract(entry, into: directory)
            let reader = try SAEReader(path: extracted, options: options)
            var result = SAEFile.check(reader: reader)
            let label = "\(file)!\(entry.path)"
            result.summary.file = label
            result.summary.errors = result.summary.errors.map { error in
                var copy = error
                copy.file = label
                return copy
            }
            outcomes.append(
                ParseOutcome(
                    file: file,
                    entry: entry.path,
                    otherEntries: outcomes.isEmpty ? others : [],
                    result: result
                )
            )
        }
        if outcomes.isEmpty {
            throw SAEError(
                .notAnExtract,
                "the zip holds no SAE file (entries: \(archive.entries.map(\.path).joined(separator: ", ")))",
                file: file
            )
        }
        return outcomes
    }

    var name: String { entry.map { "\(file)!\($0)" } ?? file }

    func text() -> String {
        let summary = result.summary
        var out = ""
        let batch = summary.header.map { "batch \($0.batchID) dated \($0.batchDate)" } ?? "no valid header"
        out += "\(name): \(batch)\n"
        out += "  lines \(summary.recordCount), reports \(summary.reportCount), employees \(summary.employeeCount)\n"
        let headerTotal =
            summary.header.map { " (header \($0.journalAmountTotal.formatted()), header count \($0.recordCount))" }
            ?? ""
        out += "  journal amount total \(summary.journalAmountTotal.formatted())\(headerTotal)\n"
        let accounts = result.journal.totalsByAccount.keys.sorted()
        if !accounts.isEmpty {
            let width = max(7, accounts.map(\.count).max() ?? 7)
            out +=
                "  " + "account".padding(toLength: width, withPad: " ", startingAt: 0) + "  " + pad("debit") + "  "
                + pad("credit") + "\n"
            for account in accounts {
                let totals = result.journal.totalsByAccount[account] ?? AccountTotals()
                out +=
                    "  " + account.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + pad(totals.debit.formatted()) + "  " + pad(totals.credit.formatted()) + "\n"
            }
            out +=
                "  " + "total".padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + pad(result.journal.debitTotal.formatted()) + "  " + pad(result.journal.creditTotal.formatted()) + "\n"
        }
        for other in otherEntries {
            out += "  other file in the zip: \(other.path) (\(other.uncompressedSize) bytes)\n"
        }
        out +=
            "  reports balanced \(result.journal.balancedReportCount), unbalanced \(result.journal.unbalancedReportCount)\n"
        if result.isValid {
            out += "  checks: passed\n"
        } else {
            out += "  checks: FAILED (\(summary.errorCount) error\(summary.errorCount == 1 ? "" : "s"))\n"
            for error in summary.errors { out += "    \(error)\n" }
            if summary.errorCount > summary.errors.count {
                out += "    … and \(summary.errorCount - summary.errors.count) more\n"
            }
        }
        for warning in summary.warnings { out += "  warning: \(warning)\n" }
        if summary.warningCount > summary.warnings.count {
            out += "  … and \(summary.warningCount - summary.warnings.count) more warnings\n"
        }
        return out
    }

    private func pad(_ text: String) -> String {
        String(repeating: " ", count: max(0, 16 - text.count)) + text
    }

    func jsonLine() -> String {
        let summary = result.summary
        func errorObject(_ error: SAEError) -> [String: Any] {
            var object: [String: Any] = [
                "code": error.code.rawValue, "message": error.message, "line": error.line as Any? ?? NSNull(),
                "field": error.field as Any? ?? NSNull(),
            ]
            object["fieldName"] = error.fieldName ?? NSNull()
            object["value"] = error.value ?? NSNull()
            object["description"] = error.description
            return object
        }
        var totals: [String: Any] = [:]
        for (account, value) in result.journal.totalsByAccount {
            totals[account] = ["debit": value.debit.formatted(), "credit": value.credit.formatted()]
        }
        let object: [String: Any] = [
            "file": file,
            "entry": entry ?? NSNull(),
            "batchId": summary.header?.batchID ?? NSNull(),
            "batchDate": summary.header?.batchDate.description ?? NSNull(),
            "recordCount": summary.recordCount,
            "headerRecordCount": summary.header?.recordCount ?? NSNull(),
            "reportCount": summary.reportCount,
            "employeeCount": summary.employeeCount,
            "journalAmountTotal": summary.journalAmountTotal.formatted(),
            "headerJournalAmountTotal": summary.header?.journalAmountTotal.formatted() ?? NSNull(),
            "totalsByAccount": totals,
            "debitTotal": result.journal.debitTotal.formatted(),
            "creditTotal": result.journal.creditTotal.formatted(),
            "balancedReportCount": result.journal.balancedReportCount,
            "unbalancedReportCount": result.journal.unbalancedReportCount,
            "valid": result.isValid,
            "errorCount": summary.errorCount,
            "errors": summary.errors.map(errorObject),
            "warnings": summary.warnings.map(errorObject),
            "warningCount": summary.warningCount,
            "otherFiles": otherEntries.map { ["path": $0.path, "size": $0.uncompressedSize] as [String: Any] },
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
