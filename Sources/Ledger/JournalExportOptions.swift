public import AccountingExtract

/// How an export is written for the person opening it (`concur-extract export --excel --round-to-minor-unit …`).
///
/// ```swift
/// let options = JournalExportOptions(byteOrderMark: true, rounding: JournalRounding(account: "7999"))
/// let summary = try await store.exportJournal(.csv, .all, options: options, toFile: "journal.csv")
/// print(summary.text)   // "rounding: 2 lines to account 7999 (USD -0.0100)"
/// ```
public struct JournalExportOptions: Sendable, Hashable {
    /// A UTF-8 byte order mark before the CSV header, so that Excel reads the file as UTF-8 (CSV only).
    public var byteOrderMark: Bool
    /// Round every amount to its currency's minor unit; `nil`: the ledger's four decimals as they are.
    public var rounding: JournalRounding?

    public init(byteOrderMark: Bool = false, rounding: JournalRounding? = nil) {
        self.byteOrderMark = byteOrderMark
        self.rounding = rounding
    }
}

/// Rounding to the currency's minor unit (``CurrencyMinorUnit``, half away from zero) that keeps each report's
/// entry balanced: when the rounded lines of a report (in one currency) no longer balance, a line of origin
/// `rounding` on ``account`` takes the difference, after the batch's lines, with the report's document number.
/// Amounts keep their four-decimal layout (`12.3500`).
public struct JournalRounding: Sendable, Hashable {
    /// Where rounding differences go (e.g. a "rounding differences" expense account).
    public var account: String

    public init(account: String) { self.account = account }
}

/// What an export wrote: the lines, and the rounding lines it added (stated so that nobody has to find them).
public struct JournalExportSummary: Sendable, Hashable, Codable {
    /// Journal lines written, rounding lines included.
    public var lines = 0
    /// The rounding lines added (zero without rounding, or when every rounded entry balanced).
    public var roundingLines = 0
    /// The rounding account, when rounding was asked for.
    public var roundingAccount: String?
    /// Per currency, the net of the rounding lines (debit minus credit).
    public var roundingNet: [String: Amount] = [:]

    public init() {}

    /// `exported N lines`, and with rounding `; rounding: M lines to account A (USD 0.0100, …)`.
    public var text: String {
        var text = "exported \(lines) line\(lines == 1 ? "" : "s")"
        if let roundingAccount {
            let nets = roundingNet.keys.sorted().map { "\($0) \(roundingNet[$0]?.formatted() ?? "0")" }
            text +=
                "; rounding to the minor unit: \(roundingLines) difference line\(roundingLines == 1 ? "" : "s") to account \(roundingAccount)"
                + (nets.isEmpty ? "" : " (net " + nets.joined(separator: ", ") + ")")
        }
        return text
    }
}

/// Turns journal lines, in export order, into the export's bytes: document numbers per report, rounding and its
/// difference lines at the end of each batch.
struct JournalExportWriter {
    let format: JournalExportFormat
    let rounding: JournalRounding?
    private(set) var summary = JournalExportSummary()

    /// The batch being written (company, batch id): a change ends it.
    private var batch: (company: String, batchID: String)?
    /// Each report's document number in the batch, by report id.
    private var documents: [String: String] = [:]
    /// Per report and currency, in order of first line: the original and the rounded balance, the last line.
    private var entries: [EntryKey: Entry] = [:]
    private var entryOrder: [EntryKey] = []

    struct EntryKey: Hashable {
        var reportID: String
        var currency: String
    }

    struct Entry {
        var balance = Amount.zero
        var roundedBalance = Amount.zero
        var last: JournalLine
    }

    init(format: JournalExportFormat, rounding: JournalRounding?) {
        self.format = format
        self.rounding = rounding
        summary.roundingAccount = rounding?.account
    }

    mutating func append(_ line: JournalLine, company: String, to output: inout [UInt8]) {
        if batch?.company != company || batch?.batchID != line.batchID {
            finishBatch(to: &output)
            batch = (company, line.batchID)
        }
        let document =
            documents[line.reportID]
            ?? {
                let number = String(documents.count + 1)
                let text = line.batchID + "-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
                documents[line.reportID] = text
                return text
            }()
        var written = line
        if rounding != nil {
            let decimals = CurrencyMinorUnit.decimals(of: line.currency)
            written.debit = line.debit.rounded(toDecimals: decimals)
            written.credit = line.credit.rounded(toDecimals: decimals)
            let key = EntryKey(reportID: line.reportID, currency: line.currency)
            if entries[key] == nil {
                entries[key] = Entry(last: line)
                entryOrder.append(key)
            }
            entries[key]?.balance += line.signedAmount
            entries[key]?.roundedBalance += written.signedAmount
            entries[key]?.last = line
        }
        format.append(written, company: company, documentNumber: document, to: &output)
        summary.lines += 1
    }

    /// Writes the rounding lines of the batch in hand and forgets it; call once more at the end of the export.
    mutating func finishBatch(to output: inout [UInt8]) {
        defer {
            documents = [:]
            entries = [:]
            entryOrder = []
        }
        guard let rounding, let batch else { return }
        for key in entryOrder {
            guard let entry = entries[key] else { continue }
            // Only what rounding changed: an entry that did not balance before keeps its own difference.
            let difference = entry.roundedBalance - entry.balance
            guard !difference.isZero else { continue }
            var line = entry.last
            line.account = rounding.account
            line.debit = difference.isNegative ? -difference : .zero
            line.credit = difference.isNegative ? .zero : difference
            line.description = "rounding difference (\(key.currency) minor unit)"
            line.costObject = ""
            line.journalKey = ""
            format.append(
                line,
                company: batch.company,
                documentNumber: documents[key.reportID] ?? "",
                origin: "rounding",
                to: &output
            )
            summary.lines += 1
            summary.roundingLines += 1
            summary.roundingNet[key.currency, default: .zero] += line.signedAmount
        }
    }
}
