public import AccountingExtract
import Dispatch
public import Foundation
import Synchronization

extension ExpenseReportGenerator {
    /// Writes an SAE file of `reports` generated reports spread over `employees` new employees, submitted in the
    /// days before `batchDate`, streaming: memory stays flat whatever the size (the lines go through the writer's
    /// 1 MiB buffer to its spool file; the header, known at the end, is written first by ``SAEWriter/finish()``,
    /// durably). The reports are generated here, in order, in slices of 32; the lines of a round of `2 × threads`
    /// slices are written at once, each slice into its own ``SAEWriter`` segment, while the next round is
    /// generated, and the segments are appended in order (one thread: slices of 64, written as generated). The
    /// same seed and arguments give the same bytes, whatever `threads` is. `progress` is called with the reports
    /// and the bytes written so far, every few dozen reports and once at the end.
    ///
    /// ```swift
    /// var generator = ExpenseReportGenerator(seed: 7)
    /// let written = try generator.writeSAEFile(to: "batch.txt", reports: 500, employees: 12, batchID: "1001",
    ///                                          batchDate: date) { reports, bytes in print(reports, bytes) }
    /// print(written.text, terminator: "")   // wrote batch.txt: batch 1001, 1968 lines, total …
    /// ```
    public mutating func writeSAEFile(
        to path: String,
        reports: Int,
        employees: Int,
        batchID: String,
        batchDate: CalendarDate,
        options: SAEWriter.Options = .init(),
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: (_ reports: Int, _ bytes: Int) -> Void = { _, _ in }
    ) throws(SAEError) -> SAEWrittenFile {
        let staff = self.employees(count: employees)
        let writer = try SAEWriter(batchID: batchID, batchDate: batchDate, path: path, options: options)
        let source = SliceSource(generator: self, staff: staff, batchDate: batchDate, reports: reports)
        defer { self = source.generator }
        if threads <= 1 {
            while let slice = source.next(slices: 1, of: 64).first {
                try writer.append(reports: slice.reports)
                progress(source.done, writer.detailByteCount)
            }
        } else {
            try Self.writePipelined(from: source, to: writer, threads: threads, progress: progress)
        }
        let written = SAEWrittenFile(file: path, header: writer.header)
        try writer.finish()
        return written
    }

    /// Writes the reports of `source` in rounds of `2 × threads` slices of 32 reports. While the slices of one
    /// round are written, each into a segment of `writer`, the next round is generated, all at once on `threads`
    /// threads; the segments are then appended in order.
    private static func writePipelined(
        from source: SliceSource,
        to writer: SAEWriter,
        threads: Int,
        progress: (_ reports: Int, _ bytes: Int) -> Void
    ) throws(SAEError) {
        let width = 2 * threads
        var current = source.next(slices: width, of: 32)
        while !current.isEmpty {
            let slices = current
            let segments = slices.map { SAEWriter(segmentOf: writer, after: $0.after) }
            let failures = Mutex<[SAEError?]>(Array(repeating: nil, count: slices.count))
            let upcoming = Mutex<[Slice]>([])
            // Task 0 generates the next round (the source is touched by it alone); task i writes slice i - 1
            // into its own segment. `writer` is touched by none of them.
            nonisolated(unsafe) let shared = segments
            DispatchQueue.concurrentPerform(iterations: slices.count + 1) { task in
                guard task > 0 else {
                    let round = source.next(slices: width, of: 32)
                    upcoming.withLock { $0 = round }
                    return
                }
                do throws(SAEError) {
                    try shared[task - 1].append(reports: slices[task - 1].reports)
                } catch {
                    failures.withLock { $0[task - 1] = error }
                }
            }
            let errors = failures.withLock { $0 }
            for (index, segment) in segments.enumerated() {
                if let error = errors[index] { throw error }
                try writer.append(segment: segment)
            }
            current = upcoming.withLock { $0 }
            progress(source.done - current.reduce(0) { $0 + $1.reports.count }, writer.detailByteCount)
        }
    }

    /// Generated reports and the number of DETAIL lines before their first.
    typealias Slice = (reports: [ExpenseReport], after: Int)

    /// The generator, with what it has generated so far; used by one thread at a time (the task that generates
    /// a round, then the caller), which `concurrentPerform`'s return orders.
    final class SliceSource: @unchecked Sendable {
        var generator: ExpenseReportGenerator
        let staff: [Employee]
        let batchDate: CalendarDate
        let reports: Int
        /// The reports generated so far, and their lines.
        private(set) var done = 0
        private var lines = 0

        init(generator: ExpenseReportGenerator, staff: [Employee], batchDate: CalendarDate, reports: Int) {
            self.generator = generator
            self.staff = staff
            self.batchDate = batchDate
            self.reports = reports
        }

        /// Up to `count` slices of `size` reports (fewer at the end; none once all are generated), in order.
        func next(slices count: Int, of size: Int) -> [Slice] {
            var slices: [Slice] = []
            // No employees, no reports (the generator gives none): the file has a header only.
            if staff.isEmpty { done = reports }
            while slices.count < count, done < reports {
                let slice = generator.reports(count: min(reports - done, size), employees: staff, before: batchDate)
                slices.append((slice, lines))
                lines += slice.reduce(0) { $0 + $1.saeLineCount }
                done += slice.count
            }
            return slices
        }
    }
}
