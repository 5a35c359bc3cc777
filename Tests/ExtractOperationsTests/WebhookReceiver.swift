import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A loopback webhook (127.0.0.1, a free port) that records each body it gets and answers as told: the statuses
/// of `answers` in turn (then 200), or only after a while (`hang`: 2 s, longer than the clients wait).
final class WebhookReceiver: Sendable {
    let url: URL
    private let script: Script
    private let task: Task<Void, any Error>

    private init(url: URL, script: Script, task: Task<Void, any Error>) {
        self.url = url
        self.script = script
        self.task = task
    }

    /// How long a hanging webhook keeps a request before answering.
    static let hangSeconds = 2

    /// The bodies received so far.
    var received: [Data] { script.bodies.withLock { $0 } }

    final class Script: Sendable {
        let answers: Mutex<[Int]>
        let hang: Bool
        let bodies = Mutex<[Data]>([])
        init(answers: [Int], hang: Bool) {
            self.answers = Mutex(answers)
            self.hang = hang
        }
    }

    static func start(answers: [Int] = [], hang: Bool = false) async throws -> WebhookReceiver {
        let script = Script(answers: answers, hang: hang)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            script.bodies.withLock { $0.append(Data(buffer: body)) }
            if script.hang {
                // Longer than any client's patience in the tests, bounded so that the server stops cleanly.
                try? await Task.sleep(for: .seconds(WebhookReceiver.hangSeconds))
            }
            let status = script.answers.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
            return Response(status: .init(code: status))
        }
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        let task = Task { try await application.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), let url = URL(string: "http://127.0.0.1:\(port)/hook/T0/B0/s3cr3tpath")
        else {
            task.cancel()
            throw CancellationError()
        }
        return WebhookReceiver(url: url, script: script, task: task)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
