import AccountingExtract
import Foundation
import Ledger

extension SyncReport: Codable {
    enum CodingKeys: String, CodingKey {
        case company, definition, succeeded, nothingNew, foreignJobs, unreachableJobs, jobs, quarantineWaiting
        case confirmations
        case startInFlight = "startInFlightUntil"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            company: try container.decode(String.self, forKey: .company),
            definition: try container.decode(String.self, forKey: .definition),
            jobs: try container.decode([Job].self, forKey: .jobs),
            nothingNew: try container.decodeIfPresent(String.self, forKey: .nothingNew),
            foreignJobs: try container.decode([ForeignJob].self, forKey: .foreignJobs),
            unreachableJobs: try container.decode([UnreachableJob].self, forKey: .unreachableJobs),
            quarantineWaiting: try container.decodeIfPresent(Int.self, forKey: .quarantineWaiting),
            startInFlight: try container.decodeIfPresent(String.self, forKey: .startInFlight).map {
                try Self.parseDate($0, container.codingPath + [CodingKeys.startInFlight])
            }
        )
        confirmations = try container.decodeIfPresent([ConfirmationReply].self, forKey: .confirmations) ?? []
    }

    /// Every key is written, `null` for what is absent (the shape `sync --json` has always printed).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeEveryKey([
            .company: company,
            .definition: definition,
            .succeeded: succeeded,
            .nothingNew: nothingNew,
            .foreignJobs: foreignJobs,
            .unreachableJobs: unreachableJobs,
            .jobs: jobs,
            .quarantineWaiting: quarantineWaiting,
            .startInFlight: startInFlight?.formatted(.iso8601),
            .confirmations: confirmations,
        ])
    }

    static func decodeDate<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> Date {
        try parseDate(try container.decode(String.self, forKey: key), container.codingPath + [key])
    }

    static func parseDate(_ text: String, _ path: [any CodingKey]) throws -> Date {
        guard let date = try? Date.ISO8601FormatStyle().parse(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path, debugDescription: "not an ISO 8601 time: \(text)")
            )
        }
        return date
    }
}

extension SyncReport.Job: Codable {
    enum CodingKeys: String, CodingKey {
        case jobID = "jobId"
        case posted, file, size, sha256, batches, linesLoaded, recordsLoaded, quarantined
    }

    /// A quarantined file as the JSON shape has it.
    struct QuarantinedFile: Codable {
        var id: Int64?
        var code: String
        var reason: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeEveryKey([
                .id: id,
                .code: code,
                .reason: reason,
            ])
        }
    }

    /// Decodes the JSON shape; a quarantined file comes back with its id, code and reason only (its other fields
    /// empty: `quarantine show ID` has them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let quarantined = try container.decode([QuarantinedFile].self, forKey: .quarantined)
        self.init(
            jobID: try container.decode(String.self, forKey: .jobID),
            statuses: [],
            file: try container.decodeIfPresent(String.self, forKey: .file),
            size: try container.decodeIfPresent(Int64.self, forKey: .size),
            sha256: try container.decodeIfPresent(String.self, forKey: .sha256),
            batches: try container.decode([String].self, forKey: .batches),
            linesLoaded: try container.decode(Int.self, forKey: .linesLoaded),
            recordsLoaded: try container.decode(Int.self, forKey: .recordsLoaded),
            quarantined: quarantined.map { file in
                // The report names the entry (id, code, reason), not its time: `quarantine show` has that.
                var record = QuarantineRecord(
                    sha256: "",
                    fileName: "",
                    code: file.code,
                    reason: file.reason,
                    quarantinedAt: .distantPast
                )
                record.id = file.id
                return record
            },
            posted: try container.decode(Bool.self, forKey: .posted)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeEveryKey([
            .jobID: jobID,
            .posted: posted,
            .file: file,
            .size: size,
            .sha256: sha256,
            .batches: batches,
            .linesLoaded: linesLoaded,
            .recordsLoaded: recordsLoaded,
            .quarantined: quarantined.map { QuarantinedFile(id: $0.id, code: $0.code, reason: $0.reason) },
        ])
    }
}

extension ConfirmationReply: Codable {
    enum CodingKeys: String, CodingKey {
        case docId, answer, code, message
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let answer = try container.decode(String.self, forKey: .answer)
        self.init(
            docId: try container.decode(String.self, forKey: .docId),
            answer: SyncMachine.ConfirmationAnswer.allCases.first { "\($0)" == answer } ?? .retryLater,
            code: try container.decodeIfPresent(Int.self, forKey: .code),
            message: try container.decode(String.self, forKey: .message)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeEveryKey([
            .docId: docId,
            .answer: "\(answer)",
            .code: code,
            .message: message,
        ])
    }
}
