// Caps how many test cases Swift Testing runs at once in this test binary, before its entry point reads the cap.
//
// Swift Testing 6.3.1 starts every test case at once (478 here). On a 2-core machine that burst starved the
// in-process sandboxes and PostgreSQL connections: 30 tests failed in CI with requests "past their deadline" of
// 15 s, 42 s into the run, and 30 with "no answer from PostgreSQL within 10 s" on one core. With at most
// max(8, 2 × cores) at once, the whole suite passes on one core (290 s). A width set in the environment wins.
#include "ParallelismCap.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const variable = "SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH";

__attribute__((constructor)) static void concur_extract_cap_test_parallelism(void) {
    if (getenv(variable) != NULL) return;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    long width = cores > 4 ? 2 * cores : 8;
    char value[24];
    snprintf(value, sizeof value, "%ld", width);
    setenv(variable, value, 0);
}

int concur_extract_test_parallelism_width(void) {
    const char *value = getenv(variable);
    return value == NULL ? 0 : atoi(value);
}
