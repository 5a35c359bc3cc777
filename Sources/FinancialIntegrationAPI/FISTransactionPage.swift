public import ExtractAPI
public import Foundation

/// The body of `GET …/transactions` (§3.1). Both paging wrappers decode: the documented
/// `{links, content, page}` and the older offset wrapper `{fIDocuments, offset, nextPage, numberReturned}`
/// that every published example file still uses. Each encodes back in its own shape; the sandbox serves
/// ``Paging/links(_:page:)``.
///
/// ```swift
/// let page = try FISTransactionPage(json: body)
/// let ids = page.documents.map(\.id)
/// let next = page.link(.next)?.href          // nil on the last page
/// ```
public struct FISTransactionPage: Codable, Sendable, Hashable, JSONWireBody {
    /// Which wrapper carried the documents, with its paging fields.
    public enum Paging: Sendable, Hashable {
        /// `links` (`first`, `self`, `next`, `last`) and `page` (§3.1).
        case links([FISLink], page: FISPageMetadata)
        /// The older revision's wrapper: `offset`, `nextPage`, `numberReturned` (all may be `null`).
        case offset(offset: FISNumberOrString?, nextPage: String?, numberReturned: Int64?)
    }

    /// `content` (or `fIDocuments`).
    public var documents: [FISTransaction]
    public var paging: Paging

    public init(documents: [FISTransaction], paging: Paging) {
        self.documents = documents
        self.paging = paging
    }

    /// The link with relation `rel`, when the documented wrapper carries it.
    public func link(_ rel: FISLink.Relation) -> FISLink? {
        guard case .links(let links, _) = paging else { return nil }
        return links.first { $0.rel == rel.rawValue }
    }

    enum CodingKeys: String, CodingKey {
        case links, content, page, fIDocuments, offset, nextPage, numberReturned
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.content) {
            documents = try container.decode([FISTransaction].self, forKey: .content)
            paging = .links(
                try container.decodeIfPresent([FISLink].self, forKey: .links) ?? [],
                page: try container.decode(FISPageMetadata.self, forKey: .page)
            )
        } else if container.contains(.fIDocuments) {
            documents = try container.decode([FISTransaction].self, forKey: .fIDocuments)
            paging = .offset(
                offset: try container.decodeIfPresent(FISNumberOrString.self, forKey: .offset),
                nextPage: try container.decodeIfPresent(String.self, forKey: .nextPage),
                numberReturned: try container.decodeIfPresent(Int64.self, forKey: .numberReturned)
            )
        } else {
            throw DecodingError.keyNotFound(
                CodingKeys.content,
                DecodingError.Context(
                    codingPath: container.codingPath,
                    debugDescription: "neither 'content' nor the older 'fIDocuments'"
                )
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch paging {
        case .links(let links, let page):
            try container.encode(links, forKey: .links)
            try container.encode(documents, forKey: .content)
            try container.encode(page, forKey: .page)
        case .offset(let offset, let nextPage, let numberReturned):
            try container.encode(documents, forKey: .fIDocuments)
            try container.encode(offset, forKey: .offset)
            try container.encode(nextPage, forKey: .nextPage)
            try container.encode(numberReturned, forKey: .numberReturned)
        }
    }
}

/// `page` of the documented wrapper (§3.1): `size` is the page size (the emulator's `limit`, §7 #5),
/// `number` the zero-based page index.
public struct FISPageMetadata: Codable, Sendable, Hashable {
    public var size: Int64
    public var totalElements: Int64
    public var totalPages: Int64
    public var number: Int64

    public init(size: Int64, totalElements: Int64, totalPages: Int64, number: Int64) {
        self.size = size
        self.totalElements = totalElements
        self.totalPages = totalPages
        self.number = number
    }
}

/// A hypermedia link (§3.1). Absent attributes encode as `null`, as the example shows; `profile` and `name`
/// (OpenAPI only) only when set.
///
/// ```swift
/// let next = FISLink(rel: FISLink.Relation.next.rawValue, href: "https://…/transactions?limit=3&page=1")
/// ```
public struct FISLink: Codable, Sendable, Hashable {
    /// The relations the GET example uses.
    public enum Relation: String, Sendable, Hashable, CaseIterable {
        case first, `self`, next, last
    }

    public var rel: String
    public var href: String
    public var hreflang: String?
    public var media: String?
    public var title: String?
    public var type: String?
    public var deprecation: String?
    public var profile: String?
    public var name: String?

    public init(rel: String, href: String) {
        self.rel = rel
        self.href = href
    }

    enum CodingKeys: String, CodingKey {
        case rel, href, hreflang, media, title, type, deprecation, profile, name
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rel, forKey: .rel)
        try container.encode(href, forKey: .href)
        try container.encode(hreflang, forKey: .hreflang)
        try container.encode(media, forKey: .media)
        try container.encode(title, forKey: .title)
        try container.encode(type, forKey: .type)
        try container.encode(deprecation, forKey: .deprecation)
        try container.encodeIfPresent(profile, forKey: .profile)
        try container.encodeIfPresent(name, forKey: .name)
    }
}
