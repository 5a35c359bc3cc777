public import Hummingbird

/// The request context of the sandbox's server: Hummingbird's core storage plus a way to drop the connection
/// (the `dropConnection` fault).
public struct SandboxRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Closes the connection at once, before any byte of an answer.
    let closeConnection: @Sendable () -> Void
    /// The server's own address and port on this connection (not anything the client sent).
    let localAddress: (host: String?, port: Int?)

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        let channel = source.channel
        self.closeConnection = { channel.close(promise: nil) }
        self.localAddress = (channel.localAddress?.ipAddress, channel.localAddress?.port)
    }
}
