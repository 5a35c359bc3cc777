#!/usr/bin/env bash
# Builds the SAE benchmark in release mode, generates a >= 200 MB realistic SAE file once, and measures
# parse-and-validate throughput and peak RSS against Python's csv module on the same file, in the same run.
#
#   bash Benchmarks/run-sae-benchmark.sh [MEGABYTES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes="${1:-220}"
runs="${2:-3}"
file="Benchmarks/data/sae-${megabytes}mb.txt"
mkdir -p Benchmarks/data
swift build -c release --product SAEBenchmark >/dev/null
bin="$(swift build -c release --show-bin-path)/SAEBenchmark"
[ -f "$file" ] || "$bin" generate "$file" "$megabytes"
echo "machine: $(nproc) cores, $(uname -m), $(swift --version 2>&1 | head -1)"
echo "file: $file, $(stat -c %s "$file") bytes, $(wc -l < "$file") lines"
"$bin" check "$file" "$runs" 1
"$bin" check "$file" "$runs" "$(nproc)"
python3 Benchmarks/python_csv_reference.py "$file" "$runs"
