import Foundation

/// Follows redirects as ``OriginPolicy/redirect(status:location:from:method:hops:limit:)`` decides: within
/// the same origin, up to the limit; anything else is refused with `redirect-refused`, naming both origins.
struct RedirectMiddleware: ExtractMiddleware {
    let limit: Int

    func intercept(_ request: ExtractHTTPRequest, next: ExtractPipeline.Next) async throws -> ExtractHTTPResponse {
        var current = request
        var hops = 0
        while true {
            let response = try await next(current)
            let decision = OriginPolicy.redirect(
                status: response.status,
                location: response.header("Location"),
                from: current.url,
                method: current.method,
                hops: hops,
                limit: limit
            )
            switch decision {
            case nil:
                return response
            case .refuse(let refusal):
                var error = refusal.error(operation: request.operation)
                error.statusCode = response.status
                error.correlationID = response.correlationID
                throw error
            case .follow(let url, let method, let keepsBody):
                hops += 1
                current.url = url
                current.method = method
                if !keepsBody {
                    current.body = nil
                    current.headers.removeAll { $0.0.caseInsensitiveCompare("Content-Type") == .orderedSame }
                }
            }
        }
    }
}
