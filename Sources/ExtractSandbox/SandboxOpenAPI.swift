/// The sandbox's OpenAPI 3.1 description (`openapi/sandbox.yaml` in the repository), compiled into the library
/// and served at ``path``: the OAuth2 token and revocation endpoints, Extract v1 and FIS v4, with every
/// documented error status and body. The `/_sandbox/` admin routes are left out: they are the test harness's,
/// not Concur's.
///
/// ```swift
/// let yaml = String(decoding: SandboxOpenAPI.document, as: UTF8.self)
/// print(yaml.hasPrefix("openapi: 3.1"))  // true
/// ```
public enum SandboxOpenAPI {
    /// Where the sandbox serves the document (`GET`).
    public static let path = "/openapi.yaml"

    /// The media type it is served with (RFC 9512).
    public static let mediaType = "application/yaml"

    /// The bytes of `openapi/sandbox.yaml` as they were at build time.
    public static var document: [UInt8] { PackageResources.openapi_yaml }
}
