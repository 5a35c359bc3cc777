import AccountingExtract
import Foundation

extension LedgerStore {
    /// Streams the lines `filter` selects in `format`, page by page (memory stays flat).
    ///
    /// ```swift
    /// try await store.exportJournal(.csv, .batch("567", company: "acme")) { chunk in handle.write(Data(chunk)) }
    /// ```
    /// - Parameters:
    ///   - format: CSV or JSON Lines.
    ///   - filter: the company and batch to export (``JournalFilter/all`` for everything).
    ///   - pageSize: how many lines are read from the database at a time.
    ///   - write: receives the export in chunks, in order.
    public func exportJournal(
        _ format: JournalExportFormat,
        _ filter: JournalFilter,
        pageSize: Int = 10_000,
        write: ([UInt8]) async throws -> Void
    ) async throws {
        let prologue = format.prologue
        if !prologue.isEmpty { try await write(prologue) }
        var cursor: JournalCursor?
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        repeat {
            let page = try await journalPage(filter, after: cursor, limit: pageSize)
            for (index, line) in page.lines.enumerated() {
                format.append(line, company: index < page.companies.count ? page.companies[index] : "", to: &buffer)
            }
            if !buffer.isEmpty {
                try await write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
            cursor = page.next
        } while cursor != nil
    }

    /// The whole export as a string (for small journals and tests).
    ///
    /// ```swift
    /// let jsonl = try await store.exportJournal(.jsonLines, .all)
    /// ```
    public func exportJournal(_ format: JournalExportFormat, _ filter: JournalFilter) async throws -> String {
        var bytes: [UInt8] = []
        try await exportJournal(format, filter) { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the export to a file durably: a `DurableFile` (AccountingExtract) beside it (mode `0600` whatever the umask, the
    /// journal names employees: chmod it for an ERP that reads as another user), flushed, renamed over `path`, the
    /// folder flushed. A failed export leaves `path` as it was and no temporary file.
    ///
    /// ```swift
    /// try await store.exportJournal(.csv, .company("acme"), toFile: "/srv/erp/journal.csv")
    /// ```
    public func exportJournal(
        _ format: JournalExportFormat,
        _ filter: JournalFilter,
        toFile path: String
    )
        async throws
    {
        let file: DurableFile
        do { file = try DurableFile(replacing: path) } catch {
            throw LedgerError(.archiveFailed, "\(error): check that the directory exists and is writable")
        }
        try await exportJournal(format, filter) { chunk in try Self.write(chunk, to: file) }
        do { try file.commit() } catch { throw LedgerError(.archiveFailed, "\(error)") }
    }

    private static func write(_ chunk: [UInt8], to file: DurableFile) throws(LedgerError) {
        do { try file.write(chunk) } catch { throw LedgerError(.archiveFailed, "\(error)") }
    }
}
