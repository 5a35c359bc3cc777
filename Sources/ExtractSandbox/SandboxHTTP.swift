import ExtractAPI
import Foundation
import HTTPTypes
import Hummingbird

/// Small helpers to build Hummingbird answers.
enum SandboxHTTP {
    /// A header name from a constant string.
    static func name(_ text: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(text) else { preconditionFailure("invalid header name constant \(text)") }
        return name
    }

    static let correlationID = name("Concur-Correlationid")
    static let adminKey = name("X-Sandbox-Admin-Key")
    static let retryAfter = name("Retry-After")
    static let contentDisposition = name("Content-Disposition")
    /// The stable ``SandboxError/Code`` of an FIS error answer (the body is only `{"message": …}`).
    static let errorCode = name("X-Sandbox-Error")

    /// An answer as the handlers build it, turned into a Hummingbird response at the end (whole, or
    /// truncated by a fault).
    struct Answer: Sendable {
        var status: Int
        var contentType: String?
        var bytes: [UInt8]
        var headers: HTTPFields = [:]

        init(status: Int, contentType: String?, bytes: some Sequence<UInt8>, headers: HTTPFields = [:]) {
            self.status = status
            self.contentType = contentType
            self.bytes = Array(bytes)
            self.headers = headers
        }

        /// The whole answer.
        func response() -> Response {
            var headers = self.headers
            if let contentType { headers[.contentType] = contentType }
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }

        /// The answer with `Content-Length` announcing all of the body, of which only about half is sent
        /// before the connection closes.
        func truncatedResponse() -> Response {
            var headers = self.headers
            if let contentType { headers[.contentType] = contentType }
            let cut = Array(bytes.prefix(max(1, bytes.count / 2)))
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: headers,
                body: ResponseBody(contentLength: max(bytes.count, 2)) { writer in
                    try await writer.write(ByteBuffer(bytes: cut))
                    throw SandboxError(.internalError, status: 500, "truncated on purpose")
                }
            )
        }
    }
}
