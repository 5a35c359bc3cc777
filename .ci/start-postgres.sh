#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the Ledger tests and benchmark, on loopback only. Idempotent: when the
# cluster already answers, it does nothing. Installs Debian's postgresql package when no server binaries exist.
#
#   bash .ci/start-postgres.sh
#   export LEDGER_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:55432/postgres
#
# Settings (environment): LEDGER_PG_PORT (55432), LEDGER_PG_DATA (/tmp/concur-extract-pgdata).
set -euo pipefail

port="${LEDGER_PG_PORT:-55432}"
data="${LEDGER_PG_DATA:-/tmp/concur-extract-pgdata}"
log="${data}.log"

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bin="$(find_bin)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
    echo "start-postgres: installing postgresql (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    bin="$(find_bin)"
fi

# Run a command as the postgres user when we are root (initdb and postgres refuse to run as root).
as_owner() {
    if [ "$(id -u)" = "0" ]; then
        su postgres -s /bin/bash -c "$*"
    else
        bash -c "$*"
    fi
}

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    echo "start-postgres: already running on 127.0.0.1:$port"
else
    if [ ! -s "$data/PG_VERSION" ]; then
        rm -rf "$data"
        mkdir -p "$data"
        [ "$(id -u)" = "0" ] && chown postgres:postgres "$data"
        as_owner "'$bin/initdb' -D '$data' -A trust -U postgres -E UTF8 --no-locale >/dev/null"
    fi
    touch "$log"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$log"
    as_owner "'$bin/pg_ctl' -D '$data' -l '$log' -w -t 60 \
        -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200\" start >/dev/null"
    echo "start-postgres: started on 127.0.0.1:$port (data $data, log $log)"
fi
echo "LEDGER_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
