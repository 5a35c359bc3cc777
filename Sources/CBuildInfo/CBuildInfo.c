#include "CBuildInfo.h"

#ifndef CONCUR_EXTRACT_COMMIT
#define CONCUR_EXTRACT_COMMIT "unknown"
#endif

const char *concur_extract_commit(void) { return CONCUR_EXTRACT_COMMIT; }
