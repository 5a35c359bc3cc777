#!/usr/bin/env bash
# Scripts/chaos.sh [SEEDS] [FIRST_SEED] [LENGTH]: the long run of the chaos harness (issue 9 §4).
#
# Builds the tests (debug, or release with CHAOS_CONFIGURATION=release), then runs SEEDS seeded schedules of
# LENGTH events from FIRST_SEED against an in-process sandbox, three ledgers (two SQLite, one PostgreSQL shared
# by two workers) and a colleague starting jobs through the raw API, with kill -9 at durable steps, SIGSTOP past
# a lease and the sandbox's faults (slow ones included: 503 without Retry-After, jobs stuck in the queue). One of the
# three companies is a FIS company: kills at FIS document steps, FIS faults, recalls, another ERP's acknowledgements
# and error confirmations, resubmissions (issue 12 item 4). Prints each violation with its seed, then:
#
#   N schedules, M kills (J at FIS steps), K faults, foreign jobs F, own jobs listed as foreign O,
#   FIS documents D (posted P, error-confirmed E, recalled R, another ERP's X, resubmitted S), violations V
#
# Bounded: at most 10,000 seeds of at most 200 events; every run of the binary has a deadline. Loopback only.
# PostgreSQL: the tests start a throwaway cluster on 127.0.0.1:55432 unless LEDGER_TEST_POSTGRES_URL is set.
# CHAOS_SLOW_FAULTS=0 leaves out the faults that cost a run its deadline (faster; many more schedules an hour).
# Reproduce one seed: Scripts/chaos.sh 1 SEED LENGTH (CONCUR_CHAOS_VERBOSE=1 prints every event and exit).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds="${1:-20}"
first="${2:-1000}"
length="${3:-12}"
configuration="${CHAOS_CONFIGURATION:-debug}"
case "$seeds$first$length" in *[!0-9]*) echo "usage: $0 [SEEDS] [FIRST_SEED] [LENGTH] (numbers)" >&2; exit 2 ;; esac
if [ "$seeds" -lt 1 ] || [ "$seeds" -gt 10000 ] || [ "$length" -lt 1 ] || [ "$length" -gt 200 ]; then
  echo "SEEDS must be 1…10000 and LENGTH 1…200" >&2
  exit 2
fi
if [ "${CHAOS_SKIP_BUILD:-0}" != 1 ]; then
  swift build --build-tests -c "$configuration" 2>&1 | tail -3
fi
log="$(mktemp -t chaos-XXXXXX.log)"
status=0
CONCUR_CHAOS_SLOW_FAULTS="${CHAOS_SLOW_FAULTS:-1}" CONCUR_CHAOS_SEEDS="$seeds" CONCUR_CHAOS_FIRST_SEED="$first" CONCUR_CHAOS_LENGTH="$length" \
  swift test --skip-build -c "$configuration" --filter 'ChaosHarnessTests/longRun' >"$log" 2>&1 || status=$?
grep -E '^chaos: seed [0-9]+: [a-zA-Z]+:|^chaos: seed [0-9]+: unexpected' "$log" || true
summary="$(grep -E '^chaos: [0-9]+ schedules' "$log" | tail -1 | sed 's/^chaos: //')"
if [ -z "$summary" ]; then
  echo "the chaos run did not finish; its log: $log" >&2
  tail -30 "$log" >&2
  exit 1
fi
echo "$summary"
echo "(full log: $log)"
exit "$status"
