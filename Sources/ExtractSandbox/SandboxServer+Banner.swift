extension SandboxServer {
    /// What `concur-extract sandbox` prints once it listens: the URLs, the demo credentials and a first `curl`.
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
        if adminRoutes { banner += "Admin routes: \(base)/_sandbox/ (header X-Sandbox-Admin-Key)\n" }
        return banner
    }
}
