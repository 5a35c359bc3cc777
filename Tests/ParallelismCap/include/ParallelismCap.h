#ifndef CONCUR_EXTRACT_PARALLELISM_CAP_H
#define CONCUR_EXTRACT_PARALLELISM_CAP_H

/// The width of Swift Testing's parallel test cases that this test binary set (or found) in its environment
/// before the testing library started: see ParallelismCap.c.
int concur_extract_test_parallelism_width(void);

#endif
