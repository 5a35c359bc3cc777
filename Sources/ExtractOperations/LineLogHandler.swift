public import Foundation
public import Logging
import Synchronization

/// A swift-log handler writing one ``LogLine`` per event to standard error (or another file), each line written
/// whole with one `write` as it happens: nothing waits in a buffer, so systemd's journal and `docker logs` show it
/// live, and lines of concurrent runs never interleave.
///
/// ```swift
/// let logger = Logger(label: "concur-extract") { _ in LineLogHandler(format: .json, level: .info) }
/// logger.info("sync.posted", metadata: ["company": "acme", "batch": "42"])
/// // {"ts":"2026-11-30T19:40:00.123Z","level":"info","event":"sync.posted","batch":"42","company":"acme"}
/// ```
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public let format: LogFormat
    let output: LogOutput
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - output: where lines go (default: standard error).
    ///   - now: the clock of the time stamps.
    public init(
        format: LogFormat,
        level: Logger.Level = .info,
        output: FileHandle = .standardError,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.format = format
        self.logLevel = level
        self.output = LogOutput(output)
        self.now = now
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let given = event.metadata { fields.merge(given) { _, new in new } }
        if let error = event.error { fields["error"] = .string("\(error)") }
        let line = LogLine(date: now(), level: event.level, event: event.message.description, metadata: fields)
        output.write(line.rendered(format))
    }
}

/// The file the lines go to, one `write` a line under a lock.
final class LogOutput: Sendable {
    private let handle: Mutex<FileHandle>

    init(_ handle: FileHandle) { self.handle = Mutex(handle) }

    func write(_ line: String) {
        handle.withLock { handle in
            // A closed pipe (the reader gone) must not stop the service: the line is dropped.
            try? handle.write(contentsOf: Data(line.utf8))
        }
    }
}
