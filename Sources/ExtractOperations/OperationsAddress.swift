import Foundation

/// Where `serve --http HOST:PORT` listens: a host name or IPv4 address (an IPv6 one in brackets) and a port
/// (0: any free port, the one taken is printed).
///
/// ```swift
/// let address = try OperationsAddress(parsing: "127.0.0.1:9090")   // host "127.0.0.1", port 9090
/// ```
public struct OperationsAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `HOST:PORT` (`[::1]:9090` for IPv6).
    /// - Throws: ``InvalidAddress`` naming the value and the expected shape.
    public init(parsing text: String) throws(InvalidAddress) {
        let value = text.trimmingCharacters(in: .whitespaces)
        guard let colon = value.lastIndex(of: ":") else {
            throw InvalidAddress(value: text, reason: "no port (expected HOST:PORT, e.g. 127.0.0.1:9090)")
        }
        var host = String(value[..<colon])
        let portText = value[value.index(after: colon)...]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else {
            throw InvalidAddress(value: text, reason: "no host (expected HOST:PORT, e.g. 127.0.0.1:9090)")
        }
        guard !host.contains(":") || value.hasPrefix("[") else {
            throw InvalidAddress(value: text, reason: "an IPv6 host goes in brackets, e.g. [::1]:9090")
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw InvalidAddress(value: text, reason: "the port \"\(portText)\" is not a number from 0 to 65535")
        }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// A `--http` value that is not `HOST:PORT`.
    public struct InvalidAddress: Error, Sendable, Equatable, CustomStringConvertible {
        /// Stable code of this error.
        public static let code = "invalid-http-address"
        public var value: String
        public var reason: String
        public var description: String { "--http \"\(value)\": \(reason)" }
    }
}
