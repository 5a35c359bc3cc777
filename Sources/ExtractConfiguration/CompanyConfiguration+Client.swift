public import AccountingExtract
public import ExtractClient
public import Foundation
public import Logging

extension CompanyConfiguration {
    /// A client for this company, its token kept under `state/companies/NAME/` (created with mode 0700).
    ///
    /// ```swift
    /// let client = try company.makeClient(state: stateDirectory, pollInterval: 30)
    /// ```
    ///
    /// `clock` is where the client and its token store read the time (tests pass a `SimulatedClock`); `trace`
    /// records the client's exchanges (`--trace FILE`); `logger` (default: the client's own, warnings only)
    /// receives a line per request with its status and correlation id, the company in its metadata.
    public func makeClient(
        state: URL,
        pollInterval: Int,
        clock: any WallClock = SystemClock(),
        trace: TraceRecorder? = nil,
        logger: Logger? = nil
    ) throws -> ConcurClient {
        let file = tokenFile(state: state)
        try PrivateFiles.createDirectory(file.deletingLastPathComponent().path)
        let tokens = TokenStore(
            client: client,
            geolocation: baseURL,
            login: login,
            persistence: FileTokenPersistence(url: file),
            clock: clock,
            fetcher: ConcurClient.tokenFetcher(trace: trace)
        )
        let poller = JobPollerConfiguration(interval: .seconds(max(5, pollInterval)), jitter: .seconds(1))
        var requests = logger ?? ConcurClient.defaultLogger
        if logger != nil { requests[metadataKey: "company"] = "\(name)" }
        return ConcurClient(
            configuration: ExtractClientConfiguration(format: format, poller: poller, clock: clock, trace: trace),
            tokens: tokens,
            logger: requests
        )
    }

    /// Where this company's token is kept: `state/companies/NAME/token.json`.
    ///
    /// ```swift
    /// company.tokenFile(state: URL(fileURLWithPath: "/var/lib/concur-extract"))   // …/companies/acme/token.json
    /// ```
    public func tokenFile(state: URL) -> URL {
        state.appendingPathComponent("companies").appendingPathComponent(name).appendingPathComponent("token.json")
    }
}
