import AccountingExtract
public import ExtractSync
public import Foundation
public import Ledger

/// `concur-extract report`: the status page of one company as a static file, for a controller to review and
/// archive: the page (HTML) or its model (JSON), read from the ledger and written durably (``DurableFile``: a
/// temporary file flushed and renamed, never half a report), or returned for standard output.
///
/// ```swift
/// let scope = try StatusReport.scope(company: "acme", batch: nil, from: "2026-01-01", to: "2026-01-31")
/// let report = try await StatusReport.make(store: store, schedule: [], scope: scope, format: .html,
///                                          output: "acme-2026-01.html", now: Date())
/// print(report.summary)   // wrote acme-2026-01.html: 3 batches (0 mismatched), 1 open quarantine entry
/// ```
public struct StatusReport: Sendable {
    /// What the report is written as.
    public enum Format: String, Sendable, CaseIterable, Codable {
        case html
        case json
    }

    /// Arguments that cannot make a report; `code` is stable, the message says what to type instead.
    public struct ArgumentError: Error, Sendable, Hashable, CustomStringConvertible {
        public enum Code: String, Sendable, Hashable {
            /// `--from` or `--to` is not a `YYYY-MM-DD` date.
            case badDate = "bad-date"
            /// `--from` is after `--to`.
            case emptyRange = "empty-range"
            /// `--batch` with `--from` or `--to` (a batch is its own scope).
            case batchWithRange = "batch-with-range"
            /// `--company` is empty.
            case noCompany = "no-company"
        }

        public var code: Code
        public var message: String
        public var description: String { message }
    }

    public var page: StatusPage
    /// The report's bytes (HTML, or the page as JSON).
    public var bytes: [UInt8]
    /// Where it was written; `nil`: not written (for standard output).
    public var output: String?

    /// One line for the terminal: what was written and what needs a look.
    public var summary: String {
        let mismatched = page.batches.filter { !$0.line.matchesHeader }.count
        let open = page.quarantine.count
        let what =
            "\(page.batches.count) batch\(page.batches.count == 1 ? "" : "es") (\(mismatched) mismatched), "
            + "\(open) open quarantine entr\(open == 1 ? "y" : "ies")"
        return output.map { "wrote \($0): \(what)" } ?? what
    }

    /// The scope of a report from the command line's values: a company, and a batch or a date range (inclusive).
    /// Throws ``ArgumentError`` for an empty company, a date that is not `YYYY-MM-DD`, `from` after `to`, or a
    /// batch with a range.
    public static func scope(
        company: String,
        batch: String?,
        from: String?,
        to: String?
    ) throws(ArgumentError) -> StatusPage.Scope {
        guard !company.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ArgumentError(code: .noCompany, message: "--company needs a company name (as in sync --company)")
        }
        func date(_ text: String?, _ flag: String) throws(ArgumentError) -> CalendarDate? {
            guard let text else { return nil }
            do {
                return try CalendarDate(parsing: text)
            } catch {
                throw ArgumentError(
                    code: .badDate,
                    message: "\(flag) '\(text)' is not a date: write YYYY-MM-DD, e.g. 2026-01-31 (\(error))"
                )
            }
        }
        let start = try date(from, "--from")
        let end = try date(to, "--to")
        if let start, let end, start > end {
            throw ArgumentError(code: .emptyRange, message: "--from \(start) is after --to \(end): swap them")
        }
        if batch != nil, start != nil || end != nil {
            throw ArgumentError(
                code: .batchWithRange,
                message: "--batch is a report of its own: give either --batch or --from/--to, not both"
            )
        }
        return StatusPage.Scope(company: company, batchID: batch, from: start, to: end)
    }

    /// Reads the page of `scope` and encodes it as `format`; with `output`, writes it there durably (mode 0600,
    /// like every file this tool writes that holds amounts and names: `chmod` it to share). A company or batch the
    /// ledger does not hold throws ``LedgerError`` naming those it holds, and nothing is written.
    public static func make(
        store: any LedgerStore,
        schedule: [ScheduledCompany],
        scope: StatusPage.Scope,
        format: Format,
        output: String?,
        now: Date
    ) async throws -> StatusReport {
        let page = try await StatusPage.read(from: store, schedule: schedule, scope: scope, now: now)
        let bytes: [UInt8]
        switch format {
        case .html:
            bytes = Array(page.html().utf8)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            bytes = Array(try encoder.encode(page)) + [0x0A]
        }
        if let output {
            let file = try DurableFile(replacing: output)
            try file.write(bytes)
            try file.commit()
        }
        return StatusReport(page: page, bytes: bytes, output: output)
    }
}
