public import ExtractAPI
import Foundation

/// A failure the sandbox answers with an HTTP status and the platform `Error` body. Codes are stable strings
/// (tests and logs match on them); messages never carry a secret.
///
/// ```swift
/// do { _ = try await sandbox.store.job(companyID: id, definitionID: d, jobID: j) }
/// catch let error as SandboxError where error.code == .jobNotFound { … }
/// ```
public struct SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let missingAuthorization = Code(rawValue: "missing-authorization")
        public static let unknownToken = Code(rawValue: "unknown-token")
        public static let expiredToken = Code(rawValue: "expired-token")
        public static let revokedToken = Code(rawValue: "revoked-token")
        public static let insufficientScope = Code(rawValue: "insufficient-scope")
        public static let notAdministrator = Code(rawValue: "not-administrator")
        public static let requestLimit = Code(rawValue: "request-limit")
        public static let tooManyRequests = Code(rawValue: "too-many-requests")
        public static let serviceUnavailable = Code(rawValue: "service-unavailable")
        public static let notFound = Code(rawValue: "not-found")
        public static let definitionNotFound = Code(rawValue: "definition-not-found")
        public static let jobNotFound = Code(rawValue: "job-not-found")
        public static let fileNotAvailable = Code(rawValue: "file-not-available")
        public static let jobAlreadyActive = Code(rawValue: "job-already-active")
        public static let runTooSoon = Code(rawValue: "run-too-soon")
        public static let malformedBody = Code(rawValue: "malformed-body")
        /// A request body over ``SandboxLimits`` (413).
        public static let bodyTooLarge = Code(rawValue: "body-too-large")
        public static let definitionMismatch = Code(rawValue: "definition-mismatch")
        public static let methodNotAllowed = Code(rawValue: "method-not-allowed")
        public static let adminForbidden = Code(rawValue: "admin-forbidden")
        public static let clockNotSimulated = Code(rawValue: "clock-not-simulated")
        public static let unknownCompany = Code(rawValue: "unknown-company")
        public static let persistence = Code(rawValue: "persistence")
        public static let internalError = Code(rawValue: "internal-error")
        /// FIS: a user (or client-credentials) token where FIS needs a company-level one (403).
        public static let notCompanyToken = Code(rawValue: "not-company-token")
        /// FIS: more items in one acknowledgement or confirmation than ``SandboxLimits/maximumFISBatchItems`` (400).
        public static let batchTooLarge = Code(rawValue: "batch-too-large")
        /// FIS: a `{docType}` not in the spec's list, or a type without payment confirmations (400).
        public static let unknownDocumentType = Code(rawValue: "unknown-document-type")
        /// FIS: a query parameter or header out of its bounds (400).
        public static let invalidParameter = Code(rawValue: "invalid-parameter")
        /// FIS admin: no document of the company has this id (404).
        public static let fisDocumentNotFound = Code(rawValue: "fis-document-not-found")
        /// FIS admin: the document's status does not allow the change (409).
        public static let fisTransitionRefused = Code(rawValue: "fis-transition-refused")
    }

    public var code: Code
    /// The HTTP status it is answered with.
    public var status: Int
    /// The `Message` of the error body.
    public var message: String
    /// Seconds for a `Retry-After` header, if any.
    public var retryAfter: Int?

    public init(_ code: Code, status: Int, _ message: String, retryAfter: Int? = nil) {
        self.code = code
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { "\(status) \(code): \(message)" }

    static func definitionNotFound() -> SandboxError {
        SandboxError(.definitionNotFound, status: 404, "The extract definition ID in the URI is invalid.")
    }

    static func jobNotFound() -> SandboxError {
        SandboxError(.jobNotFound, status: 404, "The job ID in the URI is invalid.")
    }
}

/// A token-endpoint failure: a status and the OAuth2 error body.
public struct SandboxOAuthError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    public var body: OAuthErrorResponse

    init(_ status: Int, _ error: String?, _ description: String, code: Int?, geolocation: String? = nil) {
        self.status = status
        self.body = OAuthErrorResponse(
            error: error,
            errorDescription: description,
            code: code,
            geolocation: geolocation.flatMap { URL(string: $0) }
        )
    }

    public var description: String { "\(status) \(body)" }
}
