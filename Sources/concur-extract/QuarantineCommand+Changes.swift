import ArgumentParser
import Foundation
import Ledger

extension QuarantineCommand {
    struct Reload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the archived file again with the current configuration and post it, exactly once."
        )
        @OptionGroup var data: DataOptions
        @OptionGroup var posting: PostingOptions
        @Argument(help: "The entry's id (from `quarantine list`).") var id: Int64
        @Option(help: "Who reloads it, for the audit trail (default: the OS user).") var by: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let store = try await data.location.openExisting()
            defer { Task { try? await store.close() } }
            let report = try await QuarantineWorkflow(store: store).reload(
                id: id,
                by: by ?? QuarantineEvent.currentUser,
                configuration: try posting.journalConfiguration(),
                unbalancedReports: try posting.policy()
            )
            if json { try printEncoded(report) } else { print(report.text, terminator: "") }
            if report.result == .stillQuarantined { throw ExitCode(1) }
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark an entry handled outside the ledger, with a note (kept in the audit trail)."
        )
        @OptionGroup var data: DataOptions
        @Argument(help: "The entry's id (from `quarantine list`).") var id: Int64
        @Option(help: "How it was handled (required), e.g. 'posted by hand in the ERP, JE 2026-0113'.") var note: String
        @Option(help: "Who releases it, for the audit trail (default: the OS user).") var by: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let store = try await data.location.openExisting()
            defer { Task { try? await store.close() } }
            let entry = try await QuarantineWorkflow(store: store).release(
                id: id,
                by: by ?? QuarantineEvent.currentUser,
                note: note
            )
            if json { return try printEncoded(entry) }
            print("quarantine \(id): released: \(note)")
        }
    }
}
