#ifndef CBUILDINFO_H
#define CBUILDINFO_H

/// The git commit this binary was built from: the first 12 hex digits of the checkout's HEAD, "-modified" after
/// them when the checkout had uncommitted changes, or "unknown" outside a git checkout. Package.swift reads it
/// from `Context.gitInformation` and defines CONCUR_EXTRACT_COMMIT for this target alone.
const char *concur_extract_commit(void);

#endif
