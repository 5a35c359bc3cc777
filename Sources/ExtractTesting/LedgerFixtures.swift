public import AccountingExtract
internal import Foundation
public import Ledger

/// Journal lines and batches for ledger tests: balanced, with stable keys and dates.
///
/// ```swift
/// let lines = LedgerFixtures.lines(batchID: "567", details: 3)
/// let batch = LedgerFixtures.batch("567", lines: lines)
/// _ = try await store.load(batch, lines: lines)
/// ```
public enum LedgerFixtures {
    /// The batch date of every fixture batch (2026-01-15).
    public static let batchDate = CalendarDate(year: 2026, month: 1, day: 15) ?? { fatalError("fixture date") }()
    /// The posting date of every fixture line (2026-01-14).
    public static let postingDate = CalendarDate(year: 2026, month: 1, day: 14) ?? { fatalError("fixture date") }()

    /// `details` DETAIL lines of a batch: each an extract line and its offset on employee payable.
    public static func lines(batchID: String, details: Int, keyPrefix: String? = nil, firstSequence: Int = 1) -> [JournalLine]
    {
        var lines: [JournalLine] = []
        let accounts = ["6000", "6100", "6200"]
        for index in 0..<details {
            let sequence = firstSequence + index
            let amount = Amount(tenThousandths: Int64(1_000_000 + sequence * 12_345))
            let extract = JournalLine(
                batchID: batchID,
                sequenceNumber: sequence,
                origin: .extract,
                postingDate: postingDate,
                account: accounts[index % accounts.count],
                debit: amount,
                credit: .zero,
                currency: "USD",
                employeeID: "E\(100 + index % 4)",
                employeeName: "Employee \(index % 4)",
                reportID: "R\(index / 2)",
                reportName: "Trip \(index / 2)",
                description: "Hotel: night \(index)",
                costObject: "CC\(index % 2)",
                journalKey: "\(keyPrefix ?? batchID)-\(sequence)"
            )
            var offset = extract
            offset.origin = .offset
            offset.account = "2000"
            offset.debit = .zero
            offset.credit = amount
            lines.append(extract)
            lines.append(offset)
        }
        return lines
    }

    /// A batch whose header matches the extract lines (count and signed total).
    public static func batch(_ batchID: String, lines: [JournalLine], sha256: String? = nil) -> LedgerBatch {
        let extract = lines.filter { $0.origin == .extract }
        let total = extract.reduce(Amount.zero) { $0 + $1.debit - $1.credit }
        return LedgerBatch(
            batchID: batchID,
            batchDate: batchDate,
            sha256: sha256 ?? ("f" + batchID.sha256Stand),
            fileName: "extract_\(batchID).txt",
            headerRecordCount: extract.count,
            headerTotal: total
        )
    }
}

extension String {
    /// A stable stand-in for a file's SHA-256 (64 hex characters derived from the text).
    public var sha256Stand: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        let piece = String(hash, radix: 16)
        let padded = String(repeating: "0", count: 16 - piece.count) + piece
        return String(repeating: padded, count: 4).prefix(63).description
    }
}

/// Lines that fail after `failAfter` lines, as a source that breaks mid-load would.
///
/// ```swift
/// let source = FailingLines(lines: lines, failAfter: 3)
/// ```
public struct FailingLines: AsyncSequence, Sendable {
    public typealias Element = JournalLine
    /// The failure thrown after `failAfter` lines.
    public struct InjectedFailure: Error, Equatable {}

    public let lines: [JournalLine]
    public let failAfter: Int

    public init(lines: [JournalLine], failAfter: Int) {
        self.lines = lines
        self.failAfter = failAfter
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let lines: [JournalLine]
        let failAfter: Int
        var index = 0

        public mutating func next() async throws -> JournalLine? {
            if index == failAfter { throw InjectedFailure() }
            guard index < lines.count else { return nil }
            index += 1
            return lines[index - 1]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(lines: lines, failAfter: failAfter) }
}
