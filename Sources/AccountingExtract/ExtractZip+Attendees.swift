public import Foundation
import ZIPFoundation

extension ExtractZip {
    /// The attendee detail file of a downloaded "Standard Accounting Extract with Attendee Detail" zip (the entry
    /// whose text starts `ATTENDEE|`) and its number of attendee rows (`DETAIL` lines); `nil` when the file is no
    /// zip or holds no attendee detail. For what the user sees after a sync of the zip definition.
    ///
    /// ```swift
    /// if let attendees = try ExtractZip.attendeeRows(inZipAt: job.file) { print("\(attendees.rows) attendee rows") }
    /// ```
    public static func attendeeRows(inZipAt path: String) throws -> (entry: String, rows: Int)? {
        guard isZip(path: path) else { return nil }
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        for entry in archive where entry.type == .file && entry.uncompressedSize <= 256 << 20 {
            var content = Data()
            _ = try archive.extract(entry) { content.append($0) }
            guard content.starts(with: Array("ATTENDEE|".utf8)) else { continue }
            let rows = content.split(separator: 0x0A).filter { $0.starts(with: Array("DETAIL|".utf8)) }.count
            return (entry.path, rows)
        }
        return nil
    }
}
