public import ExtractAPI
public import Foundation

/// Picks the recorded answer of a request from a HAR trace (`sandbox --replay`): a pure value, one per replay.
///
/// - A request matches the entries of the same method, path and query (items in any order).
/// - Repeated requests get the recorded answers in recorded order: a job polled five times answers its five
///   statuses in turn. A `POST` prefers the next entry whose body is the same (the job start), else takes the
///   next one (the token request, whose recorded form is redacted and so never equal).
/// - Once a request's answers are used up, the last one is repeated (a client that polls once more than the
///   recording sees the final status again, not an error).
/// - A request the trace never saw gets `nil`: the server answers 404 naming it.
/// - Entries without an answer (the transport failed) are skipped.
///
/// Links in answers (bodies and headers, JSON-escaped too) are rewritten from the recorded origins to
/// the replay's own address by ``rewrite(_:to:)``.
///
/// ```swift
/// var matcher = TraceReplayMatcher(archive)
/// let entry = matcher.answer(method: "GET", path: "/api/expense/extract/v1.0/", query: "", body: nil)
/// ```
public struct TraceReplayMatcher: Sendable {
    struct Key: Hashable {
        var method: String
        var path: String
        var query: [String]
    }

    private let entries: [HTTPArchive.Entry]
    private var pending: [Key: [Int]] = [:]
    private var last: [Key: Int] = [:]
    /// The origins (`scheme://host:port`) of the recorded requests, longest first.
    public let recordedOrigins: [String]

    public init(_ archive: HTTPArchive) {
        entries = archive.log.entries
        var origins = Set<String>()
        for (index, entry) in entries.enumerated() where entry.response.status > 0 {
            guard let components = URLComponents(string: entry.request.url) else { continue }
            pending[
                Self.key(entry.request.method, components.percentEncodedPath, components.percentEncodedQuery),
                default: []
            ]
            .append(index)
            if let scheme = components.scheme, let host = components.percentEncodedHost {
                origins.insert("\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? ""))
            }
        }
        recordedOrigins = origins.sorted { $0.count > $1.count }
    }

    /// How many answers the trace holds.
    public var count: Int { entries.filter { $0.response.status > 0 }.count }

    /// The recorded entry answering this request, or `nil` when the trace holds none.
    public mutating func answer(method: String, path: String, query: String?, body: Data?) -> HTTPArchive.Entry? {
        let key = Self.key(method, path.isEmpty ? "/" : path, query)
        guard var queue = pending[key], !queue.isEmpty else { return last[key].map { entries[$0] } }
        var position = 0
        if method.uppercased() == "POST", let body {
            let text = String(decoding: body, as: UTF8.self)
            position = queue.firstIndex { entries[$0].request.postData?.text == text } ?? 0
        }
        let index = queue.remove(at: position)
        pending[key] = queue
        last[key] = index
        return entries[index]
    }

    /// `text` with every recorded origin replaced by `base` (plain and JSON-escaped).
    public func rewrite(_ text: String, to base: String) -> String {
        var text = text
        for origin in recordedOrigins where origin != base {
            text = text.replacing(origin, with: base)
            text = text.replacing(origin.replacing("/", with: "\\/"), with: base.replacing("/", with: "\\/"))
        }
        return text
    }

    static func key(_ method: String, _ path: String, _ query: String?) -> Key {
        let items = (query ?? "").split(separator: "&").map { item -> String in
            let decoded = item.replacing("+", with: " ")
            return decoded.removingPercentEncoding ?? String(decoded)
        }
        var normalPath = path.removingPercentEncoding ?? path
        if normalPath.isEmpty { normalPath = "/" }
        return Key(method: method.uppercased(), path: normalPath, query: items.sorted())
    }
}
