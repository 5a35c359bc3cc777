#!/usr/bin/env bash
# Builds the ledger benchmark in release mode and loads 1,000,000 generated journal lines into a new SQLite file
# and into a new PostgreSQL database (on the throwaway cluster of .ci/start-postgres.sh), each in its own
# process so that its peak RSS is its own. In the same run, a reference of how fast this machine is just now: the
# sqlite3 shell's `.import` of the same lines (as CSV) into a one-line-a-row table with the same key, index and
# settings (WAL, synchronous = FULL, 64 MiB cache, 16 KiB pages), one transaction.
#
#   bash Benchmarks/run-ledger-benchmark.sh [LINES]
set -euo pipefail
cd "$(dirname "$0")/.."
lines="${1:-1000000}"
bash .ci/start-postgres.sh >/dev/null
port="${LEDGER_PG_PORT:-55432}"
admin="postgres://postgres@127.0.0.1:$port/postgres"
psql -q "$admin" -c "DROP DATABASE IF EXISTS ledger_benchmark" -c "CREATE DATABASE ledger_benchmark"
swift build -c release --product LedgerBenchmark >/dev/null
bin="$(swift build -c release --show-bin-path)/LedgerBenchmark"
echo "machine: $(nproc) cores, $(uname -m), $(swift --version 2>&1 | head -1), $(psql -tA "$admin" -c 'show server_version')"
"$bin" generate "$lines"
"$bin" sqlite "$lines"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" csv "$work/lines.csv" "$lines" >/dev/null
sqlite3 "$work/reference.sqlite" "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;" >/dev/null
sqlite3 "$work/reference.sqlite" <<'SQL'
CREATE TABLE ledger_journal_lines (
    batch_key INTEGER NOT NULL, sequence_number INTEGER NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('extract', 'offset')), posting_date TEXT NOT NULL, account TEXT NOT NULL,
    debit INTEGER NOT NULL CHECK (debit >= 0), credit INTEGER NOT NULL CHECK (credit >= 0), currency TEXT NOT NULL,
    employee_id TEXT NOT NULL, employee_name TEXT NOT NULL, report_id TEXT NOT NULL, report_name TEXT NOT NULL,
    description TEXT NOT NULL, cost_object TEXT NOT NULL, journal_key TEXT NOT NULL,
    PRIMARY KEY (batch_key, sequence_number, origin)
) WITHOUT ROWID;
CREATE INDEX ledger_journal_lines_key ON ledger_journal_lines (journal_key) WHERE origin = 'extract';
SQL
start=$(date +%s.%N)
sqlite3 "$work/reference.sqlite" <<SQL
PRAGMA synchronous = FULL;
PRAGMA cache_size = -65536;
BEGIN;
.import --csv $work/lines.csv ledger_journal_lines
COMMIT;
SQL
end=$(date +%s.%N)
loaded=$(sqlite3 "$work/reference.sqlite" "SELECT count(*) FROM ledger_journal_lines")
awk -v n="$loaded" -v s="$start" -v e="$end" \
    'BEGIN { printf "reference (sqlite3 .import, one line a row): %d lines in %.2f s = %.0f lines/s\n", n, e - s, n / (e - s) }'
rm -f "$work/lines.csv" "$work"/reference.sqlite*

"$bin" postgres "postgres://postgres@127.0.0.1:$port/ledger_benchmark?sslmode=disable" "$lines"
psql -q "$admin" -c "DROP DATABASE IF EXISTS ledger_benchmark"
