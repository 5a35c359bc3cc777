public import ExtractSync
public import Foundation
public import Hummingbird
public import Ledger

extension OperationsServer {
    /// `GET /`: the status and reconciliation page of every company (``StatusPage``), read from the ledger at each
    /// request; `GET /company/NAME`: one company's page (its batches, quarantine and chart only). An unknown company
    /// answers 404 naming those the ledger holds; a ledger that cannot be read answers 503 with the reason (a
    /// PostgreSQL URL in it shows no password).
    ///
    /// ```swift
    /// let routes = [OperationsServer.health(), OperationsServer.statusPage(store: store, schedule: scheduled)]
    /// ```
    public static func statusPage(
        store: any LedgerStore,
        schedule: [ScheduledCompany],
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> Route {
        { router in
            router.get("/") { _, _ in
                await page(store: store, schedule: schedule, scope: StatusPage.Scope(), now: now())
            }
            router.get("company/:name") { _, context in
                let name = context.parameters.get("name") ?? ""
                return await page(store: store, schedule: schedule, scope: StatusPage.Scope(company: name), now: now())
            }
        }
    }

    static func page(
        store: any LedgerStore,
        schedule: [ScheduledCompany],
        scope: StatusPage.Scope,
        now: Date
    ) async -> Response {
        do {
            let page = try await StatusPage.read(from: store, schedule: schedule, scope: scope, now: now)
            return Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: page.html()))
            )
        } catch let error as LedgerError where error.code == .unknownCompany {
            return text(.notFound, "\(error)\n")
        } catch {
            return text(.serviceUnavailable, "the ledger could not be read: \(error)\n")
        }
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }
}
