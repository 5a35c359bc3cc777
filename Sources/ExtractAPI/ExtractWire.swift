/// The Extract v1 wire contract shared by the `ExtractClient` and `ExtractSandbox` modules.
///
/// The namespace holds the URL layout (``basePath``, ``tokenPath``, ``Route``), content negotiation
/// (``MediaType``, ``Format``) and encoding options. The bodies themselves are top-level types:
/// ``ExtractDefinition``, ``ExtractDefinitionList``, ``ExtractJob``, ``ExtractJobList``,
/// ``StartJobRequest``, ``ExtractErrorBody``, ``TokenRequest``, ``TokenResponse`` and ``OAuthErrorResponse``.
///
/// ```swift
/// let route = ExtractWire.Route.jobStatus(definitionID: "nYoPK$pZ", jobID: "uIo87jk3")
/// print(route.path)   // /api/expense/extract/v1.0/nYoPK$pZ/job/uIo87jk3/status
/// ```
public enum ExtractWire {
    /// The path prefix of every Extract v1 route.
    public static let basePath = "/api/expense/extract/v1.0"

    /// The path of the OAuth2 token endpoint, relative to the token's `geolocation`.
    public static let tokenPath = "/oauth2/v0/token"

    /// The path that revokes the caller's app connection (`DELETE`, with the user's bearer token).
    public static let revocationPath = "/app-mgmt/v0/connections"

    /// The default XML namespace of every Extract body (the platform `Error` body has none).
    public static let xmlNamespace = "http://www.concursolutions.com/api/expense/extract/2010/02"
}
