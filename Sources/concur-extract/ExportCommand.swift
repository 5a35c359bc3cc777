import AccountingExtract
import ArgumentParser
import Foundation
import Ledger

/// `concur-extract export`: writes the ledger's journal as CSV or JSON Lines, or the reconciliation.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write the journal (CSV or JSON Lines, in an ERP-neutral layout with a stable column order) or the reconciliation summary."
    )

    @OptionGroup var data: DataOptions
    @Option(help: "csv, jsonl, or reconciliation.") var format = "csv"
    @Option(help: "Only this company's batches (its name in the configuration, as sync --company).") var company:
        String?
    @Option(help: "Only this batch (with --company when several companies share the ledger).") var batch: String?
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        let store = try await data.location.openExisting()
        defer { Task { try? await store.close() } }
        let filter = try await JournalFilter.checked(company: company, batchID: batch, in: store)
        if format == "reconciliation" {
            try write(try await store.reconciliation(filter).csv)
            return
        }
        guard let exportFormat = JournalExportFormat(rawValue: format) else {
            throw ValidationError("the format is csv, jsonl or reconciliation, not '\(format)'")
        }
        if let output {
            try await store.exportJournal(exportFormat, filter, toFile: output)
        } else {
            print(try await store.exportJournal(exportFormat, filter), terminator: "")
        }
    }

    func write(_ text: String) throws {
        if let output {
            try PrivateFiles.write(Array(text.utf8), to: output)
        } else {
            print(text, terminator: "")
        }
    }
}
