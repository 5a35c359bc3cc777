/// The Extract v1 wire contract shared by ``ExtractClient`` and ``ExtractSandbox``.
public enum ExtractAPI {
    /// The path prefix of every Extract v1 route.
    public static let basePath = "/api/expense/extract/v1.0"
}
