import AccountingExtract
public import Foundation

/// Keeps extract runs of one definition at least an interval apart (default 1 hour, as the service enforces
/// with a 409), remembering across processes when each definition last ran.
///
/// A run is recorded when it starts (the interval counts from the previous job's start, like Concur's).
/// ``beginRun(definition:at:force:)`` checks and records in one step, so two tasks of one process cannot both
/// start a run. `force` skips the check (a person who knows better), but the run is still recorded.
///
/// ```swift
/// let throttle = RunThrottle(persistence: FileRunHistoryPersistence(url: stateDirectory.appendingPathComponent("runs.json")))
/// try await throttle.beginRun(definition: definitionID, at: Date())   // throws .tooSoon within the hour
/// ```
public actor RunThrottle {
    /// The shortest time between two runs of a definition.
    public let interval: Duration
    private let persistence: any RunHistoryPersistence
    private var history: RunHistory?

    public init(interval: Duration = .seconds(3600), persistence: any RunHistoryPersistence) {
        self.interval = max(.zero, interval)
        self.persistence = persistence
    }

    /// When `definition` last started, if it ever did.
    public func lastRun(definition: String) async throws -> Date? {
        try await loaded().lastRun[definition]
    }

    /// When `definition` may run next (`nil`: now).
    public func nextAllowedRun(definition: String) async throws -> Date? {
        try await loaded().lastRun[definition].map { $0.addingTimeInterval(interval.seconds) }
    }

    /// Throws ``ExtractClientError/Code/tooSoon`` (with ``ExtractClientError/notBefore``) when `definition`
    /// started less than ``interval`` before `now`, unless `force`; otherwise records `now` as its last run.
    public func beginRun(definition: String, at now: Date, force: Bool = false) async throws {
        var history = try await loaded()
        if !force {
            try RunHistory.check(
                lastRun: history.lastRun[definition],
                definition: definition,
                now: now,
                interval: interval
            )
        }
        history.lastRun[definition] = now
        try await persistence.save(history)
        self.history = history
    }

    /// Checks and records the run as ``beginRun(definition:at:force:)`` does, then starts it with `start`. When
    /// the start took no effect (Concur refused it: ``ExtractClientError/tookNoEffect``, e.g. a 409 or 400 to the
    /// `POST`), the record is taken back, so that a refused start does not use up the interval. A start that may
    /// have reached Concur (a dropped connection, a 5xx) stays recorded: its job may exist.
    ///
    /// ```swift
    /// let job = try await throttle.run(definition: definition.id.absoluteString, at: clock.now) {
    ///     try await client.startJob(definition)
    /// }
    /// ```
    public func run<Started: Sendable>(
        definition: String,
        at now: Date,
        force: Bool = false,
        start: @Sendable () async throws -> Started
    ) async throws -> Started {
        let previous = try await loaded().lastRun[definition]
        try await beginRun(definition: definition, at: now, force: force)
        do {
            return try await start()
        } catch let error as ExtractClientError where error.tookNoEffect {
            var history = try await loaded()
            // Only this run's own record is taken back: another task may have recorded one since.
            if history.lastRun[definition] == now {
                history.lastRun[definition] = previous
                try await persistence.save(history)
                self.history = history
            }
            throw error
        }
    }

    private func loaded() async throws -> RunHistory {
        if let history { return history }
        let loaded = try await persistence.load() ?? RunHistory()
        history = loaded
        return loaded
    }
}

/// When each definition last started a run.
public struct RunHistory: Sendable, Hashable, Codable {
    /// Definition ID (or name) → start of its last run.
    public var lastRun: [String: Date]

    public init(lastRun: [String: Date] = [:]) { self.lastRun = lastRun }

    /// The rule, pure: a run at `now` is allowed when there was no run, or the last one started at least
    /// `interval` earlier. A last run in the future (the clock moved back) counts from that future time.
    ///
    /// ```swift
    /// try RunHistory.check(lastRun: lastStart, definition: "SAE", now: Date(), interval: .seconds(3600))
    /// ```
    public static func check(lastRun: Date?, definition: String, now: Date, interval: Duration) throws {
        guard let lastRun else { return }
        let next = lastRun.addingTimeInterval(interval.seconds)
        guard now >= next else {
            throw ExtractClientError.tooSoon(definition: definition, lastRun: lastRun, nextAllowed: next)
        }
    }

    enum CodingKeys: String, CodingKey {
        case lastRun = "last_run"
    }

    /// JSON: `{"last_run": {"<definition>": <epoch seconds>}}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let seconds = try container.decode([String: Double].self, forKey: .lastRun)
        lastRun = seconds.mapValues(Date.init(timeIntervalSince1970:))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lastRun.mapValues(\.timeIntervalSince1970), forKey: .lastRun)
    }
}

/// Where ``RunThrottle`` keeps the run history.
public protocol RunHistoryPersistence: Sendable {
    func load() async throws -> RunHistory?
    func save(_ history: RunHistory) async throws
}

/// Run history in memory (tests, one-shot runs).
public actor InMemoryRunHistoryPersistence: RunHistoryPersistence {
    public private(set) var history: RunHistory?

    public init(_ history: RunHistory? = nil) { self.history = history }

    public func load() -> RunHistory? { history }

    public func save(_ history: RunHistory) { self.history = history }
}

/// Run history in a JSON file, written atomically with mode `0600` like the token file.
///
/// ```swift
/// let persistence = FileRunHistoryPersistence(url: URL(fileURLWithPath: "/home/me/.concur-extract/runs.json"))
/// ```
public struct FileRunHistoryPersistence: RunHistoryPersistence {
    public let url: URL

    public init(url: URL) { self.url = url }

    public func load() async throws -> RunHistory? {
        do {
            return try file.load()
        } catch {
            throw ExtractClientError(stateFile: error, operation: "read state")
        }
    }

    public func save(_ history: RunHistory) async throws {
        do { try file.save(history) } catch { throw ExtractClientError(stateFile: error, operation: "save state") }
    }

    private var file: JSONFileStore<RunHistory> {
        JSONFileStore(path: url.path, name: "the run history", remedy: "delete it to start afresh")
    }
}
