#!/usr/bin/env python3
"""Reference peer: pyarrow.csv.read_csv over the SAE file, the row count and a decimal sum of field 169.

Usage: python3 Benchmarks/peers/pyarrow_reference.py FILE [RUNS] [THREADS]

The dialect is the SAE's: `|` between fields, `"` quotes doubled inside a quoted field, no column names; the EXTRACT
header is skipped (skip_rows=1), columns are named f0..f399 (autogenerate_column_names) and read as text; only field
169 (f168) is converted, then cast to decimal128(18, 4), so the sum is exact and must equal the header's total.
"""
from sae_peer import arguments, best_of, report

path, runs, threads = arguments()
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
from pyarrow import csv  # noqa: E402

pa.set_cpu_count(threads)
read_options = csv.ReadOptions(skip_rows=1, autogenerate_column_names=True, use_threads=threads > 1)
parse_options = csv.ParseOptions(delimiter="|", quote_char='"', double_quote=True)
convert_options = csv.ConvertOptions(
    include_columns=["f168"], column_types={"f168": pa.string()}, strings_can_be_null=False
)


def run():
    table = csv.read_csv(path, read_options=read_options, parse_options=parse_options, convert_options=convert_options)
    amounts = pc.cast(pc.utf8_ltrim(table.column("f168"), characters="+"), pa.decimal128(18, 4))
    return table.num_rows, pc.sum(amounts).as_py()


best, (rows, total) = best_of(runs, run)
report("pyarrow", pa.__version__, threads, path, runs, best, rows, total, "decimal")
