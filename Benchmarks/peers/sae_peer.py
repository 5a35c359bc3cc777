"""Shared by the reference peers of Benchmarks/run-sae-benchmark.sh: arguments, the header's count and total, best-of-N
timing, and the one line each peer prints.

Every peer runs as `python3 Benchmarks/peers/NAME_reference.py FILE [RUNS] [THREADS]`, counts the DETAIL lines, sums
field 169 (Journal Amount) and prints one line in the format of `SAEBenchmark check`:

    duckdb 2.0.1, 2 threads: 216.6 MB in 0.550 s (best of 3) = 394 MB/s; rows 225276 = header 225276, sum ... = header ...; peak RSS 300.0 MB

It exits non-zero when the count or the sum differs from the header (the file was not read as the Swift check reads it).
"""
import os
import resource
import sys
import time
from decimal import Decimal


def arguments():
    """FILE, RUNS (default 3), THREADS (default: every core)."""
    if len(sys.argv) < 2:
        sys.exit(f"usage: {os.path.basename(sys.argv[0])} FILE [RUNS] [THREADS]")
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else (os.cpu_count() or 1)
    return path, max(runs, 1), max(threads, 1)


def header(path):
    """The EXTRACT header's record count (field 3) and journal amount total (field 4)."""
    with open(path, encoding="utf-8-sig") as handle:
        fields = handle.readline().rstrip("\r\n").split("|")
    if len(fields) < 4 or fields[0] != "EXTRACT":
        sys.exit(f"{path}:1: the first line is not an EXTRACT header with a count (field 3) and a total (field 4)")
    return int(fields[2]), Decimal(fields[3])


def best_of(runs, body):
    """Runs body() `runs` times; returns the shortest wall time and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = body()
        best = min(best, time.perf_counter() - start)
    return best, result


def report(name, version, threads, path, runs, best, rows, total, sum_kind):
    """Prints the peer's line; exits 1 when the count or the sum disagrees with the header.

    A Float64 sum is compared after rounding to the header's 4 decimals.
    """
    expected_rows, expected_total = header(path)
    size = os.path.getsize(path)
    total = Decimal(str(total))
    if sum_kind == "float64":
        total = total.quantize(Decimal("0.0001"))
    rows_ok = int(rows) == expected_rows
    total_ok = total == expected_total
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{name} {version}, {threads} thread{'' if threads == 1 else 's'}: "
        f"{size / 1e6:.1f} MB in {best:.3f} s (best of {runs}) = {size / 1e6 / best:.0f} MB/s; "
        f"rows {rows} {'=' if rows_ok else '!='} header {expected_rows}, "
        f"{sum_kind} sum {total} {'=' if total_ok else '!='} header {expected_total}; peak RSS {rss:.1f} MB",
        flush=True,
    )
    if not (rows_ok and total_ok):
        sys.exit(f"{name}: the count or the sum of field 169 differs from the header of {path}")
