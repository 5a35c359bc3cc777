import ExtractAPI
import Foundation
import HTTPTypes
import Hummingbird

extension SandboxResponder {
    /// The body of `request`, at most `limit` bytes; a larger one (by `Content-Length` or by what arrives)
    /// throws a 413 ``SandboxError`` naming the limit. Every route reads its body through this function.
    func collectBody(_ request: Request, limit: Int, limitName: String) async throws -> Data {
        let tooLarge = SandboxError(
            .bodyTooLarge,
            status: 413,
            "The request body is larger than \(limit) bytes (SandboxLimits.\(limitName))."
        )
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw tooLarge }
        var request = request
        do {
            return Data(try await request.collectBody(upTo: limit).readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge
        }
    }

    /// The body of an Extract or admin request (``SandboxLimits/maximumBodyBytes``).
    func collectBody(_ request: Request) async throws -> Data {
        try await collectBody(request, limit: configuration.limits.maximumBodyBytes, limitName: "maximumBodyBytes")
    }
}
