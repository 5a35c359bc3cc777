import AccountingExtract
import ExtractAPI
import FinancialIntegrationAPI
import Foundation
import NIOHTTP1
import Synchronization

/// What became of one `POST` of acknowledgements or confirmations as a whole: its per-document answer items, or
/// why there are none.
enum FISPostAnswer<Item: Sendable>: Sendable {
    /// The service answered; `replayed` when more than one attempt was sent (an earlier one may have landed).
    case answered([Item], replayed: Bool)
    /// Certainly not carried out (refused by a 4xx/429/503 answer, or never sent): sending it again is safe.
    case notSent(String)
    /// Sent, but whether it was carried out is unknown (the answer was lost, unreadable, or a 5xx): the caller
    /// sends it again on its next run, where the service's per-document codes tell what happened.
    case unknown(String)
}

/// Counts the attempts of one request (the pipeline calls `willSend` before each).
private final class AttemptCounter: Sendable {
    private let value = Mutex(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

extension ConcurClient {
    /// Posts `body` to `route` and decodes the per-document answer array.
    ///
    /// Sent as idempotent: the pipeline retries it after a lost answer, a timeout or a 5xx. The callers only use
    /// it for requests whose replay the service answers per document without doing anything twice (each caller
    /// says why); the items then tell what a replay found. Never throws: a failure is ``FISPostAnswer/notSent(_:)``
    /// or ``FISPostAnswer/unknown(_:)``.
    func fisPost<Response: JSONWireBody, Item: Sendable>(
        _ route: FinancialIntegrationAPI.Route,
        base: URL,
        body: Data,
        operation: String,
        items: @escaping @Sendable (Response) -> [Item]
    ) async -> FISPostAnswer<Item> {
        let attempts = AttemptCounter()
        do {
            let answer = try await send(
                operation,
                .POST,
                Self.fisURL(base, route),
                body: body,
                mediaType: .json,
                idempotent: true,
                willSend: { attempts.increment() },
                decode: { response in items(try Response(json: response.body)) }
            )
            return .answered(answer, replayed: attempts.count > 1)
        } catch let error as ExtractClientError {
            let text = error.description
            return Self.certainlyNotSent(error, attempts: attempts.count) ? .notSent(text) : .unknown(text)
        } catch {
            let text = ExtractHTTP.describe(error)
            return attempts.count == 0 ? .notSent(text) : .unknown(text)
        }
    }

    /// Whether a failed request certainly took no effect: refused by answers that change nothing, or stopped
    /// before any attempt was sent (the token, the origin policy, the settings).
    static func certainlyNotSent(_ error: ExtractClientError, attempts: Int) -> Bool {
        if error.tookNoEffect || attempts == 0 { return true }
        let beforeSending: [ExtractClientError.Code] = [
            .originRefused, .invalidToken, .notAuthenticated, .refreshTokenExpired, .persistence, .insecureFile,
            .invalidConfiguration, .insufficientScope,
        ]
        return beforeSending.contains(error.code)
    }

    /// The answer item of each requested document, in request order: item `i` when it names the same document,
    /// else the first unused item that does (a service may reorder); `nil` when the answer has none for it.
    static func fisMatch<Item>(_ requested: [String], _ items: [Item], docID: (Item) -> String) -> [Item?] {
        var used = Set<Int>()
        return requested.enumerated().map { index, id in
            if index < items.count, docID(items[index]) == id, !used.contains(index) {
                used.insert(index)
                return items[index]
            }
            guard let found = items.indices.first(where: { !used.contains($0) && docID(items[$0]) == id }) else {
                return nil
            }
            used.insert(found)
            return items[found]
        }
    }
}
