/// One table of a ``ConfigurationDocument`` as a reader sees it: typed values, each error naming the file,
/// the line and the key.
struct ConfigurationTable: Sendable {
    let document: ConfigurationDocument
    /// The table's path from the root (`["company", "acme"]`); empty for the root.
    let path: [String]
    let entries: [String: ConfigurationValue]

    /// `[company.acme]`, or `the top level`.
    var name: String { path.isEmpty ? "the top level" : "[\(path.joined(separator: "."))]" }

    func line(_ key: String? = nil) -> Int { document.lines.line(of: path + (key.map { [$0] } ?? [])) }

    func error(_ code: ConfigurationError.Code, _ key: String?, _ message: String) -> ConfigurationError {
        ConfigurationError(
            code,
            file: document.file,
            line: line(key),
            key: (path + (key.map { [$0] } ?? [])).joined(separator: "."),
            message
        )
    }

    /// Throws for the first key (in file order) that is not in `known` (nor `tolerated`: read by another reader).
    func requireKnown(_ known: [String], tolerated: [String] = [], also: String = "") throws(ConfigurationError) {
        let unknown = entries.keys.filter { !known.contains($0) && !tolerated.contains($0) }.sorted {
            (line($0), $0) < (line($1), $1)
        }
        guard let key = unknown.first else { return }
        throw error(
            .unknownKey,
            key,
            "unknown key '\(key)' in \(name) (known: \(known.joined(separator: ", "))\(also))"
        )
    }

    /// A bad value: what `key` must be, and what it was (a secret's value is never shown).
    func badValue(_ key: String, _ expected: String, got value: ConfigurationValue) -> ConfigurationError {
        let shown = ConfigurationDocument.secretKeys.contains(key) ? value.kind : value.shown
        return error(.badValue, key, "'\(key)' must be \(expected), got \(shown)")
    }

    /// A text value; a value of another type is an error.
    func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = entries[key] else { return nil }
        guard case .string(let text) = value else { throw badValue(key, "a string in quotes", got: value) }
        return text
    }

    /// A whole number in `range`; `expected` says what it means (`a whole number of minutes ≥ 1`).
    func integer(_ key: String, in range: ClosedRange<Int>, expected: String) throws(ConfigurationError) -> Int? {
        guard let value = entries[key] else { return nil }
        guard case .integer(let number) = value, range.contains(number) else {
            throw badValue(key, expected, got: value)
        }
        return number
    }

    /// A `true` or `false`; a value of another type is an error.
    func boolean(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let value = entries[key] else { return nil }
        guard case .boolean(let flag) = value else { throw badValue(key, "true or false", got: value) }
        return flag
    }

    /// A sub-table; a value of another type is an error.
    func table(_ key: String) throws(ConfigurationError) -> ConfigurationTable? {
        guard let value = entries[key] else { return nil }
        guard case .table(let entries) = value else {
            throw badValue(key, "a [\((path + [key]).joined(separator: "."))] table", got: value)
        }
        return ConfigurationTable(document: document, path: path + [key], entries: entries)
    }
}
