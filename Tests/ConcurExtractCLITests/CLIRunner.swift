import ExtractTesting
import Foundation

/// Runs the built `concur-extract` binary, as a user would.
struct CLIRunner {
    /// How a run ended and what it printed.
    typealias Outcome = ChildProcess.Outcome

    static var executable: URL {
        let fromRunner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidates = [fromRunner, fromRunner.deletingLastPathComponent()]
        // xctest bundles nest the runner a few folders deep on some platforms.
        candidates += [fromRunner.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()]
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug"))
        for directory in candidates {
            let url = directory.appendingPathComponent("concur-extract")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/concur-extract")
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Runs the binary with `environment` over this process's own (less its `CONCUR_` variables), off the
    /// concurrency pool (which the in-process sandbox needs to answer the very requests the binary makes).
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        try await ChildProcess.run(
            executable,
            arguments: arguments,
            environment: childEnvironment(environment),
            currentDirectory: packageRoot
        )
    }

    /// This process's environment less its `CONCUR_` variables, with `environment` over it.
    static func childEnvironment(_ environment: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CONCUR_") }.merging(environment) { $1 }
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cli-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
