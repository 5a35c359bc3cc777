public import AccountingExtract
public import ExtractClient
public import FinancialIntegrationAPI
public import Foundation
public import Ledger

/// What the FIS demo needs of the sandbox it runs against: each document's status as the service sees it, and the
/// processor's resubmission of an error-confirmed report (the admin route `/_sandbox/fis/resubmit`).
public protocol FISDemoSandbox: Sendable {
    /// The company's FIS documents in creation order.
    func fisDocuments() async throws -> [FISDemoDocument]
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

    public init(
        id: String,
        reportID: String,
        docType: FISDocumentType,
        status: FISDocumentStatus,
        resubmissionOf: String?
    ) {
        self.id = id
        self.reportID = reportID
        self.docType = docType
        self.status = status
        self.resubmissionOf = resubmissionOf
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

/// The FIS loop end to end for `concur-extract demo --source fis` (issue 12 item 6):
///
/// 1. `sync` posts the ready documents: each is acknowledged, journalled, loaded and confirmed; one is refused by
///    the ledger's check and confirmed `error` with the check's message;
/// 2. the processor resubmits the error-confirmed report: it comes back as a new document with a new id;
/// 3. `sync` again posts the resubmitted document;
/// 4. a payment confirmation for each posted expense document (``PaymentConfirmationRun``): `CP` for all but the last,
///    `PP` for the last.
///
/// Journeys are read from the sandbox's statuses and the ledger's records, never from the loop's own memory, so
/// what is shown is what both sides hold.
///
/// ```swift
/// let report = try await FISDemo(company: "demo", client: client, store: store, sandbox: sandbox,
///                                settings: FISClientSettings(systemID: "concur-extract"),
///                                sync: { try await FISDemo.interimSync(client, store, "demo", settings, check) })
///     .run()
/// print(report.text)
/// ```
public struct FISDemo: Sendable {
    public var company: String
    public var client: ConcurClient
    public var store: any LedgerStore
    public var sandbox: any FISDemoSandbox
    public var settings: FISClientSettings
    /// One run of the FIS pipeline (`sync --source fis`) for the company.
    public var sync: @Sendable () async throws -> Void

    public init(
        company: String,
        client: ConcurClient,
        store: any LedgerStore,
        sandbox: any FISDemoSandbox,
        settings: FISClientSettings,
        sync: @escaping @Sendable () async throws -> Void
    ) {
        self.company = company
        self.client = client
        self.store = store
        self.sandbox = sandbox
        self.settings = settings
        self.sync = sync
    }

    public func run() async throws -> FISDemoReport {
        try await sync()
        let documents = try await sandbox.fisDocuments()
        let resubmitted = Set(documents.compactMap(\.resubmissionOf))
        for document in documents
        where document.status == .postingConfirmedFailure && !resubmitted.contains(document.id) {
            _ = try await sandbox.resubmit(docId: document.id)
        }
        try await sync()
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
