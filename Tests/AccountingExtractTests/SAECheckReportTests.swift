import ExtractTesting
import Foundation
import Testing

@testable import AccountingExtract

/// `parse`'s report in the library: its JSON equals the `[String: Any]` object the command line assembled before
/// (kept here as the oracle), its text equals the text `parse` printed, and it round-trips through its JSON.
@Suite struct SAECheckReportTests {
    static let sample =
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(
            "Samples/extract_CES_SAE_v3_p0000001demo_20260115060000.txt"
        )

    /// The JSON line as `ParseOutcome.jsonLine()` made it.
    static func oracleJSON(_ check: SAEFileCheck) -> String {
        let summary = check.result.summary
        let result = check.result
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
            "file": check.file,
            "entry": check.entry ?? NSNull(),
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
            "otherFiles": check.otherEntries.map { ["path": $0.path, "size": $0.uncompressedSize] as [String: Any] },
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The text as `ParseOutcome.text()` made it.
    static func oracleText(_ check: SAEFileCheck) -> String {
        let summary = check.result.summary
        let result = check.result
        func pad(_ text: String) -> String { String(repeating: " ", count: max(0, 16 - text.count)) + text }
        var out = ""
        let batch = summary.header.map { "batch \($0.batchID) dated \($0.batchDate)" } ?? "no valid header"
        out += "\(check.name): \(batch)\n"
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
        for other in check.otherEntries {
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

    /// The sample, damaged variants of it (bad amounts, short and unknown lines, a broken header), and a zip.
    static func checks() throws -> [SAEFileCheck] {
        let original = try String(contentsOf: sample, encoding: .utf8)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var files: [(String, SAEReader.Mode)] = [(sample.path, .strict)]
        var badAmount = lines
        for index in [4, 9, 20] {
            var fields = badAmount[index].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            if let amount = fields.firstIndex(where: { $0.hasPrefix("+") && $0.contains(".") }) {
                fields[amount] = "12,50"
            }
            badAmount[index] = fields.joined(separator: "|")
        }
        files.append((try TemporaryFile.write(badAmount.joined(separator: "\n"), name: "bad.txt"), .strict))
        var short = lines
        short[6] = String(short[6].prefix(60))
        short.insert("NONSENSE|x", at: 8)
        files.append((try TemporaryFile.write(short.joined(separator: "\n"), name: "short.txt"), .lenient))
        files.append((try TemporaryFile.write(short.joined(separator: "\n"), name: "short.txt"), .strict))
        var noHeader = lines
        noHeader[0] = "EXTRACT|garbage"
        files.append((try TemporaryFile.write(noHeader.joined(separator: "\n"), name: "nohead.txt"), .strict))
        var zip = RawZip()
        try zip.add("extract/sae.txt", Array(original.utf8))
        try zip.add("extract/readme.pdf", Array("not SAE".utf8))
        try zip.add("extract/bad.txt", Array(badAmount.joined(separator: "\n").utf8))
        let zipPath = (try TemporaryFile.directory() as NSString).appendingPathComponent("extract.zip")
        try zip.write(to: zipPath)
        files.append((zipPath, .strict))
        return try files.flatMap { try SAEFileCheck.check(file: $0.0, mode: $0.1) }
    }

    @Test func theReportIsWhatParsePrinted() throws {
        let checks = try Self.checks()
        #expect(checks.count == 7, "five files and a zip of two SAE entries")
        #expect(checks.contains { !$0.result.isValid } && checks.contains { $0.result.isValid })
        #expect(checks.contains { !$0.result.summary.warnings.isEmpty })
        #expect(checks.contains { !$0.otherEntries.isEmpty })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for check in checks {
            let report = check.report
            #expect(String(decoding: try encoder.encode(report), as: UTF8.self) == Self.oracleJSON(check))
            #expect(report.text == Self.oracleText(check))
            #expect(try JSONDecoder().decode(SAECheckReport.self, from: try encoder.encode(report)) == report)
        }
    }

    @Test func aZipWithoutAnSAEFileIsRefusedNamingIt() throws {
        var zip = RawZip()
        try zip.add("readme.pdf", Array("not SAE".utf8))
        let path = (try TemporaryFile.directory() as NSString).appendingPathComponent("empty.zip")
        try zip.write(to: path)
        #expect(throws: SAEError.self) { try SAEFileCheck.check(file: path, mode: .strict) }
        do {
            _ = try SAEFileCheck.check(file: path, mode: .strict)
        } catch let error as SAEError {
            #expect(error.code == .notAnExtract && error.file == path && error.message.contains("readme.pdf"))
        }
    }
}
