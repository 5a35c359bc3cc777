public import Foundation

/// What a seeded extract definition writes.
public enum SandboxDefinitionKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// "Standard Accounting Extract": one SAE file, `text/csv`.
    case standardAccounting
    /// SAE plus the attendee detail file, zipped (`application/zip`).
    case accountingWithAttendees
    /// Invoice payment requests in the sandbox's own layout (see ``PaymentRequestFileWriter``), `text/csv`.
    case invoicePaymentRequest
    /// A definition whose every job fails.
    case alwaysFails

    /// The display name of the seeded definition of this kind.
    public var defaultName: String {
        switch self {
        case .standardAccounting: return "Standard Accounting Extract"
        case .accountingWithAttendees: return "Standard Accounting Extract with Attendee Detail"
        case .invoicePaymentRequest: return "Invoice Payment Request Extract"
        case .alwaysFails: return "Broken Extract (always fails)"
        }
    }
}

/// An extract definition of one company.
public struct SandboxDefinition: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var kind: SandboxDefinitionKind
}

/// An OAuth2 client (app) registered for one company.
public struct SandboxClient: Sendable, Hashable, Codable {
    public var id: String
    public var secret: String
    /// The scopes its tokens carry.
    public var scopes: [String]
    /// A disabled client is refused with code 59.
    public var isEnabled: Bool
    /// Whether the refresh grant is allowed (code 107 when not).
    public var allowsRefresh: Bool
}

/// A user of one company.
public struct SandboxUser: Sendable, Hashable, Codable {
    public var username: String
    public var password: String
    /// Only administrators may use the Extract API (403 otherwise).
    public var isAdministrator: Bool
}

/// One tenant: its clients, users, definitions, data and (in ``SandboxState``) tokens and jobs.
public struct SandboxCompany: Sendable, Hashable, Codable {
    /// The company UUID (the `username` of a company-level password grant).
    public var id: String
    public var name: String
    /// The Concur entity ID used in file names, `p` + 7 digits + 4 lower-case alphanumerics.
    public var entityID: String
    /// The company request token (`password` with `credtype=authtoken`).
    public var requestToken: String
    /// The base URI its tokens name as `geolocation`; `nil` means the sandbox's own address.
    public var geolocation: String?
    public var clients: [SandboxClient]
    public var users: [SandboxUser]
    public var definitions: [SandboxDefinition]
    public var employees: [Employee]
    /// Every approved report, extracted or not.
    public var reports: [ExpenseReport]
    /// Report ID → the job that extracted it. A report is extracted once.
    public var extractedReports: [String: String]
    public var paymentRequests: [PaymentRequest]
    /// Payment request ID → the job that extracted it.
    public var extractedPaymentRequests: [String: String]
    /// The batch ID of the next file.
    public var nextBatchID: Int
    /// Counters that keep generated reports and entries unique across seeding rounds.
    public var nextReportNumber: Int
    public var nextEntryNumber: Int
    public var nextPaymentRequestNumber: Int
    public var seedRounds: Int
    /// Where its new reports go: `nil` means ``SandboxReportSource/extract`` (states saved before FIS).
    public var reportSourceSetting: SandboxReportSource?
    /// Its FIS documents, in creation order (`nil` until the first; see ``SandboxFISDocument``).
    public var fisDocumentList: [SandboxFISDocument]?
    /// The counter of the next FIS document id.
    public var nextFISDocumentNumber: Int?

    /// Where its new reports go (spec §1.1: after the switch to FIS, new reports go to FIS only).
    public var reportSource: SandboxReportSource {
        get { reportSourceSetting ?? .extract }
        set { reportSourceSetting = newValue }
    }

    /// Its FIS documents, in creation order.
    public var fisDocuments: [SandboxFISDocument] {
        get { fisDocumentList ?? [] }
        set { fisDocumentList = newValue }
    }

    /// Reports approved and not yet extracted, in approval order; a report sent to FIS is never extracted.
    public var reportsReadyForExtract: [ExpenseReport] {
        let sentToFIS = Set(fisDocuments.map(\.reportID))
        return reports.filter { extractedReports[$0.id] == nil && !sentToFIS.contains($0.id) }
    }

    /// Payment requests not yet extracted; one sent to FIS as an invoice document is never extracted.
    public var paymentRequestsReadyForExtract: [PaymentRequest] {
        let sentToFIS = Set(fisDocuments.filter { $0.docType == .invoice }.map(\.reportID))
        return paymentRequests.filter { extractedPaymentRequests[$0.id] == nil && !sentToFIS.contains($0.id) }
    }
}

/// An extract job as the sandbox keeps it.
public struct SandboxJob: Sendable, Hashable, Codable {
    public var id: String
    public var definitionID: String
    public var companyID: String
    public var machine: JobStateMachine
    /// The reports (or payment requests) the job extracted, once completed.
    public var extractedIDs: [String]
    /// The output's file name and media type, once completed.
    public var fileName: String?
    public var contentType: String?
    /// Why it failed, for the logs and the admin view.
    public var failureReason: String?
    /// The order in which jobs were created (ties of `start-time` are broken by it).
    public var sequence: Int
    /// Who started it: `clientID/username`, or `clientID/company` for a company-level token; `nil` when the job
    /// was started in-process (the oracle's "which actor started which job").
    public var startedBy: String?
    /// The batch ID of its file, once completed.
    public var batchID: String?
    /// With the ``SandboxFault/Kind/fileServedTwice`` fault: the earlier job whose file this job serves again
    /// (it extracts nothing new).
    public var redeliveryOf: String?
}

/// An issued access token.
public struct SandboxAccessToken: Sendable, Hashable, Codable {
    /// The value given to the client: a signed JWT (see ``SandboxTokenClaims``), looked up as issued.
    public var token: String
    public var companyID: String
    public var clientID: String
    /// The user, or `nil` for a company-level or client-credentials token.
    public var username: String?
    public var scopes: [String]
    public var expiresAt: Date
    public var isRevoked: Bool
    /// Requests made with it (for the request-budget setting).
    public var requestCount: Int
    /// Whether it is a company-level token (password grant with `credtype=authtoken`, or refreshed from one):
    /// the only kind FIS accepts. `nil` in states saved before FIS means no.
    public var companyLevel: Bool?
}

/// An issued refresh token (rotated on every use with ``SandboxRefreshRotation/always``).
public struct SandboxRefreshToken: Sendable, Hashable, Codable {
    public var token: String
    public var companyID: String
    public var clientID: String
    public var username: String?
    public var scopes: [String]
    public var expiresAt: Date
    /// Whether the access tokens it gives are company-level (see ``SandboxAccessToken/companyLevel``).
    public var companyLevel: Bool?
}

/// Everything the sandbox knows, apart from the file bytes; saved whole by the SQLite persistence.
public struct SandboxState: Sendable, Hashable, Codable {
    public var seed: UInt64
    public var companies: [SandboxCompany]
    public var jobs: [SandboxJob]
    public var accessTokens: [String: SandboxAccessToken]
    public var refreshTokens: [String: SandboxRefreshToken]
    public var nextJobNumber: Int
    /// The key the tokens are signed with (`nil` in states saved before signed tokens: the store then takes the
    /// process's key and saves it). Kept across ``SandboxStore/reset()`` so the published JWKS stays valid.
    public var signingKey: SandboxSigningKey?

    /// The company with this ID.
    public func company(id: String) -> SandboxCompany? { companies.first { $0.id == id } }

    /// The index of the company with this ID.
    func companyIndex(id: String) -> Int? { companies.firstIndex { $0.id == id } }
}
