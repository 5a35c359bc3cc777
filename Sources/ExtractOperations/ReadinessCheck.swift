public import AccountingExtract
public import ExtractClient
public import Foundation
public import Ledger

/// What `/readyz` checks: the ledger answers a query, its schema is at this build's latest migration, and each
/// company's stored token can give an access token without a person (see ``Company``).
///
/// The token check spends no token request: it reads the company's stored token (a small local file) and asks
/// the client's own ``TokenRefreshMachine`` what it would do now: using the access token, refreshing it with an
/// unexpired (or open-ended) refresh token, or logging in with configured credentials is ready; no token, or a
/// refresh token past its expiry with no credentials to log in again, is not. A refresh token Concur revoked
/// server-side is only seen by the next run (which fails, and is counted in `concur_extract_runs_total`).
///
/// ```swift
/// let check = ReadinessCheck(store: store, companies: [.init(name: "acme", tokenFile: url, canAuthenticate: false)])
/// let report = await check.evaluate()   // report.ready, report.failures
/// ```
public struct ReadinessCheck: Sendable {
    /// A company whose token is checked.
    public struct Company: Sendable {
        public var name: String
        /// Where its token is kept (`state/companies/NAME/token.json`).
        public var tokenFile: URL
        /// `true` when its configuration holds credentials for a full grant (the password grant).
        public var canAuthenticate: Bool

        public init(name: String, tokenFile: URL, canAuthenticate: Bool) {
            self.name = name
            self.tokenFile = tokenFile
            self.canAuthenticate = canAuthenticate
        }
    }

    public var store: any LedgerStore
    public var companies: [Company]
    public var clock: any WallClock

    public init(store: any LedgerStore, companies: [Company], clock: any WallClock = SystemClock()) {
        self.store = store
        self.companies = companies
        self.clock = clock
    }

    /// Runs every check (none stops the others).
    public func evaluate() async -> ReadinessReport {
        var checks: [ReadinessReport.Check] = []
        do {
            let applied = try await store.schemaVersion()
            checks.append(.init(name: "ledger", ok: true, detail: "reachable"))
            let latest = LedgerMigration.latestVersion
            checks.append(
                .init(
                    name: "migrations",
                    ok: applied == latest,
                    detail: applied == latest
                        ? "at version \(latest)"
                        : "the ledger is at version \(applied), this build needs \(latest): restart serve (it migrates the ledger when it opens it)"
                )
            )
        } catch {
            checks.append(.init(name: "ledger", ok: false, detail: "unreachable: \(Self.firstLine(error))"))
        }
        for company in companies {
            checks.append(await tokenCheck(company))
        }
        return ReadinessReport(checks: checks)
    }

    func tokenCheck(_ company: Company) async -> ReadinessReport.Check {
        let stored: StoredToken?
        do {
            stored = try await FileTokenPersistence(url: company.tokenFile).load()
        } catch {
            return .init(
                name: "token",
                company: company.name,
                ok: false,
                detail: "unreadable: \(Self.firstLine(error))"
            )
        }
        let machine = TokenRefreshMachine(token: stored, canAuthenticate: company.canAuthenticate)
        switch machine.action(at: clock.now) {
        case .use: return .init(name: "token", company: company.name, ok: true, detail: "access token valid")
        case .refresh: return .init(name: "token", company: company.name, ok: true, detail: "refreshable")
        case .authenticate: return .init(name: "token", company: company.name, ok: true, detail: "logs in again")
        case .failRefreshTokenExpired:
            return .init(
                name: "token",
                company: company.name,
                ok: false,
                detail: "the refresh token expired: run `concur-extract login --company \(company.name)`"
            )
        case .failNotAuthenticated:
            return .init(
                name: "token",
                company: company.name,
                ok: false,
                detail: "no token: run `concur-extract login --company \(company.name)`"
            )
        }
    }

    /// An error's first line (no secrets: errors of the ledger and the token file name paths and codes only).
    static func firstLine(_ error: any Error) -> String {
        String(String(describing: error).split(separator: "\n", maxSplits: 1).first ?? "")
    }
}

/// The outcome of a ``ReadinessCheck``: `/readyz`'s body (200 when ``ready``, else 503).
public struct ReadinessReport: Sendable, Codable, Hashable {
    public struct Check: Sendable, Codable, Hashable {
        /// `ledger`, `migrations` or `token`.
        public var name: String
        /// The company, for a token check.
        public var company: String?
        public var ok: Bool
        public var detail: String

        public init(name: String, company: String? = nil, ok: Bool, detail: String) {
            self.name = name
            self.company = company
            self.ok = ok
            self.detail = detail
        }
    }

    public var checks: [Check]

    public init(checks: [Check]) { self.checks = checks }

    public var ready: Bool { checks.allSatisfy(\.ok) }
    public var failures: [Check] { checks.filter { !$0.ok } }

    /// One line a check: `ok ledger: reachable`, `FAILED token acme: no token: …`.
    public var text: String {
        checks.map { check in
            "\(check.ok ? "ok" : "FAILED") \(check.name)\(check.company.map { " \($0)" } ?? ""): \(check.detail)\n"
        }.joined()
    }
}
