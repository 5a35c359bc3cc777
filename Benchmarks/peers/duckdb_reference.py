#!/usr/bin/env python3
"""Reference peer: DuckDB's read_csv over the SAE file, COUNT(*) and a DECIMAL SUM of field 169.

Usage: python3 Benchmarks/peers/duckdb_reference.py FILE [RUNS] [THREADS]

The dialect is the SAE's: `|` between fields, `"` quotes doubled inside a quoted field, no column names; the EXTRACT
header (5 fields) is skipped, the 400 DETAIL fields are read as text (all_varchar) and field 169 is cast to
DECIMAL(18,4), so the sum is exact and must equal the header's total.
"""
import duckdb
from sae_peer import arguments, best_of, report

path, runs, threads = arguments()
connection = duckdb.connect()
connection.execute(f"SET threads={threads}")
columns = "{" + ", ".join(f"'f{n}': 'VARCHAR'" for n in range(1, 401)) + "}"
query = f"""
    SELECT COUNT(*), SUM(CAST(f169 AS DECIMAL(18, 4)))
    FROM read_csv(?, delim='|', quote='"', escape='"', header=false, skip=1, all_varchar=true,
                  auto_detect=false, columns={columns})
"""


def run():
    return connection.execute(query, [path]).fetchone()


best, (rows, total) = best_of(runs, run)
report("duckdb", duckdb.__version__, threads, path, runs, best, rows, total, "decimal")
