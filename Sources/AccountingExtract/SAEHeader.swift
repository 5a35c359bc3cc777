/// The `EXTRACT` header line of an SAE file: `EXTRACT|batch date|record count|journal amount total|batch id`.
///
/// ```swift
/// let header = SAEHeader(batchDate: date, recordCount: 3, journalAmountTotal: try Amount(parsing: "1230.36"), batchID: "567")
/// ```
public struct SAEHeader: Sendable, Hashable, Codable {
    public var batchDate: CalendarDate
    public var recordCount: Int
    public var journalAmountTotal: Amount
    public var batchID: String
    /// The 1-based line the header was read from (0 when built in memory).
    public var lineNumber: Int

    public init(
        batchDate: CalendarDate,
        recordCount: Int,
        journalAmountTotal: Amount,
        batchID: String,
        lineNumber: Int = 0
    ) {
        self.batchDate = batchDate
        self.recordCount = recordCount
        self.journalAmountTotal = journalAmountTotal
        self.batchID = batchID
        self.lineNumber = lineNumber
    }

    /// The five header values, unquoted.
    public var fields: [String] {
        ["EXTRACT", batchDate.description, String(recordCount), journalAmountTotal.formatted(), batchID]
    }
}
