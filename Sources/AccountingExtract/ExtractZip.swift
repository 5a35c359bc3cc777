import Foundation
import ZIPFoundation

/// A zip of extract files, as the file endpoint answers when a definition writes several files (SAE plus
/// attendee detail). Entries are classified by content, and extracted safely: no absolute paths, no `..`, no
/// links, and within ``Limits`` (entries, total unpacked size, compression ratio), checked on the declared sizes
/// when opening and on the inflated bytes while extracting. Opening reads the central directory once and
/// extracting an entry seeks to its data, so both take time linear in the number of entries.
///
/// ```swift
/// if ExtractZip.isZip(path: download) {
///     let archive = try ExtractZip(path: download)
///     for entry in archive.entries where entry.isSAE {
///         let file = try archive.extract(entry, into: directory)
///     }
/// }
/// ```
public struct ExtractZip: Sendable {
    /// One file in the archive.
    public struct Entry: Sendable, Hashable {
        public var path: String
        public var uncompressedSize: UInt64
        /// `true` when the entry starts with an `EXTRACT|` header (after an optional BOM).
        public var isSAE: Bool
        /// The entry's position among the archive's files (0-based): two entries never share it, even with the
        /// same path.
        public var index: Int
        /// Where the data lies and how it is stored (read from the central directory and the local header).
        var storage = Storage()

        struct Storage: Sendable, Hashable {
            var dataOffset: UInt64 = 0
            var compressedSize: UInt64 = 0
            var method: UInt16 = 0
            var crc32: UInt32 = 0
        }

        /// The name the entry is extracted under: its position and its whole path, with every character other
        /// than letters, digits, `.`, `-` and `_` made `_` (`a/extract.txt` → `1-a_extract.txt`). Distinct for
        /// every entry, and never a path.
        public var localName: String {
            let safe = path.unicodeScalars.map { scalar -> Character in
                let character = Character(scalar)
                return scalar.isASCII && (character.isLetter || character.isNumber || "._-".contains(character))
                    ? character : "_"
            }
            return "\(index + 1)-" + String(safe)
        }
    }

    public let path: String
    public let entries: [Entry]
    /// What the archive may hold.
    public let limits: Limits
    /// The most bytes all entries may unpack to (``Limits/maximumUnpackedSize``).
    public var maximumUnpackedSize: UInt64 { limits.maximumUnpackedSize }

    /// `true` when the file starts with a zip signature.
    public static func isZip(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return isZip(head)
    }

    /// `true` when the bytes start with a zip signature.
    public static func isZip(_ head: some Collection<UInt8>) -> Bool {
        let bytes = Array(head.prefix(4))
        return bytes.count == 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && (bytes[2] == 3 || bytes[2] == 5)
            && (bytes[3] == 4 || bytes[3] == 6)
    }

    /// Opens a zip with the default limits but `maximumUnpackedSize`.
    public init(path: String, maximumUnpackedSize: UInt64) throws(SAEError) {
        try self.init(path: path, limits: Limits(maximumUnpackedSize: maximumUnpackedSize))
    }

    /// Opens a zip, checks it against `limits` and classifies its entries.
    /// - Throws: ``SAEError`` `archive` when the file is not a readable zip, or an entry is unsafe (its path, a
    ///   method other than stored or deflate, encryption); `archive-too-many-entries`, `archive-too-large` or
    ///   `archive-ratio` past a limit. Each names the zip and, when one is at fault, the entry.
    public init(path: String, limits: Limits = .default) throws(SAEError) {
        self.path = path
        self.limits = limits
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SAEError(.ioError, "cannot open the zip", file: path)
        }
        defer { try? handle.close() }
        let directory = try ZipDirectory.read(handle, path: path, maximumEntries: limits.maximumEntries)
        var entries: [Entry] = []
        var total: UInt64 = 0
        for record in directory.records where !record.isDirectory && !record.isSymbolicLink {
            try Self.checkSafe(record.path, archive: path)
            guard record.flags & 1 == 0 else {
                throw SAEError(.archive, "the entry is encrypted: refused", file: path, value: record.path)
            }
            guard record.method == 0 || record.method == 8 else {
                throw SAEError(
                    .archive,
                    "the entry uses compression method \(record.method); only stored (0) and deflate (8) are read",
                    file: path,
                    value: record.path
                )
            }
            guard record.method == 8 || record.compressedSize == record.uncompressedSize else {
                throw SAEError(
                    .archive,
                    "the stored entry declares \(record.compressedSize) bytes stored for \(record.uncompressedSize)",
                    file: path,
                    value: record.path
                )
            }
            let (sum, overflow) = total.addingReportingOverflow(record.uncompressedSize)
            guard !overflow, sum <= limits.maximumUnpackedSize else {
                throw SAEError(
                    .archiveTooLarge,
                    "the zip unpacks to more than the limit of \(limits.maximumUnpackedSize) bytes (this entry "
                        + "declares \(record.uncompressedSize))",
                    file: path,
                    value: record.path
                )
            }
            total = sum
            guard !limits.exceedsRatio(unpacked: record.uncompressedSize, packed: record.compressedSize) else {
                throw SAEError(
                    .archiveRatio,
                    "the entry inflates \(record.compressedSize) bytes to \(record.uncompressedSize), past the "
                        + "limit of \(limits.maximumRatio):1 (a zip bomb?)",
                    file: path,
                    value: record.path
                )
            }
            var entry = Entry(
                path: record.path,
                uncompressedSize: record.uncompressedSize,
                isSAE: false,
                index: entries.count
            )
            entry.storage = Entry.Storage(
                dataOffset: try directory.dataOffset(of: record, in: handle, archive: path),
                compressedSize: record.compressedSize,
                method: record.method,
                crc32: record.crc32
            )
            entries.append(entry)
        }
        guard !limits.exceedsRatio(unpacked: total, packed: directory.fileSize) else {
            throw SAEError(
                .archiveRatio,
                "the zip of \(directory.fileSize) bytes unpacks to \(total), past the limit of "
                    + "\(limits.maximumRatio):1 (a zip bomb?)",
                file: path
            )
        }
        for index in entries.indices {
            var head: [UInt8] = []
            // Enough to classify: the first 16 bytes, inflated in small steps so that a corrupt entry is still
            // classified by its head (it is refused when extracted).
            _ = try? Self.inflate(entries[index], from: handle, archive: path, bufferSize: 256) { chunk in
                head.append(contentsOf: chunk.prefix(16 - head.count))
                if head.count >= 16 { throw CancellationError() }
            }
            if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
            entries[index].isSAE = head.starts(with: Array("EXTRACT|".utf8))
        }
        self.entries = entries
    }

    static func checkSafe(_ entryPath: String, archive: String) throws(SAEError) {
        let parts = entryPath.split(separator: "/", omittingEmptySubsequences: false)
        if entryPath.hasPrefix("/") || entryPath.hasPrefix("\\") || entryPath.contains("\\") || parts.contains("..")
            || entryPath.isEmpty
        {
            throw SAEError(
                .archive,
                "unsafe entry path (absolute, or with '..'): refused",
                file: archive,
                value: entryPath
            )
        }
    }

    /// Extracts one entry into `directory` under its ``Entry/localName`` (so entries of the same base name, or
    /// even the same path, never overwrite one another), streaming and checking its size and CRC. An entry
    /// that inflates past its declared size is stopped there; a refused entry leaves no file behind.
    /// - Returns: the extracted file's path.
    public func extract(_ entry: Entry, into directory: String) throws(SAEError) -> String {
        try Self.checkSafe(entry.path, archive: path)
        let target = (directory as NSString).appendingPathComponent(entry.localName)
        do {
            guard let archive = FileHandle(forReadingAtPath: path) else {
                throw SAEError(.ioError, "cannot open the zip", file: path)
            }
            defer { try? archive.close() }
            let descriptor: Int32
            do {
                descriptor = try PrivateFiles.openTruncated(target)
            } catch {
                throw SAEError(
                    .ioError,
                    "cannot create the file: \(String(cString: strerror(error.errno)))",
                    file: target
                )
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            defer { try? handle.close() }
            try Self.inflate(entry, from: archive, archive: path, bufferSize: 1 << 16) { chunk in
                try handle.write(contentsOf: chunk)
            }
            try handle.synchronize()
        } catch let error as SAEError {
            try? FileManager.default.removeItem(atPath: target)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: target)
            throw SAEError(.archive, "cannot extract the entry: \(error)", file: path, value: entry.path)
        }
        return target
    }
}
