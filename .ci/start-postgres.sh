#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the Ledger tests and benchmark, on loopback only. Idempotent: when the
# cluster already answers, it does nothing; otherwise it starts an empty one (the data directory is erased).
# Installs Debian's postgresql package when no server binaries exist.
#
#   bash .ci/start-postgres.sh
#   export LEDGER_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:55432/postgres
#
# Settings (environment): LEDGER_PG_PORT (55432), LEDGER_PG_DATA (/tmp/concur-extract-pgdata; a folder given here is
# erased on a cold start only when it is empty or this script made it).
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
        su postgres -s /bin/bash -c "cd / && $*"
    else
        bash -c "$*"
    fi
}

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    echo "start-postgres: already running on 127.0.0.1:$port"
else
    # The cluster is throwaway: a cold start always begins from an empty one. Reusing a data directory left by a
    # killed run meant crash recovery fsyncing every database earlier runs made (36 GB once, over a minute: CI
    # failed on "server did not start in time"); initdb takes about two seconds.
    # Only a folder this script made is erased: a LEDGER_PG_DATA that names anything else (a real cluster, a
    # mistyped path) is refused. The default folder is always the script's (older runs left it without a mark).
    marker="$data/.concur-extract-throwaway"
    if [ -n "${LEDGER_PG_DATA:-}" ] && [ -n "$(ls -A "$data" 2>/dev/null)" ] && [ ! -e "$marker" ]; then
        echo "start-postgres: $data is not empty and not a cluster this script made (no $marker):" \
            "not erasing it; set LEDGER_PG_DATA to a new or empty folder" >&2
        exit 1
    fi
    # A server still running on this folder (on another port) is stopped first; a stale pid file is not acted on
    # (its process is gone, a zombie nobody reaps, or another program that got the same id).
    if [ -f "$data/postmaster.pid" ]; then
        pid="$(head -n 1 "$data/postmaster.pid")"
        state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
        if [ -n "$state" ] && [ "$state" != Z ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q postgres; then
            as_owner "'$bin/pg_ctl' -D '$data' -m immediate -t 30 stop >/dev/null 2>&1" || true
        fi
    fi
    rm -rf "$data"
    mkdir -p "$data"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$data"
    as_owner "'$bin/initdb' -D '$data' -A trust -U postgres -E UTF8 --no-locale >/dev/null"
    touch "$marker"
    : >"$log"
    # The server is a daemon: it must not keep the descriptors this script inherited. Foundation's Process learns
    # that a child ended when a socket it shares with the child closes, so a server holding it open left the test
    # process that ran this script waiting forever (the cold start from `swift test`).
    for fd in /proc/$$/fd/*; do
        fd="${fd##*/}"
        if [ "$fd" -gt 2 ] && [ "$fd" != 255 ]; then eval "exec $fd>&-"; fi
    done
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$log"
    if ! as_owner "'$bin/pg_ctl' -D '$data' -l '$log' -w -t 60 \
        -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200\" start >/dev/null"; then
        echo "start-postgres: the server did not start on 127.0.0.1:$port; the end of its log ($log):" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
    echo "start-postgres: started on 127.0.0.1:$port (data $data, log $log)"
fi
echo "LEDGER_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
