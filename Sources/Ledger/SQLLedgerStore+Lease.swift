import Foundation

extension SQLLedgerStore {
    public func claimRun(company: String, worker: String, leaseDuration: Duration) async throws -> Lease? {
        let start = now
        let expiry = start.addingTimeInterval(leaseDuration.timeInterval)
        return try await engine.withTransaction { session in
            // A free row per company, so that claimers can lock it; worker '' means nobody holds it.
            try await session.query(
                """
                INSERT INTO ledger_leases (company, worker, token, acquired_at, expires_at)
                VALUES ($1, '', 0, $2, $2) ON CONFLICT (company) DO NOTHING
                """,
                [.text(company), .timestamp(start)]
            )
            // PostgreSQL: a row another claimer holds is skipped, not waited for. SQLite: the transaction already
            // holds the database's single write lock.
            let free = try await session.query(
                """
                SELECT token FROM ledger_leases
                WHERE company = $1 AND (worker = '' OR expires_at <= $2)\(dialect.forUpdateSkipLocked)
                """,
                [.text(company), .timestamp(start)]
            )
            guard !free.isEmpty else { return nil }
            let rows = try await session.query(
                """
                UPDATE ledger_leases SET worker = $2, token = token + 1, acquired_at = $3, expires_at = $4
                WHERE company = $1 RETURNING token
                """,
                [.text(company), .text(worker), .timestamp(start), .timestamp(expiry)]
            )
            guard let token = try rows.first?.integer(0) else { return nil }
            return Lease(company: company, worker: worker, token: token, acquiredAt: start, expiresAt: expiry)
        }
    }

    public func renew(_ lease: Lease, leaseDuration: Duration) async throws -> Lease {
        let expiry = now.addingTimeInterval(leaseDuration.timeInterval)
        return try await engine.withTransaction { session in
            let rows = try await session.query(
                """
                UPDATE ledger_leases SET expires_at = $4
                WHERE company = $1 AND worker = $2 AND token = $3 RETURNING token
                """,
                [.text(lease.company), .text(lease.worker), .integer(lease.token), .timestamp(expiry)]
            )
            guard !rows.isEmpty else {
                throw LedgerError(
                    .leaseLost,
                    "the run lease of company \(lease.company) held by \(lease.worker) (token \(lease.token)) was taken over or released: stop this run"
                )
            }
            var renewed = lease
            renewed.expiresAt = expiry
            return renewed
        }
    }

    public func release(_ lease: Lease) async throws {
        let time = now
        _ = try await engine.withTransaction { session in
            try await session.query(
                """
                UPDATE ledger_leases SET worker = '', expires_at = $4
                WHERE company = $1 AND worker = $2 AND token = $3
                """,
                [.text(lease.company), .text(lease.worker), .integer(lease.token), .timestamp(time)]
            )
        }
    }
}
