/// An emulator of Concur's Extract v1 API (issue 3 builds it out).
public enum ExtractSandboxModule {}
