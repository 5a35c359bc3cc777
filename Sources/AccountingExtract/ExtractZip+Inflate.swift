import Foundation
import ZIPFoundation

extension ExtractZip {
    /// Streams an entry's content to `consumer`, bounded on both sides: at most its declared compressed bytes
    /// are read (a deflate stream that has not ended by then is corrupt, where ZIPFoundation's own reader went on
    /// reading past the entry and, at the end of the file, looped forever), and at most its declared unpacked
    /// bytes come out (a header that lies about its size is stopped at it). The size and the CRC are checked
    /// at the end.
    static func inflate(
        _ entry: Entry,
        from handle: FileHandle,
        archive: String,
        bufferSize: Int,
        consumer: (Data) throws -> Void
    ) throws {
        let storage = entry.storage
        var remaining = storage.compressedSize
        var position = storage.dataOffset
        var written: UInt64 = 0
        var crc: CRC32 = 0
        var consumerError: (any Error)?

        func read(_ requested: Int) throws(SAEError) -> Data {
            let count = Int(min(UInt64(max(requested, 0)), remaining))
            let bytes = try handle.readExactly(at: position, count: count, archive: archive)
            position += UInt64(count)
            remaining -= UInt64(count)
            return Data(bytes)
        }
        func emit(_ chunk: Data) throws {
            let allowed = entry.uncompressedSize - written  // never negative: checked below before it could be
            let within = UInt64(chunk.count) <= allowed ? chunk : chunk.prefix(Int(allowed))
            written += UInt64(within.count)
            crc = within.crc32(checksum: crc)
            do { try consumer(within) } catch {
                consumerError = error
                throw error
            }
            guard within.count == chunk.count else {
                throw SAEError(
                    .archiveTooLarge,
                    "the entry inflates past the \(entry.uncompressedSize) bytes it declares: stopped there",
                    file: archive,
                    value: entry.path
                )
            }
        }

        if storage.method == 0 {
            while remaining > 0 { try emit(try read(bufferSize)) }
        } else {
            do {
                _ = try Data.decompress(
                    size: Int64(clamping: storage.compressedSize),
                    bufferSize: bufferSize,
                    skipCRC32: true,
                    provider: { _, requested in
                        guard requested > 0 else { return Data() }
                        guard remaining > 0 else {
                            throw SAEError(
                                .archive,
                                "the entry's deflate stream does not end within its \(storage.compressedSize) "
                                    + "compressed bytes (a corrupt or truncated entry)",
                                file: archive,
                                value: entry.path
                            )
                        }
                        var chunk = try read(requested)
                        // ZIPFoundation's zlib decoder hands zlib `requested` bytes whatever the chunk holds: pad,
                        // so that it never reads past the chunk (the padding is never part of a stream that ends).
                        if chunk.count < requested { chunk.append(Data(count: requested - chunk.count)) }
                        return chunk
                    },
                    consumer: emit
                )
            } catch let error as SAEError {
                throw error
            } catch {
                if let consumerError { throw consumerError }
                throw SAEError(
                    .archive,
                    "the entry's deflate data is corrupt (\(error))",
                    file: archive,
                    value: entry.path
                )
            }
        }
        guard written == entry.uncompressedSize else {
            throw SAEError(
                .archive,
                "the entry inflates to \(written) bytes, not the \(entry.uncompressedSize) it declares (corrupt)",
                file: archive,
                value: entry.path
            )
        }
        guard crc == storage.crc32 else {
            throw SAEError(.archive, "the entry's CRC-32 does not match (corrupt)", file: archive, value: entry.path)
        }
    }
}
