#!/usr/bin/env bash
# Builds the ledger benchmark in release mode and loads 1,000,000 generated journal lines into a new SQLite file
# and into a new PostgreSQL database (on the throwaway cluster of .ci/start-postgres.sh), each in its own
# process so that its peak RSS is its own.
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
"$bin" postgres "postgres://postgres@127.0.0.1:$port/ledger_benchmark?sslmode=disable" "$lines"
psql -q "$admin" -c "DROP DATABASE IF EXISTS ledger_benchmark"
