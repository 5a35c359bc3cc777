import Foundation

/// The one-line note an old spelling of a flag prints on standard error; the old spellings are hidden aliases,
/// kept for one release.
enum Deprecation {
    /// `warning: --format is deprecated (removed in the next release): use --wire-format`
    static func warn(_ old: String, use new: String) {
        FileHandle.standardError.write(
            Data("warning: \(old) is deprecated (removed in the next release): use \(new)\n".utf8)
        )
    }
}

/// The download folder of `run` and `fetch`: `--output-dir`, or the deprecated `--output` (with its note).
enum DownloadFolder {
    static func resolve(_ outputDir: String, deprecated: String?) -> String {
        guard let deprecated else { return outputDir }
        Deprecation.warn("--output (a folder)", use: "--output-dir")
        return deprecated
    }
}
