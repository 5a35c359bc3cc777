public import AccountingExtract
public import ExtractClient
public import FinancialIntegrationAPI
public import Foundation
public import Ledger

/// What the FIS demo needs of the sandbox it runs against: each document's status as the service sees it, the
/// customer's defective report (the admin route `/_sandbox/fis/defect`) and the processor's resubmission of an
/// error-confirmed report (`/_sandbox/fis/resubmit`).
public protocol FISDemoSandbox: Sendable {
    /// The company's FIS documents in creation order.
    func fisDocuments() async throws -> [FISDemoDocument]
    /// Makes a `READY` expense document unpostable: served without the GL account its journal needs.
    func markDefective(docId: String) async throws
    /// Resubmits an error-confirmed document; returns the new document's id.
    func resubmit(docId: String) async throws -> String
}

/// One FIS document as the sandbox shows it.
public struct FISDemoDocument: Sendable, Hashable, Codable {
    public var id: String
    public var reportID: String
    public var docType: FISDocumentType
    public var status: FISDocumentStatus
    /// The document this one resubmits, if any.
    public var resubmissionOf: String?
    /// The defect the sandbox serves it with (`missing-account`), if any.
    public var defect: String?

    public init(
        id: String,
        reportID: String,
        docType: FISDocumentType,
        status: FISDocumentStatus,
        resubmissionOf: String?,
        defect: String? = nil
    ) {
        self.id = id
        self.reportID = reportID
        self.docType = docType
        self.status = status
        self.resubmissionOf = resubmissionOf
        self.defect = defect
    }
}

/// One document's journey through the FIS loop, as the demo prints it.
public struct FISJourney: Sendable, Hashable, Codable {
    public var docId: String
    public var reportID: String
    public var docType: FISDocumentType
    /// In order: `ready`, `acknowledged`, `posted <document number>`, `confirmed success|error`, `resubmitted as
    /// <id>`, `paid <status> <reference>`.
    public var steps: [String]
    /// The service's status at the end.
    public var status: FISDocumentStatus
    /// The error confirmation's messages, if any.
    public var messages: String?
    /// The document this one resubmits, if any.
    public var resubmissionOf: String?
}

/// The whole FIS demo's outcome: every document's journey, then the payment confirmations.
public struct FISDemoReport: Sendable, Hashable, Codable {
    public var company: String
    public var documents: [FISJourney]
    public var payments: PaymentConfirmationReport?

    /// 0 when every step went through.
    public var exitStatus: ExitStatus { payments?.exitStatus ?? .failed }

    public var text: String {
        var lines = ["FIS journeys of company \(company) (docId, report: steps):"]
        for journey in documents {
            let what = "\(journey.docId.prefix(12))… \(journey.docType.rawValue) \(journey.reportID)"
            lines.append("  \(what): \(journey.steps.joined(separator: " → "))")
            if let messages = journey.messages { lines.append("      error confirmation: \(messages)") }
        }
        if let payments {
            lines.append("payment confirmations:")
            lines += payments.text.split(separator: "\n").map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The FIS loop end to end for `concur-extract demo --source fis` (issue 12 item 6), on the pipeline of
/// `sync --source fis` (``SyncPipeline`` with kind ``SyncSourceKind/fis``):
///
/// 1. the customer's second expense report is defective (``FISDemoSandbox/markDefective(docId:)``: no GL account);
/// 2. `sync` posts the ready documents: each is acknowledged, journalled, archived, loaded and confirmed; the
///    defective one is refused by the journal builder, quarantined, and confirmed `error` with what failed;
/// 3. the processor resubmits the error-confirmed report: it comes back, fixed, as a new document with a new id;
/// 4. `sync` again posts the resubmitted document;
/// 5. a payment confirmation for each posted expense document (``PaymentConfirmationRun``): `CP` for all but the last,
///    `PP` for the last.
///
/// Journeys are read from the sandbox's statuses and the ledger's records, never from the loop's own memory, so
/// what is shown is what both sides hold. A rerun marks nothing defective (no document is `READY` any more) and
/// changes nothing.
///
/// ```swift
/// let settings = SyncPipeline.Settings(company: "demo", downloads: URL(fileURLWithPath: "demo/downloads"))
/// let report = try await FISDemo(client: client, store: store, archive: archive, settings: settings,
///                                sandbox: sandbox).run()
/// print(report.text)
/// ```
public struct FISDemo: Sendable {
    /// The FIS pipeline each `sync` runs.
    public let pipeline: SyncPipeline
    public var sandbox: any FISDemoSandbox

    public var company: String { pipeline.settings.company }
    public var client: ConcurClient { pipeline.client }
    public var store: any LedgerStore { pipeline.store }
    /// The `systemId` of the pipeline's acknowledgements and confirmations, for the payment confirmations.
    public var settings: FISClientSettings { FISClientSettings(systemID: pipeline.settings.systemID) }

    /// - Parameters:
    ///   - settings: the company, staging directory, journal and `systemID` of `sync --source fis` (its kind is set
    ///     to ``SyncSourceKind/fis``).
    public init(
        client: ConcurClient,
        store: any LedgerStore,
        archive: RawFileStore,
        settings: SyncPipeline.Settings,
        sandbox: any FISDemoSandbox
    ) {
        var settings = settings
        settings.kind = .fis
        pipeline = SyncPipeline(client: client, store: store, archive: archive, settings: settings)
        self.sandbox = sandbox
    }

    public func run() async throws -> FISDemoReport {
        let before = try await sandbox.fisDocuments()
        if !before.contains(where: { $0.defect != nil }),
            let defective = before.filter({ $0.docType == .expense }).dropFirst().first, defective.status == .ready
        {
            try await sandbox.markDefective(docId: defective.id)
        }
        _ = try await pipeline.run()
        let documents = try await sandbox.fisDocuments()
        let resubmitted = Set(documents.compactMap(\.resubmissionOf))
        for document in documents
        where document.status == .postingConfirmedFailure && !resubmitted.contains(document.id) {
            _ = try await sandbox.resubmit(docId: document.id)
        }
        _ = try await pipeline.run()
        var posted: [String] = []
        // Payment confirmations are for expense documents only (§3.4).
        for document in try await sandbox.fisDocuments() where document.docType == .expense {
            if try await store.fisConfirmation(company: company, docId: document.id)?.result == .success {
                posted.append(document.id)
            }
        }
        var payments: PaymentConfirmationReport?
        if !posted.isEmpty {
            let entries = posted.enumerated().map { index, docId in
                Self.payment(docId: docId, partial: index == posted.count - 1 && posted.count > 1, number: index + 1)
            }
            payments = try await PaymentConfirmationRun(
                company: company,
                store: store,
                client: client,
                settings: settings
            )
            .run(entries, file: "demo payments")
        }
        return FISDemoReport(company: company, documents: try await journeys(), payments: payments)
    }

    /// A demo payment: paid in full (or partially), by transfer, today.
    static func payment(docId: String, partial: Bool, number: Int) -> PaymentConfirmationEntry {
        let reference = "DEMO-PAY-\(number)"
        let status: FISProcessingStatusCode = partial ? .partiallyPaid : .completelyPaid
        let date = calendarDate(of: Date())
        let today = String(format: "%04d%02d%02d", date.year, date.month, date.day)
        return PaymentConfirmationEntry(
            docId: docId,
            status: status,
            paymentRef: reference,
            confirmation: FISPaymentConfirmation(
                docId: docId,
                processingStatusCode: status,
                clearingDetails: [
                    FISClearingDetail(
                        clearingDate: today,
                        clearingAmount: partial ? Decimal(string: "10.00") : nil,
                        clearingCurrency: partial ? "USD" : nil,
                        clearingReference: FISClearingReference(
                            companyCode: nil,
                            financialDocumentId: nil,
                            fiscalYear: nil,
                            paymentRef: reference,
                            paymentMethod: "E"
                        )
                    )
                ]
            ),
            line: number
        )
    }

    /// Each document's journey from the sandbox's status and the ledger's records.
    public func journeys() async throws -> [FISJourney] {
        let documents = try await sandbox.fisDocuments()
        var journeys: [FISJourney] = []
        for document in documents {
            var steps = ["ready"]
            let status = document.status
            if status != .ready && status != .recalled { steps.append("acknowledged") }
            if status == .recalled { steps.append("recalled") }
            if let reference = try await store.fisPostingReference(company: company, docId: document.id) {
                steps.append("posted \(reference.documentNumber)")
            }
            let confirmation = try await store.fisConfirmation(company: company, docId: document.id)
            if let confirmation { steps.append("confirmed \(confirmation.result.rawValue)") }
            if let next = documents.first(where: { $0.resubmissionOf == document.id }) {
                steps.append("resubmitted as \(next.id.prefix(12))…")
            }
            for payment in try await store.fisPayments(company: company, docId: document.id) {
                steps.append("paid \(payment.status) \(payment.paymentRef)")
            }
            journeys.append(
                FISJourney(
                    docId: document.id,
                    reportID: document.reportID,
                    docType: document.docType,
                    steps: steps,
                    status: status,
                    messages: confirmation.flatMap { $0.result == .error ? Self.messageText($0.messagesJSON) : nil },
                    resubmissionOf: document.resubmissionOf
                )
            )
        }
        return journeys
    }

    /// The UTC calendar date of `date` (the demo's posting and clearing date).
    public static func calendarDate(of date: Date) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
            ?? { preconditionFailure("the Gregorian calendar gave a day that does not exist") }()
    }

    /// The short texts of recorded system messages.
    static func messageText(_ json: String) -> String {
        struct Message: Decodable { var messageShortText: String? }
        let messages = (try? JSONDecoder().decode([Message].self, from: Data(json.utf8))) ?? []
        let texts = messages.compactMap(\.messageShortText)
        return texts.isEmpty ? json : texts.joined(separator: "; ")
    }
}
