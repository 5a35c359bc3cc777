import AccountingExtract
import ExtractAPI
import Foundation
import ZIPFoundation

/// Writes the output of a completed job from the company's records ready for extract.
struct ExtractFileBuilder {
    struct Output {
        var name: String
        var contentType: ExtractWire.MediaType
        var bytes: [UInt8]
        /// The reports or payment requests the file holds (marked extracted by the caller).
        var extractedIDs: [String]
        var extractsPaymentRequests: Bool
    }

    struct BuildError: Error, CustomStringConvertible {
        var description: String
    }

    /// The file for a job of `kind` finishing at `time`, taking everything `company` has ready.
    static func build(kind: SandboxDefinitionKind, company: SandboxCompany, at time: Date) throws -> Output {
        let parts = ExtractTimestampParts(time)
        let batchDate = CalendarDate.utc(time)
        let batchID = String(company.nextBatchID)
        let saeName = "extract_CES_SAE_v3_\(company.entityID)_\(parts.compact).txt"
        switch kind {
        case .standardAccounting:
            let reports = company.reportsReadyForExtract
            return Output(
                name: saeName,
                contentType: .csv,
                bytes: try sae(reports: reports, batchID: batchID, batchDate: batchDate),
                extractedIDs: reports.map(\.id),
                extractsPaymentRequests: false
            )
        case .accountingWithAttendees:
            let reports = company.reportsReadyForExtract
            let sae = try sae(reports: reports, batchID: batchID, batchDate: batchDate)
            let attendees = AttendeeDetailWriter.file(reports: reports, batchID: batchID, batchDate: batchDate)
            let attendeeName =
                "extract_attendee_detail_\(company.entityID)_\(String(parts.compact.prefix(8))).txt"
            let zip = try zip([(saeName, sae), (attendeeName, attendees)], modified: time)
            return Output(
                name: "extract_\(company.entityID)_\(parts.compact).zip",
                contentType: .zip,
                bytes: zip,
                extractedIDs: reports.map(\.id),
                extractsPaymentRequests: false
            )
        case .invoicePaymentRequest:
            let requests = company.paymentRequestsReadyForExtract
            return Output(
                name: "extract_invoice_payment_request_\(company.entityID)_\(parts.compact).txt",
                contentType: .csv,
                bytes: PaymentRequestFileWriter.file(requests: requests, batchID: batchID, batchDate: batchDate),
                extractedIDs: requests.map(\.id),
                extractsPaymentRequests: true
            )
        case .alwaysFails:
            throw BuildError(description: "this definition always fails")
        }
    }

    static func sae(reports: [ExpenseReport], batchID: String, batchDate: CalendarDate) throws -> [UInt8] {
        let writer = SAEWriter(batchID: batchID, batchDate: batchDate)
        try writer.append(reports: reports)
        return try writer.finish()
    }

    /// A ZIP of `entries` built in memory (deflated, every entry stamped with `modified`).
    static func zip(_ entries: [(name: String, bytes: [UInt8])], modified: Date) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for entry in entries {
            let data = Data(entry.bytes)
            try archive.addEntry(
                with: entry.name,
                type: .file,
                uncompressedSize: Int64(data.count),
                modificationDate: modified,
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw BuildError(description: "the archive has no data") }
        return Array(data)
    }
}
