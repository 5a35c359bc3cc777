/// A written SAE file as `concur-extract generate` reports it: where it is and its header's values. `--json`
/// prints it as one object.
///
/// ```swift
/// let written = SAEWrittenFile(file: "batch.txt", header: writer.header)
/// print(written.text, terminator: "")  // "wrote batch.txt: batch 1001, 412 lines, total 18234.5000\n"
/// ```
public struct SAEWrittenFile: Sendable, Hashable, Codable {
    public var file: String
    public var batchID: String
    public var batchDate: CalendarDate
    /// The detail lines, as the header counts them.
    public var recordCount: Int
    public var journalAmountTotal: Amount

    public init(file: String, header: SAEHeader) {
        self.file = file
        batchID = header.batchID
        batchDate = header.batchDate
        recordCount = header.recordCount
        journalAmountTotal = header.journalAmountTotal
    }

    /// One line: the file, the batch id, the line count and the total.
    public var text: String {
        "wrote \(file): batch \(batchID), \(recordCount) lines, total \(journalAmountTotal.formatted())\n"
    }
}
