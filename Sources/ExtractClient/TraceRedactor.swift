import AccountingExtract
import ExtractAPI
import Foundation

/// One exchange as the transport saw it, before redaction.
struct TraceExchange: Sendable {
    var started: Date
    var method: String
    var url: URL
    var requestHeaders: [(String, String)]
    var requestBody: Data?
    /// `nil` when no answer came (the transport failed).
    var status: Int?
    var responseHeaders: [(name: String, value: String)] = []
    var responseBody = Data()
    /// Milliseconds until the answer's head, then until its body ended.
    var wait: Double = 0
    var receive: Double = 0
    /// Why the exchange ended abnormally (no answer, a broken or abandoned body).
    var failure: String?
}

/// Turns exchanges into HAR entries without secrets or personal data, keeping their structure so that a replay
/// still works: every secret becomes a placeholder (`redacted-token-1`, `redacted-secret-1`, …), the same one
/// each time the same value appears anywhere in the trace (URLs, headers, bodies, percent- or JSON-escaped);
/// names in downloaded files become stable pseudonyms (``ExtractFileRedaction``).
///
/// Secrets are learned from where they are sent or given: `Authorization` values, `Cookie`/`Set-Cookie`
/// values, the token form's `client_secret`, `password`, `refresh_token` (and `username`, personal), the token
/// answer's `access_token`, `refresh_token` and `id_token`, plus the secrets the caller names up front (the
/// configured client secret and password). Each exchange is redacted once, after learning its own secrets; a
/// value never seen in one of those places cannot be recognised.
///
/// ```swift
/// var redactor = TraceRedactor(secrets: [clientSecret])
/// let entry = redactor.entry(for: exchange)
/// ```
struct TraceRedactor {
    private var placeholders: [String: String] = [:]
    private var counters: [String: Int] = [:]
    private var pseudonyms: [String: String] = [:]
    /// Learned values at least this long are also searched for and replaced in free text (shorter ones only
    /// where they are known to be: a form field, a header).
    static let minimumSearchLength = 4
    /// Form fields whose values are secrets, and the placeholder kind of each.
    static let formSecrets: [String: String] = [
        "client_secret": "secret", "password": "secret", "refresh_token": "token", "access_token": "token",
        "id_token": "token", "assertion": "secret", "code": "secret", "username": "user",
    ]
    /// JSON keys whose values are tokens.
    static let jsonTokens: Set<String> = ["access_token", "refresh_token", "id_token"]

    init(secrets: [String] = []) {
        for secret in secrets where !secret.isEmpty { _ = learn(secret, kind: "secret") }
    }

    /// The placeholder of `value`, learning it the first time.
    @discardableResult
    mutating func learn(_ value: String, kind: String) -> String {
        if let known = placeholders[value] { return known }
        if value.hasPrefix("redacted-") { return value }
        let number = (counters[kind] ?? 0) + 1
        counters[kind] = number
        let placeholder = "redacted-\(kind)-\(number)"
        placeholders[value] = placeholder
        return placeholder
    }

    /// The HAR entry of `exchange`, redacted.
    mutating func entry(for exchange: TraceExchange) -> HTTPArchive.Entry {
        learnSecrets(of: exchange)
        let url = scrub(exchange.url.absoluteString)
        let requestHeaders = exchange.requestHeaders.map { HTTPArchive.Pair($0.0, scrubHeader($0.0, $0.1)) }
        let requestType = header("Content-Type", in: exchange.requestHeaders) ?? "application/octet-stream"
        let postData = exchange.requestBody.map { body -> HTTPArchive.PostData in
            HTTPArchive.PostData(mimeType: requestType, text: redactedRequestBody(body, contentType: requestType))
        }
        let query = URLComponents(string: url)?.percentEncodedQuery.map { HTTPArchive.Pair.decode(form: $0) } ?? []
        let responseHeaders = exchange.responseHeaders.map { HTTPArchive.Pair($0.name, scrubHeader($0.name, $0.value)) }
        let responseType =
            header("Content-Type", in: exchange.responseHeaders.map { ($0.name, $0.value) })
            ?? "application/octet-stream"
        var content = HTTPArchive.Content(bytes: redactedResponseBody(exchange.responseBody), mimeType: responseType)
        if content.encoding == nil, let text = content.text { content.text = scrub(text) }
        let status = exchange.status ?? 0
        return HTTPArchive.Entry(
            startedDateTime: Self.timestamp(exchange.started),
            time: exchange.wait + exchange.receive,
            request: HTTPArchive.Request(
                method: exchange.method,
                url: url,
                headers: requestHeaders,
                queryString: query,
                postData: postData
            ),
            response: HTTPArchive.Response(
                status: status,
                statusText: Self.reasons[status] ?? "",
                headers: responseHeaders,
                content: content
            ),
            timings: HTTPArchive.Timings(send: 0, wait: exchange.wait, receive: exchange.receive),
            comment: exchange.failure.map(scrub)
        )
    }

    /// `text` with every learned secret, in any of its escaped forms, replaced by its placeholder.
    func scrub(_ text: String) -> String {
        var text = text
        for (value, placeholder) in placeholders.sorted(by: { $0.key.count > $1.key.count })
        where value.count >= Self.minimumSearchLength {
            for form in Self.forms(of: value) where text.contains(form) {
                text = text.replacing(form, with: placeholder)
            }
        }
        return text
    }

    private static func forms(of value: String) -> [String] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let percent = value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
        let json = value.replacing("\\", with: "\\\\").replacing("/", with: "\\/").replacing("\"", with: "\\\"")
        return Array(Set([value, percent, percent.replacing("%20", with: "+"), json]))
    }

    private mutating func learnSecrets(of exchange: TraceExchange) {
        for (name, value) in exchange.requestHeaders { learnHeader(name, value) }
        for header in exchange.responseHeaders { learnHeader(header.name, header.value) }
        if let body = exchange.requestBody,
            header("Content-Type", in: exchange.requestHeaders)?.lowercased().contains("x-www-form-urlencoded")
                == true
        {
            for pair in HTTPArchive.Pair.decode(form: String(decoding: body, as: UTF8.self)) {
                if let kind = Self.formSecrets[pair.name.lowercased()], !pair.value.isEmpty {
                    learn(pair.value, kind: kind)
                }
            }
        }
        learnJSONTokens(exchange.responseBody)
        if let body = exchange.requestBody { learnJSONTokens(body) }
    }

    private mutating func learnJSONTokens(_ body: Data) {
        guard body.first.map({ $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }) == true,
            let object = try? JSONSerialization.jsonObject(with: body)
        else { return }
        walk(object)
    }

    private mutating func walk(_ object: Any) {
        if let dictionary = object as? [String: Any] {
            for (key, value) in dictionary {
                if Self.jsonTokens.contains(key.lowercased()), let token = value as? String, !token.isEmpty {
                    learn(token, kind: "token")
                } else {
                    walk(value)
                }
            }
        } else if let array = object as? [Any] {
            for value in array { walk(value) }
        }
    }

    private mutating func learnHeader(_ name: String, _ value: String) {
        switch name.lowercased() {
        case "authorization", "proxy-authorization":
            let parts = value.split(separator: " ", maxSplits: 1)
            if parts.count == 2 {
                learn(String(parts[1]), kind: parts[0].lowercased() == "bearer" ? "token" : "secret")
            } else if !value.isEmpty {
                learn(value, kind: "secret")
            }
        case "cookie", "set-cookie":
            for cookie in value.split(separator: ";") {
                let pair = cookie.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                let name = pair[0].trimmingCharacters(in: .whitespaces).lowercased()
                let attributes: Set<String> = ["path", "domain", "expires", "max-age", "samesite"]
                if !attributes.contains(name), !pair[1].isEmpty { learn(String(pair[1]), kind: "cookie") }
            }
        default:
            break
        }
    }

    private func scrubHeader(_ name: String, _ value: String) -> String {
        let lower = name.lowercased()
        if lower == "authorization" || lower == "proxy-authorization" {
            let parts = value.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { return "\(parts[0]) \(placeholders[String(parts[1])] ?? scrub(String(parts[1])))" }
            return placeholders[value] ?? scrub(value)
        }
        return scrub(value)
    }

    private func redactedRequestBody(_ body: Data, contentType: String) -> String {
        let text = String(decoding: body, as: UTF8.self)
        guard contentType.lowercased().contains("x-www-form-urlencoded") else { return scrub(text) }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return HTTPArchive.Pair.decode(form: text).map { pair in
            let value =
                Self.formSecrets[pair.name.lowercased()] != nil && !pair.value.isEmpty
                ? placeholders[pair.value] ?? "redacted" : scrub(pair.value)
            let name = pair.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? pair.name
            return name + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
        }.joined(separator: "&")
    }

    private mutating func redactedResponseBody(_ body: Data) -> Data {
        var pseudonyms = self.pseudonyms
        var counters = self.counters
        let redacted: Data?
        do {
            redacted = try ExtractFileRedaction.redact(body) { kind, original in
                let key = "\(kind.rawValue)\u{0}\(original)"
                if let known = pseudonyms[key] { return known }
                let number = (counters["pseudonym-\(kind.rawValue)"] ?? 0) + 1
                counters["pseudonym-\(kind.rawValue)"] = number
                let made =
                    switch kind {
                    case .name: "Name\(number)"
                    case .email: "person\(number)@example.invalid"
                    case .login: "user\(number)"
                    }
                pseudonyms[key] = made
                return made
            }
        } catch {
            // A file of a known layout that cannot be read back (a corrupt zip): left out rather than shared.
            redacted = Data("(a file that could not be redacted was left out of the trace)".utf8)
        }
        self.pseudonyms = pseudonyms
        self.counters = counters
        if let redacted { return redacted }
        return body
    }

    private func header(_ name: String, in headers: [(String, String)]) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    static let reasons: [Int: String] = [
        200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently", 302: "Found",
        303: "See Other", 307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request",
        401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
        413: "Content Too Large", 429: "Too Many Requests", 500: "Internal Server Error", 501: "Not Implemented",
        502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
    ]

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
