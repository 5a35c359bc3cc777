import AsyncHTTPClient
import ExtractConfiguration
import Foundation
import Logging
import NIOCore

/// One alert's delivery: `POST` its JSON, retried with exponential backoff on a 5xx, a 429, a timeout or no
/// connection; given up (logged) after the last try or on another 4xx. The webhook is logged as its origin only.
struct AlertPoster: Sendable {
    let configuration: AlertNotifier.Configuration
    let logger: Logger

    /// `true` when the webhook took the alert.
    @discardableResult
    func post(_ alert: Alert) async -> Bool {
        guard let hook = configuration.webhook(for: alert.company) else { return false }
        var metadata: Logger.Metadata = [
            "kind": .string(alert.kind.rawValue), "company": .string(alert.company),
            "webhook": .string(hook.description),
        ]
        var delay = configuration.firstDelay
        let attempts = max(1, configuration.attempts)
        for attempt in 1...attempts {
            metadata["attempt"] = .string(String(attempt))
            let outcome = await tryOnce(alert, to: hook)
            switch outcome {
            case .sent:
                logger.info("alert.sent", metadata: metadata)
                return true
            case .refused(let status):
                metadata["status"] = .string(String(status))
                logger.error("alert.refused", metadata: metadata)
                return false
            case .retry(let reason):
                metadata["reason"] = .string(reason)
                guard attempt < attempts, !Task.isCancelled else { break }
                logger.warning("alert.retry", metadata: metadata)
                do { try await Task.sleep(for: delay) } catch { break }
                delay = min(delay * 2, configuration.maximumDelay)
            }
        }
        logger.error("alert.failed", metadata: metadata)
        return false
    }

    enum Outcome {
        case sent
        case refused(Int)
        case retry(String)
    }

    func tryOnce(_ alert: Alert, to hook: AlertWebhook) async -> Outcome {
        var request = HTTPClientRequest(url: hook.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "concur-extract")
        request.body = .bytes(ByteBuffer(bytes: alert.body))
        let timeout = configuration.timeout.components
        let amount = TimeAmount.milliseconds(timeout.seconds * 1000 + timeout.attoseconds / 1_000_000_000_000_000)
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: amount)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let status = Int(response.status.code)
            if (200..<300).contains(status) { return .sent }
            if status >= 500 || status == 429 || status == 408 { return .retry("HTTP \(status)") }
            return .refused(status)
        } catch {
            // The error may name the URL: only its kind is kept.
            return .retry(error is HTTPClientError ? "no answer in time or no connection" : "\(type(of: error))")
        }
    }
}
