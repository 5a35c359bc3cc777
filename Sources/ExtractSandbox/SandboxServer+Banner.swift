import FinancialIntegrationAPI

extension SandboxServer {
    /// What `concur-extract sandbox` prints once it listens: the URLs, the demo credentials and a first `curl`;
    /// with FIS companies (`sandbox --fis`), the FIS route and each FIS company's UUID and request token.
    ///
    /// ```swift
    /// let sandbox = try await SandboxServer.start(configuration)
    /// print(await sandbox.banner(statePath: configuration.statePath, adminRoutes: configuration.adminKey != nil))
    /// ```
    public func banner(statePath: String?, adminRoutes: Bool) async -> String {
        let demo = await store.state.companies[0]
        let base = baseURL.absoluteString
        var banner =
            """
            Concur Extract sandbox listening on \(base)
              Extract API:  \(base)/api/expense/extract/v1.0/
              Token:        POST \(base)/oauth2/v0/token
              State:        \(statePath ?? "in memory")
            Demo credentials (company "\(demo.name)"):
              client_id      \(demoCredentials.clientID)
              client_secret  \(demoCredentials.clientSecret)
              username       \(demoCredentials.username)
              password       \(demoCredentials.password)
              company UUID   \(demo.id)  (credtype=authtoken, request token \(demo.requestToken))
            Try:
              curl -s -X POST \(base)/oauth2/v0/token -H 'Content-Type: application/x-www-form-urlencoded' \\
                --data 'grant_type=password&client_id=\(demoCredentials.clientID)&client_secret=…&username=…&password=…'

            """
        let companies = await store.state.companies
        if companies.contains(where: { $0.reportSource == .fis }) {
            banner += "FIS v4:         \(base)\(FinancialIntegrationAPI.basePath)/expense/transactions\n"
            banner += "FIS companies (company-level token: grant_type=password, credtype=authtoken, "
            banner += "username = company UUID, password = request token; scope FISVC):\n"
            for company in companies where company.reportSource == .fis {
                let client = company.clients.first?.id ?? ""
                banner += "  \(company.name): company UUID \(company.id)  request token \(company.requestToken)"
                banner += "  client_id \(client)  documents \(company.fisDocuments.count)\n"
            }
        }
        if adminRoutes { banner += "Admin routes: \(base)/_sandbox/ (header X-Sandbox-Admin-Key)\n" }
        return banner
    }
}
