public import Foundation

/// A file refused whole (or a batch posted without some reports), with the reason and a stable code; never partly
/// loaded. An entry is a small workflow: it stays ``QuarantineState/open`` until it is reloaded or released.
///
/// ```swift
/// let entry = try await store.quarantine(QuarantineRecord(sha256: file.sha256, fileName: "extract.txt",
///                                                         code: "count-mismatch", reason: "header says 12 lines, file has 11",
///                                                         company: "acme", jobID: job))
/// print(entry.id ?? 0)   // the entry's stable id, e.g. 3
/// for record in try await store.quarantinedFiles(company: "acme") where record.state == .open { print(record.code) }
/// ```
public struct QuarantineRecord: Sendable, Hashable, Codable {
    /// The ledger's id of the entry (1, 2, …; never reused); `nil` until the store recorded it.
    public var id: Int64?
    /// Lower-case hex SHA-256 of the file's bytes (its name in the raw-file archive).
    public var sha256: String
    public var fileName: String
    /// A stable code, e.g. an `SAEError` code or a ``LedgerError/Code`` raw value.
    public var code: String
    /// What went wrong and where, for a person.
    public var reason: String
    /// The batch id, when the header could be read.
    public var batchID: String?
    public var quarantinedAt: Date
    /// The company whose extract it was (`nil`: loaded without a company).
    public var company: String?
    /// Concur's job id (its URL) that delivered the file, when known.
    public var jobID: String?
    /// The 1-based line of the file at fault, when one line is.
    public var line: Int?
    /// The 1-based field number at fault, when one field is.
    public var field: Int?
    /// The field's name, when one field is at fault.
    public var fieldName: String?
    /// The offending value, when there is one.
    public var value: String?
    public var state: QuarantineState
    /// The batch a reload posted (state ``QuarantineState/reloaded``).
    public var resolvedBatchID: String?
    /// When the entry last changed (its state, or the reason after a failed reload).
    public var updatedAt: Date?

    public init(
        sha256: String,
        fileName: String,
        code: String,
        reason: String,
        batchID: String? = nil,
        quarantinedAt: Date,
        company: String? = nil,
        jobID: String? = nil,
        line: Int? = nil,
        field: Int? = nil,
        fieldName: String? = nil,
        value: String? = nil,
        id: Int64? = nil,
        state: QuarantineState = .open,
        resolvedBatchID: String? = nil,
        updatedAt: Date? = nil
    ) {
        self.id = id
        self.sha256 = sha256
        self.fileName = fileName
        self.code = code
        self.reason = reason
        self.batchID = batchID
        self.quarantinedAt = quarantinedAt
        self.company = company
        self.jobID = jobID
        self.line = line
        self.field = field
        self.fieldName = fieldName
        self.value = value
        self.state = state
        self.resolvedBatchID = resolvedBatchID
        self.updatedAt = updatedAt
    }
}

/// Where a quarantine entry stands. Transitions are pure: ``applying(_:)`` says what an action leads to, and the
/// store applies the same rule in the transaction that changes the entry.
///
/// ```swift
/// QuarantineState.open.applying(.release)            // .success(.released)
/// QuarantineState.released.applying(.reloadSucceeded) // .failure: a released file is never loaded
/// ```
public enum QuarantineState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting: its money is in the archive and nowhere else.
    case open
    /// Checked again and posted (once) by a reload.
    case reloaded
    /// Handled outside the ledger, with a note.
    case released

    /// What can happen to an entry.
    public enum Action: String, Sendable, Hashable, Codable {
        case reloadSucceeded = "reloaded"
        case reloadFailed = "reload-failed"
        case release = "released"
    }

    /// The state after `action`, or why the action is refused.
    public func applying(_ action: Action) -> Result<QuarantineState, QuarantineTransitionError> {
        switch (self, action) {
        case (.open, .reloadSucceeded), (.reloaded, .reloadSucceeded): .success(.reloaded)
        case (.open, .reloadFailed): .success(.open)
        case (.open, .release): .success(.released)
        default: .failure(QuarantineTransitionError(state: self, action: action))
        }
    }
}

/// An action a quarantine entry's state does not allow.
public struct QuarantineTransitionError: Error, Sendable, Hashable {
    public var state: QuarantineState
    public var action: QuarantineState.Action
}

/// One event of a quarantine entry's audit trail: who, when, what and why.
///
/// ```swift
/// for event in try await store.quarantineEvents(id: 3) { print(event.occurredAt, event.actor, event.kind, event.note) }
/// ```
public struct QuarantineEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case quarantined
        case reloadFailed = "reload-failed"
        case reloaded
        case released
    }

    public var id: Int64
    public var quarantineID: Int64
    public var kind: Kind
    /// Who: the OS user (or the name given with `--by`).
    public var actor: String
    public var occurredAt: Date
    /// Why: the reason (quarantined, reload-failed) or the person's note (released, reloaded).
    public var note: String
    /// The code of the problem, for quarantined and reload-failed.
    public var code: String?
    /// The batch a reload posted.
    public var batchID: String?

    public init(
        id: Int64,
        quarantineID: Int64,
        kind: Kind,
        actor: String,
        occurredAt: Date,
        note: String,
        code: String? = nil,
        batchID: String? = nil
    ) {
        self.id = id
        self.quarantineID = quarantineID
        self.kind = kind
        self.actor = actor
        self.occurredAt = occurredAt
        self.note = note
        self.code = code
        self.batchID = batchID
    }

    /// The OS user running this process (`$USER`, else `$LOGNAME`, else the account name), for the audit trail.
    public static var currentUser: String {
        let environment = ProcessInfo.processInfo.environment
        for key in ["USER", "LOGNAME"] {
            if let name = environment[key], !name.isEmpty { return name }
        }
        let name = NSUserName()
        return name.isEmpty ? "unknown" : name
    }
}

/// Set in ``LoadOptions/resolvesQuarantine`` by a reload: the load marks the entry reloaded in its own transaction,
/// so a file is posted and its entry closed together, or neither.
public struct QuarantineResolution: Sendable, Hashable {
    public var quarantineID: Int64
    public var actor: String
    public var note: String

    public init(quarantineID: Int64, actor: String, note: String = "") {
        self.quarantineID = quarantineID
        self.actor = actor
        self.note = note
    }
}
