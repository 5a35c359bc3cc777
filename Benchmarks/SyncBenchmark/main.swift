// Syncs many companies against one sandbox and reports wall time and peak memory. See BENCHMARKS.md.
//
//   SyncBenchmark CONCUR_EXTRACT_BINARY [COMPANIES] [PARALLEL] [REPORTS_PER_COMPANY]
//
// Starts the sandbox in this process (one tenant per company), writes a companies file, and runs
// `concur-extract sync --all` as a child process against a fresh SQLite ledger; peak RSS is the child's.
import ExtractSandbox
import ExtractTesting
import Foundation

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(
        Data("usage: SyncBenchmark CONCUR_EXTRACT_BINARY [COMPANIES] [PARALLEL] [REPORTS]\n".utf8)
    )
    exit(2)
}
let binary = arguments[1]
let companies = arguments.count > 2 ? Int(arguments[2]) ?? 200 : 200
let parallel = arguments.count > 3 ? Int(arguments[3]) ?? 16 : 16
let reports = arguments.count > 4 ? Int(arguments[4]) ?? 10 : 10

var configuration = SandboxConfiguration()
configuration.companies = companies
configuration.reportsPerCompany = reports
configuration.employeesPerCompany = 5
configuration.jobTiming = JobTiming(queued: 0.5, running: 1)
configuration.minimumRunInterval = 0
let server = try await SandboxServer.start(configuration)
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sync-benchmark-\(UUID().uuidString)")
    .path
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
var text = ""
for (index, company) in await server.store.state.companies.enumerated() {
    guard let client = company.clients.first, let user = company.users.first(where: \.isAdministrator) else { continue }
    text += "[company.c\(index)]\nbase_url = \"\(server.baseURL.absoluteString)\"\nclient_id = \"\(client.id)\"\n"
    text += "client_secret = \"\(client.secret)\"\nusername = \"\(user.username)\"\npassword = \"\(user.password)\"\n\n"
}
try text.write(toFile: directory + "/companies.toml", atomically: true, encoding: .utf8)

let start = Date()
// Off the concurrency pool (the in-process sandbox answers the child on it); its output drained and dropped.
let outcome = try await ChildProcess.run(
    URL(fileURLWithPath: binary),
    arguments: [
        "sync", "--all", "--companies", directory + "/companies.toml", "--data-dir", directory + "/data",
        "--parallel", String(parallel), "--poll-interval", "5",
    ],
    environment: ["CONCUR_EXTRACT_STATE": directory + "/state", "HOME": directory],
    deadline: .seconds(3600)
)
let elapsed = Date().timeIntervalSince(start)
var usage = rusage()
getrusage(__rusage_who_t(-1), &usage)  // RUSAGE_CHILDREN
let lines = await server.store.state.companies.reduce(0) { $0 + $1.reports.count }
print(
    String(
        format: "sync --all: %d companies (%d reports), parallel %d: %.1f s wall, exit %d, child peak RSS %.1f MB",
        companies,
        lines,
        parallel,
        elapsed,
        outcome.status,
        Double(usage.ru_maxrss) / 1024
    )
)
await server.shutdown()
try? FileManager.default.removeItem(atPath: directory)
