import ArgumentParser
import ExtractAPI
import ExtractSandbox
import ExtractSync
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
            restarts. Access and id tokens are RS256-signed JWTs; the public key is served as a JWKS at \
            /oauth2/v0/jwks (kept in the --state file, so tokens issued before a restart still verify).
            """
                + "\n\n" + ExitStatus.help([.success, .failed, .usage], [.success: "stopped by a signal"])
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
    @Option(
        help: """
            Whether a refresh returns a new refresh token: never (default, as Concur documents: "most of the time, \
            this value is the same") or always (a new one each time; the one used then fails with code 108).
            """
    ) var refreshRotation = SandboxRefreshRotation.never.rawValue
    @Option(
        help: """
            The forms of the Extract answers: docs (the default) draws, per answer and by --seed, one of every form \
            Concur's documentation shows (timestamps with Z or no zone and 0 to 7 fraction digits, Completed or \
            Complete, links with whitespace, xmlns:i, another child order; JSON lists and statuses in every \
            variant), so a client handling only one form fails against it; none answers in one canonical form.
            """
    ) var quirks = SandboxQuirks.docs.rawValue
    @Option(
        help: """
            The shape of every JSON list, under either --quirks: bare ([…], the canonical form), wrapped \
            ({"jobs": […]}) or nested ({"jobs": {"job": […]}}). Default: bare with --quirks none, varied with docs.
            """
    ) var jsonVariant: String?
    @Option(
        help: """
            The form of every JSON job status, under either --quirks: number (2, the canonical form), string ("2") \
            or word ("Completed"). Default: number with --quirks none, varied with docs.
            """
    ) var jsonStatus: String?
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
        guard SandboxRefreshRotation(rawValue: refreshRotation) != nil else {
            throw ValidationError("--refresh-rotation must be always or never.")
        }
        guard SandboxQuirks(rawValue: quirks) != nil else { throw ValidationError("--quirks must be docs or none.") }
        if let jsonVariant, ExtractWire.EncodingOptions.JSONList(rawValue: jsonVariant) == nil {
            throw ValidationError("--json-variant must be bare, wrapped or nested.")
        }
        if let jsonStatus, ExtractWire.EncodingOptions.JSONStatus(rawValue: jsonStatus) == nil {
            throw ValidationError("--json-status must be number, string or word.")
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
        configuration.refreshRotation = SandboxRefreshRotation(rawValue: refreshRotation) ?? .never
        configuration.logsRequests = logRequests
        configuration.quirks = SandboxQuirks(rawValue: quirks) ?? .docs
        configuration.jsonList = jsonVariant.flatMap(ExtractWire.EncodingOptions.JSONList.init(rawValue:))
        configuration.jsonStatus = jsonStatus.flatMap(ExtractWire.EncodingOptions.JSONStatus.init(rawValue:))
        configuration.publicBaseURL = publicURL.flatMap { URL(string: $0) }
        configuration.reportSource = fis ? .fis : .extract
        let sandbox = try await SandboxServer.start(configuration)
        let banner = await sandbox.banner(statePath: state, adminRoutes: adminKey != nil)
        FileHandle.standardOutput.write(Data(banner.utf8))
        try await sandbox.wait()
    }
}
