public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// What one unauthenticated `GET` of a base URL showed (`concur-extract doctor`): the server answered, with which
/// status, and its clock (the `Date` header) against ours.
public struct ServerProbe: Sendable, Hashable {
    /// The HTTP status of the answer (any status: an answer means the server is reachable).
    public var status: Int
    /// The server's `Date` header, when it sent one that parses (RFC 9110's IMF-fixdate).
    public var serverDate: Date?
    /// This machine's clock when the answer arrived.
    public var localDate: Date

    /// The server's clock minus ours, in whole seconds; `nil` without a `Date` header. The header has a one-second
    /// resolution, so a skew of ±1 s is noise.
    public var clockSkewSeconds: Int? { serverDate.map { Int(($0.timeIntervalSince(localDate)).rounded()) } }
}

extension ConcurClient {
    /// Sends `GET baseURL` without credentials and reports what came back; a connection that cannot be made
    /// throws an ``ExtractClientError`` (``ExtractClientError/Code/transport``) naming the host, the port and the
    /// system's reason.
    ///
    /// ```swift
    /// let probe = try await ConcurClient.probe(URL(string: "https://us.api.concursolutions.com")!)
    /// print(probe.status, probe.clockSkewSeconds ?? 0)
    /// ```
    public static func probe(
        _ baseURL: URL,
        timeout: Duration = .seconds(15),
        httpClient: HTTPClient = ConcurClient.defaultHTTPClient
    ) async throws -> ServerProbe {
        var request = HTTPClientRequest(url: baseURL.absoluteString)
        request.method = .GET
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
        } catch {
            if let failure = ExtractHTTP.cannotConnect(error, url: baseURL, operation: "probe") { throw failure }
            throw ExtractClientError(
                .transport,
                "no answer from \(baseURL.host ?? "?"): \(ExtractHTTP.describe(error))",
                operation: "probe"
            )
        }
        let local = Date()
        // The body is not needed: read (and drop) at most 64 KiB so that the connection is released.
        _ = try? await response.body.collect(upTo: 1 << 16)
        return ServerProbe(
            status: Int(response.status.code),
            serverDate: response.headers.first(name: "Date").flatMap(Self.httpDate),
            localDate: local
        )
    }

    /// Parses an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
