import Foundation

/// A configuration file in a small subset of TOML: `key = "text"`, `key = 123`, `key = true`, `# comments`
/// and `[section]` headers (keys inside a section are read as `section.key`).
///
/// ```toml
/// base_url = "https://us.api.concursolutions.com"
/// client_id = "…"
/// client_secret = "…"       # better: CONCUR_CLIENT_SECRET in the environment
/// format = "json"
/// ```
struct ConfigurationFile: Sendable {
    var values: [String: String] = [:]
    var path: String?

    struct Problem: Error, CustomStringConvertible {
        var path: String
        var line: Int
        var message: String
        var description: String { "\(path):\(line): \(message)" }
    }

    init() {}

    init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(path: path, line: 0, message: "cannot read the configuration file")
        }
        let text = String(decoding: data, as: UTF8.self)
        var section = ""
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else {
                    throw Problem(path: path, line: index + 1, message: "a section header is [name]")
                }
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw Problem(path: path, line: index + 1, message: "expected key = value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            line = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            var value: String
            if line.hasPrefix("\"") {
                guard let close = line.dropFirst().firstIndex(of: "\"") else {
                    throw Problem(path: path, line: index + 1, message: "unterminated string for '\(key)'")
                }
                value = String(line[line.index(after: line.startIndex)..<close])
            } else {
                value = String(line.split(separator: "#", maxSplits: 1).first ?? "").trimmingCharacters(
                    in: .whitespaces
                )
            }
            value = value.replacingOccurrences(of: "\\\"", with: "\"")
            values[section.isEmpty ? key : "\(section).\(key)"] = value
        }
    }

    subscript(key: String) -> String? { values[key] }
}
