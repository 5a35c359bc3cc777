#!/usr/bin/env bash
# Scripts/fuzz.sh [SECONDS] [TARGET...]: fuzz the decoders with libFuzzer (SECURITY.md, "Fuzzing").
#
# Builds the fuzzers of Fuzz/ (a package of its own, scratch path .build-fuzz, -sanitize=fuzzer,address, so the
# normal build is untouched), then runs each TARGET (sae, xml, json, token, zip; all by default) for SECONDS
# (default 60, at most 86400) from its corpus Tests/Fuzz/TARGET, one after the other. New inputs found go to
# .build-fuzz/corpus/TARGET and are merged (minimised, -merge=1) into Tests/Fuzz/TARGET at the end; a crash,
# leak, timeout or out-of-memory input is written to .build-fuzz/findings/TARGET/ (move it into Tests/Fuzz/TARGET
# once fixed: the regression test DecoderFuzzingTests then replays it). Prints, per target:
#
#   fuzz: TARGET: SECONDS s, N executions (E exec/s), cov C ft F, corpus K files, findings X
#
# and exits 1 when any target had a finding. Bounded: -max_total_time, 10 s per input, 2 GiB of memory.
# FUZZ_SKIP_BUILD=1 reuses the built fuzzers; FUZZ_MERGE=0 leaves Tests/Fuzz as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(sae xml json token zip)
case "$seconds" in '' | *[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...] (SECONDS a number)" >&2; exit 2 ;; esac
if [ "$seconds" -lt 1 ] || [ "$seconds" -gt 86400 ]; then echo "SECONDS must be 1…86400" >&2; exit 2; fi
declare -A products=([sae]=FuzzSAE [xml]=FuzzXML [json]=FuzzJSON [token]=FuzzToken [zip]=FuzzZip)
for target in "${targets[@]}"; do
  [ -n "${products[$target]:-}" ] || { echo "unknown target '$target' (sae, xml, json, token, zip)" >&2; exit 2; }
done

scratch=.build-fuzz
if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then
  # lld: gold fails on the fuzzers' debug information.
  swift build --package-path Fuzz --scratch-path "$scratch" -c debug \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld 2>&1 | grep -v 'Cannot export local symbol' | tail -3
fi
bin="$(swift build --package-path Fuzz --scratch-path "$scratch" -c debug --show-bin-path)"

# Leaks in third-party code that SECURITY.md reports; every other leak is a finding.
export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan-suppressions.txt:print_suppressions=0"
status=0
for target in "${targets[@]}"; do
  corpus="Tests/Fuzz/$target"
  work="$scratch/corpus/$target"
  findings="$scratch/findings/$target"
  log="$scratch/fuzz-$target.log"
  mkdir -p "$corpus" "$work" "$findings"
  before="$(find "$findings" -type f | wc -l)"
  # The first folder receives new inputs; the committed corpus is read only until the merge.
  "$bin/${products[$target]}" "$work" "$corpus" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
    -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1 || true
  after="$(find "$findings" -type f | wc -l)"
  found=$((after - before))
  executions="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  last="$(grep -E '^#[0-9]+' "$log" | tail -1 || true)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")"
  if [ "${FUZZ_MERGE:-1}" = 1 ] && [ "$found" -eq 0 ]; then
    "$bin/${products[$target]}" -merge=1 "$corpus" "$work" >"$log.merge" 2>&1 || true
  fi
  files="$(find "$corpus" -type f | wc -l)"
  echo "fuzz: $target: ${seconds} s, ${executions:-?} executions (${rate:-?} exec/s), cov ${cov:-?} ft ${ft:-?}, corpus $files files, findings $found"
  if [ "$found" -gt 0 ]; then
    status=1
    grep -E '^==[0-9]+==ERROR|^SUMMARY|Fatal error|deadly signal|timeout' "$log" | head -5 || true
    find "$findings" -type f -newer "$scratch" | head -5
    echo "fuzz: $target: the log is $log" >&2
  fi
done
exit "$status"
