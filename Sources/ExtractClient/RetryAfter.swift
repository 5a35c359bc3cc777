import ExtractAPI
public import Foundation

/// Reads an HTTP `Retry-After` header: delta-seconds (`120`) or an HTTP-date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`, also the obsolete RFC 850 and asctime forms), without locale-dependent
/// formatters.
///
/// ```swift
/// RetryAfter.delay(from: "120", now: now)                            // .seconds(120)
/// RetryAfter.delay(from: "Wed, 21 Oct 2015 07:28:00 GMT", now: now)  // the time left until then, ≥ 0
/// RetryAfter.delay(from: "soon", now: now)                           // nil
/// ```
public enum RetryAfter {
    /// The wait the header asks for, relative to `now`; a date in the past gives `.zero`; `nil` when the value
    /// is neither form.
    public static func delay(from value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy(\.isASCIIDigit) {
            // Very long digit strings saturate instead of failing.
            return .seconds(Int64(text) ?? .max)
        }
        guard let date = httpDate(text) else { return nil }
        let seconds = date.timeIntervalSince(now)
        return seconds <= 0 ? .zero : .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    /// Parses an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, RFC 850 or asctime; always GMT.
    public static func httpDate(_ text: String) -> Date? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (Int, Int, Int)?
        switch words.count {
        case 6 where words[5] == "GMT" && words[1].count <= 2:
            // Sun, 06 Nov 1994 08:49:37 GMT
            day = Int(words[1])
            month = monthNumber(words[2])
            year = words[3].count == 4 ? Int(words[3]) : nil
            time = clock(words[4])
        case 4 where words[3] == "GMT":
            // Sunday, 06-Nov-94 08:49:37 GMT
            let parts = words[1].split(separator: "-").map(String.init)
            guard parts.count == 3, parts[2].count == 2, let shortYear = Int(parts[2]) else { return nil }
            day = Int(parts[0])
            month = monthNumber(parts[1])
            // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
            year = shortYear < 70 ? 2000 + shortYear : 1900 + shortYear
            time = clock(words[2])
        case 5:
            // Sun Nov  6 08:49:37 1994
            month = monthNumber(words[1])
            day = Int(words[2])
            time = clock(words[3])
            year = words[4].count == 4 ? Int(words[4]) : nil
        default:
            return nil
        }
        guard let day, let month, let year, let time,
            let stamp = ExtractTimestamp(
                year: year,
                month: month,
                day: day,
                hour: time.0,
                minute: time.1,
                second: time.2
            )
        else { return nil }
        return stamp.date
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func monthNumber(_ text: String) -> Int? {
        months.firstIndex(of: text.lowercased()).map { $0 + 1 }
    }

    private static func clock(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), let second = Int(parts[2])
        else { return nil }
        return (hour, minute, second)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
