#!/usr/bin/env python3
"""Turns the lines recorded by Benchmarks/run-sae-benchmark.sh into a markdown table for BENCHMARKS.md.

Usage: python3 Benchmarks/peers/summarize.py RESULTS DATE LOAD_BEFORE LOAD_AFTER

RESULTS has one line per tool: NAME <TAB> peak RSS in KiB (GNU time's %M) <TAB> the tool's own line, which holds
"X MB in Y s (best of R) = Z MB/s". The last column is the Swift check on the most threads divided by the tool.
"""
import re
import sys

MEASURE = re.compile(r"([\d.]+) MB in ([\d.]+) s \(best of (\d+)\) = ([\d.]+) MB/s")

path, date, load_before, load_after = sys.argv[1:5]
rows = []
for record in open(path, encoding="utf-8"):
    name, kib, line = record.rstrip("\n").split("\t", 2)
    match = MEASURE.search(line)
    if not match:
        sys.exit(f"{path}: no 'X MB in Y s (best of R) = Z MB/s' in the line of {name}: {line}")
    seconds, rate = float(match.group(2)), float(match.group(4))
    rows.append((line.split(":", 1)[0], rate, seconds, int(match.group(3)), int(kib) / 1024, name))

swift = [row for row in rows if row[5].startswith("swift ")]
reference = max(swift, key=lambda row: int(row[5].split()[1]))[1] if swift else None
print(f"{date}, load before {load_before}, after {load_after}")
print()
print("| tool | MB/s | seconds (best of N) | peak RSS (MB) | Swift, most threads ÷ tool |")
print("|------|-----:|--------------------:|--------------:|---------------------------:|")
for label, rate, seconds, runs, rss, _ in rows:
    ratio = f"{reference / rate:.2f}×" if reference else "—"
    print(f"| {label} | {rate:,.0f} | {seconds:.3f} (of {runs}) | {rss:.1f} | {ratio} |")
