import ArgumentParser
import ExtractAPI
import ExtractClient
import Foundation

/// `concur-extract login`: gets a token with the password grant and keeps it (mode 0600).
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract:
            "Log in with the password grant (a user, or a company request token with --credential-type authtoken) and keep the token.",
        discussion:
            "The token and its rotated refresh token are kept in the state directory (mode 0600); later commands refresh it as needed. Secrets are never printed."
    )

    @OptionGroup var options: ClientOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let (_, tokens, resolved) = try options.makeClient()
        guard let login = resolved.login else {
            throw ValidationError("login needs --username and --password (or CONCUR_USERNAME and CONCUR_PASSWORD)")
        }
        let token = try await tokens.login(login)
        let expires = ISO8601DateFormatter().string(from: token.expiresAt)
        if json {
            printJSON([
                "loggedIn": true, "geolocation": token.geolocation.baseURL.absoluteString,
                "accessTokenExpires": expires, "stateDirectory": resolved.stateDirectory.path,
            ])
        } else {
            print(
                "logged in; calls go to \(token.geolocation.baseURL.absoluteString); the access token expires \(expires)"
            )
            print("token kept in \(resolved.stateDirectory.appendingPathComponent("token.json").path) (mode 0600)")
        }
    }
}

/// `concur-extract definitions`: lists the company's extract definitions.
struct DefinitionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "definitions",
        abstract: "List the company's extract definitions."
    )

    @OptionGroup var options: ClientOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let (client, _, _) = try options.makeClient()
        let definitions = try await client.definitions()
        if json {
            printJSON(
                definitions.map {
                    [
                        "id": $0.definitionID ?? "", "name": $0.name, "url": $0.id.absoluteString,
                        "jobLink": $0.jobLink.absoluteString,
                    ]
                }
            )
            return
        }
        for definition in definitions {
            print("\(definition.definitionID ?? definition.id.absoluteString)  \(definition.name)")
        }
    }
}

/// `concur-extract run DEFINITION`: starts a job (or attaches to the running one), polls it, downloads the file.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Run an extract definition: start a job (or attach to the running one), wait for it, download the file.",
        discussion:
            "A definition runs at most once an hour (the last run is kept in the state directory); --force overrides that."
    )

    @OptionGroup var options: ClientOptions
    @Argument(help: "The definition's name (e.g. \"Standard Accounting Extract\") or id.") var definition: String
    @Option(help: "Where to put the downloaded file.") var output = "."
    @Flag(help: "Run even if the definition ran less than an hour ago.") var force = false
    @Flag(help: "Start the job and print it, without waiting.") var noWait = false
    @Option(help: "Seconds between status checks (at least 5; Concur suggests 30).") var pollInterval = 30
    @Option(help: "The longest wait for the job, in minutes.") var maximumWait = 60
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let (client, _, resolved) = try options.makeClient(
            poller: JobPollerConfiguration(
                interval: .seconds(max(5, pollInterval)),
                jitter: .seconds(max(1, pollInterval / 10)),
                maximumWait: .seconds(maximumWait * 60)
            )
        )
        let found = try await client.definition(named: definition)
        let throttle = RunThrottle(
            persistence: FileRunHistoryPersistence(url: resolved.stateDirectory.appendingPathComponent("runs.json"))
        )
        try await throttle.beginRun(definition: found.id.absoluteString, at: Date(), force: force)
        let job = try await client.startJob(found)
        if noWait {
            if json {
                printJSON(JobReport.object(job))
            } else {
                print("started \(job.id.absoluteString) (\(job.status))")
            }
            return
        }
        let progress = TerminalProgress()
        let done = try await client.waitForCompletion(job) { job, elapsed in
            progress.show("job \(job.id.lastPathComponent): \(job.status) after \(elapsed.components.seconds) s")
        }
        progress.end()
        let file = try await FetchCommand.download(client: client, job: done, output: output, progress: progress)
        FetchCommand.report(done, file, json: json)
    }
}

/// `concur-extract status JOB`: shows a job's status.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a job's status (JOB is the job's URL, as run prints it)."
    )

    @OptionGroup var options: ClientOptions
    @Argument(help: "The job's URL.") var job: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let (client, _, _) = try options.makeClient()
        guard let url = URL(string: job), url.scheme != nil else {
            throw ValidationError("JOB is the job's URL, as `run` prints it")
        }
        let status = try await client.status(at: url)
        if json { printJSON(JobReport.object(status)) } else { print(JobReport.text(status)) }
    }
}

/// `concur-extract fetch JOB`: downloads a completed job's file.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download a completed job's file (JOB is the job's URL)."
    )

    @OptionGroup var options: ClientOptions
    @Argument(help: "The job's URL.") var job: String
    @Option(help: "Where to put the downloaded file.") var output = "."
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let (client, _, _) = try options.makeClient()
        guard let url = URL(string: job), url.scheme != nil else {
            throw ValidationError("JOB is the job's URL, as `run` prints it")
        }
        let current = try await client.status(at: url)
        guard current.status == .completed else {
            throw ValidationError(
                "the job is \(current.status), not Completed; nothing to fetch yet (see `concur-extract status`)"
            )
        }
        let file = try await Self.download(client: client, job: current, output: output, progress: TerminalProgress())
        Self.report(current, file, json: json)
    }

    static func download(
        client: ExtractClient,
        job: ExtractJob,
        output: String,
        progress: TerminalProgress
    ) async throws -> DownloadedExtract {
        let start = Date()
        let file = try await client.download(job, into: URL(fileURLWithPath: output)) { received, expected in
            let seconds = max(Date().timeIntervalSince(start), 0.001)
            let rate = Double(received) / seconds / 1_000_000
            progress.show(
                "downloading: \(received) bytes\(expected.map { " of \($0)" } ?? "") at \(String(format: "%.1f", rate)) MB/s"
            )
        }
        progress.end()
        for warning in file.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        return file
    }

    static func report(_ job: ExtractJob, _ file: DownloadedExtract, json: Bool) {
        if json {
            var object = JobReport.object(job)
            object["file"] = file.path.path
            object["sha256"] = file.sha256
            object["size"] = file.size
            object["kind"] = file.kind.rawValue
            object["saeFiles"] = file.saeFiles.map(\.path)
            object["otherFiles"] = file.otherFiles.map(\.path)
            printJSON(object)
            return
        }
        print(JobReport.text(job))
        print("file: \(file.path.path) (\(file.size) bytes, sha256 \(file.sha256))")
        for sae in file.saeFiles where sae != file.path { print("  SAE: \(sae.path)") }
        for other in file.otherFiles where other != file.path { print("  other: \(other.path)") }
    }
}

enum JobReport {
    static func object(_ job: ExtractJob) -> [String: Any] {
        var object: [String: Any] = [
            "id": job.id.absoluteString, "status": job.status.word, "statusLink": job.statusLink.absoluteString,
            "startTime": job.startTime.formatted(),
        ]
        if let stop = job.stopTime { object["stopTime"] = stop.formatted() }
        if let file = job.fileLink { object["fileLink"] = file.absoluteString }
        return object
    }

    static func text(_ job: ExtractJob) -> String {
        var text = "job \(job.id.absoluteString): \(job.status) (started \(job.startTime.formatted())"
        if let stop = job.stopTime { text += ", stopped \(stop.formatted())" }
        return text + ")"
    }
}
