import AccountingExtract
public import ExtractAPI
public import FinancialIntegrationAPI
public import Foundation
import NIOHTTP1

/// How the FIS v4 calls of ``ConcurClient`` behave: who we are (`systemId`), page and batch sizes, and the form
/// of `document` asked for.
///
/// ```swift
/// var settings = FISClientSettings(systemID: "LEDGER01")
/// settings.batchSize = 50
/// let outcome = try await client.acknowledgeReadyDocuments(.expense, settings: settings) { page in … }
/// ```
public struct FISClientSettings: Sendable, Hashable {
    /// The most items the client puts in one acknowledgement or confirmation request, and the largest page it asks
    /// for: the spec names no maximum (§7 #7) and the emulator's suggested `limit` cap is 100 (§7 #5).
    public static let maximumBatchSize = 100

    /// Our system's id (`systemId`, 1 to 50 characters): acknowledgements record it, confirmations must repeat
    /// it (code 99 otherwise), and a "previously acknowledged" answer naming it is ours. It may not be empty: an
    /// acknowledgement without one could not be told apart from anybody else's; nor `null` or with surrounding
    /// spaces, which the 101 message could not name back as ours.
    public var systemID: String
    /// `limit` of each `GET …/transactions` page (default 25, the service's own default).
    public var pageLimit: Int
    /// Ids per acknowledgement request and items per posting or payment confirmation request
    /// (1…``maximumBatchSize``).
    public var batchSize: Int
    /// `DocumentFormatAs`: both forms decode to the same typed document.
    public var documentFormat: FISDocumentFormat
    /// The most pages one listing reads (a bound against a server that never stops sending `next`).
    public var maximumPages: Int

    public init(
        systemID: String,
        pageLimit: Int = FinancialIntegrationAPI.defaultPageLimit,
        batchSize: Int = 25,
        documentFormat: FISDocumentFormat = .json,
        maximumPages: Int = 10_000
    ) {
        self.systemID = systemID
        self.pageLimit = pageLimit
        self.batchSize = batchSize
        self.documentFormat = documentFormat
        self.maximumPages = maximumPages
    }

    /// The settings' error, or `nil` when they are usable.
    func validationError(operation: String) -> ExtractClientError? {
        let range = 1...Self.maximumBatchSize
        var problems: [String] = []
        if systemID.isEmpty { problems.append("systemID is empty (name this ledger, e.g. LEDGER01)") }
        if systemID.count > 50 { problems.append("systemID is longer than 50 characters") }
        // A 101 answer names the acknowledging system in its message ("… by SystemId: X."), read back trimmed and
        // with `null` meaning none: an id that does not survive that would make our own replay look foreign.
        if !systemID.isEmpty, systemID.trimmingCharacters(in: .whitespacesAndNewlines) != systemID {
            problems.append("systemID has leading or trailing spaces")
        }
        if systemID.lowercased() == "null" { problems.append("systemID may not be \"null\" (it means no system)") }
        if !range.contains(pageLimit) { problems.append("pageLimit \(pageLimit) is not within 1…\(range.upperBound)") }
        if !range.contains(batchSize) { problems.append("batchSize \(batchSize) is not within 1…\(range.upperBound)") }
        if maximumPages < 1 { problems.append("maximumPages must be at least 1") }
        guard !problems.isEmpty else { return nil }
        return ExtractClientError(
            .invalidConfiguration,
            "the FIS settings are invalid: " + problems.joined(separator: "; ").debugEscaped,
            operation: operation
        )
    }
}

/// The `DocumentFormatAs` header's values (§2.3): `document` as a nested object or as a JSON string.
public enum FISDocumentFormat: String, Sendable, Hashable, CaseIterable {
    case json
    case text
}

extension ConcurClient {
    /// One page of the ready documents of `type` (`GET …/{docType}/transactions?page=&limit=`).
    ///
    /// ```swift
    /// let first = try await client.fisPage(.expense, page: 0, settings: settings)
    /// print(first.documents.map(\.id), first.link(.next)?.href ?? "last page")
    /// ```
    ///
    /// GETs are retried as every Extract GET (429, 503, 5xx, timeouts). The body is bounded by
    /// ``ExtractClientLimits/maximumAnswerSize`` and the JSON decoder's depth and number limits.
    /// - Throws: ``ExtractClientError``: ``ExtractClientError/Code/insufficientScope`` before anything is sent when
    ///   the token is not a company token with `FISVC`; `tooLarge`, `decoding`, `http`, `transport`, ….
    public func fisPage(
        _ type: FISDocumentType,
        page: Int = 0,
        settings: FISClientSettings
    ) async throws -> FISTransactionPage {
        let operation = "list FIS \(type.rawValue) documents"
        let url = try await fisPageURL(type, page: page, settings: settings, operation: operation)
        return try await fisGetPage(url, format: settings.documentFormat, operation: operation)
    }

    /// The URL of page `page` of the ready documents of `type`, after checking the settings and the token.
    func fisPageURL(
        _ type: FISDocumentType,
        page: Int,
        settings: FISClientSettings,
        operation: String
    ) async throws -> URL {
        if let error = settings.validationError(operation: operation) { throw error }
        let base = try await fisBaseURL(operation: operation)
        return Self.fisURL(
            base,
            .transactions(type),
            query: [
                (FinancialIntegrationAPI.Query.page, String(max(0, page))),
                (FinancialIntegrationAPI.Query.limit, String(settings.pageLimit)),
            ]
        )
    }

    /// The documents of one business id (`docId`: a report, payment request or cash advance id, §1.5), with
    /// `ignoreDocumentStatus=yes` whatever their status, else only the ready ones.
    ///
    /// ```swift
    /// let all = try await client.fisDocuments(.expense, docID: "F071FADEA6B142DD884A",
    ///                                          ignoreDocumentStatus: true, settings: settings)
    /// ```
    public func fisDocuments(
        _ type: FISDocumentType,
        docID: String,
        ignoreDocumentStatus: Bool = false,
        systemID: String? = nil,
        settings: FISClientSettings
    ) async throws -> [FISTransaction] {
        let operation = "get FIS \(type.rawValue) document"
        if let error = settings.validationError(operation: operation) { throw error }
        let base = try await fisBaseURL(operation: operation)
        var query: [(String, String)] = [
            (FinancialIntegrationAPI.Query.docID, docID),
            (FinancialIntegrationAPI.Query.ignoreDocumentStatus, ignoreDocumentStatus ? "yes" : "no"),
        ]
        if let systemID { query.append((FinancialIntegrationAPI.Query.systemID, systemID)) }
        let url = Self.fisURL(base, .transactions(type), query: query)
        return try await fisGetPage(url, format: settings.documentFormat, operation: operation).documents
    }

    /// Every page of the ready documents of `type`, following each page's `next` link (or the older wrapper's
    /// `nextPage`) only while it stays at the token's origin.
    ///
    /// A `next` link at another origin (or not `http(s)`) ends the sequence with
    /// ``ExtractClientError/Code/originRefused`` and is never requested; a link seen before, or more than
    /// ``FISClientSettings/maximumPages`` pages, ends it with ``ExtractClientError/Code/protocolViolation``.
    ///
    /// For reading only: acknowledging documents takes them out of the ready queue and shifts later pages, so a
    /// loop that acknowledges uses ``acknowledgeReadyDocuments(_:settings:process:)``.
    ///
    /// ```swift
    /// for try await page in client.fisPages(.invoice, settings: settings) {
    ///     print(page.documents.count)
    /// }
    /// ```
    public nonisolated func fisPages(_ type: FISDocumentType, settings: FISClientSettings) -> FISPageSequence {
        FISPageSequence(client: self, type: type, settings: settings)
    }

    // MARK: - Shared by the FIS calls

    /// The base URL of the FIS calls, after checking that the token may call FIS at all (nothing is sent otherwise).
    func fisBaseURL(operation: String) async throws -> URL {
        let token = try await tokens.validToken()
        if let error = Self.fisTokenRefusal(token, operation: operation) { throw error }
        return token.geolocation.baseURL
    }

    /// Why `token` may not call FIS, or `nil`: FIS takes company-level tokens with scope `FISVC` only (§2.2).
    /// A token whose scopes or kind were not recorded (saved by an older version) is refused too: calling with
    /// it would end in a 403 after the fact, and logging in again records both.
    static func fisTokenRefusal(_ token: AccessToken, operation: String) -> ExtractClientError? {
        let scope = FinancialIntegrationAPI.scope
        let fix =
            "log in with a company request token: `concur-extract login --credential-type authtoken` (the app "
            + "must be enabled for the \(scope) scope)"
        let problem: String
        switch (token.scopes, token.isCompanyToken) {
        case (nil, _):
            problem = "the stored token does not record its scopes (it was saved by an older version)"
        case (let scopes?, _) where !scopes.contains(scope):
            let granted = scopes.isEmpty ? "none" : scopes.joined(separator: " ")
            problem = "the stored token lacks the \(scope) scope (granted: \(granted.debugEscaped))"
        case (_, nil):
            problem = "the stored token does not record whether it is company-level (it was saved by an older version)"
        case (_, false?):
            problem = "the stored token is a user token; FIS accepts company-level tokens only"
        default:
            return nil
        }
        return ExtractClientError(
            .insufficientScope,
            "\(problem): nothing was sent. FIS needs a company-level token with scope \(scope); \(fix)",
            operation: operation
        )
    }

    /// `base` + the route's path + `query`, percent-encoded.
    static func fisURL(_ base: URL, _ route: FinancialIntegrationAPI.Route, query: [(String, String)] = []) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        guard var components = URLComponents(string: text + route.path) else { return base }
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        return components.url ?? base
    }

    /// One `GET` of a transactions URL, decoded (the page's documents keep their `document` as it came).
    func fisGetPage(_ url: URL, format: FISDocumentFormat, operation: String) async throws -> FISTransactionPage {
        try await send(
            operation,
            .GET,
            url,
            mediaType: .json,
            extraHeaders: [(FinancialIntegrationAPI.Header.documentFormatAs, format.rawValue)]
        ) { response in
            try FISTransactionPage(json: response.body)
        }
    }

    /// The URL of the page after `page` (read from `current`), or `nil` on the last page.
    /// - Throws: ``ExtractClientError/Code/originRefused`` when the link leaves `origin` (never requested).
    static func fisNextURL(
        after page: FISTransactionPage,
        current: URL,
        origin: Origin,
        operation: String
    ) throws
        -> URL?
    {
        let text: String?
        switch page.paging {
        case .links: text = page.link(.next)?.href
        case .offset(_, let nextPage, _): text = nextPage
        }
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let url = URL(string: text, relativeTo: current)?.absoluteURL else {
            throw ExtractClientError(
                .protocolViolation,
                "the page's next link '\(text.debugEscaped)' is not a URL; the listing stops here",
                operation: operation
            )
        }
        if let refusal = OriginPolicy.bearer(for: url, tokenOrigin: origin) {
            throw ExtractClientError(
                refusal.code,
                "the page's next link was not followed: " + refusal.reason,
                operation: operation
            )
        }
        return url
    }
}

/// The pages of ready documents of one type, read one at a time (see ``ConcurClient/fisPages(_:settings:)``).
public struct FISPageSequence: AsyncSequence, Sendable {
    public typealias Element = FISTransactionPage

    let client: ConcurClient
    let type: FISDocumentType
    let settings: FISClientSettings

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(client: client, type: type, settings: settings)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let client: ConcurClient
        let type: FISDocumentType
        let settings: FISClientSettings
        private var next: URL?
        private var started = false
        private var seen: Set<URL> = []

        init(client: ConcurClient, type: FISDocumentType, settings: FISClientSettings) {
            self.client = client
            self.type = type
            self.settings = settings
        }

        public mutating func next() async throws -> FISTransactionPage? {
            let operation = "list FIS \(type.rawValue) documents"
            let page: FISTransactionPage
            let url: URL
            if !started {
                started = true
                url = try await client.fisPageURL(type, page: 0, settings: settings, operation: operation)
                page = try await client.fisGetPage(url, format: settings.documentFormat, operation: operation)
            } else {
                guard let next else { return nil }
                guard seen.count < settings.maximumPages else {
                    self.next = nil
                    throw ExtractClientError(
                        .protocolViolation,
                        "more than \(settings.maximumPages) pages of \(type.rawValue) documents; the listing stops "
                            + "(limit: FISClientSettings.maximumPages)",
                        operation: operation
                    )
                }
                url = next
                page = try await client.fisGetPage(url, format: settings.documentFormat, operation: operation)
            }
            seen.insert(url)
            next = nil
            guard !page.documents.isEmpty, let origin = Origin(try await client.fisBaseURL(operation: operation)),
                let following = try ConcurClient.fisNextURL(
                    after: page,
                    current: url,
                    origin: origin,
                    operation: operation
                )
            else { return page }
            guard !seen.contains(following) else {
                throw ExtractClientError(
                    .protocolViolation,
                    "the next link \(following.absoluteString.debugEscaped) was already read: a paging loop; the "
                        + "listing stops",
                    operation: operation
                )
            }
            next = following
            return page
        }
    }
}
