import Foundation

/// A small reader of the Prometheus text format (0.0.4) for the tests: `# TYPE` lines and samples with labels.
///
/// ```swift
/// let text = try PrometheusText("# TYPE runs counter\nruns{company=\"a\"} 2\n")
/// text.types["runs"]                    // "counter"
/// text.value("runs", ["company": "a"])  // 2
/// ```
public struct PrometheusText: Sendable {
    public struct Sample: Equatable, Sendable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    /// A line that is neither a comment nor a sample.
    public struct Malformed: Error, CustomStringConvertible {
        public var line: Int
        public var text: String
        public var description: String { "line \(line) is not a sample: \(text)" }
    }

    /// Metric name → type (`counter`, `gauge`, `histogram`, …).
    public var types: [String: String] = [:]
    public var samples: [Sample] = []

    public init(_ text: String) throws {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let line = String(raw)
            if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                guard parts.count == 2 else { throw Malformed(line: index + 1, text: line) }
                types[String(parts[0])] = String(parts[1])
                continue
            }
            if line.hasPrefix("#") { continue }
            samples.append(try Self.sample(line, number: index + 1))
        }
    }

    static func sample(_ line: String, number: Int) throws -> Sample {
        var name = ""
        var labels: [String: String] = [:]
        var rest = Substring(line)
        if let brace = line.firstIndex(of: "{") {
            name = String(line[..<brace])
            var cursor = line.index(after: brace)
            while cursor < line.endIndex, line[cursor] != "}" {
                guard let equals = line[cursor...].firstIndex(of: "="), line.index(after: equals) < line.endIndex,
                    line[line.index(after: equals)] == "\""
                else { throw Malformed(line: number, text: line) }
                let key = String(line[cursor..<equals])
                var value = ""
                var index = line.index(equals, offsetBy: 2)
                while index < line.endIndex, line[index] != "\"" {
                    if line[index] == "\\", line.index(after: index) < line.endIndex {
                        index = line.index(after: index)
                    }
                    value.append(line[index])
                    index = line.index(after: index)
                }
                guard index < line.endIndex else { throw Malformed(line: number, text: line) }
                labels[key] = value
                cursor = line.index(after: index)
                if cursor < line.endIndex, line[cursor] == "," { cursor = line.index(after: cursor) }
            }
            guard cursor < line.endIndex else { throw Malformed(line: number, text: line) }
            rest = line[line.index(after: cursor)...]
        } else {
            guard let space = line.firstIndex(of: " ") else { throw Malformed(line: number, text: line) }
            name = String(line[..<space])
            rest = line[space...]
        }
        let fields = rest.split(separator: " ")
        guard let first = fields.first, let value = Double(first) ?? (first == "+Inf" ? .infinity : nil) else {
            throw Malformed(line: number, text: line)
        }
        return Sample(name: name, labels: labels, value: value)
    }

    /// The samples of `name` whose labels include `labels`.
    public func samples(_ name: String, _ labels: [String: String] = [:]) -> [Sample] {
        samples.filter { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }
    }

    /// The sum of the samples of `name` whose labels include `labels`.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        samples(name, labels).reduce(0) { $0 + $1.value }
    }
}
