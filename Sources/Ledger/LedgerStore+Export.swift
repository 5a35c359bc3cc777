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
        try await exportJournal(format, filter, options: JournalExportOptions(), pageSize: pageSize, write: write)
    }

    /// Streams the export with `options` (a byte order mark, rounding to the minor unit) and says what it wrote.
    ///
    /// ```swift
    /// let summary = try await store.exportJournal(.csv, .all, options: .init(rounding: .init(account: "7999"))) {
    ///     handle.write(Data($0))
    /// }
    /// ```
    @discardableResult
    public func exportJournal(
        _ format: JournalExportFormat,
        _ filter: JournalFilter,
        options: JournalExportOptions,
        pageSize: Int = 10_000,
        progress: (@Sendable (Int) -> Void)? = nil,
        write: ([UInt8]) async throws -> Void
    ) async throws -> JournalExportSummary {
        var prologue = format.prologue
        if options.byteOrderMark, format == .csv { prologue = JournalExportFormat.byteOrderMark + prologue }
        if !prologue.isEmpty { try await write(prologue) }
        var writer = JournalExportWriter(format: format, rounding: options.rounding)
        var cursor: JournalCursor?
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        repeat {
            let page = try await journalPage(filter, after: cursor, limit: pageSize)
            for (index, line) in page.lines.enumerated() {
                writer.append(line, company: index < page.companies.count ? page.companies[index] : "", to: &buffer)
            }
            cursor = page.next
            if cursor == nil { writer.finishBatch(to: &buffer) }
            if !buffer.isEmpty {
                try await write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
            progress?(writer.summary.lines)
        } while cursor != nil
        return writer.summary
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

    /// The whole export with `options` as a string, and what it wrote.
    public func exportJournal(
        _ format: JournalExportFormat,
        _ filter: JournalFilter,
        options: JournalExportOptions
    ) async throws -> (text: String, summary: JournalExportSummary) {
        var bytes: [UInt8] = []
        let summary = try await exportJournal(format, filter, options: options) { bytes.append(contentsOf: $0) }
        return (String(decoding: bytes, as: UTF8.self), summary)
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
        try await exportJournal(format, filter, options: JournalExportOptions(), toFile: path)
    }

    /// Writes the export with `options` to a file durably (as above) and says what it wrote.
    @discardableResult
    public func exportJournal(
        _ format: JournalExportFormat,
        _ filter: JournalFilter,
        options: JournalExportOptions,
        toFile path: String,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> JournalExportSummary {
        let file: DurableFile
        do { file = try DurableFile(replacing: path) } catch {
            throw LedgerError(.archiveFailed, "\(error): check that the directory exists and is writable")
        }
        let summary = try await exportJournal(format, filter, options: options, progress: progress) { chunk in
            try Self.write(chunk, to: file)
        }
        do { try file.commit() } catch { throw LedgerError(.archiveFailed, "\(error)") }
        return summary
    }

    private static func write(_ chunk: [UInt8], to file: DurableFile) throws(LedgerError) {
        do { try file.write(chunk) } catch { throw LedgerError(.archiveFailed, "\(error)") }
    }
}
