extension ExtractWire {
    /// A bare media type (`type/subtype`, lower-cased, no parameters) as the contract uses them.
    ///
    /// Servers send the constants verbatim as `Content-Type` (no `charset`, §9); clients compare with
    /// ``matches(_:)``, which ignores parameters and case.
    ///
    /// ```swift
    /// ExtractWire.MediaType.csv.rawValue                          // "text/csv"
    /// ExtractWire.MediaType.csv.matches("Text/CSV; charset=utf-8")  // true
    /// ExtractWire.MediaType(contentType: "application/zip")       // .zip
    /// ```
    public struct MediaType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The exact string, e.g. `application/xml`.
        public let rawValue: String

        /// A media type from an exact string (stored as given).
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The essence of a `Content-Type` header value (parameters dropped, trimmed, lower-cased);
        /// `nil` when the header is absent or empty.
        public init?(contentType: String?) {
            guard let contentType else { return nil }
            let essence =
                contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
                .first.map { $0.trimmingWireWhitespace().lowercased() } ?? ""
            guard !essence.isEmpty else { return nil }
            self.init(rawValue: essence)
        }

        public var description: String { rawValue }

        /// Whether a `Content-Type` header value names this type (parameters and case ignored).
        public func matches(_ contentType: String?) -> Bool {
            MediaType(contentType: contentType)?.rawValue == rawValue.lowercased()
        }

        /// `application/xml`: every XML answer and the XML POST body.
        public static let xml = MediaType(rawValue: "application/xml")
        /// `application/json`: JSON answers and the token endpoint's answers.
        public static let json = MediaType(rawValue: "application/json")
        /// `text/csv`: a single extract file (pipe-delimited for SAE, despite the name).
        public static let csv = MediaType(rawValue: "text/csv")
        /// `application/zip`: several extract files in one archive.
        public static let zip = MediaType(rawValue: "application/zip")
        /// `application/x-www-form-urlencoded`: the token request (sent without `charset`).
        public static let formURLEncoded = MediaType(rawValue: "application/x-www-form-urlencoded")
    }

    /// The two body formats of the Extract API.
    public enum Format: Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// XML, the default.
        case xml
        /// JSON, on request.
        case json

        /// The `Content-Type` to send with a body in this format.
        public var mediaType: MediaType {
            switch self {
            case .xml: return .xml
            case .json: return .json
            }
        }

        public var description: String { self == .xml ? "XML" : "JSON" }

        /// The format a `Content-Type` names (`application/json` or `…+json` → JSON; XML types → XML);
        /// `nil` for anything else or no header.
        public init?(contentType: String?) {
            guard let type = MediaType(contentType: contentType)?.rawValue else { return nil }
            if type == "application/json" || type.hasSuffix("+json") {
                self = .json
            } else if type == "application/xml" || type == "text/xml" || type.hasSuffix("+xml") {
                self = .xml
            } else {
                return nil
            }
        }

        /// Content negotiation (§15): JSON when `Accept` lists `application/json` ranked above XML,
        /// otherwise XML (also for no header, `*/*`, or anything unparseable). Error bodies follow it too.
        ///
        /// Ranking: the highest `q` of `application/json` against the highest `q` of `application/xml` or
        /// `text/xml` (or, when neither is listed, of `*/*` / `application/*`). On a tie, an explicitly
        /// listed type beats a wildcard, and between two explicit types the one listed first wins.
        ///
        /// ```swift
        /// ExtractWire.Format.negotiate(accept: "application/json")                        // .json
        /// ExtractWire.Format.negotiate(accept: "application/json;q=0.5, application/xml") // .xml
        /// ExtractWire.Format.negotiate(accept: nil)                                       // .xml
        /// ```
        public static func negotiate(accept: String?) -> Format {
            guard let accept else { return .xml }
            var json: (q: Double, position: Int)?
            var xml: (q: Double, position: Int)?
            var wildcard: Double?
            for (position, entry) in accept.split(separator: ",").enumerated() {
                let parts = entry.split(separator: ";").map { $0.trimmingWireWhitespace().lowercased() }
                guard let range = parts.first, !range.isEmpty else { continue }
                var q = 1.0
                for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                    q = Double(parameter.dropFirst(2).trimmingWireWhitespace()).map { min(max($0, 0), 1) } ?? 0
                }
                switch range {
                case "application/json":
                    if q > (json?.q ?? -1) { json = (q, position) }
                case "application/xml", "text/xml":
                    if q > (xml?.q ?? -1) { xml = (q, position) }
                case "*/*", "application/*":
                    wildcard = max(wildcard ?? 0, q)
                default:
                    continue
                }
            }
            guard let json, json.q > 0 else { return .xml }
            if let xml {
                return json.q > xml.q || (json.q == xml.q && json.position < xml.position) ? .json : .xml
            }
            return json.q >= (wildcard ?? 0) ? .json : .xml
        }
    }

    /// What an extract file download holds.
    public enum FileKind: Sendable, Hashable {
        /// One file (`text/csv`; SAE content is pipe-delimited).
        case csv
        /// A ZIP archive of several files.
        case zip

        /// The ZIP local-file signature `PK\u{3}\u{4}`.
        public static let zipSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

        /// Classifies a download by its `Content-Type`, sniffing the first bytes for the ZIP signature when
        /// the type is missing or neither `text/csv` nor `application/zip` (§9).
        ///
        /// ```swift
        /// ExtractWire.FileKind.detect(contentType: "text/csv; charset=utf-8", leadingBytes: body)  // .csv
        /// ExtractWire.FileKind.detect(contentType: nil, leadingBytes: [0x50, 0x4B, 3, 4])        // .zip
        /// ```
        public static func detect(contentType: String?, leadingBytes: some Sequence<UInt8>) -> FileKind {
            if MediaType.zip.matches(contentType) { return .zip }
            if MediaType.csv.matches(contentType) { return .csv }
            return Array(leadingBytes.prefix(4)) == zipSignature ? .zip : .csv
        }
    }
}
