public import ExtractClient
public import FinancialIntegrationAPI
public import Foundation
public import Ledger

/// What became of each payment of a `confirm-payment` run.
public struct PaymentConfirmationReport: Sendable, Hashable, Codable {
    /// One payment's outcome.
    public struct Item: Sendable, Hashable, Codable {
        /// `sent` (Concur accepted it), `already-confirmed` (recorded as answered by an earlier run: not sent
        /// again), `already-recorded` (Concur holds it already: 298 or 213, e.g. after a lost answer),
        /// `refused` (Concur refused it: `code`, `message`), `unknown` (sent, no answer: the next run sends it
        /// again), `not-sent` (an earlier request went unanswered: the next run sends it).
        public var outcome: String
        public var docId: String
        public var paymentRef: String
        public var status: String
        public var code: Int?
        public var message: String?
    }

    public var company: String
    public var file: String
    public var items: [Item]

    /// 0 when Concur holds every payment, 69 when an answer was lost or a request not sent (rerun), 1 when Concur
    /// refused one.
    public var exitStatus: ExitStatus {
        if items.contains(where: { $0.outcome == "refused" }) { return .failed }
        if items.contains(where: { $0.outcome == "unknown" || $0.outcome == "not-sent" }) { return .network }
        return .success
    }

    /// One line per payment, then a summary.
    public var text: String {
        var lines = items.map { item in
            var line = "\(item.docId) \(item.status) \(item.paymentRef): \(item.outcome)"
            if let code = item.code { line += " (\(code))" }
            if let message = item.message, !message.isEmpty { line += " \(message)" }
            return line
        }
        let counts = Dictionary(grouping: items, by: \.outcome).map { "\($0.value.count) \($0.key)" }.sorted()
        lines.append("payments of \(company) from \(file): \(counts.joined(separator: ", "))")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `concur-extract confirm-payment`: sends a file's payment confirmations (spec §3.4) for FIS documents this
/// ledger posted, exactly once.
///
/// 1. The whole file is checked first ([PaymentConfirmationFile]); then each payment against the ledger: its
///    document must be posted here with a **success** posting confirmation recorded (a document that is not
///    posted, not yet confirmed, or error-confirmed is refused), and must not conflict with a recorded payment.
///    Any problem: nothing is recorded or sent.
/// 2. Each payment is recorded in the ledger **before** it is sent, so a crash re-sends the same content.
/// 3. The recorded payments Concur has not accepted yet are sent in batches; each answer is recorded.
///
/// A rerun with the same file sends nothing new: an accepted payment is skipped, and one whose answer was lost is
/// sent again, which Concur answers 298 `NOOP` (the same `paymentRef`).
///
/// ```swift
/// let entries = try PaymentConfirmationFile.read(path: "payments.csv")
/// let report = try await PaymentConfirmationRun(company: "acme", store: store, client: client,
///                                               settings: FISClientSettings(systemID: "concur-extract"))
///     .run(entries, file: "payments.csv")
/// print(report.text)
/// ```
public struct PaymentConfirmationRun: Sendable {
    /// The answers that mean Concur holds the payment: 0, 213 (already completely paid), 298 (`NOOP`).
    static let doneCodes: Set<Int> = [
        FISServiceCode.success.code, FISServiceCode.paymentAlreadyConfirmed.code,
        FISServiceCode.invalidPaymentRequest.code,
    ]

    public var company: String
    public var store: any LedgerStore
    public var client: ConcurClient
    public var settings: FISClientSettings
    public var now: @Sendable () -> Date

    public init(
        company: String,
        store: any LedgerStore,
        client: ConcurClient,
        settings: FISClientSettings,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.company = company
        self.store = store
        self.client = client
        self.settings = settings
        self.now = now
    }

    /// The payment as recorded: what is sent besides the document id and status.
    struct Recorded: Codable, Hashable {
        var additionalMessage: String?
        var clearingDetails: [FISClearingDetail]?
    }

    static func record(_ entry: PaymentConfirmationEntry, company: String, at date: Date) throws -> FISPaymentRecord {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let clearing = Recorded(
            additionalMessage: entry.confirmation.additionalMessage,
            clearingDetails: entry.confirmation.clearingDetails
        )
        return FISPaymentRecord(
            company: company,
            docId: entry.docId,
            paymentRef: entry.paymentRef,
            status: entry.status.rawValue,
            clearingJSON: String(decoding: try encoder.encode(clearing), as: UTF8.self),
            recordedAt: date
        )
    }

    /// The confirmation to send for a recorded payment: its recorded content, never the file's.
    static func confirmation(of record: FISPaymentRecord) throws -> FISPaymentConfirmation {
        guard let status = FISProcessingStatusCode(rawValue: record.status) else {
            throw LedgerError(.databaseError, "a recorded payment status is not CP, PP, RE or OB: \(record.status)")
        }
        let recorded = try JSONDecoder().decode(Recorded.self, from: Data(record.clearingJSON.utf8))
        return FISPaymentConfirmation(
            docId: record.docId,
            processingStatusCode: status,
            additionalMessage: recorded.additionalMessage,
            clearingDetails: recorded.clearingDetails
        )
    }

    /// Checks, records, sends and records the answers of `entries` (read from `file`).
    /// - Throws: ``PaymentConfirmationError`` (nothing recorded or sent) when a document is not posted here or a
    ///   payment conflicts with a recorded one; ledger and client errors before anything is sent.
    public func run(_ entries: [PaymentConfirmationEntry], file: String) async throws -> PaymentConfirmationReport {
        let recordedAt = now()
        var records: [FISPaymentRecord] = []
        var problems: [PaymentConfirmationError.Problem] = []
        var conflicts: [PaymentConfirmationError.Problem] = []
        for entry in entries {
            func problem(_ field: String, _ message: String) -> PaymentConfirmationError.Problem {
                .init(file: file, line: entry.line, field: field, message: message)
            }
            let record = try Self.record(entry, company: company, at: recordedAt)
            records.append(record)
            if try await store.fisPostingReference(company: company, docId: entry.docId) == nil {
                problems.append(
                    problem(
                        "docId",
                        "document \(entry.docId) is not posted in this ledger for company \(company): run sync --source fis first"
                    )
                )
                continue
            }
            switch try await store.fisConfirmation(company: company, docId: entry.docId)?.result {
            case nil:
                problems.append(
                    problem(
                        "docId",
                        "the posting of document \(entry.docId) is not confirmed to Concur yet: run sync --source fis first"
                    )
                )
                continue
            case .error:
                problems.append(
                    problem(
                        "docId",
                        "document \(entry.docId) was error-confirmed (it did not post): it cannot be paid; its resubmission has a new id"
                    )
                )
                continue
            case .success: break
            }
            let stored = try await store.fisPayments(company: company, docId: entry.docId)
            if let same = stored.first(where: { $0.paymentRef == record.paymentRef }) {
                if !same.hasSameContent(as: record) {
                    conflicts.append(
                        problem(
                            "paymentRef",
                            "payment \(record.paymentRef) of document \(entry.docId) is already recorded as \(same.status) with other clearing details: a new payment needs a new reference"
                        )
                    )
                }
            } else if !record.allowsSeveral,
                let other = stored.first(where: { $0.status == record.status })
            {
                conflicts.append(
                    problem(
                        "status",
                        "document \(entry.docId) already has a \(other.status) payment confirmation (reference \(other.paymentRef)): a second one is refused"
                    )
                )
            }
        }
        guard problems.isEmpty else { throw PaymentConfirmationError(code: .notPosted, problems: problems) }
        guard conflicts.isEmpty else { throw PaymentConfirmationError(code: .conflict, problems: conflicts) }

        // Record every payment before anything is sent.
        var stored: [FISPaymentRecord] = []
        for record in records { stored.append(try await store.recordFISPayment(record)) }

        var items: [PaymentConfirmationReport.Item] = []
        var toSend: [(index: Int, record: FISPaymentRecord)] = []
        for record in stored {
            let item = PaymentConfirmationReport.Item(
                outcome: "already-confirmed",
                docId: record.docId,
                paymentRef: record.paymentRef,
                status: record.status,
                code: record.answerCode,
                message: nil
            )
            if let code = record.answerCode, Self.doneCodes.contains(code) {
                items.append(item)
            } else {
                toSend.append((items.count, record))
                items.append(item)
            }
        }
        guard !toSend.isEmpty else { return PaymentConfirmationReport(company: company, file: file, items: items) }
        let results = try await client.confirmPayments(
            try toSend.map { try Self.confirmation(of: $0.record) },
            .expense,
            settings: settings
        )
        for ((index, record), result) in zip(toSend, results) {
            var item = items[index]
            var answer: Int?
            switch result.outcome {
            case .accepted:
                (item.outcome, item.code, answer) = ("sent", 0, 0)
            case .alreadyRecorded(let code, let message, _):
                (item.outcome, item.code, item.message, answer) = ("already-recorded", code.code, message, code.code)
            case .refused(let code, let message):
                (item.outcome, item.code, item.message) = ("refused", code.code, message)
                if !code.isRetryable { answer = code.code }
            case .unknown(let reason):
                (item.outcome, item.code, item.message) = ("unknown", nil, reason)
            case .notSent(let reason):
                (item.outcome, item.code, item.message) = ("not-sent", nil, reason)
            }
            if let answer {
                try await store.answerFISPayment(
                    company: company,
                    docId: record.docId,
                    paymentRef: record.paymentRef,
                    code: answer
                )
            }
            items[index] = item
        }
        return PaymentConfirmationReport(company: company, file: file, items: items)
    }
}
