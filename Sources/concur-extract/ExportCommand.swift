import AccountingExtract
import ArgumentParser
import ExtractSync
import Foundation
import Ledger

/// `concur-extract export`: writes the ledger's journal as CSV or JSON Lines, or the reconciliation.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write the journal (CSV or JSON Lines, in an ERP-neutral layout with a stable column order) or the reconciliation summary.",
        discussion: ExitStatus.help([.success, .failed, .usage, .configuration])
    )

    @OptionGroup var data: DataOptions
    @Option(help: "csv, jsonl, or reconciliation.") var format = "csv"
    @Option(help: "Only this company's batches (its name in the configuration, as sync --company).") var company:
        String?
    @Option(help: "Only this batch (with --company when several companies share the ledger).") var batch: String?
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @Flag(help: "For Excel: a UTF-8 byte order mark before the CSV (csv and reconciliation).") var excel = false
    @Flag(
        help:
            "Round amounts to each currency's minor unit (JPY 0, USD 2, KWD 3 decimals); a report's rounding difference goes to --rounding-account."
    )
    var roundToMinorUnit = false
    @Option(help: "The account that takes rounding differences (with --round-to-minor-unit).") var roundingAccount:
        String?
    @Flag(
        help: "With --format reconciliation: print the summary as one JSON object (accounts, batches) instead of CSV."
    )
    var json = false

    func validate() throws {
        if roundToMinorUnit, (roundingAccount ?? "").isEmpty {
            throw ValidationError("--round-to-minor-unit needs --rounding-account ACCOUNT (where differences go)")
        }
        if roundingAccount != nil, !roundToMinorUnit {
            throw ValidationError("--rounding-account goes with --round-to-minor-unit")
        }
        if json, format != "reconciliation" {
            throw ValidationError("--json goes with --format reconciliation (the journal itself has --format jsonl)")
        }
        if json, excel { throw ValidationError("--excel is for CSV, not --json") }
        if excel, format == "jsonl" { throw ValidationError("--excel is for csv and reconciliation, not jsonl") }
        if roundToMinorUnit, format == "reconciliation" {
            throw ValidationError("--round-to-minor-unit is for the journal (csv, jsonl), not the reconciliation")
        }
    }

    func run() async throws {
        let store = try await data.location.openExisting()
        defer { Task { try? await store.close() } }
        let filter = try await JournalFilter.checked(company: company, batchID: batch, in: store)
        if format == "reconciliation", json {
            let summary = try await store.reconciliation(filter)
            if let output {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                try write(Array(try encoder.encode(summary)) + [0x0A])
            } else {
                try printEncoded(summary)
            }
            return
        }
        if format == "reconciliation" {
            let csv = Array(try await store.reconciliation(filter).csv.utf8)
            try write(excel ? JournalExportFormat.byteOrderMark + csv : csv)
            return
        }
        guard let exportFormat = JournalExportFormat(rawValue: format) else {
            throw ValidationError("the format is csv, jsonl or reconciliation, not '\(format)'")
        }
        let options = JournalExportOptions(
            byteOrderMark: excel,
            rounding: roundToMinorUnit ? roundingAccount.map(JournalRounding.init(account:)) : nil
        )
        let summary: JournalExportSummary
        // Lines written so far, after each page, on a terminal only (TerminalProgress): a large ledger takes seconds.
        // Not while the export itself is printed on the same terminal.
        let display = TerminalProgress()
        let showsProgress = display.enabled && (output != nil || isatty(STDOUT_FILENO) != 1)
        var progress: (@Sendable (Int) -> Void)? = nil
        if showsProgress { progress = { lines in display.show("exporting: \(lines) lines") } }
        defer { display.clear() }
        if let output {
            summary = try await store.exportJournal(
                exportFormat,
                filter,
                options: options,
                toFile: output,
                progress: progress
            )
        } else {
            summary = try await store.exportJournal(exportFormat, filter, options: options, progress: progress) {
                chunk in
                FileHandle.standardOutput.write(Data(chunk))
            }
        }
        // What was added is stated: on standard error, so that standard output stays the export itself.
        if summary.roundingAccount != nil {
            FileHandle.standardError.write(Data((summary.text + "\n").utf8))
        }
    }

    func write(_ bytes: [UInt8]) throws {
        if let output {
            try PrivateFiles.write(bytes, to: output)
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}
