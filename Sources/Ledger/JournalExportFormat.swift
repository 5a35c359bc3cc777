public import AccountingExtract

/// An ERP-neutral layout for journal entries, with a stable column order:
///
/// `posting_date, account, debit, credit, currency, employee_id, employee_name, report_id, report_name,
/// description, cost_object, batch_id, sequence, origin, journal_key, company, document_number`
///
/// `company` is the company's key in the ledger, empty for a batch loaded without one. `document_number` numbers
/// each report's entry, `BATCH-NNNN` (the report's place in its batch, by first line, from 0001): the same in every
/// export, whatever the filter, and unique with the company. Both come last, so that the columns before them keep
/// their places. `origin` is `extract`, `offset`, or `rounding` for a line ``JournalRounding`` added.
///
/// Amounts are decimal strings with exactly four places (`1234.5000`), never binary floats.
///
/// - ``csv``: RFC 4180, a header row, `CRLF` after every record; a field is quoted when it contains a comma, a
///   quote, CR or LF, with inner quotes doubled.
/// - ``jsonLines``: one JSON object per line (`LF`), keys in the column order, `sequence` a number and every other
///   value a string.
///
/// ```swift
/// let csv = try await store.exportJournal(.csv, .batch("567"))
/// try await store.exportJournal(.jsonLines, .all, toFile: "/tmp/journal.jsonl")
/// ```
public enum JournalExportFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case csv
    case jsonLines = "jsonl"

    /// The column names, in order.
    public static let columns = [
        "posting_date", "account", "debit", "credit", "currency", "employee_id", "employee_name", "report_id",
        "report_name", "description", "cost_object", "batch_id", "sequence", "origin", "journal_key", "company",
        "document_number",
    ]

    /// What starts the export (the CSV header row; nothing for JSON Lines).
    public var prologue: [UInt8] {
        switch self {
        case .csv: Array((Self.columns.joined(separator: ",") + "\r\n").utf8)
        case .jsonLines: []
        }
    }

    /// The UTF-8 byte order mark that tells Excel a CSV file is UTF-8 (`--excel`).
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Appends one journal line of `company` in this format to `output`; `origin` overrides the line's own
    /// (`rounding`).
    public func append(
        _ line: JournalLine,
        company: String = "",
        documentNumber: String = "",
        origin: String? = nil,
        to output: inout [UInt8]
    ) {
        var values = Self.values(of: line, company: company, documentNumber: documentNumber)
        if let origin { values[13] = origin }
        switch self {
        case .csv:
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.appendCSV(value, to: &output)
            }
            output.append(contentsOf: [0x0D, 0x0A])
        case .jsonLines:
            output.append(UInt8(ascii: "{"))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.appendJSONString(Self.columns[index], to: &output)
                output.append(UInt8(ascii: ":"))
                if index == 12 {
                    output.append(contentsOf: value.utf8)  // sequence: a number
                } else {
                    Self.appendJSONString(value, to: &output)
                }
            }
            output.append(contentsOf: [UInt8(ascii: "}"), 0x0A])
        }
    }

    /// The line's values in column order.
    static func values(of line: JournalLine, company: String, documentNumber: String) -> [String] {
        [
            line.postingDate.description, line.account, line.debit.formatted(), line.credit.formatted(), line.currency,
            line.employeeID, line.employeeName, line.reportID, line.reportName, line.description, line.costObject,
            line.batchID, String(line.sequenceNumber), line.origin.rawValue, line.journalKey, company, documentNumber,
        ]
    }

    static func appendCSV(_ value: String, to output: inout [UInt8]) {
        let needsQuotes = value.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
        }
        guard needsQuotes else {
            output.append(contentsOf: value.utf8)
            return
        }
        output.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            if byte == UInt8(ascii: "\"") { output.append(byte) }
            output.append(byte)
        }
        output.append(UInt8(ascii: "\""))
    }

    static func appendJSONString(_ value: String, to output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

/// Where a page of journal lines ends, for reading the next one.
public struct JournalCursor: Sendable, Hashable, Codable {
    /// The store's internal, load-ordered key of the batch.
    public var batchKey: Int64
    public var sequenceNumber: Int
    public var origin: JournalLine.Origin

    public init(batchKey: Int64, sequenceNumber: Int, origin: JournalLine.Origin) {
        self.batchKey = batchKey
        self.sequenceNumber = sequenceNumber
        self.origin = origin
    }
}

extension JournalCursor: Comparable {
    /// Export order: by batch (in load order), sequence number, then extract before offset.
    public static func < (lhs: JournalCursor, rhs: JournalCursor) -> Bool {
        if lhs.batchKey != rhs.batchKey { return lhs.batchKey < rhs.batchKey }
        if lhs.sequenceNumber != rhs.sequenceNumber { return lhs.sequenceNumber < rhs.sequenceNumber }
        return lhs.origin == .extract && rhs.origin == .offset
    }
}

/// One page of journal lines in export order (load order of batches, then sequence, extract before offset).
public struct JournalPage: Sendable, Hashable {
    public var lines: [JournalLine]
    /// Pass to the next call; `nil` when this was the last page.
    public var next: JournalCursor?
    /// The company of each line, in the order of ``lines`` (`""` for a batch loaded without one).
    public var companies: [String]

    public init(lines: [JournalLine], next: JournalCursor?, companies: [String]? = nil) {
        self.lines = lines
        self.next = next
        self.companies = companies ?? Array(repeating: "", count: lines.count)
    }
}
