import Ledger

extension LedgerStore {
    /// Applies a person's decision on a recorded job (`sync --adopt`, `sync --dismiss`): moves `record` to the
    /// state ``SyncMachine`` gives its current state on `event`, with `note`, only if no other run changed it
    /// meanwhile.
    ///
    /// - Returns: the record in its new state with its note, or `nil` when its state takes no such event or it
    ///   is no longer in the state `record` shows.
    ///
    /// ```swift
    /// let adopted = try await store.apply(.adopted, to: record, note: JobOwnership.adoptedNote)
    /// ```
    func apply(_ event: SyncMachine.Event, to record: ExtractJobRecord, note: String) async throws -> ExtractJobRecord? {
        guard let step = SyncMachine.transition(from: record.state, on: event),
            try await transitionJob(
                company: record.company,
                jobID: record.jobID,
                from: [record.state],
                to: step.next,
                note: note
            )
        else { return nil }
        var moved = record
        moved.state = step.next
        moved.note = note
        return moved
    }
}
