/// The platform error body (`Error` with `Message`, `Server-Time`, `Id`) that accompanies 4xx/5xx answers.
///
/// `Server-Time` is in the server's own time zone and informational, so it is kept as text
/// (``serverTimestamp`` parses it). The XML element has no namespace; JSON wraps it: `{"Error": {…}}`.
///
/// ```swift
/// if let error = try? ExtractErrorBody(data: body, format: format) {
///     print(error.message, error.id ?? "-")
///     if error.isRetryableLater { /* 400 request limit or deadlock: resend later */ }
/// }
/// ```
public struct ExtractErrorBody: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong (`Message`).
    public var message: String
    /// The server's clock when it answered (`Server-Time`), as received.
    public var serverTime: String?
    /// A support reference (`Id`), usually a UUID.
    public var id: String?

    public init(message: String, serverTime: String? = nil, id: String? = nil) {
        self.message = message
        self.serverTime = serverTime
        self.id = id
    }

    /// An error stamped with `time` in the canonical `Server-Time` form (`yyyy-MM-ddTHH:mm:ss`, UTC).
    ///
    /// ```swift
    /// ExtractErrorBody(message: "Not found", time: ExtractTimestamp(Date()), id: UUID().uuidString)
    /// ```
    public init(message: String, time: ExtractTimestamp, id: String? = nil) {
        self.init(message: message, serverTime: time.formatted(.wholeSeconds), id: id)
    }

    /// ``serverTime`` parsed (read as UTC, although the server may use its own zone).
    public var serverTimestamp: ExtractTimestamp? { serverTime.flatMap { ExtractTimestamp(parsing: $0) } }

    /// Whether the message is the 400 "request limit" or a database deadlock, which may be resent later.
    public var isRetryableLater: Bool {
        let text = message.lowercased()
        return text.contains("request limit") || text.contains("deadlock")
    }

    public var description: String { id.map { "\(message) (Id \($0))" } ?? message }
}
