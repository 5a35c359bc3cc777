public import AccountingExtract
public import ExtractClient
public import Foundation

extension CompanyConfiguration {
    /// A client for this company, its token kept under `state/companies/NAME/` (created with mode 0700).
    ///
    /// ```swift
    /// let client = try company.makeClient(state: stateDirectory, pollInterval: 30)
    /// ```
    ///
    /// `clock` is where the client and its token store read the time (tests pass a `SimulatedClock`); `trace`
    /// records the client's exchanges (`--trace FILE`).
    public func makeClient(
        state: URL,
        pollInterval: Int,
        clock: any WallClock = SystemClock(),
        trace: TraceRecorder? = nil
    ) throws -> ConcurClient {
        let directory = state.appendingPathComponent("companies").appendingPathComponent(name)
        try PrivateFiles.createDirectory(directory.path)
        let tokens = TokenStore(
            client: client,
            geolocation: baseURL,
            login: login,
            persistence: FileTokenPersistence(url: directory.appendingPathComponent("token.json")),
            clock: clock,
            fetcher: ConcurClient.tokenFetcher(trace: trace)
        )
        let poller = JobPollerConfiguration(interval: .seconds(max(5, pollInterval)), jitter: .seconds(1))
        return ConcurClient(
            configuration: ExtractClientConfiguration(format: format, poller: poller, clock: clock, trace: trace),
            tokens: tokens
        )
    }
}
