/// The posting store (issue 5 builds it out).
public enum LedgerModule {}
