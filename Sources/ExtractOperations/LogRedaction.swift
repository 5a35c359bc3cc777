public import Foundation

/// What a log line never shows: secrets, found by the field's name and, whatever the name, by the value's shape.
///
/// A field whose name says secret (`token`, `secret`, `password`, `authorization`, `api_key`, `cookie`,
/// `credential`, `webhook`, …) is replaced whole by `<redacted>`. Any other value (and the message) keeps its words
/// but loses what looks like a secret: the credentials after `Bearer`/`Basic`, a JWT, a URL's password and its
/// secret query parameters, `name=value` pairs with a secret name, a webhook URL's path, and long tokens mixing
/// upper case, lower case and digits. Hexadecimal digests (SHA-256) and UUIDs stay readable.
///
/// ```swift
/// LogRedaction.value("failed: Authorization: Bearer eyJhbGciOi.e30.sig")   // "failed: Authorization: Bearer <redacted>"
/// LogRedaction.isSecret(key: "refresh_token")                               // true
/// ```
public enum LogRedaction {
    /// What replaces a secret.
    public static let mark = "<redacted>"

    /// The parts of a field name that make its value a secret (compared lower-cased, `-` read as `_`).
    static let secretNameParts = [
        "token", "secret", "password", "passwd", "pwd", "authorization", "auth_header", "api_key", "apikey",
        "credential", "cookie", "private_key", "webhook", "signature", "session",
    ]

    /// `true` when a field of this name holds a secret.
    public static func isSecret(key: String) -> Bool {
        let name = key.lowercased().replacingOccurrences(of: "-", with: "_")
        return secretNameParts.contains { name.contains($0) }
    }

    /// The value with every secret-shaped part replaced by ``mark``.
    public static func value(_ text: String) -> String {
        var words: [String] = []
        var redactNext = false
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            if redactNext && !word.isEmpty {
                words.append(mark)
                redactNext = false
                continue
            }
            let bare = word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "\"':,;()[]{}"))
            if bare == "bearer" || bare == "basic" {
                words.append(word)
                redactNext = true
                continue
            }
            words.append(redactWord(word))
        }
        return words.joined(separator: " ")
    }

    /// One word (no spaces): a URL, `name=value` pairs, a JWT, a long token.
    static func redactWord(_ word: String) -> String {
        if word.isEmpty { return word }
        if let url = redactURL(word) { return url }
        // `client_secret=abc&x=1`, `password:hunter2`, `token="abc"`.
        for separator in ["=", ":"] where word.contains(separator) {
            var changed = false
            let pairs = word.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
                guard let range = pair.range(of: separator), range.upperBound < pair.endIndex else {
                    return String(pair)
                }
                let name = String(pair[..<range.lowerBound])
                guard isSecret(key: name.trimmingCharacters(in: CharacterSet(charactersIn: "\"'{,"))) else {
                    return String(pair)
                }
                changed = true
                return name + separator + mark
            }
            if changed { return pairs.joined(separator: "&") }
        }
        return redactShapes(word)
    }

    /// A JWT or a long mixed token anywhere in the word (split on the characters tokens never hold).
    static func redactShapes(_ word: String) -> String {
        var result = ""
        var token = ""
        func flush() {
            result += looksLikeSecret(token) ? mark : token
            token = ""
        }
        for character in word {
            if character.isASCII && (character.isLetter || character.isNumber || "-_.+/=~".contains(character)) {
                token.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// A JWT (`eyJ…` with three dot-separated parts), or at least 32 characters of a token alphabet with upper
    /// case, lower case and digits (a hexadecimal digest has no upper case). A UUID in any case is an identifier,
    /// never a secret, so it is left out before the shape is judged: a correlation id such as
    /// `concur-extract-3F2504E0-4F89-11D3-9A0C-0305E82C3301` stays readable.
    static func looksLikeSecret(_ token: String) -> Bool {
        var trimmed = token.trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
        if trimmed.hasPrefix("eyJ") && trimmed.split(separator: ".").count >= 2 { return true }
        trimmed = trimmed.replacingOccurrences(
            of: "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}",
            with: "",
            options: .regularExpression
        )
        guard trimmed.count >= 32, !trimmed.contains("/") else { return false }
        let hasUpper = trimmed.contains { $0.isUppercase }
        let hasLower = trimmed.contains { $0.isLowercase }
        let hasDigit = trimmed.contains { $0.isNumber }
        return hasUpper && hasLower && hasDigit
    }

    /// A URL without its password, its secret query values, and (for a webhook) its path.
    static func redactURL(_ word: String) -> String? {
        guard word.contains("://"), var parts = URLComponents(string: word), parts.scheme != nil, parts.host != nil
        else { return nil }
        if parts.password != nil { parts.password = mark }
        if let items = parts.queryItems {
            parts.queryItems = items.map { item in
                isSecret(key: item.name) || looksLikeSecret(item.value ?? "")
                    ? URLQueryItem(name: item.name, value: mark) : item
            }
        }
        if isWebhook(parts) { parts.path = "/" + mark }
        let path = parts.path.split(separator: "/").map { looksLikeSecret(String($0)) ? mark : String($0) }
        if !isWebhook(parts) && !path.isEmpty {
            parts.path = "/" + path.joined(separator: "/") + (parts.path.hasSuffix("/") ? "/" : "")
        }
        return (parts.string ?? word).replacingOccurrences(of: "%3Credacted%3E", with: mark)
    }

    /// Slack's and similar webhook URLs carry their token in the path.
    static func isWebhook(_ parts: URLComponents) -> Bool {
        let host = parts.host?.lowercased() ?? ""
        return host.hasPrefix("hooks.") || parts.path.lowercased().contains("/hooks/")
            || parts.path.lowercased().contains("webhook")
    }

    /// A webhook URL as a log line may show it: its scheme, host and port, never its path or query.
    ///
    /// ```swift
    /// LogRedaction.shownWebhook("https://hooks.slack.com/services/T0/B0/xyz")   // "https://hooks.slack.com/…"
    /// ```
    public static func shownWebhook(_ url: URL) -> String {
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(url.scheme ?? "?")://\(url.host ?? "?")\(port)/…"
    }
}
