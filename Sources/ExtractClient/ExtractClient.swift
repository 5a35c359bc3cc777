/// A client for Concur's Extract v1 API (issue 4 builds it out).
public enum ExtractClientModule {}
