/// Why a ledger operation failed: a stable ``Code`` to branch on, and a message that says what to do.
///
/// Messages never carry credentials: database URLs appear with the password removed.
///
/// ```swift
/// do {
///     _ = try await store.load(batch, lines: lines)
/// } catch let error as LedgerError where error.code == .batchConflict {
///     try await store.quarantine(QuarantineRecord(sha256: batch.sha256, fileName: batch.fileName,
///                                                 code: error.code.rawValue, reason: error.message))
/// }
/// ```
public struct LedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable reason. New codes may be added; existing ones never change meaning.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The `--database` value is not a SQLite path or a `postgres://` URL.
        public static let invalidDatabaseURL = Code(rawValue: "invalid-database-url")
        /// The database could not be opened or reached.
        public static let connectionFailed = Code(rawValue: "connection-failed")
        /// A statement failed in the database for a reason that is not the data's: a lost connection, a
        /// serialization failure, a busy or full database. Transient: the operation may be tried again.
        public static let databaseError = Code(rawValue: "database-error")
        /// The database refused the data (PostgreSQL SQLSTATE class 22 or 23; SQLite constraint, mismatch or
        /// too big): loading the same file again fails the same way, so a load refused so is quarantined.
        /// See ``LedgerError/isRefusal(sqlState:)``.
        public static let databaseRefused = Code(rawValue: "database-refused")
        /// A schema migration failed; the database is left at the previous version.
        public static let migrationFailed = Code(rawValue: "migration-failed")
        /// The database has a newer schema than this build knows.
        public static let schemaTooNew = Code(rawValue: "schema-too-new")
        /// The batch id is already loaded from a different file (other SHA-256 or batch date).
        public static let batchConflict = Code(rawValue: "batch-conflict")
        /// A Journal Key (field 170) of the batch is already loaded from another batch.
        public static let duplicateJournalKey = Code(rawValue: "duplicate-journal-key")
        /// A line of the batch has the same (batch id, sequence number, origin) as another line of it.
        public static let duplicateLine = Code(rawValue: "duplicate-line")
        /// A journal line does not belong to the batch being loaded, or carries an impossible value.
        public static let invalidLine = Code(rawValue: "invalid-line")
        /// The lines' source failed while the batch was loading (nothing was kept).
        public static let sourceFailed = Code(rawValue: "source-failed")
        /// No extract job with that company and id is recorded.
        public static let unknownJob = Code(rawValue: "unknown-job")
        /// The lease was taken over or released: the holder must stop.
        public static let leaseLost = Code(rawValue: "lease-lost")
        /// The raw-file archive could not store or read a file.
        public static let archiveFailed = Code(rawValue: "archive-failed")
        /// No ledger where one was expected: a read found no database file, or a database without the ledger's
        /// schema (reads never create one).
        public static let ledgerNotFound = Code(rawValue: "ledger-not-found")
        /// No company of that name has batches or jobs in the ledger.
        public static let unknownCompany = Code(rawValue: "unknown-company")
        /// No batch with that id (of the company asked for) is loaded.
        public static let unknownBatch = Code(rawValue: "unknown-batch")
        /// A batch id that several companies have was given without a company.
        public static let ambiguousBatch = Code(rawValue: "ambiguous-batch")
        /// No quarantine entry has that id.
        public static let unknownQuarantine = Code(rawValue: "unknown-quarantine")
        /// The quarantine entry's state does not allow the action (e.g. reloading a released file).
        public static let quarantineClosed = Code(rawValue: "quarantine-closed")
        /// The store was closed.
        public static let closed = Code(rawValue: "store-closed")
        /// A FIS confirmation recorded for a document differs from the one now asked for: what Concur was (or may
        /// have been) sent can never change.
        public static let confirmationConflict = Code(rawValue: "confirmation-conflict")
    }

    public var code: Code
    public var message: String
    /// The database's own error code (SQLite result code or PostgreSQL SQLSTATE), when there is one.
    public var databaseCode: String?

    public init(_ code: Code, _ message: String, databaseCode: String? = nil) {
        self.code = code
        self.message = message
        self.databaseCode = databaseCode
    }

    public var description: String {
        var text = "[\(code.rawValue)] \(message)"
        if let databaseCode { text += " (database code \(databaseCode))" }
        return text
    }
}
