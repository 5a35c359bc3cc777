public import Foundation

/// A sync request that cannot be carried out as asked (`--adopt`, `--dismiss`), with a stable code and a message
/// that says what to do.
///
/// ```swift
/// do { try await SyncPipeline.dismiss(jobID: "uIo87jk3", company: "acme", note: "posted by staging", in: store) }
/// catch let error as SyncError where error.code == .unknownJob { print(error.message) }
/// ```
public struct SyncError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// No such job in the ledger (nor, for `--adopt`, in Concur's list of the definition).
        case unknownJob = "unknown-job"
        /// The job is already posted in this ledger: adopting or dismissing it would change nothing.
        case alreadyPosted = "already-posted"
        /// A dismissal needs a note saying where the job was handled.
        case noteRequired = "note-required"
        /// Another run closed this run's intent to start a job (its window had passed) before the `POST` was sent:
        /// nothing was sent.
        case intentClosed = "intent-closed"
        /// An event that cannot happen in the unit's state (``SyncMachine``): a bug or a ledger changed by hand;
        /// the unit is left as it was.
        case invalidTransition = "invalid-transition"
        /// The scheduler was asked to run a company its configuration does not name.
        case unknownCompany = "unknown-company"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "[\(code.rawValue)] \(message)" }
}
