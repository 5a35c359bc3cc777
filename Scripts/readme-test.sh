#!/usr/bin/env bash
# Scripts/readme-test.sh [README]: runs the README's walkthroughs, exactly as written, in order.
#
# Which blocks: every ```bash block of the README is a walkthrough block and must follow a marker line
#     <!-- readme-test: EXPECTED | EXPECTED … -->
# (the texts its output must contain; `<!-- readme-test -->` for none). Other fences (sh, toml, sql, swift, text)
# are reference and are not run. A ```bash block without a marker, or a marker without a block, fails the test.
#
# How: the blocks run in one bash session, in document order, with `set -euo pipefail`, so that variables set by one
# block are there for the next. The session file keeps the README's line numbers (its other lines are blank), so
# a failure names the README line. Each block's output is kept and checked for its expected texts.
#
# Where: a fresh folder (the working directory and $HOME), no XDG_* or CONCUR_* variable inherited, and PORT set
# to a free loopback port (the walkthrough reads `PORT=${PORT:-8080}`).
#
# The binary: the one already built, never rebuilt: $CONCUR_EXTRACT_BIN, else .build/debug/concur-extract. In
# the session, `concur-extract` is a shell function running that binary; `swift build` only checks that it exists
# and `swift build --show-bin-path` prints its folder (any other `swift` command fails the test).
#
# Bounds: each `concur-extract` command (but `sandbox`, which lives until the walkthrough stops it) and each `curl`
# has READMETEST_STEP_SECONDS (60); the whole session READMETEST_TOTAL_SECONDS (150), after which it and
# everything it started are killed. Whatever the session left running is killed when it ends.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
readme="$(cd "$(dirname "${1:-$root/README.md}")" && pwd)/$(basename "${1:-$root/README.md}")"
bin="${CONCUR_EXTRACT_BIN:-$root/.build/debug/concur-extract}"
step_seconds="${READMETEST_STEP_SECONDS:-60}"
total_seconds="${READMETEST_TOTAL_SECONDS:-150}"

fail() { echo "readme-test: $*" >&2; exit 1; }

[ -f "$readme" ] || fail "no README at $readme"
[ -x "$bin" ] || fail "no built binary at $bin: run \`swift build\` first (or set CONCUR_EXTRACT_BIN)"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
command -v timeout >/dev/null || fail "needs timeout(1) (coreutils)"

work="$(mktemp -d "${TMPDIR:-/tmp}/readme-test.XXXXXX")"
mkdir -p "$work/walk" "$work/home" "$work/out"
session_group=""
cleanup() {
    # The session ran as its own process group (timeout's); end what it left running, by that group's id.
    if [ -n "$session_group" ]; then kill -TERM -- "-$session_group" 2>/dev/null || true; fi
    if [ -z "${READMETEST_KEEP:-}" ]; then rm -rf "$work"; else echo "readme-test: kept $work"; fi
}
trap cleanup EXIT

# A free loopback port: a few random candidates, each refused by a connect attempt (bounded).
port=""
for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port="$candidate"; break; fi
done
[ -n "$port" ] || fail "found no free loopback port"

# The session: the README with every line outside a walkthrough block blanked, each block wrapped so that its
# output lands in out/N.txt. Line numbers stay the README's. blocks.tsv: N, README line of the fence, expectations.
awk -v out="$work/out" -v blocks="$work/blocks.tsv" '
    function fail(message) { print FILENAME ":" NR ": " message > "/dev/stderr"; failed = 1; exit 1 }
    BEGIN { n = 0; pending = 0; inside = 0; other = 0 }
    {
        line = $0
        if (inside) {
            if (line ~ /^```[ \t]*$/) {
                print "} >\"" out "/" n ".txt\" 2>&1; echo \"" n "\" >>\"" out "/done\""
                inside = 0
            } else {
                print line
            }
            next
        }
        if (other) {
            if (line ~ /^```/) other = 0
            print ""
            next
        }
        if (line ~ /^<!-- readme-test(:.*)? -->[ \t]*$/) {
            if (pending) fail("a readme-test marker without its ```bash block")
            expect = line
            sub(/^<!-- readme-test:?[ \t]*/, "", expect)
            sub(/[ \t]*-->[ \t]*$/, "", expect)
            pending = NR
            print ""
            next
        }
        if (line ~ /^```bash[ \t]*$/) {
            if (!pending || pending != NR - 1) fail("a ```bash block without a <!-- readme-test --> marker on the line before")
            n++
            pending = 0
            inside = 1
            printf "%d\t%d\t%s\n", n, NR, expect > blocks
            print "__readme_block=" n "; {"
            next
        }
        if (pending) fail("a readme-test marker not followed by a ```bash block")
        if (line ~ /^```/) other = 1
        print ""
    }
    END {
        if (failed) exit 1
        if (inside) fail("an unterminated ```bash block")
        if (pending) fail("a readme-test marker at the end of the file")
        if (n == 0) fail("no walkthrough blocks (```bash after <!-- readme-test -->)")
    }
' "$readme" >"$work/session.body" || fail "cannot read the walkthrough blocks of $readme"

# Line 1 of the README is its title, never code: the session loads the prelude there.
cat >"$work/prelude.sh" <<EOF
set -euo pipefail
trap 'status=\$?; echo "\$__readme_block	\$LINENO	\$status	\$BASH_COMMAND" >"$work/out/failure"' ERR
__readme_block=0
concur-extract() {
    if [ "\${1:-}" = sandbox ]; then
        # Lives until the walkthrough stops it (or the session ends); in the background, be the job itself.
        if [ "\$BASHPID" != "\$\$" ]; then exec "$bin" "\$@"; fi
        "$bin" "\$@" || return \$?
    else
        timeout $step_seconds "$bin" "\$@" || return \$?
    fi
}
# A failure returns from the function (set -e does not end the session inside it), so that the ERR trap names
# the README's line and command.
curl() { command curl --max-time $step_seconds "\$@" || return \$?; }
swift() {
    case "\$*" in
        build) ;;
        "build --show-bin-path") dirname "$bin" ;;
        *) echo "readme-test: only \\\`swift build [--show-bin-path]\\\` is mapped (to the built binary), not \\\`swift \$*\\\`" >&2; return 1 ;;
    esac
}
EOF
{ echo "source \"$work/prelude.sh\""; tail -n +2 "$work/session.body"; } >"$work/session.sh"

echo "readme-test: $(wc -l <"$work/blocks.tsv" | tr -d ' ') blocks of $readme, binary $bin, port $port"
started=$SECONDS
set +e
(
    cd "$work/walk"
    for name in $(compgen -e); do
        case "$name" in XDG_* | CONCUR_*) unset "$name" ;; esac
    done
    export HOME="$work/home" PORT="$port"
    exec timeout "$total_seconds" bash "$work/session.sh"
) &
session_group=$!
wait "$session_group"
status=$?
set -e
elapsed=$((SECONDS - started))

# Report each block: how it ended, and its expected texts.
failures=0
while IFS=$'\t' read -r n line expect; do
    output="$work/out/$n.txt"
    if ! grep -qx "$n" "$work/out/done" 2>/dev/null; then
        echo "block $n (README line $line): did not finish"
        failures=$((failures + 1))
        [ -f "$output" ] && sed 's/^/    | /' "$output"
        continue
    fi
    missing=()
    if [ -n "$expect" ]; then
        IFS='|' read -r -a wanted <<<"$expect"
        for text in "${wanted[@]}"; do
            text="$(echo "$text" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')"
            [ -z "$text" ] || grep -qF -- "$text" "$output" || missing+=("$text")
        done
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        echo "block $n (README line $line): its output lacks: $(printf "'%s' " "${missing[@]}")"
        sed 's/^/    | /' "$output"
        failures=$((failures + 1))
    else
        echo "block $n (README line $line): ok"
    fi
done <"$work/blocks.tsv"

if [ -f "$work/out/failure" ]; then
    IFS=$'\t' read -r n line code _ <"$work/out/failure"
    echo "readme-test: $(basename "$readme"):$line (block $n) exited $code: $(sed -n "${line}p" "$readme")"
elif [ "$status" -eq 124 ]; then
    echo "readme-test: the walkthrough ran past ${total_seconds}s and was stopped"
fi
if [ "$status" -ne 0 ] || [ "$failures" -ne 0 ]; then
    fail "FAILED (session exit $status, $failures block(s) wrong, ${elapsed}s)"
fi
echo "readme-test: passed in ${elapsed}s"
