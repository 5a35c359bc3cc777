import ExtractAPI
import Foundation
import HTTPTypes
import Hummingbird

extension SandboxResponder {
    /// `POST /oauth2/v0/token`: the password (user or company `authtoken`), refresh-token and
    /// client-credentials grants, with Concur's error codes.
    func token(_ request: Request, base: String) async -> SandboxHTTP.Answer {
        if let query = request.uri.query?.lowercased(),
            ["client_secret", "password", "refresh_token"].contains(where: { query.contains($0 + "=") })
        {
            return oauthErrorAnswer(
                SandboxOAuthError(400, "invalid_request", "Secrets must be sent in the form body.", code: nil),
                base: base
            )
        }
        guard ExtractWire.MediaType.formURLEncoded.matches(request.headers[.contentType]) else {
            return oauthErrorAnswer(
                SandboxOAuthError(
                    400,
                    "invalid_request",
                    "The body must be application/x-www-form-urlencoded.",
                    code: nil
                ),
                base: base
            )
        }
        let data: Data
        do {
            data = try await collectBody(
                request,
                limit: configuration.limits.maximumTokenBodyBytes,
                limitName: "maximumTokenBodyBytes"
            )
        } catch let error as SandboxError {
            return oauthErrorAnswer(
                SandboxOAuthError(error.status, "invalid_request", error.message, code: nil),
                base: base
            )
        } catch {
            return oauthErrorAnswer(
                SandboxOAuthError(400, "invalid_request", "The body could not be read.", code: nil),
                base: base
            )
        }
        let tokenRequest: TokenRequest
        do {
            tokenRequest = try TokenRequest(form: data)
        } catch {
            return oauthErrorAnswer(Self.formFailure(error), base: base)
        }
        do {
            let response = try await store.issueToken(tokenRequest, ownBaseURL: base)
            await store.flush()
            let bytes = try response.jsonData(options: configuration.encodingOptions)
            return SandboxHTTP.Answer(
                status: 200,
                contentType: ExtractWire.MediaType.json.rawValue,
                bytes: bytes,
                headers: [.cacheControl: "no-store"]
            )
        } catch let error as SandboxOAuthError {
            await store.flush()
            return oauthErrorAnswer(error, base: base)
        } catch {
            return oauthErrorAnswer(
                SandboxOAuthError(500, "server_error", "The token could not be written.", code: nil),
                base: base
            )
        }
    }

    /// Concur's codes for a form that is missing a field or cannot be read.
    static func formFailure(_ error: ExtractAPIDecodingError) -> SandboxOAuthError {
        switch error.path {
        case "client_id": return SandboxOAuthError(400, "invalid_request", "client_id is missing.", code: 62)
        case "client_secret": return SandboxOAuthError(400, "invalid_request", "client_secret is missing.", code: 63)
        case "username": return SandboxOAuthError(400, "invalid_request", "username was not supplied.", code: 51)
        case "password": return SandboxOAuthError(400, "invalid_request", "password was not supplied.", code: 52)
        case "grant_type" where error.code == .missingField:
            return SandboxOAuthError(400, "invalid_request", "grant_type is missing.", code: 65)
        case "grant_type":
            return SandboxOAuthError(400, "unsupported_grant_type", "The grant_type is not supported.", code: nil)
        case "refresh_token":
            return SandboxOAuthError(400, "invalid_request", "refresh_token is missing.", code: 106)
        case let field?:
            return SandboxOAuthError(400, "invalid_request", "\(field) is missing or malformed.", code: nil)
        case nil:
            return SandboxOAuthError(400, "invalid_request", "The form body is malformed.", code: nil)
        }
    }

    /// The JSON error answer. A 4xx body names a `geolocation` as Concur's do ("where the user lives"): the
    /// company's when the request named a known client, else `base`, the sandbox's address as the client called it.
    func oauthErrorAnswer(_ error: SandboxOAuthError, base: String?) -> SandboxHTTP.Answer {
        var body = error.body
        if (400..<500).contains(error.status), body.geolocation == nil, let base {
            body.geolocation = URL(string: base)
        }
        return SandboxHTTP.Answer(
            status: error.status,
            contentType: ExtractWire.MediaType.json.rawValue,
            bytes: (try? body.jsonData()) ?? Data(#"{"error":"server_error"}"#.utf8)
        )
    }
}
