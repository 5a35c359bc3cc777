import ExtractAPI
import Foundation
import HTTPTypes
import Hummingbird

/// The admin routes under `/_sandbox/`, answered only when ``SandboxConfiguration/adminKey`` is set, and then
/// only to requests that carry it in `X-Sandbox-Admin-Key`. Bodies are JSON.
///
/// | Method | Path | Body or query | Effect |
/// |--------|------|---------------|--------|
/// | GET | `/_sandbox/state` | | summary (no secrets) |
/// | POST | `/_sandbox/reset` | | back to the seeded state |
/// | POST | `/_sandbox/reports` | `{"count": N, "paymentRequests": M, "companyID": "…"}` or `?count=N` | seed reports |
/// | POST | `/_sandbox/clock/advance` | `{"seconds": S}` or `?seconds=S` | advance the simulated clock |
/// | GET, PUT, DELETE | `/_sandbox/faults` | `[fault…]` or `{"faults": [fault…]}` | read, replace, clear faults |
/// | POST | `/_sandbox/geolocation` | `{"companyID": "…", "geolocation": "https://…" or null}` | set a company's geolocation |
/// | GET | `/_sandbox/oracle` | | which job extracted which report, who started each job (``SandboxOracle``) |
/// | POST | `/_sandbox/users` | `{"companyID": "…", "username": "…", "password": "…"}` | add an administrator |
/// | POST | `/_sandbox/jobs/cancel` | | end every queued or running job as failed (stuck jobs) |
/// | POST | `/_sandbox/fis/source` | `{"companyID": "…", "source": "fis" or "extract"}` | where new reports go |
/// | POST | `/_sandbox/fis/recall` | `{"companyID": "…", "docId": "…"}` | a processor recalls an FIS document |
/// | POST | `/_sandbox/fis/resubmit` | `{"companyID": "…", "docId": "…"}` | resubmit a failed report: new document |
/// | POST | `/_sandbox/fis/defect` | `{"companyID": "…", "docId": "…", "defect": "missing-account"}` | make a READY expense document unpostable |
extension SandboxResponder {
    struct ReportsBody: Decodable {
        var count: Int?
        var paymentRequests: Int?
        var companyID: String?
    }

    struct AdvanceBody: Decodable {
        var seconds: Double
    }

    struct FaultsBody: Decodable {
        var faults: [SandboxFault]
    }

    struct UserBody: Decodable {
        var companyID: String
        var username: String
        var password: String
    }

    struct FISDocumentBody: Decodable {
        var companyID: String
        var docId: String
    }

    struct FISDefectBody: Decodable {
        var companyID: String
        var docId: String
        /// Default `missing-account`.
        var defect: SandboxFISDocument.Defect?
    }

    struct FISSourceBody: Decodable {
        var companyID: String
        var source: SandboxReportSource
    }

    struct GeolocationBody: Decodable {
        var companyID: String
        var geolocation: String?
    }

    func admin(_ request: Request, path: String) async throws -> SandboxHTTP.Answer {
        guard let key = configuration.adminKey else {
            throw SandboxError(.notFound, status: 404, "The URI does not name a resource.")
        }
        guard let given = request.headers[SandboxHTTP.adminKey], Self.constantTimeEqual(given, key) else {
            throw SandboxError(.adminForbidden, status: 403, "The admin key is missing or wrong.")
        }
        let data = try await collectBody(request)
        let query = request.uri.queryParameters
        var trimmed = path
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        switch (request.method, trimmed) {
        case (.get, "/_sandbox/state"):
            return try json(await store.summary())
        case (.post, "/_sandbox/reset"):
            await store.reset()
            return try json(await store.summary())
        case (.post, "/_sandbox/reports"):
            let body = try decode(ReportsBody.self, data) ?? ReportsBody()
            let count = body.count ?? query["count"].flatMap { Int($0) } ?? 10
            let ready = try await store.seedReports(
                count: count,
                paymentRequests: body.paymentRequests ?? query["paymentRequests"].flatMap { Int($0) } ?? 0,
                companyID: body.companyID ?? query["companyID"].map(String.init)
            )
            return try json(["reportsReadyForExtract": ready])
        case (.post, "/_sandbox/clock/advance"):
            guard let seconds = try decode(AdvanceBody.self, data)?.seconds ?? query["seconds"].flatMap({ Double($0) })
            else { throw SandboxError(.malformedBody, status: 400, "Give the seconds to advance.") }
            let now = try await store.advanceClock(by: seconds)
            return try json(["now": ExtractTimestamp(now).formatted(.zulu)])
        case (.get, "/_sandbox/faults"):
            return try json(await store.faults)
        case (.put, "/_sandbox/faults"), (.post, "/_sandbox/faults"):
            let faults: [SandboxFault]
            if let list = try? JSONDecoder().decode([SandboxFault].self, from: data) {
                faults = list
            } else if let body = try decode(FaultsBody.self, data) {
                faults = body.faults
            } else {
                throw SandboxError(.malformedBody, status: 400, "Give a list of faults.")
            }
            await store.setFaults(faults)
            return try json(faults)
        case (.delete, "/_sandbox/faults"):
            await store.setFaults([])
            return SandboxHTTP.Answer(status: 204, contentType: nil, bytes: [])
        case (.post, "/_sandbox/geolocation"):
            guard let body = try decode(GeolocationBody.self, data) else {
                throw SandboxError(.malformedBody, status: 400, "Give companyID and geolocation.")
            }
            var url: URL?
            if let text = body.geolocation {
                guard let parsed = URL(string: text), parsed.scheme != nil else {
                    throw SandboxError(.malformedBody, status: 400, "The geolocation is not a URL.")
                }
                url = parsed
            }
            try await store.setGeolocation(url, companyID: body.companyID)
            return try json(await store.summary())
        case (.get, "/_sandbox/oracle"):
            return try json(await store.oracle())
        case (.post, "/_sandbox/users"):
            guard let body = try decode(UserBody.self, data) else {
                throw SandboxError(.malformedBody, status: 400, "Give companyID, username and password.")
            }
            try await store.addAdministrator(
                companyID: body.companyID,
                username: body.username,
                password: body.password
            )
            return try json(["username": body.username])
        case (.post, "/_sandbox/fis/source"):
            guard let body = try decode(FISSourceBody.self, data) else {
                throw SandboxError(.malformedBody, status: 400, "Give companyID and source (fis or extract).")
            }
            try await store.setReportSource(body.source, companyID: body.companyID)
            return try json(["companyID": body.companyID, "source": body.source.rawValue])
        case (.post, "/_sandbox/fis/recall"):
            guard let body = try decode(FISDocumentBody.self, data) else {
                throw SandboxError(.malformedBody, status: 400, "Give companyID and docId.")
            }
            return try json(try await store.recallFISDocument(companyID: body.companyID, docID: body.docId))
        case (.post, "/_sandbox/fis/resubmit"):
            guard let body = try decode(FISDocumentBody.self, data) else {
                throw SandboxError(.malformedBody, status: 400, "Give companyID and docId.")
            }
            return try json(try await store.resubmitFISDocument(companyID: body.companyID, docID: body.docId))
        case (.post, "/_sandbox/fis/defect"):
            guard let body = try decode(FISDefectBody.self, data) else {
                throw SandboxError(
                    .malformedBody,
                    status: 400,
                    "Give companyID, docId and optionally defect (missing-account)."
                )
            }
            return try json(
                try await store.markFISDocumentDefective(
                    companyID: body.companyID,
                    docID: body.docId,
                    defect: body.defect ?? .missingAccount
                )
            )
        case (.post, "/_sandbox/jobs/cancel"):
            return try json(["cancelled": await store.cancelActiveJobs()])
        default:
            throw SandboxError(.notFound, status: 404, "No admin route has this method and path.")
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T? {
        guard data.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return nil }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw SandboxError(.malformedBody, status: 400, "The admin request body is not valid JSON for this route.")
        }
    }

    private func json(_ value: some Encodable) throws -> SandboxHTTP.Answer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return SandboxHTTP.Answer(
            status: 200,
            contentType: ExtractWire.MediaType.json.rawValue,
            bytes: try encoder.encode(value)
        )
    }

    /// Compares secrets without an early exit on the first difference.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
