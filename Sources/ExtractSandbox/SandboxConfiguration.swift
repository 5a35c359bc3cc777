public import AccountingExtract
public import ExtractAPI
public import Foundation

/// The credentials of one tenant's demo client and administrator, as printed by `concur-extract sandbox`.
public struct SandboxCredentials: Sendable, Hashable, Codable {
    public var clientID: String
    public var clientSecret: String
    public var username: String
    public var password: String

    public init(clientID: String, clientSecret: String, username: String, password: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.username = username
        self.password = password
    }

    /// The demo company's defaults.
    public static let demo = SandboxCredentials(
        clientID: "sandbox-client",
        clientSecret: "sandbox-secret",
        username: "admin@demo.example",
        password: "sandbox-password"
    )
}

/// How to run a sandbox. Every default suits a person trying it by hand; tests shorten or simulate time.
///
/// ```swift
/// var configuration = SandboxConfiguration()
/// configuration.clock = SimulatedClock()
/// configuration.reportsPerCompany = 10
/// configuration.adminKey = "test-admin"
/// let sandbox = try await SandboxServer.start(configuration)
/// ```
public struct SandboxConfiguration: Sendable {
    /// The address to listen on (loopback by default).
    public var host: String = "127.0.0.1"
    /// The port; 0 picks a free one (read it from ``SandboxServer/baseURL``).
    public var port: Int = 0
    /// The seed of every generated value (IDs, reports, probabilistic faults).
    public var seed: UInt64 = 1
    /// How many tenants to seed (at least 1; the first is the demo company).
    public var companies: Int = 2
    /// Approved reports seeded per company.
    public var reportsPerCompany: Int = 25
    /// Employees seeded per company.
    public var employeesPerCompany: Int = 8
    /// Invoice payment requests seeded per company (`nil`: a fifth of the reports, at least 3).
    public var paymentRequestsPerCompany: Int?
    /// The demo company's client and administrator.
    public var demoCredentials: SandboxCredentials = .demo
    /// Geolocations by company index (0 is the demo company) other than the sandbox's own address.
    public var companyGeolocations: [Int: URL] = [:]
    /// Access-token lifetime in seconds (`expires_in`).
    public var accessTokenLifetime: TimeInterval = 3600
    /// Refresh-token lifetime in seconds (about six months, as Concur's).
    public var refreshTokenLifetime: TimeInterval = 180 * 86_400
    /// Whether a refresh returns a new refresh token (``SandboxRefreshRotation/always``) or the same one
    /// (``SandboxRefreshRotation/never``, the default: "most of the time, this value is the same").
    public var refreshRotation: SandboxRefreshRotation = .never
    /// The least time between the starts of two runs of one definition (0, the default, disables the check).
    ///
    /// Concur's docs *recommend* running a definition at most once an hour but document no error for it: their
    /// only 409 is "a job already queued or running". So the sandbox enforces no interval unless asked (tests of
    /// a client's own hourly guard set it); the client keeps its own once-an-hour guard (`RunThrottle`).
    public var minimumRunInterval: TimeInterval = 0
    /// How long jobs stay queued and running.
    public var jobTiming = JobTiming(queued: 1, running: 2)
    /// The time source; inject a `SimulatedClock` in tests (`SystemClock` by default).
    public var clock: any WallClock = SystemClock()
    /// The base of every link and of the tokens' `geolocation`, such as `https://sandbox.example.com`; `nil`
    /// uses the listen address (`http://host:port`; with a wildcard host, the local address the connection
    /// reached). Never taken from a request's `Host` or `X-Forwarded-*` headers, which any caller can forge.
    public var publicBaseURL: URL?
    /// Body sizes and the request timeout.
    public var limits = SandboxLimits()
    /// Enables the `/_sandbox/` admin routes, which then need this value in the `X-Sandbox-Admin-Key` header.
    public var adminKey: String?
    /// Faults active from the start.
    public var faults: [SandboxFault] = []
    /// Answers over this many requests per access token get 400 "request limit" (`nil`: no limit).
    public var requestBudgetPerToken: Int?
    /// The forms of the Extract answers: every documented form drawn per answer by seed (``SandboxQuirks/docs``,
    /// the default) or the one form of ``encodingOptions`` (``SandboxQuirks/none``).
    public var quirks: SandboxQuirks = .docs
    /// How bodies are written under ``SandboxQuirks/none`` (canonical by default), and the token response's
    /// `expires_in` style under either profile.
    public var encodingOptions: ExtractWire.EncodingOptions = .canonical
    /// The key to sign tokens with when the state has none yet (`nil`: the process's key, generated once). A state
    /// saved with a key keeps signing with it, whatever this says.
    public var signingKey: SandboxSigningKey?
    /// The shape of every JSON list, under either profile (`--json-variant`); `nil` leaves it to ``quirks``.
    public var jsonList: ExtractWire.EncodingOptions.JSONList?
    /// The form of every JSON job status, under either profile (`--json-status`); `nil` leaves it to ``quirks``.
    public var jsonStatus: ExtractWire.EncodingOptions.JSONStatus?
    /// A SQLite file that keeps the state across restarts (`nil`: in memory).
    public var statePath: String?
    /// Log each request (method, path, status; never secrets) to standard error.
    public var logsRequests = false
    /// Where the seeded companies' reports go: Extract (SAE files) or FIS documents (`sandbox --fis`).
    public var reportSource: SandboxReportSource = .extract
    /// Per-company exceptions to ``reportSource``, by company index (0 is the demo company).
    public var companyReportSources: [Int: SandboxReportSource] = [:]

    public init() {}

    /// The source company `index` is seeded with.
    public func reportSource(company index: Int) -> SandboxReportSource {
        companyReportSources[index] ?? reportSource
    }
}
