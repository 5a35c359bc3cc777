import Foundation

extension SQLLedgerStore {
    private static var quarantineColumns: String {
        """
        quarantine_key, sha256, file_name, code, reason, batch_id, quarantined_at, company, job_id, line_number,
        field_number, field_name, field_value, state, resolved_batch_id, updated_at
        """
    }

    private static func quarantineRecord(_ row: SQLRow) throws -> QuarantineRecord {
        let stateText = try row.text(13)
        guard let state = QuarantineState(rawValue: stateText) else {
            throw LedgerError(.databaseError, "a stored quarantine entry has an unknown state: \(stateText)")
        }
        return QuarantineRecord(
            sha256: try row.text(1),
            fileName: try row.text(2),
            code: try row.text(3),
            reason: try row.text(4),
            batchID: try row.optionalText(5),
            quarantinedAt: try row.timestamp(6),
            company: try row.optionalText(7).flatMap { $0.isEmpty ? nil : $0 },
            jobID: try row.optionalText(8),
            line: try row.optionalText(9).flatMap { Int($0) },
            field: try row.optionalText(10).flatMap { Int($0) },
            fieldName: try row.optionalText(11),
            value: try row.optionalText(12),
            id: try row.integer(0),
            state: state,
            resolvedBatchID: try row.optionalText(14),
            updatedAt: try row.optionalTimestamp(15)
        )
    }

    private static func optionalInteger(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }

    private func entry(_ id: Int64, _ session: any SQLSession, lock: Bool = false) async throws -> QuarantineRecord? {
        let forUpdate = dialect == .postgres && lock ? " FOR UPDATE" : ""
        let rows = try await session.query(
            "SELECT \(Self.quarantineColumns) FROM ledger_quarantine WHERE quarantine_key = $1\(forUpdate)",
            [.integer(id)]
        )
        return try rows.first.map(Self.quarantineRecord)
    }

    private func addEvent(
        _ id: Int64,
        _ kind: QuarantineEvent.Kind,
        actor: String,
        note: String,
        code: String? = nil,
        batchID: String? = nil,
        _ session: any SQLSession
    ) async throws {
        try await session.query(
            """
            INSERT INTO ledger_quarantine_events (quarantine_key, kind, actor, occurred_at, note, code, batch_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            [
                .integer(id), .text(kind.rawValue), .text(actor), .timestamp(now), .text(note), .optionalText(code),
                .optionalText(batchID),
            ]
        )
    }

    private static func unknown(_ id: Int64) -> LedgerError {
        LedgerError(.unknownQuarantine, "no quarantine entry \(id): `concur-extract quarantine list` shows the ids")
    }

    private static func refused(_ entry: QuarantineRecord, _ action: QuarantineState.Action) -> LedgerError {
        let detail =
            switch entry.state {
            case .released: "it was released (handled outside the ledger)"
            case .reloaded: "it was reloaded as batch \(entry.resolvedBatchID ?? "?")"
            case .open: "it is open"
            }
        return LedgerError(
            .quarantineClosed,
            "quarantine entry \(entry.id ?? 0) cannot be \(action.rawValue): \(detail); nothing was changed"
        )
    }

    /// Records the entry (once per company, file and code) and its `quarantined` event; returns the stored entry.
    @discardableResult
    public func quarantine(_ record: QuarantineRecord) async throws -> QuarantineRecord {
        try await engine.withTransaction { session in
            let inserted = try await session.query(
                """
                INSERT INTO ledger_quarantine (sha256, file_name, code, reason, batch_id, quarantined_at, company, job_id,
                    line_number, field_number, field_name, field_value, state, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $6)
                ON CONFLICT (company, sha256, code) DO NOTHING RETURNING quarantine_key
                """,
                [
                    .text(record.sha256), .text(record.fileName), .text(record.code), .text(record.reason),
                    .optionalText(record.batchID), .timestamp(record.quarantinedAt), .text(record.company ?? ""),
                    .optionalText(record.jobID), Self.optionalInteger(record.line), Self.optionalInteger(record.field),
                    .optionalText(record.fieldName), .optionalText(record.value),
                ]
            )
            if let id = try inserted.first?.integer(0) {
                try await addEvent(
                    id,
                    .quarantined,
                    actor: QuarantineEvent.currentUser,
                    note: record.reason,
                    code: record.code,
                    batchID: record.batchID,
                    session
                )
            }
            let rows = try await session.query(
                "SELECT \(Self.quarantineColumns) FROM ledger_quarantine WHERE company = $1 AND sha256 = $2 AND code = $3",
                [.text(record.company ?? ""), .text(record.sha256), .text(record.code)]
            )
            guard let stored = try rows.first.map(Self.quarantineRecord) else {
                throw LedgerError(.databaseError, "the quarantine entry of \(record.sha256) was not stored")
            }
            return stored
        }
    }

    public func quarantinedFiles(company: String?) async throws -> [QuarantineRecord] {
        try await engine.withTransaction { session in
            var binds: [SQLValue] = []
            var filter = ""
            if let company {
                binds.append(.text(company))
                filter = " WHERE company = $1"
            }
            return try await session.query(
                "SELECT \(Self.quarantineColumns) FROM ledger_quarantine\(filter) ORDER BY quarantine_key",
                binds
            ).map(Self.quarantineRecord)
        }
    }

    public func quarantineEntry(id: Int64) async throws -> QuarantineRecord? {
        try await engine.withTransaction { session in try await entry(id, session) }
    }

    public func quarantineEvents(id: Int64) async throws -> [QuarantineEvent] {
        try await engine.withTransaction { session in
            let rows = try await session.query(
                """
                SELECT event_key, quarantine_key, kind, actor, occurred_at, note, code, batch_id
                FROM ledger_quarantine_events WHERE quarantine_key = $1 ORDER BY event_key
                """,
                [.integer(id)]
            )
            return try rows.map { row in
                let kindText = try row.text(2)
                guard let kind = QuarantineEvent.Kind(rawValue: kindText) else {
                    throw LedgerError(.databaseError, "a stored quarantine event has an unknown kind: \(kindText)")
                }
                return QuarantineEvent(
                    id: try row.integer(0),
                    quarantineID: try row.integer(1),
                    kind: kind,
                    actor: try row.text(3),
                    occurredAt: try row.timestamp(4),
                    note: try row.text(5),
                    code: try row.optionalText(6),
                    batchID: try row.optionalText(7)
                )
            }
        }
    }

    @discardableResult
    public func releaseQuarantine(id: Int64, by actor: String, note: String) async throws -> QuarantineRecord {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else {
            throw LedgerError(
                .quarantineClosed,
                "releasing quarantine entry \(id) needs a note saying how it was handled outside the ledger"
            )
        }
        return try await engine.withTransaction { session in
            guard let current = try await entry(id, session, lock: true) else { throw Self.unknown(id) }
            guard case .success(let next) = current.state.applying(.release) else {
                throw Self.refused(current, .release)
            }
            try await session.query(
                "UPDATE ledger_quarantine SET state = $2, updated_at = $3 WHERE quarantine_key = $1",
                [.integer(id), .text(next.rawValue), .timestamp(now)]
            )
            try await addEvent(id, .released, actor: actor, note: note, session)
            guard let updated = try await entry(id, session) else { throw Self.unknown(id) }
            return updated
        }
    }

    @discardableResult
    public func recordFailedReload(
        id: Int64,
        failure: QuarantineRecord,
        by actor: String
    ) async throws -> QuarantineRecord {
        try await engine.withTransaction { session in
            guard let current = try await entry(id, session, lock: true) else { throw Self.unknown(id) }
            guard case .success(let next) = current.state.applying(.reloadFailed) else {
                throw Self.refused(current, .reloadFailed)
            }
            // The entry shows the latest problem; its code changes unless another entry of the file has that code.
            try await session.query(
                """
                UPDATE ledger_quarantine SET state = $2, updated_at = $3, reason = $4, batch_id = COALESCE($5, batch_id),
                    line_number = $6, field_number = $7, field_name = $8, field_value = $9,
                    code = CASE WHEN EXISTS (SELECT 1 FROM ledger_quarantine o WHERE o.company = ledger_quarantine.company
                        AND o.sha256 = ledger_quarantine.sha256 AND o.code = $10 AND o.quarantine_key <> $1)
                        THEN code ELSE $10 END
                WHERE quarantine_key = $1
                """,
                [
                    .integer(id), .text(next.rawValue), .timestamp(now), .text(failure.reason),
                    .optionalText(failure.batchID), Self.optionalInteger(failure.line),
                    Self.optionalInteger(failure.field), .optionalText(failure.fieldName),
                    .optionalText(failure.value), .text(failure.code),
                ]
            )
            try await addEvent(
                id,
                .reloadFailed,
                actor: actor,
                note: failure.reason,
                code: failure.code,
                batchID: failure.batchID,
                session
            )
            guard let updated = try await entry(id, session) else { throw Self.unknown(id) }
            return updated
        }
    }

    /// In a load's transaction: marks the entry reloaded (once) with the batch, or refuses the load when the entry
    /// was released or belongs to another company.
    func resolveQuarantine(
        _ resolution: QuarantineResolution,
        batchID: String,
        company: String,
        _ session: any SQLSession
    ) async throws {
        let id = resolution.quarantineID
        guard let current = try await entry(id, session, lock: true) else { throw Self.unknown(id) }
        guard (current.company ?? "") == company else {
            throw LedgerError(
                .quarantineClosed,
                "quarantine entry \(id) is company \(current.company ?? "(none)")'s, not \(company): nothing was loaded"
            )
        }
        guard case .success(let next) = current.state.applying(.reloadSucceeded) else {
            throw Self.refused(current, .reloadSucceeded)
        }
        if current.state == next { return }  // already reloaded: nothing to record twice
        try await session.query(
            "UPDATE ledger_quarantine SET state = $2, resolved_batch_id = $3, updated_at = $4 WHERE quarantine_key = $1",
            [.integer(id), .text(next.rawValue), .text(batchID), .timestamp(now)]
        )
        try await addEvent(
            id,
            .reloaded,
            actor: resolution.actor,
            note: resolution.note.isEmpty ? "checked again and posted as batch \(batchID)" : resolution.note,
            batchID: batchID,
            session
        )
    }
}
