import AccountingExtract
import Foundation
import Logging

/// Gives every attempt its own `concur-correlationid` and logs the answer with the server's correlation id.
struct CorrelationMiddleware: ExtractMiddleware {
    let prefix: String
    let logger: Logger

    func intercept(_ request: ExtractHTTPRequest, next: ExtractPipeline.Next) async throws -> ExtractHTTPResponse {
        var request = request
        let correlation = "\(prefix)-\(UUID().uuidString)"
        request.headers.removeAll { $0.0.caseInsensitiveCompare("concur-correlationid") == .orderedSame }
        request.headers.append(("concur-correlationid", correlation))
        do {
            let response = try await next(request)
            logger.info(
                "\(request.operation)",
                metadata: [
                    "status": "\(response.status)",
                    "correlation-id": "\((response.correlationID ?? correlation).debugEscaped)",
                ]
            )
            return response
        } catch {
            logger.info(
                "\(request.operation): \(ExtractHTTP.describe(error).debugEscaped)",
                metadata: ["correlation-id": "\(correlation)"]
            )
            throw error
        }
    }
}
