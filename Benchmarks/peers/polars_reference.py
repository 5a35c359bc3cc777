#!/usr/bin/env python3
"""Reference peer: polars' lazy scan_csv over the SAE file, the row count and a Decimal sum of field 169.

Usage: python3 Benchmarks/peers/polars_reference.py FILE [RUNS] [THREADS]

The dialect is the SAE's: `|` between fields, `"` quotes (doubled inside a quoted field), no column names; the EXTRACT
header is skipped (skip_rows=1), the 400 columns are named f1..f400 and read as text (an explicit schema: polars' own
names start at column_0 in some versions and column_1 in others) and field 169 is cast to Decimal(18, 4) after its
explicit `+` is dropped, so the sum is exact and must equal the header's total.
"""
import os

from sae_peer import arguments, best_of, report

path, runs, threads = arguments()
os.environ["POLARS_MAX_THREADS"] = str(threads)  # read once, when polars is imported
import polars as pl  # noqa: E402

schema = {f"f{n}": pl.String for n in range(1, 401)}


def run():
    frame = (
        pl.scan_csv(path, separator="|", quote_char='"', has_header=False, skip_rows=1, schema=schema)
        .select(pl.len().alias("rows"), pl.col("f169").str.strip_prefix("+").cast(pl.Decimal(18, 4)).sum())
        .collect()
    )
    return frame.row(0)


best, (rows, total) = best_of(runs, run)
report("polars", pl.__version__, threads, path, runs, best, rows, total, "decimal")
