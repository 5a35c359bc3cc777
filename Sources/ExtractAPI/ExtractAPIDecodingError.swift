/// Why a body could not be decoded: a stable ``Code``, the element or key at fault and a message.
///
/// Every decoder in this module throws this type (typed throws) and never traps on bad input.
///
/// ```swift
/// do {
///     _ = try ExtractJob(xml: Data("<job><id>x</id></job>".utf8))
/// } catch {
///     print(error)   // job/status-link: missing required element 'status-link' [missing-field]
/// }
/// ```
public struct ExtractAPIDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The body is empty or only whitespace where a document is required.
        public static let emptyBody = Code(rawValue: "empty-body")
        /// The body is not well-formed XML.
        public static let malformedXML = Code(rawValue: "malformed-xml")
        /// The body is not valid JSON.
        public static let malformedJSON = Code(rawValue: "malformed-json")
        /// The body is not a valid `application/x-www-form-urlencoded` form.
        public static let malformedForm = Code(rawValue: "malformed-form")
        /// The root element (XML) or top-level value (JSON) is not the expected one.
        public static let unexpectedRoot = Code(rawValue: "unexpected-root")
        /// A required element or key is absent, empty or `null`.
        public static let missingField = Code(rawValue: "missing-field")
        /// A link or id is not a URL.
        public static let invalidURL = Code(rawValue: "invalid-url")
        /// A timestamp is not in one of the accepted forms.
        public static let invalidTimestamp = Code(rawValue: "invalid-timestamp")
        /// A number (or numeric string) is not an integer.
        public static let invalidNumber = Code(rawValue: "invalid-number")
        /// A value has the wrong type or an unsupported value.
        public static let invalidValue = Code(rawValue: "invalid-value")
        /// The body exceeds one of the ``ExtractWire/DecodingLimits`` (for example it nests too deep).
        public static let limitExceeded = Code(rawValue: "limit-exceeded")
    }

    /// What kind of problem it is.
    public var code: Code
    /// Where: an XML element path such as `jobs/job[2]/start-time` (1-based, like XPath) or a JSON key
    /// path such as `[1].start-time` (0-based); `nil` for the body as a whole.
    public var path: String?
    /// The offending text (at most 80 characters), when there is one.
    public var value: String?
    /// What is wrong, in words; it names the element or key at fault.
    public var message: String

    public init(_ code: Code, _ message: String, path: String? = nil, value: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.value = value.map { $0.count > 80 ? String($0.prefix(77)) + "..." : $0 }
    }

    public var description: String {
        var text = ""
        if let path, !path.isEmpty { text += path + ": " }
        text += message
        if let value { text += ": '\(value)'" }
        return text + " [\(code.rawValue)]"
    }
}

extension ExtractAPIDecodingError {
    static func missing(_ name: String, path: String) -> ExtractAPIDecodingError {
        ExtractAPIDecodingError(.missingField, "missing required element '\(name)'", path: path)
    }

    static func invalidURL(_ name: String, path: String, value: String) -> ExtractAPIDecodingError {
        ExtractAPIDecodingError(.invalidURL, "'\(name)' is not a URL", path: path, value: value)
    }

    static func invalidTimestamp(_ name: String, path: String, value: String) -> ExtractAPIDecodingError {
        ExtractAPIDecodingError(
            .invalidTimestamp,
            "'\(name)' is not a timestamp (yyyy-MM-ddTHH:mm:ss[.fffffff][Z|±hh:mm])",
            path: path,
            value: value
        )
    }

    static func invalidNumber(_ name: String, path: String, value: String) -> ExtractAPIDecodingError {
        ExtractAPIDecodingError(.invalidNumber, "'\(name)' is not an integer", path: path, value: value)
    }
}
