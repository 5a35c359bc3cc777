#!/usr/bin/env bash
# Builds the SAE benchmark in release mode, generates a realistic SAE file once, and measures in one run, on the same
# file, each tool in its own process: `cat` (the page-cache limit), the Swift check on one thread and on every core,
# DuckDB, polars, pyarrow and Python's csv module. Prints each tool's line, then a markdown table (BENCHMARKS.md).
#
#   bash Benchmarks/run-sae-benchmark.sh [MEGABYTES=220] [RUNS=3]
#   TOOLS="cat swift duckdb" bash Benchmarks/run-sae-benchmark.sh 1000 3     # only some tools
#
# Environment:
#   TOOLS              tools to run, any of: cat swift duckdb polars pyarrow python (default: all)
#   THREADS            threads for the multi-threaded Swift run and the peers (default: nproc)
#   SWIFT_BUILD_FLAGS  extra flags for `swift build` (e.g. --ignore-lock)
#
# Time: best of RUNS, wall clock, measured inside each process (cat: around each run). Peak RSS: one method for
# every tool, GNU time's %M (maximum resident set size of the process, in KiB). DuckDB, polars and pyarrow are
# installed from PyPI at the versions in Benchmarks/peers/requirements.txt into Benchmarks/.venv (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes="${1:-220}"
runs="${2:-3}"
tools=" ${TOOLS:-cat swift duckdb polars pyarrow python} "
threads="${THREADS:-$(nproc)}"
file="Benchmarks/data/sae-${megabytes}mb.txt"
venv="Benchmarks/.venv"
results="$(mktemp)"
trap 'rm -f "$results" "$results.time"' EXIT

wants() { [[ "$tools" == *" $1 "* ]]; }
for tool in $tools; do
    case "$tool" in
    cat | swift | duckdb | polars | pyarrow | python) ;;
    *) echo "unknown tool '$tool' in TOOLS (use: cat swift duckdb polars pyarrow python)" >&2; exit 2 ;;
    esac
done
[ -x /usr/bin/time ] || { echo "GNU time is needed for peak RSS: apt-get install time" >&2; exit 2; }

# The peers' Python: a venv with the pinned packages, created when missing.
python="python3"
if wants duckdb || wants polars || wants pyarrow; then
    if ! "$venv/bin/python" -c 'import duckdb, polars, pyarrow' 2>/dev/null; then
        echo "installing the reference peers (Benchmarks/peers/requirements.txt) into $venv"
        python3 -m venv "$venv" || {
            echo "python3 -m venv failed: install the venv module (Debian: apt-get install python3-venv)" >&2
            exit 2
        }
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r Benchmarks/peers/requirements.txt
    fi
    python="$venv/bin/python"
fi

build_log="$(mktemp)"
swift build -c release --product SAEBenchmark ${SWIFT_BUILD_FLAGS:-} >"$build_log" 2>&1 || {
    tail -40 "$build_log" >&2
    exit 1
}
rm -f "$build_log"
bin="$(swift build -c release --show-bin-path ${SWIFT_BUILD_FLAGS:-} 2>/dev/null)/SAEBenchmark"
mkdir -p Benchmarks/data
[ -f "$file" ] || "$bin" generate "$file" "$megabytes"

# measure NAME COMMAND...: runs the command under GNU time, prints its line and records "NAME<TAB>peak KiB<TAB>line".
measure() {
    local name="$1" line
    shift
    if ! line="$(/usr/bin/time -f '%M' -o "$results.time" "$@")"; then
        echo "$line"
        echo "$name failed" >&2
        exit 1
    fi
    line="$(tail -1 <<<"$line")"
    echo "$line"
    printf '%s\t%s\t%s\n' "$name" "$(tail -1 "$results.time")" "$line" >>"$results"
}

# cat: best of RUNS separate processes, timed around each; peak RSS the largest of them.
measure_cat() {
    local size best="" peak=0 start end seconds kib
    size="$(stat -L -c %s "$file")"
    for _ in $(seq "$runs"); do
        start="$EPOCHREALTIME"
        /usr/bin/time -f '%M' -o "$results.time" cat "$file" >/dev/null
        end="$EPOCHREALTIME"
        seconds="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')"
        best="$(awk -v a="${best:-$seconds}" -v b="$seconds" 'BEGIN { print (b < a ? b : a) }')"
        kib="$(tail -1 "$results.time")"
        if [ "$kib" -gt "$peak" ]; then peak="$kib"; fi
    done
    local line
    line="$(awk -v s="$size" -v t="$best" -v r="$runs" -v k="$peak" \
        'BEGIN { printf "cat: %.1f MB in %.3f s (best of %d) = %.0f MB/s; peak RSS %.1f MB", s / 1e6, t, r, s / 1e6 / t, k / 1024 }')"
    echo "$line"
    printf '%s\t%s\t%s\n' "cat" "$peak" "$line" >>"$results"
}

load_before="$(uptime | sed 's/.*load average: //')"
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(free -g | awk '/Mem:/ { print $2 " GB" }') RAM"
echo "versions: $(swift --version 2>&1 | grep -m1 -o 'Swift version [^ ]*'), $("$python" --version 2>&1)$(
    if [ "$python" != python3 ]; then
        "$python" -c 'import duckdb, polars, pyarrow; print(f", duckdb {duckdb.__version__}, polars {polars.__version__}, pyarrow {pyarrow.__version__}")'
    fi
)"
echo "file: $file, $(stat -L -c %s "$file") bytes, $(wc -l <"$file") lines; best of $runs; tools:$tools"
echo "load before: $load_before ($started)"

if wants cat; then measure_cat; fi
if wants swift; then
    measure "swift 1" "$bin" check "$file" "$runs" 1
    if [ "$threads" -gt 1 ]; then measure "swift $threads" "$bin" check "$file" "$runs" "$threads"; fi
fi
if wants duckdb; then measure duckdb "$python" Benchmarks/peers/duckdb_reference.py "$file" "$runs" "$threads"; fi
if wants polars; then measure polars "$python" Benchmarks/peers/polars_reference.py "$file" "$runs" "$threads"; fi
if wants pyarrow; then measure pyarrow "$python" Benchmarks/peers/pyarrow_reference.py "$file" "$runs" "$threads"; fi
if wants python; then measure "python csv" "$python" Benchmarks/python_csv_reference.py "$file" "$runs"; fi

load_after="$(uptime | sed 's/.*load average: //')"
echo "load after: $load_after"
echo
python3 Benchmarks/peers/summarize.py "$results" "$started" "$load_before" "$load_after"
