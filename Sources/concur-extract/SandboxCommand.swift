import ArgumentParser
import ExtractSandbox
import Foundation

/// `concur-extract sandbox`: runs the local emulator of Concur's Extract v1 API and OAuth2 token endpoint.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a local emulator of SAP Concur's Extract v1 API and OAuth2 token endpoint.",
        discussion: """
            Prints the base URL and the demo credentials; a password grant with them gets a token with the \
            EXTRCT scope. With --fis the companies are FIS companies: it prints each company's UUID and request \
            token for the authtoken grant. State lives in memory, or in a SQLite file with --state that survives \
            restarts.
            """
    )

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port (0 picks a free one).") var port = 8080
    @Option(
        help: """
            The base URL of links and token geolocations, as clients reach the sandbox (for example behind a \
            proxy: https://sandbox.example.com). Default: the listen address. Request Host headers are never used.
            """
    )
    var publicURL: String?
    @Option(help: "The seed of every generated value; the same seed gives the same data.") var seed: UInt64 = 1
    @Option(help: "Approved expense reports seeded per company.") var reports = 25
    @Option(help: "The number of companies (tenants).") var companies = 2
    @Option(help: "A SQLite file that keeps the state across restarts.") var state: String?
    @Option(help: "The demo client ID.") var clientID = SandboxCredentials.demo.clientID
    @Option(help: "The demo client secret.") var clientSecret = SandboxCredentials.demo.clientSecret
    @Option(help: "The demo administrator's user name.") var username = SandboxCredentials.demo.username
    @Option(help: "The demo administrator's password.") var password = SandboxCredentials.demo.password
    @Option(help: "Enable the /_sandbox/ admin routes with this key (header X-Sandbox-Admin-Key).") var adminKey:
        String?
    @Option(help: "Seconds a job stays Queued.") var queuedSeconds: Double = 1
    @Option(help: "Seconds a job stays Running.") var runningSeconds: Double = 2
    @Option(
        help: """
            The least seconds between two runs of one definition (default 0: off, as Concur documents no error for \
            it; 3600 answers a run within the hour with 409, for testing a client's own hourly guard).
            """
    ) var minimumRunInterval: Double = 0
    @Option(help: "Access-token lifetime in seconds.") var tokenLifetime: Double = 3600
    @Flag(help: "Log each request (method, path, status) to standard error.") var logRequests = false
    @Flag(
        help: """
            Seed the companies as Financial Integration Service (FIS v4) companies: their reports are served as FIS \
            documents (not SAE files) to company-level tokens with the FISVC scope.
            """
    )
    var fis = false
    @Option(
        help: ArgumentHelp(
            "Answer the requests recorded in a HAR trace (written by --trace FILE) instead of emulating Concur: repeated requests answer in recorded order, links point here, any bearer token is accepted, an unrecorded request answers 404 naming it.",
            valueName: "FILE"
        )
    )
    var replay: String?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535.") }
        guard reports >= 0, companies >= 1 else { throw ValidationError("--reports must be ≥ 0 and --companies ≥ 1.") }
        guard queuedSeconds >= 0, runningSeconds >= 0, minimumRunInterval >= 0, tokenLifetime >= 1 else {
            throw ValidationError("Durations must not be negative.")
        }
        if let publicURL {
            guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
                url.query == nil
            else {
                throw ValidationError("--public-url must be an http or https URL such as https://sandbox.example.com.")
            }
        }
    }

    func run() async throws {
        if let replay {
            let server = try await TraceReplayServer.start(
                try TraceReplayServer.archive(at: replay),
                host: host,
                port: port
            )
            let url = server.baseURL.absoluteString
            let banner = """
                Replaying \(server.answers) recorded answers of \(replay) at \(url)
                Point the client there: --base-url \(url) (any client ID, secret and password are accepted).

                """
            FileHandle.standardOutput.write(Data(banner.utf8))
            try await server.wait()
            return
        }
        var configuration = SandboxConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.seed = seed
        configuration.reportsPerCompany = reports
        configuration.companies = companies
        configuration.statePath = state
        configuration.demoCredentials = SandboxCredentials(
            clientID: clientID,
            clientSecret: clientSecret,
            username: username,
            password: password
        )
        configuration.adminKey = adminKey
        configuration.jobTiming = JobTiming(queued: queuedSeconds, running: runningSeconds)
        configuration.minimumRunInterval = minimumRunInterval
        configuration.accessTokenLifetime = tokenLifetime
        configuration.logsRequests = logRequests
        configuration.publicBaseURL = publicURL.flatMap { URL(string: $0) }
        configuration.reportSource = fis ? .fis : .extract
        let sandbox = try await SandboxServer.start(configuration)
        let banner = await sandbox.banner(statePath: state, adminRoutes: adminKey != nil)
        FileHandle.standardOutput.write(Data(banner.utf8))
        try await sandbox.wait()
    }
}
