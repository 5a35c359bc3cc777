import AccountingExtract
import ExtractAPI
public import Foundation

/// The sandbox's whole state behind one actor: tenants, tokens, jobs, files and faults. The HTTP layer calls
/// it for every request; tests may call it directly (like moto's server mode) to inspect or arrange state.
///
/// Jobs move on lazily: every call first advances every active job to the clock's `now`, in time order, so a
/// simulated clock needs no timers and a real one needs no background task.
///
/// ```swift
/// let sandbox = try await SandboxServer.start(configuration)
/// let state = await sandbox.store.state
/// let pending = state.companies[0].reportsReadyForExtract.count
/// ```
public actor SandboxStore {
    public let configuration: SandboxConfiguration
    /// Everything but the file bytes.
    public internal(set) var state: SandboxState
    var files: [String: [UInt8]] = [:]
    /// The file the next job to complete serves instead of the one it would write (see ``replaceNextFile``).
    var nextFile: ExtractFileBuilder.Output?
    var injector: FaultInjector
    /// The forms of the Extract answers (``SandboxQuirks``).
    var quirkDrawer: QuirkDrawer
    let persistence: (any SandboxPersistence)?
    /// The signer of ``tokenSigner()``, ready once its key is loaded or generated.
    private let signerTask: Task<SandboxTokenSigner, any Error>
    private var saveVersion = 0
    private var dirty = false
    private var pendingFiles: [(String, [UInt8])] = []
    private var pendingDeletes: [String] = []

    var clock: any WallClock { configuration.clock }

    /// The current time of the sandbox's clock.
    public var now: Date { clock.now }

    init(configuration: SandboxConfiguration, persistence: (any SandboxPersistence)?) async throws {
        self.configuration = configuration
        self.persistence = persistence
        self.injector = FaultInjector(faults: configuration.faults, seed: configuration.seed)
        self.quirkDrawer = QuirkDrawer(configuration)
        var state: SandboxState
        var dirty = false
        if let persistence, let saved = try await persistence.load() {
            state = saved.state
            self.files = saved.files
        } else {
            state = SandboxState.seeded(configuration, now: configuration.clock.now)
            dirty = true
        }
        // A saved key is kept (tokens issued before a restart still verify); otherwise the configured key or the
        // process's key, saved once first used. Generating a key takes a second or more in a debug build on a busy
        // machine, so it runs beside the start: the sandbox listens at once and the first token waits for it.
        let key = state.signingKey ?? configuration.signingKey
        self.signerTask = Task {
            guard let key = key ?? SandboxSigningKey.processKey else { throw SandboxSigningKey.GenerationFailed() }
            return try await SandboxTokenSigner(key: key)
        }
        self.state = state
        self.dirty = dirty
        await flush()
    }

    /// An in-memory store (no HTTP server), for tests of the state alone.
    ///
    /// ```swift
    /// let store = try await SandboxStore(configuration: SandboxConfiguration())
    /// ```
    public init(configuration: SandboxConfiguration) async throws {
        try await self.init(configuration: configuration, persistence: nil)
    }

    /// Signs the tokens with ``SandboxState/signingKey`` (saved on first use) and holds the JWKS the sandbox
    /// publishes; throws ``SandboxSigningKey/GenerationFailed`` when no key could be generated.
    ///
    /// ```swift
    /// let kid = try await sandbox.store.tokenSigner().keyID
    /// ```
    public func tokenSigner() async throws -> SandboxTokenSigner {
        let signer = try await signerTask.value
        if state.signingKey == nil {
            state.signingKey = signer.key
            markDirty()
        }
        return signer
    }

    // MARK: Persistence

    func markDirty() { dirty = true }

    func queueFileSave(jobID: String, bytes: [UInt8]) {
        pendingFiles.append((jobID, bytes))
        dirty = true
    }

    func queueFileDelete(jobIDs: [String]) {
        pendingDeletes += jobIDs
        dirty = !jobIDs.isEmpty || dirty
    }

    /// Writes what changed, when a persistence is configured. Failures are reported on standard error (the
    /// state itself is never printed) and do not fail the request.
    func flush() async {
        guard dirty else { return }
        dirty = false
        let files = pendingFiles
        let deletes = pendingDeletes
        pendingFiles = []
        pendingDeletes = []
        guard let persistence else { return }
        saveVersion += 1
        do {
            for (jobID, bytes) in files { try await persistence.saveFile(jobID: jobID, bytes: bytes) }
            if !deletes.isEmpty { try await persistence.deleteFiles(jobIDs: deletes) }
            try await persistence.save(state, version: saveVersion)
        } catch {
            FileHandle.standardError.write(Data("sandbox: could not save the state: \(type(of: error))\n".utf8))
        }
    }

    /// Closes the persistence.
    func close() async {
        await flush()
        try? await persistence?.close()
    }

    // MARK: Faults

    /// The faults that fire for one request of `route`.
    public func drawFaults(for route: SandboxFault.Route) -> [SandboxFault.Kind] {
        injector.draw(for: route)
    }

    /// Replaces the active faults (their counters and the fault generator restart from the seed).
    public func setFaults(_ faults: [SandboxFault]) {
        injector = FaultInjector(faults: faults, seed: configuration.seed)
    }

    /// The active faults.
    public var faults: [SandboxFault] { injector.faults }

    /// How often each active fault has fired.
    public var faultHitCounts: [Int] { injector.hitCounts }
}
