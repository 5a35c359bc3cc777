import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SAEFile {
    /// Checks a large file on several threads: the body is cut at line boundaries into one part per thread, each
    /// part is read, checked and tallied on its own, and the parts' counts, totals, report sets, sequences and
    /// journals are merged before the header checks. The result is the same as the one-thread check's (errors in
    /// file order, with their true line numbers); memory stays flat (one chunk buffer per thread).
    ///
    /// ```swift
    /// let result = try SAEFile.check(path: "big.txt", threads: 2)
    /// ```
    public static func check(
        path: String,
        options: SAEReader.Options = .strict,
        journal: JournalConfiguration = JournalConfiguration(),
        maximumErrors: Int = 100,
        threads: Int
    ) throws(SAEError) -> SAECheckResult {
        try check(
            path: path,
            options: options,
            journal: journal,
            maximumErrors: maximumErrors,
            threads: threads,
            minimumParallelSize: 4 << 20
        )
    }

    /// The same, splitting files of at least `minimumParallelSize` bytes (tests split small files), at `cuts`
    /// when given (byte offsets, each moved to the next line start) instead of into `threads` equal parts.
    static func check(
        path: String,
        options: SAEReader.Options,
        journal: JournalConfiguration,
        maximumErrors: Int,
        threads: Int,
        minimumParallelSize: Int,
        cuts: [Int]? = nil
    ) throws(SAEError) -> SAECheckResult {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw SAEError(.ioError, "cannot open the file: \(String(cString: strerror(errno)))", file: path)
        }
        let size = Int(info.st_size)
        let sequential = { () throws(SAEError) -> SAECheckResult in
            try check(path: path, options: options, journal: journal, maximumErrors: maximumErrors)
        }
        guard threads > 1, size >= minimumParallelSize else { return try sequential() }

        // The header, read on its own; anything unusual before the first DETAIL line takes the one-thread path.
        let headerReader = try SAEReader(path: path, options: options)
        let first = Result { () throws(SAEError) in try headerReader.next() }
        guard case .success(.header(let header)) = first, headerReader.warnings.isEmpty else { return try sequential() }
        let bodyStart = headerReader.bytesConsumed
        let headerLines = headerReader.lineNumber

        // Parts that start at line starts. The first part's lines are numbered from the header on; each later
        // part numbers its own from 1, as its first line's number is known only once the parts before it are
        // read (counting their lines beforehand took a pass over all but the last part), and its line numbers
        // are moved by that many when it is merged.
        let parts = try partition(path: path, from: bodyStart, to: size, count: threads, cuts: cuts)
        let results = PartSlots<Result<Part, SAEError>>(count: parts.count)
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            results.set(
                index,
                checkPart(
                    path: path,
                    range: parts[index],
                    firstLine: index == 0 ? headerLines + 1 : 1,
                    header: header,
                    anchored: index == 0,
                    options: options,
                    journal: journal,
                    maximumErrors: maximumErrors
                )
            )
        }
        var validator = SAEBatchValidator(file: path, mode: options.mode, maximumErrors: maximumErrors)
        validator.add(header)
        var journals: [JournalPart] = []
        var linesBefore = 0
        merging: for index in 0..<parts.count {
            // Taken out of its slot, so that a part's tallies are freed once merged.
            switch results.take(index) {
            case .failure(let error):
                throw index == 0 ? error : error.movingLines(by: linesBefore)
            case .success(var part):
                if index > 0 {
                    part.validator.moveLines(by: linesBefore)
                    part.journal.moveLines(by: linesBefore)
                }
                validator.merge(&part.validator)
                journals.append(part.journal)
                linesBefore = index == 0 ? part.lastLine : linesBefore + part.lastLine
                if part.stoppedEarly { break merging }
            case nil: throw SAEError(.ioError, "a part of the file was not checked", file: path)
            }
        }
        let merged = JournalResult.merging(journals, maximumReportsKept: 1000)
        validator.add(unbalanced: merged)
        return SAECheckResult(summary: validator.finish(reader: headerReader), journal: merged)
    }

    struct Part: Sendable {
        var validator: SAEBatchValidator
        var journal: JournalPart
        /// The number of the part's last line, as the part numbered it.
        var lastLine: Int
        /// `true` when reading stopped inside the part (a line too long, a failed read): the one-thread check
        /// reads nothing after that point, so neither do the merged results.
        var stoppedEarly: Bool
    }

    /// Values written by concurrent workers, one slot each (the parts' results).
    final class PartSlots<Value: Sendable>: Sendable {
        private let slots: Mutex<[Value?]>
        init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
        func set(_ index: Int, _ value: Value) { slots.withLock { $0[index] = value } }
        func take(_ index: Int) -> Value? { slots.withLock { $0[index].take() } }
    }

    static func checkPart(
        path: String,
        range: Range<Int>,
        firstLine: Int,
        header: SAEHeader,
        anchored: Bool,
        options: SAEReader.Options,
        journal configuration: JournalConfiguration,
        maximumErrors: Int
    ) -> Result<Part, SAEError> {
        Result { () throws(SAEError) -> Part in
            let reader = try SAEReader(path: path, range: range, firstLineNumber: firstLine, options: options)
            var validator = SAEBatchValidator(file: path, mode: options.mode, maximumErrors: maximumErrors)
            validator.add(header)
            validator.sequenceUnanchored = !anchored
            var journal = JournalBuilder(configuration: configuration)
            journal.holdsFirstReport = true
            SAEFile.readAll(reader, into: &validator, &journal)
            validator.addWarnings(of: reader)
            return Part(
                validator: validator,
                journal: journal.finishPart(),
                lastLine: reader.lineNumber,
                stoppedEarly: reader.stoppedEarly
            )
        }
    }

    /// Cuts `[start, end)` into `count` ranges (or at `offsets`, when given) that each begin at a line start.
    static func partition(
        path: String,
        from start: Int,
        to end: Int,
        count: Int,
        cuts offsets: [Int]? = nil
    ) throws(SAEError) -> [Range<Int>] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SAEError(.ioError, "cannot open the file", file: path) }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        /// The offset just after the first newline at or after `offset`, or `end`.
        func lineStart(after offset: Int) -> Int {
            var position = offset
            while position < end {
                let wanted = min(buffer.count, end - position)
                let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(position)) }
                guard got > 0 else { return end }
                if let hit = buffer[0..<got].firstIndex(of: 0x0A) { return position + hit + 1 }
                position += got
            }
            return end
        }
        var cuts = [start]
        let wanted = offsets?.sorted() ?? (1..<max(1, count)).map { start + (end - start) * $0 / count }
        for offset in wanted where offset > start {
            let cut = lineStart(after: offset - 1)
            if cut > cuts[cuts.count - 1] && cut < end { cuts.append(cut) }
        }
        cuts.append(end)
        return (0..<(cuts.count - 1)).map { cuts[$0]..<cuts[$0 + 1] }
    }
}

extension SAEBatchValidator {
    /// Moves the line numbers of the part's errors, warnings and first sequence number by `count`.
    mutating func moveLines(by count: Int) {
        errors = errors.map { $0.movingLines(by: count) }
        warnings = warnings.map { $0.movingLines(by: count) }
        if let first = firstSequence { firstSequence = (first.number, first.line + count) }
    }

    /// Adds the counts, totals, sets, sequence and errors of the part that follows the lines seen so far.
    mutating func merge(_ part: inout SAEBatchValidator) {
        if let first = part.firstSequence, first.number != previousSequence + 1 {
            let problem = SAEError(
                .sequence,
                "expected sequence number \(previousSequence + 1)",
                line: first.line,
                field: .sequenceNumber,
                value: String(first.number)
            )
            if mode == .strict { add(error: problem) } else { warn(problem) }
        }
        if part.recordCount > 0 { previousSequence = part.previousSequence }
        recordCount += part.recordCount
        if let sum = journalAmountTotal.adding(part.journalAmountTotal), !part.totalOverflowed {
            journalAmountTotal = sum
        } else if !totalOverflowed {
            totalOverflowed = true
            add(error: SAEError(.amountOverflow, "the sum of journal amounts overflows"))
        }
        reportHashes.formUnion(part.reportHashes)
        part.reportHashes = DistinctHashes()
        employeeHashes.formUnion(part.employeeHashes)
        part.employeeHashes = DistinctHashes()
        for error in part.errors where errors.count < maximumErrors { errors.append(error) }
        errorCount += part.errorCount
        for warning in part.warnings where warnings.count < maximumErrors { warnings.append(warning) }
        warningCount += part.warningCount
    }
}

extension JournalResult {
    /// The journal of consecutive parts of one batch: a report cut by a split point is joined from the last
    /// report of one part and the first of the next, and counted once.
    static func merging(_ parts: [JournalPart], maximumReportsKept: Int) -> JournalResult {
        var totals: [String: AccountTotals] = [:]
        var reports = ReportCounter(maximumReportsKept: maximumReportsKept)
        var open: ReportJournalResult?
        var lines = 0
        for part in parts {
            // The part's first report: its only one when `first` is nil (then it stays open for the next part).
            if let head = part.first ?? part.last {
                // The same report id byte for byte, as one thread compares them (``JournalBuilder``).
                if let report = open, report.reportID.utf8.elementsEqual(head.reportID.utf8) {
                    open = report.continued(by: head)
                } else {
                    if let report = open { reports.close(report) }
                    open = head
                }
                if part.first != nil {
                    if let report = open { reports.close(report) }
                    open = part.last
                }
            }
            let journal = part.journal
            for (account, value) in journal.totalsByAccount {
                totals[account, default: AccountTotals()].debit += value.debit
                totals[account, default: AccountTotals()].credit += value.credit
            }
            reports.balancedCount += journal.balancedReportCount
            reports.unbalancedCount += journal.unbalancedReportCount
            reports.unbalanced += journal.unbalancedReports.prefix(
                max(0, maximumReportsKept - reports.unbalanced.count)
            )
            lines += journal.lineCount
        }
        if let report = open { reports.close(report) }
        return JournalResult(
            totalsByAccount: totals,
            balancedReportCount: reports.balancedCount,
            unbalancedReportCount: reports.unbalancedCount,
            unbalancedReports: reports.unbalanced,
            lineCount: lines
        )
    }
}
