/// The SAP Concur Financial Integration Service (FIS) v4 wire contract shared by the FIS sandbox and client.
///
/// The namespace holds the URL layout (``basePath``, ``Route``), header and query names, and the OAuth scope.
/// The bodies are top-level types: ``FISTransactionPage`` (GET), ``FISAcknowledgeRequest``,
/// ``FISPostingConfirmationRequest`` and ``FISPaymentConfirmationRequest`` with their response items, the
/// financial documents (``FISFinancialDocument``), ``FISReadyForIntegrationEvent`` and ``FISErrorBody``.
///
/// ```swift
/// let route = FinancialIntegrationAPI.Route.acknowledgements(.expense)
/// print(route.path)
/// // /financialintegration/fi/v4/companies/transactiontypes/expense/transactions/acknowledgements
/// ```
public enum FinancialIntegrationAPI {
    /// The documented path prefix (spec §2.1; the OpenAPI file's `/fi/v4/…` is not followed).
    public static let basePath = "/financialintegration/fi/v4/companies/transactiontypes"

    /// The OAuth scope every FIS call needs (§2.2).
    public static let scope = "FISVC"

    /// The default page size of `GET …/transactions` (§3.1; the OpenAPI description's 100 is a leftover).
    public static let defaultPageLimit = 25

    /// The event topic of `readyForIntegration` (§6).
    public static let eventTopic = "public.concur.financialintegration"

    /// Header names (§2.3). Match them case-insensitively.
    public enum Header {
        /// `DocumentFormatAs`: `json` (default) or `text`, the form of `document` in a GET response.
        public static let documentFormatAs = "DocumentFormatAs"
        /// `concur-correlationid`: Concur's tracing id on every response.
        public static let correlationID = "concur-correlationid"
    }

    /// Query parameter names of `GET …/transactions` (§3.1).
    public enum Query {
        public static let page = "page"
        public static let limit = "limit"
        public static let docID = "docId"
        public static let ignoreDocumentStatus = "ignoreDocumentStatus"
        public static let systemID = "systemId"
    }

    /// One FIS v4 route: the single definition of the URL layout.
    ///
    /// ```swift
    /// FinancialIntegrationAPI.Route.transactions(.cashAdvance).path
    /// // /financialintegration/fi/v4/companies/transactiontypes/cashadvance/transactions
    /// FinancialIntegrationAPI.Route(path: "/financialintegration/fi/v4/companies/transactiontypes/expense/transactions/")
    /// // .transactions(.expense)
    /// ```
    public enum Route: Sendable, Hashable {
        /// `GET …/{docType}/transactions`: the ready documents, paged.
        case transactions(FISDocumentType)
        /// `POST …/{docType}/transactions/acknowledgements`.
        case acknowledgements(FISDocumentType)
        /// `POST …/{docType}/transactions/postingconfirmations`.
        case postingConfirmations(FISDocumentType)
        /// `POST …/{docType}/transactions/paymentconfirmations` (expense only today).
        case paymentConfirmations(FISDocumentType)

        /// The document type in the path.
        public var documentType: FISDocumentType {
            switch self {
            case .transactions(let type), .acknowledgements(let type), .postingConfirmations(let type),
                .paymentConfirmations(let type):
                return type
            }
        }

        /// The path of the route.
        public var path: String {
            let transactions = basePath + "/" + documentType.rawValue + "/transactions"
            switch self {
            case .transactions: return transactions
            case .acknowledgements: return transactions + "/acknowledgements"
            case .postingConfirmations: return transactions + "/postingconfirmations"
            case .paymentConfirmations: return transactions + "/paymentconfirmations"
            }
        }

        /// Parses a request path (a trailing slash is accepted); `nil` when it is not an FIS route or its
        /// `docType` is not one of ``FISDocumentType`` (the emulator answers 400, §7 #2).
        public init?(path: String) {
            var rest = Substring(path)
            if rest.hasSuffix("/") { rest = rest.dropLast() }
            guard rest.hasPrefix(basePath + "/") else { return nil }
            let parts = rest.dropFirst(basePath.count + 1).split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[1] == "transactions", let type = FISDocumentType(rawValue: String(parts[0]))
            else { return nil }
            switch parts.count {
            case 2: self = .transactions(type)
            case 3 where parts[2] == "acknowledgements": self = .acknowledgements(type)
            case 3 where parts[2] == "postingconfirmations": self = .postingConfirmations(type)
            case 3 where parts[2] == "paymentconfirmations": self = .paymentConfirmations(type)
            default: return nil
            }
        }
    }
}
