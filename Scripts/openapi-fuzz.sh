#!/usr/bin/env bash
# Scripts/openapi-fuzz.sh [--short] [--max-examples N] [--seed N]: fuzz the sandbox against its OpenAPI description
# (README, "The sandbox's OpenAPI description").
#
# Installs openapi-spec-validator and schemathesis from PyPI into a venv (.build/openapi-venv, or $OPENAPI_VENV)
# when missing, validates openapi/sandbox.yaml, starts `concur-extract sandbox --fis` on a free loopback port,
# takes a company-level token (authtoken grant: Extract and FIS routes) and runs schemathesis (`st run`) with
# the document over every operation, with the checks not_a_server_error, status_code_conformance,
# content_type_conformance and response_schema_conformance. The revocation runs last, alone, with a token of its
# own (it revokes the token it is called with). Prints, at the end:
#
#   openapi-fuzz: operations O, test cases N, failures F (mode, seconds)
#
# and exits 1 on a failure (or when the document does not validate). --short (CI) bounds each operation to 20
# examples (--max-examples overrides); the full mode to 200. The binary is $CONCUR_EXTRACT, else the debug
# build's (built when missing). The sandbox is stopped at exit; reports go to .build/openapi-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
examples=""
seed="${OPENAPI_FUZZ_SEED:-1}"
while [ $# -gt 0 ]; do
    case "$1" in
    --short) mode=short ;;
    --max-examples) examples="${2:?--max-examples needs a number}"; shift ;;
    --seed) seed="${2:?--seed needs a number}"; shift ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "openapi-fuzz: unknown argument '$1' (--short, --max-examples N, --seed N)" >&2; exit 2 ;;
    esac
    shift
done
if [ -z "$examples" ]; then
    if [ "$mode" = short ]; then examples=20; else examples=200; fi
fi
case "$examples$seed" in *[!0-9]*) echo "openapi-fuzz: --max-examples and --seed take whole numbers" >&2; exit 2 ;; esac

document=openapi/sandbox.yaml
venv="${OPENAPI_VENV:-.build/openapi-venv}"
if [ ! -x "$venv/bin/st" ] || [ ! -x "$venv/bin/openapi-spec-validator" ]; then
    echo "openapi-fuzz: installing schemathesis and openapi-spec-validator (PyPI) into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'schemathesis>=4.3,<5' 'openapi-spec-validator>=0.7,<1'
fi
"$venv/bin/openapi-spec-validator" "$document"

binary="${CONCUR_EXTRACT:-}"
if [ -z "$binary" ]; then
    binary="$(swift build --show-bin-path)/concur-extract"
    [ -x "$binary" ] || swift build --product concur-extract 2>&1 | tail -3
fi

work=.build/openapi-fuzz
rm -rf "$work"
mkdir -p "$work"
sandbox_pid=""
stop() { if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi; }
trap stop EXIT
# Port 0: the sandbox picks a free port and prints it. Jobs complete as they start, so that the job a test case
# starts has a file to serve at once (409 for a job queued or running is left to ExtractSandboxTests).
# --quirks none: the document describes the canonical form of each answer (bare JSON lists, numeric statuses,
# trimmed links); the documented variety of the default `docs` profile is checked by the client's own tests
# (WireVariantTests, WireVariantClientTests, QuirksProfileTests) against the decoders, not by this schema.
"$binary" sandbox --port 0 --fis --seed 1 --reports 5 --queued-seconds 0 --running-seconds 0 --quirks none \
    >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
base=""
for _ in $(seq 1 100); do
    base="$(sed -n 's/^Concur Extract sandbox listening on \(http:[^ ]*\).*/\1/p' "$work/sandbox.out")"
    [ -n "$base" ] && break
    kill -0 "$sandbox_pid" 2>/dev/null || { cat "$work/sandbox.err" >&2; echo "openapi-fuzz: the sandbox exited" >&2; exit 1; }
    sleep 0.1
done
[ -n "$base" ] || { echo "openapi-fuzz: the sandbox did not start within 10 s" >&2; exit 1; }

# A company-level token (the demo company's UUID and request token, from the banner): FISVC and EXTRCT.
company_token() {
    local line uuid request
    line="$(grep -m1 'credtype=authtoken, request token' "$work/sandbox.out")"
    uuid="$(sed -n 's/.*company UUID *\([0-9A-F-]*\).*/\1/p' <<<"$line")"
    request="$(sed -n 's/.*request token \([^)]*\)).*/\1/p' <<<"$line")"
    curl -sf -X POST "$base/oauth2/v0/token" --data-urlencode grant_type=password --data-urlencode credtype=authtoken \
        --data-urlencode client_id=sandbox-client --data-urlencode client_secret=sandbox-secret \
        --data-urlencode "username=$uuid" --data-urlencode "password=$request" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
started=$SECONDS
status=0
run() { # run NAME TOKEN ST-ARGS...: one schemathesis run, its events kept for the figures
    local name="$1" token="$2"
    shift 2
    "$venv/bin/st" run "$document" --url "$base" -H "Authorization: Bearer $token" --checks "$checks" \
        --max-examples "$examples" --seed "$seed" --workers 1 --no-color \
        --generation-database none --request-timeout 10 --suppress-health-check filter_too_much \
        --report ndjson --report-ndjson-path "$work/$name.ndjson" "$@" 2>&1 | tee "$work/$name.log" | tail -25 ||
        status=1
}
token="$(company_token)" || { echo "openapi-fuzz: the sandbox refused the demo company's token" >&2; exit 1; }
run main "$token" --exclude-operation-id revokeConnection
# The revocation revokes the token it is called with: last, alone, with a token of its own.
token="$(company_token)" || { echo "openapi-fuzz: the sandbox refused the demo company's token" >&2; exit 1; }
run revoke "$token" --include-operation-id revokeConnection --phases examples,coverage,fuzzing
kill -0 "$sandbox_pid" 2>/dev/null || { echo "openapi-fuzz: the sandbox died during the run" >&2; status=1; }

# The figures, from schemathesis' event stream: operations, test cases, failed checks, and the statuses each
# operation answered (to see which documented statuses a run reached).
figures="$(python3 - "$work/statuses.txt" "$work/main.ndjson" "$work/revoke.ndjson" <<'EOF'
import collections, json, sys
operations, cases, failures = set(), 0, 0
statuses = collections.defaultdict(collections.Counter)
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        finished = json.loads(line).get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished.get("recorder") or {}
        label = recorder.get("label", "")
        if label.split(" ")[0] in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            operations.add(label)
        cases += len(recorder.get("cases") or {})
        for checks in (recorder.get("checks") or {}).values():
            failures += sum(1 for check in checks if str(check.get("status")).lower() == "failure")
        for interaction in (recorder.get("interactions") or {}).values():
            response = interaction.get("response")
            statuses[label][str(response["status_code"]) if response else "no answer"] += 1
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for label in sorted(statuses):
        seen = ", ".join(f"{status}x{count}" for status, count in sorted(statuses[label].items()))
        out.write(f"  {label}: {seen}\n")
print(len(operations), cases, failures)
EOF
)" || figures="? ? ?"
read -r operations cases failures <<<"$figures"
echo "openapi-fuzz: statuses answered per operation:"
cat "$work/statuses.txt" 2>/dev/null || true
[ "$failures" = 0 ] || status=1
echo "openapi-fuzz: operations $operations, test cases $cases, failures $failures ($mode, $((SECONDS - started)) s)"
exit "$status"
