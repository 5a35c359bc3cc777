#!/usr/bin/env bash
# Scripts/browser-test.sh: the status and reconciliation page in a real browser (issue 13 item 5).
#
# Starts the sandbox, syncs one company twice (a posted batch, then a file quarantined by a wrong journal), writes
# `concur-extract report`, opens it in headless Chromium (Debian's `chromium`, installed when missing), checks the
# rendered DOM (the company, the batch's header against loaded totals, the quarantined file's name and reason) and
# takes two screenshots (a phone, 390x844, and a desktop, 1280x900). When `serve --http` exists, it also serves `/`
# and checks the same page there.
#
# The binary: $CONCUR_EXTRACT_BIN, else .build/debug/concur-extract (never rebuilt). Screenshots go to
# $BROWSER_TEST_OUT (default: a temporary folder, printed). Every step is bounded (timeout); what the script
# started is stopped when it ends.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${CONCUR_EXTRACT_BIN:-$root/.build/debug/concur-extract}"
fail() { echo "browser-test: $*" >&2; exit 1; }
[ -x "$bin" ] || fail "no built binary at $bin: run \`swift build\` first (or set CONCUR_EXTRACT_BIN)"

if ! command -v chromium >/dev/null; then
    echo "browser-test: installing chromium (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    started=$(date +%s)
    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null
    echo "browser-test: chromium installed in $(( $(date +%s) - started )) s"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/browser-test.XXXXXX")"
out="${BROWSER_TEST_OUT:-$work/out}"
mkdir -p "$out" "$work/chromium"
mkdir -m 700 "$work/data" "$work/state"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ -z "${BROWSER_TEST_KEEP:-}" ]; then rm -rf "$work/data" "$work/state" "$work/chromium"; fi
}
trap cleanup EXIT

free_port() {
    for _ in $(seq 1 50); do
        local candidate=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
    done
    fail "found no free loopback port"
}

# The sandbox, with its admin routes (to seed reports after the first sync).
port=$(free_port)
key="browser-test-$RANDOM"
timeout 300 "$bin" sandbox --port "$port" --minimum-run-interval 0 --queued-seconds 0.2 --running-seconds 0.2 \
    --admin-key "$key" --reports 30 >"$work/sandbox.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$port"
curl -s --retry 20 --retry-connrefused --retry-delay 1 --max-time 30 -o /dev/null "$base/" \
    || fail "the sandbox did not answer: $(cat "$work/sandbox.log")"

export CONCUR_BASE_URL="$base" CONCUR_CLIENT_ID=sandbox-client CONCUR_CLIENT_SECRET=sandbox-secret \
    CONCUR_USERNAME=admin@demo.example CONCUR_PASSWORD=sandbox-password CONCUR_EXTRACT_STATE="$work/state"
data=(--data-dir "$work/data")

# 1. A posted batch.
timeout 120 "$bin" sync "${data[@]}" --company acme --poll-interval 1 >"$work/sync1.log" 2>&1 \
    || fail "the first sync failed: $(cat "$work/sync1.log")"
# 2. New reports, synced with a journal that cannot place a personal charge: the file is quarantined (exit 1).
curl -s --max-time 30 -X POST -H "X-Sandbox-Admin-Key: $key" -H 'Content-Type: application/json' \
    --data '{"count": 12}' "$base/_sandbox/reports" >/dev/null
printf 'employee_payment_types = "Staff"\n' >"$work/journal-wrong.toml"
status=0
timeout 120 "$bin" sync "${data[@]}" --company acme --poll-interval 1 --journal "$work/journal-wrong.toml" \
    >"$work/sync2.log" 2>&1 || status=$?
[ "$status" = 1 ] || fail "the second sync should quarantine a file (exit 1), exit $status: $(cat "$work/sync2.log")"

# What the page must show, from the ledger's own commands: HTML-escaped as the DOM serializes text.
"$bin" quarantine list "${data[@]}" --json >"$work/quarantine.json"
"$bin" export "${data[@]}" --format reconciliation --json --company acme >"$work/reconciliation.json"
python3 - "$work" >"$work/expected.txt" <<'PY'
import html, json, sys
from decimal import Decimal
work = sys.argv[1]
entries = json.load(open(f"{work}/quarantine.json"))
entries = entries if isinstance(entries, list) else entries.get("entries", entries)
open_entries = [e for e in entries if e.get("state") == "open"]
assert open_entries, f"no open quarantine entry: {entries}"
summary = json.load(open(f"{work}/reconciliation.json"))
def shown(text):
    value = Decimal(str(text))
    exact = value == value.quantize(Decimal("0.01"))
    return f"{value:,.2f}" if exact else f"{value:,.4f}"
print(">acme<")
for e in open_entries:
    print(html.escape(e["fileName"], quote=False))
    print(html.escape(e["reason"], quote=False))
for b in summary["batches"]:
    print(f'data-batch="{html.escape(b["batchID"])}"')
    print(f'>{shown(b["headerTotal"])}<')
    print(f'>{shown(b["loadedTotal"])}<')
PY

dom_check() {  # dom_check NAME URL: dumps the DOM, checks every expected text, takes the two screenshots
    local name="$1" url="$2"
    local flags=(--headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/chromium"
        --hide-scrollbars --virtual-time-budget=2000)
    timeout 90 chromium "${flags[@]}" --dump-dom "$url" >"$out/$name.dom.html" 2>"$work/chromium-$name.log" \
        || fail "chromium could not open $url: $(tail -5 "$work/chromium-$name.log")"
    while IFS= read -r expected; do
        grep -qF -- "$expected" "$out/$name.dom.html" || fail "$name: the rendered page lacks: $expected"
    done <"$work/expected.txt"
    grep -q '<svg class="chart"' "$out/$name.dom.html" || fail "$name: no chart in the rendered page"
    grep -q '<script' "$out/$name.dom.html" && fail "$name: the page holds a script"
    timeout 90 chromium "${flags[@]}" --screenshot="$out/$name-phone.png" --window-size=390,844 "$url" \
        >/dev/null 2>>"$work/chromium-$name.log" || fail "$name: no phone screenshot"
    timeout 90 chromium "${flags[@]}" --screenshot="$out/$name-desktop.png" --window-size=1280,900 "$url" \
        >/dev/null 2>>"$work/chromium-$name.log" || fail "$name: no desktop screenshot"
    echo "browser-test: $name: $(wc -l <"$work/expected.txt") texts found in the rendered DOM; screenshots $out/$name-phone.png, $out/$name-desktop.png"
}

# 3. The static report, as a controller opens it.
"$bin" report "${data[@]}" --company acme -o "$out/report.html"
dom_check report "file://$out/report.html"

# 4. The page on the operations port, when this build serves one.
if "$bin" serve --help 2>/dev/null | grep -q -- '--http'; then
    printf '[company.acme]\nbase_url = "%s"\nclient_id = "sandbox-client"\nclient_secret = "sandbox-secret"\nusername = "admin@demo.example"\npassword = "sandbox-password"\ncredential_type = "password"\nevery_minutes = 60\n' \
        "$base" >"$work/companies.toml"
    http_port=$(free_port)
    timeout 120 "$bin" serve "${data[@]}" --companies "$work/companies.toml" --http "127.0.0.1:$http_port" \
        >"$work/serve.log" 2>&1 &
    pids+=($!)
    curl -s --retry 20 --retry-connrefused --retry-delay 1 --max-time 30 -o /dev/null "http://127.0.0.1:$http_port/healthz" \
        || fail "serve --http did not answer: $(cat "$work/serve.log")"
    dom_check served "http://127.0.0.1:$http_port/"
else
    echo "browser-test: this build has no serve --http: only the static report was checked"
fi
echo "browser-test: passed"
