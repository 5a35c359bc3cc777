/// Where each key and table of a TOML text is written, for messages that name a line.
///
/// TOMLKit reports a line for syntax errors only, so this small scan of the text finds the line of a key
/// (`key = …`, `a.b = …`, `"quoted key" = …`) under its `[table]` header. It runs on text that TOMLKit has
/// already accepted; lines inside multi-line strings are skipped.
struct ConfigurationLineIndex: Sendable {
    /// The first line of each key path and table path (`["company", "acme", "every_minutes"]`).
    private var lines: [[String]: Int] = [:]

    init(text: String) {
        var table: [String] = []
        var openString: Substring?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var line = Substring(rawLine)
            if let delimiter = openString {
                // Inside a multi-line string: only its closing delimiter matters.
                if line.ranges(of: delimiter).count % 2 == 1 { openString = nil }
                continue
            }
            line = line.drop(while: \.isWhitespace)
            if line.hasPrefix("[") {
                let array = line.hasPrefix("[[")
                var rest = line.dropFirst(array ? 2 : 1)
                if let path = Self.keyPath(&rest) {
                    table = path
                    for length in 1...path.count { record(Array(path.prefix(length)), number) }
                }
                continue
            }
            var rest = line
            guard let path = Self.keyPath(&rest), rest.first == "=" else { continue }
            for length in 1...path.count { record(table + path.prefix(length), number) }
            let value = rest.dropFirst().drop(while: \.isWhitespace)
            for delimiter in ["\"\"\"", "'''"] where value.hasPrefix(delimiter) {
                if value.ranges(of: delimiter).count % 2 == 1 { openString = Substring(delimiter) }
            }
        }
    }

    private mutating func record(_ path: [String], _ line: Int) {
        if lines[path] == nil { lines[path] = line }
    }

    /// The line of `path`, else of the nearest table that holds it, else 0.
    func line(of path: [String]) -> Int {
        var path = path
        while !path.isEmpty {
            if let line = lines[path] { return line }
            path.removeLast()
        }
        return 0
    }

    /// Reads a dotted key (bare, "basic" or 'literal' parts) from the start of `text`, leaving `text` after it
    /// and the whitespace that follows.
    static func keyPath(_ text: inout Substring) -> [String]? {
        var parts: [String] = []
        while true {
            text = text.drop(while: \.isWhitespace)
            guard let first = text.first else { return nil }
            if first == "\"" || first == "'" {
                var part = ""
                var index = text.index(after: text.startIndex)
                var closed = false
                while index < text.endIndex {
                    let character = text[index]
                    index = text.index(after: index)
                    if character == first {
                        closed = true
                        break
                    }
                    if character == "\\" && first == "\"" && index < text.endIndex {
                        part.append(text[index])
                        index = text.index(after: index)
                    } else {
                        part.append(character)
                    }
                }
                guard closed else { return nil }
                parts.append(part)
                text = text[index...]
            } else {
                let bare = text.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
                guard !bare.isEmpty else { return nil }
                parts.append(String(bare))
                text = text.dropFirst(bare.count)
            }
            text = text.drop(while: \.isWhitespace)
            guard text.first == "." else { return parts }
            text = text.dropFirst()
        }
    }
}
