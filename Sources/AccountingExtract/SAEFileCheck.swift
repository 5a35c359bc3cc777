public import Foundation

/// The check of one batch: a plain SAE file, or one SAE entry of a zip of extract files (`parse`).
///
/// ```swift
/// for check in try SAEFileCheck.check(file: "extract.zip", mode: .strict) {
///     print(check.report.text, terminator: "")
///     if !check.result.isValid { print("invalid") }
/// }
/// ```
public struct SAEFileCheck: Sendable, Hashable {
    /// The file as given (the zip, for an entry of one).
    public var file: String
    /// The zip entry's path, for an entry of a zip.
    public var entry: String?
    /// The zip's other (non-SAE) entries, listed on the first entry's check.
    public var otherEntries: [ExtractZip.Entry]
    public var result: SAECheckResult

    public init(file: String, entry: String? = nil, otherEntries: [ExtractZip.Entry] = [], result: SAECheckResult) {
        self.file = file
        self.entry = entry
        self.otherEntries = otherEntries
        self.result = result
    }

    /// `file`, or `zip!entry`: the name errors carry.
    public var name: String { entry.map { "\(file)!\($0)" } ?? file }

    /// Checks a file, or each SAE entry of a zip (extracted into a private temporary directory, removed after);
    /// a zip's errors name `zip!entry`.
    ///
    /// - Throws: ``SAEError`` when the file cannot be read, or a zip holds no SAE file.
    public static func check(
        file: String,
        mode: SAEReader.Mode,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> [SAEFileCheck] {
        let options = SAEReader.Options(mode: mode)
        guard ExtractZip.isZip(path: file) else {
            return [SAEFileCheck(file: file, result: try SAEFile.check(path: file, options: options, threads: threads))]
        }
        let archive = try ExtractZip(path: file)
        let others = archive.entries.filter { !$0.isSAE }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "concur-extract-\(UUID().uuidString)"
        ).path
        try PrivateFiles.createDirectory(directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var checks: [SAEFileCheck] = []
        for entry in archive.entries where entry.isSAE {
            let extracted = try archive.extract(entry, into: directory)
            var result = SAEFile.check(reader: try SAEReader(path: extracted, options: options))
            let label = "\(file)!\(entry.path)"
            result.summary.file = label
            result.summary.errors = result.summary.errors.map { error in
                var copy = error
                copy.file = label
                return copy
            }
            checks.append(
                SAEFileCheck(file: file, entry: entry.path, otherEntries: checks.isEmpty ? others : [], result: result)
            )
        }
        if checks.isEmpty {
            throw SAEError(
                .notAnExtract,
                "the zip holds no SAE file (entries: \(archive.entries.map(\.path).joined(separator: ", ")))",
                file: file
            )
        }
        return checks
    }

    /// The check as a Codable report (`parse --json` prints one a line) with its text rendering.
    public var report: SAECheckReport { SAECheckReport(self) }
}
