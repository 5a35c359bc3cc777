#!/usr/bin/env python3
"""Reference: Python's csv module reading the same SAE file with the same quoting (| delimiter, " quotes, doubled).

Usage: python3 Benchmarks/python_csv_reference.py FILE [RUNS]
"""
import csv
import os
import resource
import sys
import time

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
size = os.path.getsize(path)
best = float("inf")
for _ in range(runs):
    start = time.perf_counter()
    rows = 0
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for row in csv.reader(handle, delimiter="|", quotechar='"', doublequote=True, strict=True):
            rows += 1
    best = min(best, time.perf_counter() - start)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"python csv: {size / 1e6:.1f} MB in {best:.3f} s (best of {runs}) = {size / 1e6 / best:.0f} MB/s; rows {rows}; peak RSS {rss:.1f} MB")
