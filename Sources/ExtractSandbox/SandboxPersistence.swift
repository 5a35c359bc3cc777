/// Where a sandbox keeps its state between runs. The in-memory sandbox has none; ``SQLiteSandboxPersistence``
/// keeps it in a SQLite file.
protocol SandboxPersistence: Sendable {
    /// The saved state and files, or `nil` when nothing was saved yet.
    func load() async throws -> (state: SandboxState, files: [String: [UInt8]])?
    /// Saves the whole state (not the files); `version` grows with every save, older versions are ignored.
    func save(_ state: SandboxState, version: Int) async throws
    /// Saves one job's file.
    func saveFile(jobID: String, bytes: [UInt8]) async throws
    /// Forgets job files.
    func deleteFiles(jobIDs: [String]) async throws
    func close() async throws
}
