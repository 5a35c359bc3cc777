#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming reader of SAE files: the `EXTRACT` header, then each `DETAIL` record, with flat memory.
///
/// The reader reads in chunks and never holds more than one line beyond its chunk buffer; a regular file of 1 MiB or
/// more is mapped into memory instead and read in place, its pages released as they are read. Each call to
/// ``next()`` consumes one line; when a line is malformed it throws an ``SAEError`` naming the line, field and
/// value, and the following call carries on with the next line, so a caller can collect every error.
///
/// ```swift
/// let reader = try SAEReader(path: "extract_CES_SAE_v3_p0000001abcd_20260101000000.txt")
/// while let element = try reader.next() {
///     switch element {
///     case .header(let header): print("batch", header.batchID)
///     case .detail(let record): print(record.reportID, try record.journalAmount)
///     }
/// }
/// ```
public final class SAEReader {
    /// How strictly the physical rules are applied (spec §11).
    public enum Mode: String, Sendable, Hashable {
        /// Any deviation is an error (the default everywhere).
        case strict
        /// Short lines are padded, lowercase flags and unterminated quotes accepted, unknown lines skipped and
        /// invalid UTF-8 replaced; each leniency is recorded in ``SAEReader/warnings``.
        case lenient
    }

    /// How lines are split into fields.
    public enum Scanner: String, Sendable, Hashable {
        /// The SIMD structural index (``SAEStructuralIndex``), with the reference for the lines it does not take
        /// (quotes out of the simple form); the default.
        case structuralIndex
        /// The reference splitter alone (``SAELineParser``): eight bytes at a time. Tests compare the two.
        case reference
    }

    /// Reader settings.
    public struct Options: Sendable, Hashable {
        public var mode: Mode
        /// How lines are split; both give identical results, errors and line numbers included.
        public var scanner: Scanner
        /// Check every field whose type the spec states (dates, amounts, whole numbers, flags).
        public var checksTypedFields: Bool
        /// The longest line accepted, in bytes.
        public var maximumLineLength: Int
        /// The size of each read from a file.
        public var chunkSize: Int
        /// The most ``SAEReader/warnings`` kept; the rest are only counted in ``SAEReader/warningCount``, so a
        /// lenient read of any number of bad lines keeps flat memory.
        public var maximumWarningsKept: Int
        /// Regular files of at least this many bytes are mapped into memory and read in place, not copied into
        /// the chunk buffer (``SAEReader/init(path:options:)``); `Int.max` never maps.
        var mappingThreshold = 1 << 20

        public init(
            mode: Mode = .strict,
            checksTypedFields: Bool = true,
            maximumLineLength: Int = 1 << 20,
            chunkSize: Int = 1 << 18,
            maximumWarningsKept: Int = 100,
            scanner: Scanner = .structuralIndex
        ) {
            self.mode = mode
            self.scanner = scanner
            self.checksTypedFields = checksTypedFields
            self.maximumLineLength = maximumLineLength
            self.chunkSize = chunkSize
            self.maximumWarningsKept = maximumWarningsKept
        }

        /// The same, never mapping the file.
        var withoutMapping: Options {
            var copy = self
            copy.mappingThreshold = .max
            return copy
        }

        public static let strict = Options()
        public static let lenient = Options(mode: .lenient)
    }

    /// One line of the file.
    public enum Element: Sendable {
        case header(SAEHeader)
        case detail(SAERecord)
    }

    /// The file's path, or a name for an in-memory buffer; used in errors.
    public let name: String
    public let options: Options
    /// The first leniencies applied in lenient mode (at most ``Options/maximumWarningsKept``), each with its
    /// line and field.
    public private(set) var warnings: [SAEError] = []
    // `@exclusivity(unchecked)`: the stored properties read or written on every line skip Swift's dynamic
    // exclusivity checks (a `swift_beginAccess` each, 0.45 instructions per byte of input, 12.29 -> 11.84 under
    // callgrind). A reader belongs to one thread at a time, and the only `inout` use of these properties is the
    // padded and repaired lines handed to the static `keep`, which cannot reach the reader: no access can overlap.
    // The checks stay on for everything else.

    /// The number of leniencies applied, including those not kept in ``warnings``.
    @exclusivity(unchecked) public private(set) var warningCount = 0
    /// The number of the last line read (1-based).
    @exclusivity(unchecked) public private(set) var lineNumber = 0
    /// The bytes consumed so far.
    @exclusivity(unchecked) public private(set) var bytesConsumed = 0
    /// `true` once a header line has been seen (valid or not).
    @exclusivity(unchecked) public private(set) var sawHeader = false
    /// `true` once any non-blank line has been seen.
    @exclusivity(unchecked) public private(set) var sawContent = false

    private var fileDescriptor: Int32 = -1
    /// The tables of the checking path, read once here rather than through their lazy globals on every line.
    private let indexTables = SAEStructuralIndex.Tables.shared
    private let typedFields = SAEReader.checkedTable
    @exclusivity(unchecked) private var buffer: UnsafeMutableRawBufferPointer
    @exclusivity(unchecked) private var start = 0
    @exclusivity(unchecked) private var end = 0
    @exclusivity(unchecked) private var endOfInput = false
    @exclusivity(unchecked) private var finished = false
    /// `true` once reading stopped before the end of the input: at a line too long or a failed read.
    @exclusivity(unchecked) private(set) var stoppedEarly = false
    @exclusivity(unchecked) private var bounds: UnsafeMutablePointer<UInt32>
    /// A short line padded to 400 fields in lenient mode.
    @exclusivity(unchecked) private var paddedLine = UnsafeMutableRawBufferPointer.allocate(byteCount: 0, alignment: 16)
    /// A line whose invalid UTF-8 was replaced, in lenient mode.
    @exclusivity(unchecked) private var repairedLine = UnsafeMutableRawBufferPointer.allocate(
        byteCount: 0,
        alignment: 16
    )
    @exclusivity(unchecked) private var boundsCapacity = 4096
    /// Bytes left to read in a byte range of the file (`Int.max` for the whole file).
    @exclusivity(unchecked) private var remaining = Int.max
    /// `false` for a part of a file that starts after its header.
    @exclusivity(unchecked) private var isWholeFile = true
    /// The file's bytes mapped into memory, with the inaccessible page after them (``mapIfLarge(from:to:threshold:)``),
    /// into which ``buffer`` then points; `nil` when the file is read into ``buffer``.
    @exclusivity(unchecked) private var mapping: UnsafeRawBufferPointer?
    /// The bytes from ``buffer``'s start that may be read: the structural index reads a line's last 64-byte block
    /// whole.
    @exclusivity(unchecked) private var readableCount = 0
    /// The mapped bytes below this offset of ``buffer`` are released (``releaseConsumedPages()``).
    @exclusivity(unchecked) private var releasedUpTo = 0

    /// Opens a file for reading.
    /// - Throws: ``SAEError`` `io-error` when the file cannot be opened.
    public init(path: String, options: Options = .strict) throws(SAEError) {
        self.name = path
        self.options = options
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SAEError(.ioError, "cannot open the file: \(String(cString: strerror(errno)))", file: path)
        }
        self.fileDescriptor = descriptor
        self.buffer = Self.allocateBuffer(max(options.chunkSize, 4096))
        self.readableCount = buffer.count + 64
        self.bounds = .allocate(capacity: 4096)
        mapIfLarge(from: 0, to: Int.max)
    }

    /// Opens one part of a file for reading: the lines that start in `range`, which must begin at the start of
    /// a line after the header. Lines are numbered from `firstLineNumber`; DETAIL lines need no header.
    convenience init(path: String, range: Range<Int>, firstLineNumber: Int, options: Options) throws(SAEError) {
        try self.init(path: path, options: options.withoutMapping)
        isWholeFile = false
        sawHeader = true
        lineNumber = firstLineNumber - 1
        if mapIfLarge(from: range.lowerBound, to: range.upperBound, threshold: options.mappingThreshold) { return }
        guard lseek(fileDescriptor, off_t(range.lowerBound), SEEK_SET) >= 0 else {
            throw SAEError(.ioError, "cannot seek: \(String(cString: strerror(errno)))", file: path)
        }
        remaining = range.count
    }

    /// Reads from bytes in memory.
    public init(bytes: some Collection<UInt8>, name: String = "<memory>", options: Options = .strict) {
        self.name = name
        self.options = options
        let array = Array(bytes)
        let storage = Self.allocateBuffer(max(array.count, 1))
        array.withUnsafeBytes { raw in
            if let base = raw.baseAddress, let target = storage.baseAddress {
                target.copyMemory(from: base, byteCount: raw.count)
            }
        }
        self.buffer = storage
        self.readableCount = storage.count + 64
        self.end = array.count
        self.endOfInput = true
        self.bounds = .allocate(capacity: 4096)
    }

    deinit {
        if fileDescriptor >= 0 { close(fileDescriptor) }
        if let mapping {
            unmap(mapping)
        } else {
            buffer.deallocate()
        }
        bounds.deallocate()
        paddedLine.deallocate()
        repairedLine.deallocate()
    }

    /// The next header or record, or `nil` at the end of the input.
    /// - Throws: ``SAEError`` for a malformed line; the line is consumed, so calling again goes on.
    public func next() throws(SAEError) -> Element? {
        switch try nextBorrowed() {
        case .header(let header): return .header(header)
        case .detail(let view): return .detail(view.record())
        case nil: return nil
        }
    }

    /// A line lent by the reader: a DETAIL line's view points into the reader's buffer and is valid until the
    /// next call, so the checking path (``SAEFile``) copies no line.
    enum Borrowed {
        case header(SAEHeader)
        case detail(SAEFieldView)
    }

    /// The next header or DETAIL line, lent; see ``next()``.
    func nextBorrowed() throws(SAEError) -> Borrowed? {
        if mapping != nil && start &- releasedUpTo >= Self.releaseStep { releaseConsumedPages() }
        while !finished {
            // The line found and split in one pass; else (the line goes past the bytes read, or is the first of
            // the file, which may start with a byte order mark) found with `memchr`, then split.
            if options.scanner == .structuralIndex, lineNumber > 0 || !isWholeFile, let found = indexNextLine() {
                if found.line.isEmpty { continue }
                if let element = try parse(found.line, indexed: found.split) { return element }
                continue
            }
            guard let line = try nextLine() else {
                finished = true
                if !sawContent && isWholeFile {
                    throw error(.emptyFile, "the file is empty: no EXTRACT header and no DETAIL lines")
                }
                return nil
            }
            if line.isEmpty { continue }
            if let element = try parse(line) { return element }
        }
        return nil
    }

    /// Reads the whole input, throwing the first error.
    public func readAll() throws(SAEError) -> (header: SAEHeader?, records: [SAERecord]) {
        var header: SAEHeader?
        var records: [SAERecord] = []
        while let element = try next() {
            switch element {
            case .header(let value): header = value
            case .detail(let record): records.append(record)
            }
        }
        return (header, records)
    }

    // MARK: - Lines

    private func error(_ code: SAEError.Code, _ message: String) -> SAEError {
        SAEError(code, message, file: name, line: lineNumber == 0 ? nil : lineNumber)
    }

    // MARK: - Mapping

    /// Maps bytes `lower..<upper` of the file (`upper` clipped to its size) into memory when it is a regular
    /// file and they are at least `threshold` bytes (``Options/mappingThreshold`` by default), so that its lines
    /// are read in place: reading them into the chunk buffer was a tenth of the check's time, in the kernel's
    /// copy. Returns `false` (the reader reads as before) for anything else, or when the mapping fails.
    ///
    /// Memory stays flat: the pages read are released every ``releaseStep`` bytes. Like any program that maps a
    /// file, the reader gets `SIGBUS` if another process truncates the file under it; the files this project
    /// checks are written once and renamed into place (``DurableFile``), and never truncated.
    @discardableResult
    private func mapIfLarge(from lower: Int, to upper: Int, threshold: Int? = nil) -> Bool {
        var info = stat()
        guard fstat(fileDescriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        let size = Int(info.st_size)
        let upper = min(upper, size)
        guard upper > lower, upper - lower >= threshold ?? options.mappingThreshold else { return false }
        let page = Self.pageSize
        let origin = lower / page * page
        // 64 bytes past the range when the file has them: the index reads a line's last block whole. An
        // inaccessible page follows the mapping, so that a read past it stops the process at once instead of
        // reading another mapping's bytes.
        let mappedEnd = min(size, upper + 64)
        let pages = (mappedEnd - origin + page - 1) / page * page
        guard let reserved = mmap(nil, pages + page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            reserved != MAP_FAILED
        else { return false }
        let flags = MAP_SHARED | MAP_FIXED
        guard let address = mmap(reserved, pages, PROT_READ, flags, fileDescriptor, off_t(origin)),
            address != MAP_FAILED
        else {
            _ = munmap(reserved, pages + page)
            return false
        }
        buffer.deallocate()
        mapping = UnsafeRawBufferPointer(start: address, count: pages + page)
        buffer = UnsafeMutableRawBufferPointer(start: address, count: upper - origin)
        readableCount = mappedEnd - origin
        start = lower - origin
        end = upper - origin
        endOfInput = true
        return true
    }

    /// The mapped bytes released at a time, once read.
    static let releaseStep = 2 << 20
    private static let pageSize = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)

    /// Releases the mapped pages before the current line: the file stays in the page cache, but not in the
    /// process's memory.
    private func releaseConsumedPages() {
        guard let base = mapping?.baseAddress else { return }
        let upTo = start / Self.pageSize * Self.pageSize
        guard upTo > releasedUpTo else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + releasedUpTo), upTo - releasedUpTo, MADV_DONTNEED)
        releasedUpTo = upTo
    }

    private func unmap(_ mapping: UnsafeRawBufferPointer) {
        if let base = mapping.baseAddress { _ = munmap(UnsafeMutableRawPointer(mutating: base), mapping.count) }
    }

    /// The most bytes a line (with its line feed) can have: the chunk buffer grows up to the larger of its size
    /// and the maximum line length.
    var lineLimit: Int { max(options.chunkSize, 4096, options.maximumLineLength) }

    /// The reader's buffers have 64 bytes more than their size: the structural index reads a line's last block
    /// whole, past the bytes read (``SAEStructuralIndex/splitNextLine(_:available:into:tables:)``).
    private static func allocateBuffer(_ count: Int) -> UnsafeMutableRawBufferPointer {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: count + 64, alignment: 16)
        return UnsafeMutableRawBufferPointer(rebasing: storage[0..<count])
    }

    /// The next line found and split by the structural index in one pass, taken from the buffer; `nil` when the
    /// bytes read hold no line feed (or the line is too long for ``bounds``): ``nextLine()`` takes it.
    @inline(__always)
    private func indexNextLine() -> (line: UnsafeRawBufferPointer, split: (count: Int, suspect: Range<Int>?)?)? {
        guard let base = buffer.baseAddress else { return nil }
        let available = min(
            end &- start,
            readableCount &- 64 &- start,
            boundsCapacity &- 66 &- SAEStructuralIndex.slack
        )
        guard
            let found = SAEStructuralIndex.splitNextLine(
                base + start,
                available: available,
                into: bounds,
                tables: indexTables
            )
        else { return nil }
        let line = UnsafeRawBufferPointer(start: base + start, count: found.length)
        bytesConsumed &+= found.consumed
        start &+= found.consumed
        lineNumber &+= 1
        return (line, found.split)
    }

    private func nextLine() throws(SAEError) -> UnsafeRawBufferPointer? {
        guard let base = buffer.baseAddress else { return nil }
        var scanFrom = start
        while true {
            // A mapped file is all in memory, but its lines have the limit of the lines read into the buffer: a
            // line feed within the first `lineLimit` bytes.
            let scanEnd = mapping == nil ? end : min(end, start &+ lineLimit)
            if scanFrom < scanEnd, let hit = memchr(base + scanFrom, 0x0A, scanEnd - scanFrom) {
                let newline = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                return takeLine(base, upTo: newline, consumed: newline + 1)
            }
            // (The buffered reader stops at a line of `lineLimit` bytes without a line feed even at the end of the
            // input: the buffer is full before the end is seen.)
            if mapping != nil && end &- start >= lineLimit {
                finished = true
                stoppedEarly = true
                lineNumber += 1
                throw error(.lineTooLong, "a line is longer than \(options.maximumLineLength) bytes; reading stopped")
            }
            scanFrom = end
            if endOfInput {
                guard start < end else { return nil }
                return takeLine(base, upTo: end, consumed: end)
            }
            if start > 0 {
                base.copyMemory(from: base + start, byteCount: end - start)
                end -= start
                scanFrom -= start
                start = 0
            }
            if end == buffer.count {
                guard buffer.count < options.maximumLineLength else {
                    finished = true
                    stoppedEarly = true
                    lineNumber += 1
                    throw error(
                        .lineTooLong,
                        "a line is longer than \(options.maximumLineLength) bytes; reading stopped"
                    )
                }
                let grown = Self.allocateBuffer(min(buffer.count * 2, options.maximumLineLength))
                if let target = grown.baseAddress { target.copyMemory(from: base, byteCount: end) }
                buffer.deallocate()
                buffer = grown
                return try nextLine()
            }
            let count: Int
            do {
                let free = UnsafeMutableRawBufferPointer(start: base + end, count: min(buffer.count - end, remaining))
                count = try PrivateFiles.read(fileDescriptor, into: free, path: name)
            } catch {
                finished = true
                stoppedEarly = true
                throw self.error(.ioError, "read failed: \(String(cString: strerror(error.errno)))")
            }
            if count == 0 { endOfInput = true }
            if remaining != Int.max { remaining -= count }
            end += count
        }
    }

    private func takeLine(_ base: UnsafeMutableRawPointer, upTo lineEnd: Int, consumed: Int) -> UnsafeRawBufferPointer {
        var lineStart = start
        var stop = lineEnd
        if stop > lineStart, base.load(fromByteOffset: stop - 1, as: UInt8.self) == 0x0D { stop -= 1 }
        if lineNumber == 0, isWholeFile, stop - lineStart >= 3,
            base.load(fromByteOffset: lineStart, as: UInt8.self) == 0xEF,
            base.load(fromByteOffset: lineStart + 1, as: UInt8.self) == 0xBB,
            base.load(fromByteOffset: lineStart + 2, as: UInt8.self) == 0xBF
        {
            lineStart += 3
        }
        bytesConsumed += consumed - start
        start = consumed
        lineNumber += 1
        return UnsafeRawBufferPointer(start: base + lineStart, count: stop - lineStart)
    }

    // MARK: - Records

    /// Whether the line's first field is `type` (a literal: no array, so no lazily initialised global, to load;
    /// inlined, the compares are of constants, unrolled).
    @inline(__always)
    private static func hasRecordType(_ line: UnsafeRawBufferPointer, _ type: StaticString) -> Bool {
        let count = type.utf8CodeUnitCount
        guard line.count >= count else { return false }
        for index in 0..<count where line[index] != type.utf8Start[index] { return false }
        return line.count == count || line[count] == SAELineParser.pipe
    }

    private func parse(_ originalLine: UnsafeRawBufferPointer) throws(SAEError) -> Borrowed? {
        guard options.scanner == .structuralIndex else { return try parse(originalLine, indexed: nil) }
        reserveBounds(for: originalLine.count)
        let split = SAEStructuralIndex.split(
            originalLine,
            into: bounds,
            capacity: boundsCapacity - 1 - SAEStructuralIndex.slack,
            tables: indexTables
        )
        return try parse(originalLine, indexed: split)
    }

    /// Parses a line the structural index split (`split`), or, when it could not (`nil`), one the reference
    /// splits.
    private func parse(
        _ originalLine: UnsafeRawBufferPointer,
        indexed split: (count: Int, suspect: Range<Int>?)?
    ) throws(SAEError) -> Borrowed? {
        sawContent = true
        var indexed: Int?
        var rejected: (offset: Int, reason: SAELineParser.RejectedByte)?
        if let (count, suspect) = split {
            // A line of ASCII text without control characters needs no further check of its bytes; another is
            // checked over the blocks that hold such bytes (the bytes outside them are plain ASCII).
            guard let suspect else { return try parseValid(originalLine, indexed: count) }
            let range = UnsafeRawBufferPointer(rebasing: originalLine[suspect])
            guard let (offset, reason) = SAELineParser.firstRejectedByte(range) else {
                return try parseValid(originalLine, indexed: count)
            }
            indexed = count
            rejected = (suspect.lowerBound + offset, reason)
        }
        guard let (offset, reason) = rejected ?? SAELineParser.firstRejectedByte(originalLine) else {
            return try parseValid(originalLine, indexed: indexed)
        }
        let problem = rejectedByteError(in: originalLine, at: offset, reason: reason)
        // A control character is an error in every mode; invalid UTF-8 is repaired in lenient mode.
        guard reason == .invalidUTF8, options.mode == .lenient else { throw problem }
        warn(problem)
        // The repaired line is kept by the reader until the next line, since the DETAIL view points into it.
        let repaired = Array(String(decoding: originalLine, as: UTF8.self).utf8)
        let line = repaired.withUnsafeBytes { Self.keep($0, padding: 0, in: &repairedLine) }
        if let (offset, reason) = SAELineParser.firstRejectedByte(line) {
            throw rejectedByteError(in: line, at: offset, reason: reason)
        }
        return try parseValid(line)
    }

    /// The error for the byte at `offset`, naming its line and field.
    private func rejectedByteError(
        in line: UnsafeRawBufferPointer,
        at offset: Int,
        reason: SAELineParser.RejectedByte
    ) -> SAEError {
        let field = fieldNumber(atOffset: offset, in: line)
        let fieldName =
            Self.hasRecordType(line, "DETAIL")
            ? SAEField.named(field).name
            : (Self.hasRecordType(line, "EXTRACT")
                ? SAEHeaderField(rawValue: field).map { "header " + $0.name } : nil)
        let message: String
        let code: SAEError.Code
        var value = String(decoding: line, as: UTF8.self)
        switch reason {
        case .invalidUTF8:
            code = .invalidUTF8
            message = "invalid UTF-8 at byte \(offset + 1) of the line"
        case .controlCharacter:
            // The field's own text (shown escaped), from the pipe before the byte to the pipe after it.
            var start = offset
            while start > 0, line[start - 1] != SAELineParser.pipe { start -= 1 }
            var end = offset
            while end < line.count, line[end] != SAELineParser.pipe { end += 1 }
            value = String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
            code = .controlCharacter
            let byte = String(line[offset], radix: 16, uppercase: true)
            message =
                "a control character (U+\(byte.count < 2 ? "000" : "00")\(byte)) at byte \(offset + 1) of the line; "
                + "a field may hold TAB but no other control character"
        }
        return SAEError(
            code,
            message,
            file: name,
            line: lineNumber,
            field: field,
            fieldName: fieldName,
            value: value
        )
    }

    /// Counts a leniency applied in lenient mode, and keeps it while fewer than the maximum are kept.
    private func warn(_ problem: SAEError) {
        warningCount += 1
        if warnings.count < options.maximumWarningsKept { warnings.append(problem) }
    }

    private func fieldNumber(atOffset offset: Int, in line: UnsafeRawBufferPointer) -> Int {
        var field = 1
        for index in 0..<min(offset, line.count) where line[index] == SAELineParser.pipe { field += 1 }
        return field
    }

    /// Parses a line whose bytes are valid; `indexed` is its field count when the structural index has split it
    /// into ``bounds`` already.
    private func parseValid(_ line: UnsafeRawBufferPointer, indexed: Int? = nil) throws(SAEError) -> Borrowed? {
        if Self.hasRecordType(line, "DETAIL") {
            if !sawHeader {
                sawHeader = true
                let problem = SAEError(
                    .missingHeader,
                    "the first line must be the EXTRACT header; found a DETAIL line",
                    file: name,
                    line: lineNumber
                )
                throw problem
            }
            return .detail(try parseDetail(line, indexed: indexed))
        }
        if Self.hasRecordType(line, "EXTRACT") {
            if sawHeader {
                let problem = SAEError(
                    .duplicateHeader,
                    "a second EXTRACT header; a file holds one batch",
                    file: name,
                    line: lineNumber
                )
                guard options.mode == .lenient else { throw problem }
                warn(problem)
                return nil
            }
            sawHeader = true
            return .header(try parseHeader(line, indexed: indexed))
        }
        let preview = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<min(line.count, 40)]), as: UTF8.self)
        let problem = SAEError(
            sawHeader ? .unknownRecordType : .notAnExtract,
            sawHeader
                ? "unknown record type: a line starts with EXTRACT or DETAIL"
                : "not an SAE file: the first line must start with EXTRACT|",
            file: name,
            line: lineNumber,
            field: 1,
            fieldName: "Constant",
            value: preview
        )
        if !sawHeader { sawHeader = true }
        guard options.mode == .lenient else { throw problem }
        warn(problem)
        return nil
    }

    /// Copies `bytes` into `storage` (grown when too small), followed by `padding` delimiters: a line the reader
    /// made (repaired or padded) and keeps until the next line, since the DETAIL view it lends points into it.
    private static func keep(
        _ bytes: UnsafeRawBufferPointer,
        padding: Int,
        in storage: inout UnsafeMutableRawBufferPointer
    ) -> UnsafeRawBufferPointer {
        let length = bytes.count + padding
        if storage.count < length {
            storage.deallocate()
            storage = .allocate(byteCount: length, alignment: 16)
        }
        if let source = bytes.baseAddress, let target = storage.baseAddress {
            target.copyMemory(from: source, byteCount: bytes.count)
        }
        for index in bytes.count..<length { storage[index] = SAELineParser.pipe }
        return UnsafeRawBufferPointer(rebasing: storage[0..<length])
    }

    /// Makes room in ``bounds`` for a line of `length` bytes.
    private func reserveBounds(for length: Int) {
        if length + 2 + SAEStructuralIndex.slack > boundsCapacity {
            bounds.deallocate()
            boundsCapacity = length + 2 + SAEStructuralIndex.slack
            bounds = .allocate(capacity: boundsCapacity)
        }
    }

    private func split(_ line: UnsafeRawBufferPointer, isDetail: Bool, indexed: Int? = nil) throws(SAEError) -> Int {
        if let indexed { return indexed }
        reserveBounds(for: line.count)
        let result = Result { () throws(SAELineParser.Failure) in
            try SAELineParser.split(line, into: bounds, capacity: boundsCapacity - 1, lenient: options.mode == .lenient)
        }
        switch result {
        case .success(let (count, lenientField)):
            if let lenientField {
                warn(
                    SAEError(
                        .unterminatedQuote,
                        "unterminated quote; the rest of the line was taken as the field's text",
                        file: name,
                        line: lineNumber,
                        field: lenientField,
                        fieldName: isDetail ? SAEField.named(lenientField).name : nil
                    )
                )
            }
            return count
        case .failure(.unterminatedQuote(let field)):
            throw SAEError(
                .unterminatedQuote,
                "a quoted value has no closing quote (a quoted value cannot span lines)",
                file: name,
                line: lineNumber,
                field: field,
                fieldName: isDetail ? SAEField.named(field).name : nil
            )
        case .failure(.textAfterQuote(let field)):
            throw SAEError(
                .textAfterQuote,
                "a closing quote must be followed by | or the end of the line",
                file: name,
                line: lineNumber,
                field: field,
                fieldName: isDetail ? SAEField.named(field).name : nil
            )
        }
    }

    private func parseHeader(_ line: UnsafeRawBufferPointer, indexed: Int?) throws(SAEError) -> SAEHeader {
        let count = try split(line, isDetail: false, indexed: indexed)
        guard count == SAEField.headerFieldCount else {
            throw SAEError(
                .fieldCount,
                "the EXTRACT header has \(SAEField.headerFieldCount) fields, found \(count)",
                file: name,
                line: lineNumber
            )
        }
        let record = SAERecord(
            lineNumber: lineNumber,
            rawLine: Array(line),
            bounds: Array(UnsafeBufferPointer(start: bounds, count: count + 1))
        )
        func fail(_ code: SAEError.Code, _ field: SAEHeaderField, _ message: String) -> SAEError {
            SAEError(code, message, line: lineNumber, headerField: field, value: record[field.rawValue]).inFile(name)
        }
        let dateResult = record.withBytes(of: 2) { bytes in
            Result { () throws(CalendarDate.ParseFailure) in try CalendarDate.parse(bytes) }
        }
        guard case .success(let date) = dateResult else {
            throw fail(.invalidDate, .batchDate, "not a valid date of the form YYYY-MM-DD")
        }
        guard let recordCount = record.withBytes(of: 3, { SAERecord.parseInteger($0) }) else {
            throw fail(.invalidInteger, .recordCount, "not a whole number")
        }
        let totalResult = record.withBytes(of: 4) { bytes in
            Result { () throws(Amount.ParseFailure) in try Amount.parse(bytes) }
        }
        let total: Amount
        switch totalResult {
        case .success(let value): total = value
        case .failure(let failure): throw fail(.invalidAmount, .journalAmountTotal, failure.description)
        }
        return SAEHeader(
            batchDate: date,
            recordCount: recordCount,
            journalAmountTotal: total,
            batchID: record[5],
            lineNumber: lineNumber
        )
    }

    private func parseDetail(_ line: UnsafeRawBufferPointer, indexed: Int?) throws(SAEError) -> SAEFieldView {
        var count = try split(line, isDetail: true, indexed: indexed)
        var fields = line
        if count != SAEField.detailFieldCount {
            let problem = SAEError(
                .fieldCount,
                count > SAEField.detailFieldCount
                    ? "a DETAIL line has \(SAEField.detailFieldCount) fields, found \(count) (an unquoted | in a value?)"
                    : "a DETAIL line has \(SAEField.detailFieldCount) fields, found \(count) (a truncated line?)",
                file: name,
                line: lineNumber,
                field: min(count, SAEField.detailFieldCount + 1),
                fieldName: count > SAEField.detailFieldCount ? "beyond field 400" : nil
            )
            guard options.mode == .lenient, count < SAEField.detailFieldCount else { throw problem }
            warn(problem)
            // The line padded with empty fields, kept by the reader until the next line.
            fields = Self.keep(line, padding: SAEField.detailFieldCount - count, in: &paddedLine)
            count = try split(fields, isDetail: true)
        }
        // An empty line still has a base address for its bounds; use a dummy for the bytes.
        let view = SAEFieldView(
            base: fields.baseAddress ?? UnsafeRawPointer(bitPattern: 0x1).unsafelyUnwrapped,
            bounds: bounds,
            fieldCount: count,
            lineNumber: lineNumber
        )
        if options.checksTypedFields {
            do throws(SAEError) {
                try Self.checkTypedFields(view, lenientFlags: options.mode == .lenient, table: typedFields)
            } catch {
                throw error.inFile(name)
            }
        }
        return view
    }
}
