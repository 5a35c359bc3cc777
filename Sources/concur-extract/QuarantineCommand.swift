import ArgumentParser
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
            """,
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
            for entry in entries {
                print(
                    "\(entry.id ?? 0)\t\(entry.state.rawValue)\t\(entry.company ?? "(none)")\t\(entry.fileName)\t[\(entry.code)] \(entry.reason)"
                )
            }
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
            let entry = detail.entry
            var lines = [
                "quarantine \(id): \(entry.state.rawValue)",
                "company:  \(entry.company ?? "(none)")",
                "job:      \(entry.jobID ?? "(unknown)")",
                "file:     \(entry.fileName)",
                "sha256:   \(entry.sha256)",
                "archive:  \(detail.archivePath ?? "(not in the manifest)")\(detail.archived ? "" : " (MISSING)")",
                "batch:    \(entry.batchID ?? "(unknown)")",
                "problem:  [\(entry.code)] \(entry.reason)",
            ]
            if let line = entry.line { lines.append("line:     \(line)") }
            if let field = entry.field { lines.append("field:    \(field)\(entry.fieldName.map { " (\($0))" } ?? "")") }
            if let value = entry.value { lines.append("value:    '\(value)'") }
            if let batch = entry.resolvedBatchID { lines.append("posted:   batch \(batch)") }
            lines.append("events:")
            for event in detail.events {
                let at = ISO8601DateFormatter().string(from: event.occurredAt)
                lines.append("  \(at) \(event.kind.rawValue) by \(event.actor): \(event.note)")
            }
            print(lines.joined(separator: "\n"))
        }
    }

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
            if json {
                try printEncoded(report)
            } else {
                switch report.result {
                case .reloaded:
                    print(
                        "quarantine \(id): reloaded as batch \(report.batchID ?? "?"): \(report.recordsLoaded) DETAIL lines → \(report.linesLoaded) journal lines"
                    )
                case .alreadyReloaded:
                    print("quarantine \(id): already reloaded as batch \(report.batchID ?? "?"): nothing changed")
                case .stillQuarantined:
                    print("quarantine \(id): still refused: [\(report.entry.code)] \(report.entry.reason)")
                }
                if let held = report.heldReports { print("quarantine \(held.id ?? 0): \(held.reason)") }
            }
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

/// Prints a Codable report as one line of JSON (sorted keys, ISO 8601 dates).
func printEncoded<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
