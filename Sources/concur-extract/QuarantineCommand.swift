import ArgumentParser
import ExtractSync
import Foundation
import Ledger

/// `concur-extract quarantine list | show ID | reload ID | release ID --note TEXT`: the quarantine workflow.
struct QuarantineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "List, show, reload or release quarantined files (Concur already marked their reports extracted).",
        discussion: """
            A quarantined file's money waits in the archive and nowhere else. Fix the cause (a journal configuration, \
            the --unbalanced policy), then `reload ID`: the file is checked again and posted once, in the same \
            transaction as sync's. Or post it by hand in the ERP and `release ID --note TEXT`. Every step is kept in \
            the entry's audit trail (who, when, why).
            """
                + "\n\n" + ExitStatus.help([.success, .failed, .usage, .configuration]),
        subcommands: [List.self, Show.self, Reload.self, Release.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the files waiting in quarantine.")
        @OptionGroup var data: DataOptions
        @Option(help: "Only this company's entries.") var company: String?
        @Flag(help: "Also the reloaded and released entries.") var all = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let store = try await data.location.openExisting()
            defer { Task { try? await store.close() } }
            let entries = try await QuarantineWorkflow(store: store).list(company: company, includeClosed: all)
            if json { return try printEncoded(entries) }
            if entries.isEmpty { print("no files wait in quarantine") }
            for entry in entries { print(entry.listLine) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one entry: reason, line, field and value, archived file and SHA-256, job, audit trail."
        )
        @OptionGroup var data: DataOptions
        @Argument(help: "The entry's id (from `quarantine list`).") var id: Int64
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let store = try await data.location.openExisting()
            defer { Task { try? await store.close() } }
            let detail = try await QuarantineWorkflow(store: store).show(id: id)
            if json { return try printEncoded(detail) }
            print(detail.text, terminator: "")
        }
    }
}
