public import Foundation

extension ExtractWire {
    /// One route of the Extract v1 API or the token endpoint: the single definition of the URL layout
    /// shared by client and server.
    ///
    /// IDs are opaque, case-sensitive strings (letters, digits, `$`). Paths keep `$` literal; parsing
    /// percent-decodes, so `$` and `%24` route identically, and a trailing slash is accepted.
    ///
    /// ```swift
    /// let route = ExtractWire.Route.jobFile(definitionID: "nYoPK$pZ", jobID: "uIo87jk3")
    /// route.path                      // /api/expense/extract/v1.0/nYoPK$pZ/job/uIo87jk3/file
    /// ExtractWire.Route(path: "/api/expense/extract/v1.0/nYoPK%24pZ/job/")  // .jobs(definitionID: "nYoPK$pZ")
    /// route.url(relativeTo: URL(string: "https://us.api.concursolutions.com")!)
    /// ```
    public enum Route: Sendable, Hashable {
        /// `GET {base}/`: the definitions list.
        case definitions
        /// `GET {base}/{DefinitionID}`: one definition.
        case definition(id: String)
        /// `GET` (last 100 jobs) or `POST` (start a job) `{base}/{DefinitionID}/job`.
        case jobs(definitionID: String)
        /// `GET {base}/{DefinitionID}/job/{JobID}`: one job.
        case job(definitionID: String, jobID: String)
        /// `GET {base}/{DefinitionID}/job/{JobID}/status`: the job's status.
        case jobStatus(definitionID: String, jobID: String)
        /// `GET {base}/{DefinitionID}/job/{JobID}/file`: the extract output (CSV or ZIP).
        case jobFile(definitionID: String, jobID: String)
        /// `POST /oauth2/v0/token`: the OAuth2 token endpoint.
        case token

        /// The percent-encoded path (definitions list with its documented trailing slash).
        public var path: String {
            switch self {
            case .definitions:
                return basePath + "/"
            case .definition(let id):
                return basePath + "/" + Self.encode(id)
            case .jobs(let definitionID):
                return basePath + "/" + Self.encode(definitionID) + "/job"
            case .job(let definitionID, let jobID):
                return basePath + "/" + Self.encode(definitionID) + "/job/" + Self.encode(jobID)
            case .jobStatus(let definitionID, let jobID):
                return Route.job(definitionID: definitionID, jobID: jobID).path + "/status"
            case .jobFile(let definitionID, let jobID):
                return Route.job(definitionID: definitionID, jobID: jobID).path + "/file"
            case .token:
                return tokenPath
            }
        }

        /// The route of a request path (query and fragment ignored); `nil` when it is not one of ours.
        public init?(path: String) {
            var rawPath = Substring(path)
            if let cut = rawPath.firstIndex(where: { $0 == "?" || $0 == "#" }) { rawPath = rawPath[..<cut] }
            if rawPath.hasSuffix("/") { rawPath.removeLast() }
            if rawPath == tokenPath {
                self = .token
                return
            }
            guard rawPath.hasPrefix(basePath) else { return nil }
            let rest = rawPath.dropFirst(basePath.count)
            guard rest.isEmpty || rest.hasPrefix("/") else { return nil }
            var segments: [String] = []
            for raw in rest.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
                guard let segment = raw.removingPercentEncoding, !segment.isEmpty else { return nil }
                segments.append(segment)
            }
            switch segments.count {
            case 0:
                self = .definitions
            case 1:
                self = .definition(id: segments[0])
            case 2 where segments[1] == "job":
                self = .jobs(definitionID: segments[0])
            case 3 where segments[1] == "job":
                self = .job(definitionID: segments[0], jobID: segments[2])
            case 4 where segments[1] == "job" && segments[3] == "status":
                self = .jobStatus(definitionID: segments[0], jobID: segments[2])
            case 4 where segments[1] == "job" && segments[3] == "file":
                self = .jobFile(definitionID: segments[0], jobID: segments[2])
            default:
                return nil
            }
        }

        /// The route of an absolute link such as a job's `status-link`; `nil` when its path is not one of
        /// ours (links are still followed verbatim — this is for reading IDs).
        public init?(url: URL) {
            guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return nil }
            self.init(path: components.percentEncodedPath)
        }

        /// The absolute URL of this route under `baseURL` (scheme, host and any path prefix kept).
        public func url(relativeTo baseURL: URL) -> URL? {
            var base = baseURL.absoluteString
            while base.hasSuffix("/") { base.removeLast() }
            return URL(string: base + path)
        }

        /// The definition ID in the route, if any.
        public var definitionID: String? {
            switch self {
            case .definitions, .token: return nil
            case .definition(let id): return id
            case .jobs(let id), .job(let id, _), .jobStatus(let id, _), .jobFile(let id, _): return id
            }
        }

        /// The job ID in the route, if any.
        public var jobID: String? {
            switch self {
            case .job(_, let id), .jobStatus(_, let id), .jobFile(_, let id): return id
            default: return nil
            }
        }

        /// Path-segment characters left unencoded: RFC 3986 unreserved and sub-delims (`$` among them).
        private static let segmentAllowed = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@"
        )

        /// One path segment, percent-encoded as the routes write it.
        static func encode(_ segment: String) -> String {
            segment.addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? segment
        }
    }
}
