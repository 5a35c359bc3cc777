// The system's SQLite (Debian: libsqlite3-dev), wrapped by the EmbeddedSQLite module.
#include <sqlite3.h>

// sqlite3_config is variadic, which Swift cannot call: these wrap the calls EmbeddedSQLite makes.

/// Turns off SQLite's memory statistics, which take a global mutex on every allocation. Must run before SQLite
/// initializes (before the first connection opens); returns SQLITE_MISUSE after that.
static inline int csqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
