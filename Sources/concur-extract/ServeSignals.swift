import ExtractOperations
import ExtractSync
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `serve`'s service group: the scheduler, shut down gracefully on the first SIGTERM or SIGINT; a second signal
/// exits at once (every step of a run is durable, and the next run resumes).
enum ServeSignals {
    /// - Parameter services: run beside the scheduler (the operations endpoint, the metrics feed) and shut down
    ///   after it (a group shuts its services down in reverse order).
    /// - Parameter notifier: the alerts, delivered beside the runs (their last ones given 5 s at shutdown).
    static func run(
        _ scheduler: SyncScheduler,
        services: [any Service] = [],
        notifier: AlertNotifier? = nil,
        logger: Logger
    ) async throws {
        var logger = logger
        logger.logLevel = max(logger.logLevel, .warning)
        var configured: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: SecondSignalExit(), successTerminationBehavior: .ignore)
        ]
        configured += services.map { .init(service: $0) }
        if let notifier { configured.append(.init(service: notifier, successTerminationBehavior: .ignore)) }
        configured.append(.init(service: scheduler, successTerminationBehavior: .gracefullyShutdownGroup))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: configured,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}

/// Listens to SIGTERM and SIGINT beside the service group's own listener: the first is the group's graceful
/// shutdown; on the second the process exits (130) without waiting for the runs in hand.
struct SecondSignalExit: Service {
    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        await cancelWhenGracefulShutdown {
            var seen = 0
            for await _ in signals {
                seen += 1
                guard seen > 1 else { continue }
                FileHandle.standardError.write(Data("serve: second signal: exiting now; the next run resumes\n".utf8))
                exit(130)
            }
        }
    }
}
