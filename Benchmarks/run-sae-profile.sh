#!/usr/bin/env bash
# Instructions per byte of the SAE check, with callgrind: a figure that does not move with the neighbours' load, so it
# is the one to compare before and after a change of the scanner (BENCHMARKS.md, "SAE parse and validate").
#
#   bash Benchmarks/run-sae-profile.sh [MEGABYTES=20]
#
# The input is a valid file written by the benchmark's generator with its default seed (the first reports of the
# benchmark's large file, with a header whose count and total match), so the profiled path is the normal one.
# `SAEBenchmark check FILE 1 1` (one run, one thread, release build) runs under callgrind on it and on a small file
# (BASELINE_MEGABYTES, default 2) of the same generator; the script prints
#   - the total instructions (Ir) and Ir/byte of the large run (start-up included: the figure of the older rows),
#   - the marginal Ir/byte, (Ir large - Ir small) / (bytes large - bytes small): start-up cost removed,
#   - the top 15 functions by inclusive and by self Ir, demangled.
# The callgrind files stay in Benchmarks/data/profile/ for callgrind_annotate or KCachegrind.
#
# Environment: BASELINE_MEGABYTES (0 skips the small run), SWIFT_BUILD_FLAGS (extra `swift build` flags).
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes="${1:-20}"
baseline="${BASELINE_MEGABYTES:-2}"
command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null || {
    echo "valgrind is needed (Debian: apt-get install valgrind)" >&2
    exit 2
}
build_log="$(mktemp)"
swift build -c release --product SAEBenchmark ${SWIFT_BUILD_FLAGS:-} >"$build_log" 2>&1 || {
    tail -40 "$build_log" >&2
    exit 1
}
rm -f "$build_log"
bin="$(swift build -c release --show-bin-path ${SWIFT_BUILD_FLAGS:-} 2>/dev/null)/SAEBenchmark"
mkdir -p Benchmarks/data/profile
# Valgrind 3.19 cannot read the DWARF 5 that Swift writes ("Possibly corrupted debuginfo file"): profile a copy without
# the debug sections; the symbol table stays, so the functions keep their names.
objcopy --strip-debug "$bin" Benchmarks/data/profile/SAEBenchmark
bin="Benchmarks/data/profile/SAEBenchmark"
stamp="$(date -u +%Y%m%d-%H%M%S)"

# profile MEGABYTES: generates the file when missing, runs the check under callgrind; prints "BYTES IR OUTFILE".
profile() {
    local file="Benchmarks/data/sae-$1mb.txt" out="Benchmarks/data/profile/callgrind-$1mb-$stamp.out" log
    [ -f "$file" ] || "$bin" generate "$file" "$1" >&2
    # Deterministic hashing: Swift seeds its hashes per process, which moves the counts of Set and Dictionary work.
    log="$(SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" check "$file" 1 1 2>&1)" || {
        echo "$log" >&2
        echo "the check failed under callgrind on $file" >&2
        exit 1
    }
    grep '^swift' <<<"$log" >&2
    echo "$(stat -L -c %s "$file") $(callgrind_annotate "$out" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }') $out"
}

# top KIND FILE: the 15 first functions of callgrind_annotate (KIND: inclusive or self), demangled, one line each;
# the loader's and libc's start-up frames are left out. awk reads to the end (no SIGPIPE under pipefail).
top() {
    local inclusive=no
    [ "$1" = inclusive ] && inclusive=yes
    callgrind_annotate --inclusive="$inclusive" --threshold=100 "$2" |
        awk '/file:function/ { table = 1; getline; next }
             /\(below main\)|__libc_start_|\?\?\?:0x[0-9a-f]+ / { next }
             table && /^ *[0-9,]+ / && shown++ < 15 { print }' |
        { if command -v swift >/dev/null; then swift demangle --simplified; else cat; fi } |
        sed -E 's/ \[[^]]*\]$//' | cut -c1-220
}

result="$(profile "$megabytes")"
read -r bytes ir out <<<"$result"
echo "SAEBenchmark check, 1 run, 1 thread, under callgrind: $(numfmt --grouping "$ir") instructions for $(numfmt --grouping "$bytes") bytes"
awk -v i="$ir" -v b="$bytes" 'BEGIN { printf "Ir/byte: %.2f (start-up included)\n", i / b }'
if [ "$baseline" -gt 0 ]; then
    result="$(profile "$baseline")"
    read -r small_bytes small_ir _ <<<"$result"
    awk -v i="$ir" -v b="$bytes" -v si="$small_ir" -v sb="$small_bytes" -v m="$baseline" 'BEGIN {
        marginal = (i - si) / (b - sb)
        printf "Ir/byte marginal: %.2f (against the %d MB run: %d instructions for %d bytes; start-up about %.1f M instructions)\n",
            marginal, m, si, sb, (i - marginal * b) / 1e6
    }'
fi
echo
echo "top 15 by inclusive Ir ($out):"
top inclusive "$out"
echo
echo "top 15 by self Ir:"
top self "$out"
