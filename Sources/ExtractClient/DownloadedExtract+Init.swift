public import Foundation

extension DownloadedExtract {
    /// A download as another source of files brings it (``ConcurClient/download(_:into:progress:)`` makes its own).
    ///
    /// ```swift
    /// let file = DownloadedExtract(path: path, kind: .sae, sha256: digest, size: 5_120, contentType: "text/csv",
    ///                              saeFiles: [path])
    /// ```
    public init(
        path: URL,
        kind: Kind,
        sha256: String,
        size: Int64,
        contentType: String,
        saeFiles: [URL],
        otherFiles: [URL] = [],
        originalNames: [URL: String] = [:],
        extractedTo: URL? = nil,
        warnings: [String] = []
    ) {
        self.kind = kind
        self.path = path
        self.sha256 = sha256
        self.size = size
        self.contentType = contentType
        self.saeFiles = saeFiles
        self.otherFiles = otherFiles
        self.originalNames = originalNames
        self.extractedTo = extractedTo
        self.warnings = warnings
    }
}
