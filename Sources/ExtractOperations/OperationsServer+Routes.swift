import Foundation
public import Hummingbird
public import Prometheus

extension OperationsServer {
    /// `GET /readyz`: 200 when every check of `check` passes, else 503; the body lists each check
    /// (`ok ledger: reachable`, `FAILED token acme: no token: …`), as JSON when the request asks for
    /// `application/json` (a ``ReadinessReport`` with `ready` and `checks`).
    public static func readiness(_ check: ReadinessCheck) -> Route {
        { router in
            router.get("readyz") { request, _ in
                let report = await check.evaluate()
                let status: HTTPResponse.Status = report.ready ? .ok : .serviceUnavailable
                let json = request.headers[.accept]?.contains("application/json") ?? false
                let body: String
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys]
                    let object = ReadinessJSON(ready: report.ready, checks: report.checks)
                    body = String(decoding: (try? encoder.encode(object)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
                } else {
                    body = (report.ready ? "ready\n" : "not ready\n") + report.text
                }
                return Response(
                    status: status,
                    headers: [.contentType: json ? "application/json" : "text/plain; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: body))
                )
            }
        }
    }

    /// `GET /metrics`: `registry` in the Prometheus text format (version 0.0.4).
    public static func metrics(_ registry: PrometheusCollectorRegistry) -> Route {
        { router in
            router.get("metrics") { _, _ in
                Response(
                    status: .ok,
                    headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
                )
            }
        }
    }
}

/// `/readyz`'s JSON body.
private struct ReadinessJSON: Encodable {
    var ready: Bool
    var checks: [ReadinessReport.Check]
}
