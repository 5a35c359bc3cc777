/// Which database failures are the data's fault (the load is refused: quarantine the file) and which are the
/// database's or the network's (transient: keep the job, retry on the next run, quarantine nothing).
///
/// A refusal is PostgreSQL SQLSTATE class `22` (data exception: invalid encoding, numeric overflow, value too
/// long, invalid date) or `23` (integrity constraint: CHECK, NOT NULL, UNIQUE, foreign key, a trigger raising
/// one of these), and SQLite `SQLITE_CONSTRAINT`, `SQLITE_MISMATCH` or `SQLITE_TOOBIG`. Everything else is
/// transient: connection refused or lost (`08…`, `57P…`), serialization failure and deadlock (`40…`), lock
/// timeouts, disk full, I/O errors, `SQLITE_BUSY`, `SQLITE_LOCKED`, `SQLITE_IOERR`, `SQLITE_FULL`.
///
/// ```swift
/// LedgerError.isRefusal(sqlState: "23514")   // true: a CHECK constraint refused a row
/// LedgerError.isRefusal(sqlState: "40001")   // false: serialization failure, try again
/// ```
extension LedgerError {
    /// `true` for a PostgreSQL SQLSTATE that says the data was refused (class 22 or 23).
    public static func isRefusal(sqlState: String) -> Bool {
        sqlState.utf8.count == 5 && (sqlState.hasPrefix("22") || sqlState.hasPrefix("23"))
    }

    /// The longest database message kept in a quarantine reason, in characters.
    static let maximumMessageLength = 1_000

    /// `text` with control characters shown as `\n`, `\t`, `\r` or `\u{XX}` and cut to `maximumMessageLength`
    /// characters: a database message quotes the refused value, which may hold any byte.
    ///
    /// ```swift
    /// LedgerError.printable("bad value \"E0\u{0}7\"\nline 2")   // bad value "E0\u{00}7"\nline 2
    /// ```
    public static func printable(_ text: String) -> String {
        var output = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= maximumMessageLength {
                output += "…"
                break
            }
            count += 1
            switch scalar.value {
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0x00..<0x20, 0x7F..<0xA0:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                output += "\\u{" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex + "}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
