import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes SAE files that ``SAEReader`` accepts: the header first, computed from the DETAIL lines that follow.
///
/// DETAIL lines are spooled (in memory, or, for a path, through a 1 MiB buffer to a temporary file beside the
/// destination, so memory stays flat whatever the file's size) while the record count and the amount total are
/// accumulated; ``finish()`` then writes the header and the lines. A value is quoted only when it holds `|` or
/// `"`. Records read from a file are written back byte for byte. ``appendLine(_:)`` writes a line field by field
/// straight into the buffer, the fast way for generated data; segments (``init(segmentOf:after:)``) let several
/// threads write the lines of one file, appended in order with ``append(segment:)``.
///
/// ```swift
/// let writer = try SAEWriter(batchID: "567", batchDate: date, path: "out.txt")
/// try writer.append(fields: values)     // 400 strings
/// try writer.appendLine { (line) throws(SAEError) in try line.put(1, "DETAIL"); line.put(169, amount) }
/// try writer.finish()                    // writes the header and the lines durably (a DurableFile)
/// ```
public final class SAEWriter {
    /// The line terminator written after every line, the last included.
    public enum LineEnding: String, Sendable {
        case lf
        case crlf
        var bytes: [UInt8] { self == .lf ? [0x0A] : [0x0D, 0x0A] }
    }

    public struct Options: Sendable {
        public var lineEnding: LineEnding
        /// Replace CR and LF inside values with a space instead of refusing them.
        public var replacesLineBreaks: Bool
        public init(lineEnding: LineEnding = .lf, replacesLineBreaks: Bool = false) {
            self.lineEnding = lineEnding
            self.replacesLineBreaks = replacesLineBreaks
        }
    }

    public let batchID: String
    public let batchDate: CalendarDate
    public let options: Options
    /// The number of DETAIL lines appended.
    public private(set) var recordCount = 0
    /// The signed sum of field 169 over the DETAIL lines appended.
    public private(set) var journalAmountTotal = Amount.zero
    /// The bytes of the DETAIL lines appended (terminators included; the header is not counted).
    public private(set) var detailByteCount = 0

    private let path: String?
    /// For a segment, the records of the writer it continues (0 otherwise).
    private let segmentStart: Int
    /// In memory, every DETAIL line; to a path, those not yet written to the spool file.
    private var buffer = SAEByteBuffer(capacity: 1 << 16)
    private var spoolDescriptor: Int32 = -1
    private var finished = false
    /// The spool is written in chunks of this size.
    private static let spoolChunk = 1 << 20

    /// A writer that builds the file in memory; ``finish()`` returns the bytes.
    public init(batchID: String, batchDate: CalendarDate, options: Options = Options()) {
        self.batchID = batchID
        self.batchDate = batchDate
        self.options = options
        self.path = nil
        self.segmentStart = 0
    }

    /// A writer in memory for the DETAIL lines that follow the `records` lines of `writer`: they are numbered on
    /// from there (``recordCount`` starts at `records`), and ``append(segment:)`` adds them to `writer` once the
    /// lines before them are in. Segments let several threads write the lines of one file, each its own part.
    ///
    /// ```swift
    /// let second = SAEWriter(segmentOf: writer, after: writer.recordCount + linesOfFirst)
    /// // ... the first segment's lines into `first`, the second's into `second`, on two threads
    /// try writer.append(segment: first)
    /// try writer.append(segment: second)
    /// ```
    public init(segmentOf writer: SAEWriter, after records: Int) {
        self.batchID = writer.batchID
        self.batchDate = writer.batchDate
        self.options = writer.options
        self.path = nil
        self.recordCount = records
        self.segmentStart = records
    }

    /// A writer to `path`, spooling DETAIL lines to `path.details.tmp` until ``finish()``.
    public init(batchID: String, batchDate: CalendarDate, path: String, options: Options = Options()) throws(SAEError) {
        self.batchID = batchID
        self.batchDate = batchDate
        self.options = options
        self.path = path
        self.segmentStart = 0
        let descriptor: Int32
        do {
            descriptor = try PrivateFiles.openTruncated(path + ".details.tmp", flags: O_RDWR)
        } catch {
            throw SAEError(
                .ioError,
                "cannot create the spool file: \(String(cString: strerror(error.errno)))",
                file: path + ".details.tmp"
            )
        }
        spoolDescriptor = descriptor
    }

    deinit {
        buffer.deallocate()
        if spoolDescriptor >= 0 {
            close(spoolDescriptor)
            if let path { unlink(path + ".details.tmp") }
        }
    }

    /// Appends a DETAIL line built from 400 values.
    public func append(fields: [String]) throws(SAEError) {
        var values = fields
        if options.replacesLineBreaks {
            values = values.map {
                $0.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                    ? String($0.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }) : $0
            }
        }
        try append(try SAERecord(fields: values, lineNumber: recordCount + 2))
    }

    /// Appends a DETAIL record; its raw bytes are written as they are.
    public func append(_ record: SAERecord) throws(SAEError) {
        precondition(!finished, "append after finish")
        guard record.fieldCount == SAEField.detailFieldCount else {
            throw SAEError(
                .fieldCount,
                "a DETAIL record has \(SAEField.detailFieldCount) fields, not \(record.fieldCount)",
                line: record.lineNumber
            )
        }
        let amount = try record.journalAmount
        guard let total = journalAmountTotal.adding(amount) else {
            throw SAEError(
                .amountOverflow,
                "the sum of journal amounts overflows",
                line: record.lineNumber,
                field: .journalAmount,
                value: record[.journalAmount]
            )
        }
        journalAmountTotal = total
        recordCount += 1
        let start = buffer.count
        record.rawLine.withUnsafeBytes { buffer.append($0) }
        try endLine(startingAt: start)
    }

    /// Appends a DETAIL line that `body` writes field by field, in ascending order (the fields it skips are
    /// empty), straight into the writer's buffer: the fast way for generated lines. Field 169, the journal
    /// amount, is required and counted in the header's total. A line that throws is not appended.
    ///
    /// ```swift
    /// try writer.appendLine { (line) throws(SAEError) in
    ///     try line.put(1, "DETAIL")
    ///     try line.put(2, writer.batchID)
    ///     line.put(169, Amount(units: 12), explicitSign: true)
    /// }
    /// ```
    public func appendLine(_ body: (inout SAELineEncoder) throws(SAEError) -> Void) throws(SAEError) {
        precondition(!finished, "append after finish")
        let lineNumber = recordCount + 2
        // The buffer is the line's while `body` runs (raw memory: nothing is copied), and comes back after it.
        var line = SAELineEncoder(bytes: buffer, lineNumber: lineNumber, replacesLineBreaks: options.replacesLineBreaks)
        let start = line.bytes.count
        let amount: Amount
        do throws(SAEError) {
            try body(&line)
            line.finish()
            guard let journalAmount = line.journalAmount else {
                throw SAEError.missingJournalAmount(line: lineNumber)
            }
            amount = journalAmount
        } catch {
            line.bytes.removeAll(from: start)
            buffer = line.bytes
            throw error
        }
        buffer = line.bytes
        guard let total = journalAmountTotal.adding(amount) else {
            buffer.removeAll(from: start)
            throw SAEError(
                .amountOverflow,
                "the sum of journal amounts overflows",
                line: lineNumber,
                field: .journalAmount,
                value: amount.formatted(explicitSign: true)
            )
        }
        journalAmountTotal = total
        recordCount += 1
        try endLine(startingAt: start)
    }

    /// Appends the lines of `segment` (a writer made by ``init(segmentOf:after:)`` for this one, right after the
    /// lines appended so far), byte for byte, and counts them and their amounts; `segment` is left empty.
    /// - Throws: ``SAEError`` `amount-overflow` when the total overflows, or `io-error` from the spool file.
    public func append(segment: SAEWriter) throws(SAEError) {
        precondition(!finished && !segment.finished, "append after finish")
        precondition(
            segment.segmentStart == recordCount && segment.path == nil && segment.batchID == batchID
                && segment.batchDate == batchDate,
            "a segment is appended to the writer it was made for, after the lines before it"
        )
        guard let total = journalAmountTotal.adding(segment.journalAmountTotal) else {
            throw SAEError(
                .amountOverflow,
                "the sum of journal amounts overflows",
                line: segment.segmentStart + 2,
                field: .journalAmount,
                value: nil
            )
        }
        if path != nil, buffer.count + segment.buffer.count > Self.spoolChunk {
            // Large segments go to the spool as they are, after the lines buffered before them.
            try flushSpool()
            try spool(segment.buffer.bytes)
        } else {
            buffer.append(segment.buffer.bytes)
        }
        journalAmountTotal = total
        recordCount = segment.recordCount
        detailByteCount += segment.detailByteCount
        segment.buffer.removeAll()
        segment.detailByteCount = 0
        segment.journalAmountTotal = .zero
        segment.recordCount = segment.segmentStart
    }

    /// Ends the line appended to the buffer from `start` and spools the buffer once it holds a chunk.
    private func endLine(startingAt start: Int) throws(SAEError) {
        if options.lineEnding == .crlf { buffer.append(0x0D) }
        buffer.append(0x0A)
        detailByteCount += buffer.count - start
        if path != nil, buffer.count >= Self.spoolChunk { try flushSpool() }
    }

    /// The header line for what has been appended so far.
    public var header: SAEHeader {
        SAEHeader(
            batchDate: batchDate,
            recordCount: recordCount,
            journalAmountTotal: journalAmountTotal,
            batchID: batchID
        )
    }

    private func headerBytes() throws(SAEError) -> [UInt8] {
        var line: [UInt8] = []
        for (index, value) in header.fields.enumerated() {
            if index > 0 { line.append(SAELineParser.pipe) }
            try SAERecord.appendEncoded(value, to: &line, field: index + 1, line: 1)
        }
        line.append(contentsOf: options.lineEnding.bytes)
        return line
    }

    private func flushSpool() throws(SAEError) {
        try spool(buffer.bytes)
        buffer.removeAll()
    }

    /// Writes `bytes` to the end of the spool file.
    private func spool(_ bytes: UnsafeRawBufferPointer) throws(SAEError) {
        try Self.writeAll(spoolDescriptor, bytes, path: (path ?? "") + ".details.tmp")
    }

    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(SAEError) {
        do {
            try PrivateFiles.writeAll(FileDescriptor(rawValue: descriptor), bytes, path: path)
        } catch {
            throw SAEError(.ioError, "write failed: \(String(cString: strerror(error.errno)))", file: path)
        }
    }

    /// Writes the header and the lines. In memory, returns the file's bytes; to a path, writes them to a
    /// ``DurableFile`` (flushed, renamed into place, the folder flushed) and returns an empty array.
    @discardableResult
    public func finish() throws(SAEError) -> [UInt8] {
        precondition(!finished, "finish called twice")
        finished = true
        let header = try headerBytes()
        guard let path else { return header + Array(buffer.bytes) }
        try flushSpool()
        // Data at rest (employee names, amounts, bank details): the owner's only, whatever the umask.
        let output: DurableFile
        do {
            output = try DurableFile(replacing: path, digest: false)
        } catch {
            throw SAEError(.ioError, "cannot create the file: \(String(cString: strerror(error.errno)))", file: path)
        }
        try output.withSAEErrors { (file) throws(PrivateFiles.Failure) in try file.write(header) }
        lseek(spoolDescriptor, 0, SEEK_SET)
        let spool = path + ".details.tmp"
        try output.withSAEErrors { (file) throws(PrivateFiles.Failure) in
            try file.append(contentsOf: spoolDescriptor, sourcePath: spool)
        }
        try output.withSAEErrors { (file) throws(PrivateFiles.Failure) in try file.commit() }
        close(spoolDescriptor)
        spoolDescriptor = -1
        unlink(path + ".details.tmp")
        return []
    }
}

extension DurableFile {
    /// Runs `body`, its failure as an `io-error` naming the file.
    fileprivate func withSAEErrors(_ body: (DurableFile) throws(PrivateFiles.Failure) -> Void) throws(SAEError) {
        do { try body(self) } catch {
            let reason = String(cString: strerror(error.errno))
            throw SAEError(.ioError, "cannot \(error.operation): \(reason)", file: error.path)
        }
    }
}
