#!/usr/bin/env bash
# Scripts/docs.sh [OUTPUT_DIR]: the DocC documentation of every library module (README, "Development").
#
# Runs swift-docc-plugin once for all library modules (one symbol-graph build), writing OUTPUT_DIR/MODULE.doccarchive
# (default OUTPUT_DIR: .build/docs), each built from the module's doc comments and its catalog
# Sources/MODULE/MODULE.docc (landing page and a getting-started article) and ready for static hosting: serve
# OUTPUT_DIR and open /MODULE.doccarchive/documentation/MODULE/ (e.g. `python3 -m http.server -d OUTPUT_DIR`;
# Xcode opens an archive too). Prints each warning (an unresolved ``symbol`` link, a missing parameter, …)
# once, then
#
#   docs: M modules, W DocC warnings (C compiler, P package-manager warnings besides), SIZE in OUTPUT_DIR
#
# and exits 1 when the generation fails, or when DOCS_STRICT=1 and DocC warned; the whole output is kept in
# OUTPUT_DIR/generate-documentation.log. Bounded and non-interactive: the run is stopped after DOCS_TIMEOUT seconds
# (default 2400). DOCS_MODULES="A B" limits it to some modules. `swift package generate-documentation` (all targets, executables too) works as well.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.build/docs}"
timeout_seconds="${DOCS_TIMEOUT:-2400}"
case "$timeout_seconds" in '' | *[!0-9]*) echo "DOCS_TIMEOUT must be a number of seconds" >&2; exit 2 ;; esac
read -r -a modules <<<"${DOCS_MODULES:-AccountingExtract ExtractAPI FinancialIntegrationAPI ExtractClient ExtractSandbox ExtractSync Ledger EmbeddedSQLite DecoderFuzzing ExtractConfiguration ExtractTesting}"
for module in "${modules[@]}"; do
  [ -d "Sources/$module/$module.docc" ] || { echo "no catalog Sources/$module/$module.docc" >&2; exit 2; }
done

# The plugin may write only where it is allowed to, and resolves paths from elsewhere: an absolute path.
mkdir -p "$out"
out="$(cd "$out" && pwd)"
log="$out/generate-documentation.log"

targets=()
for module in "${modules[@]}"; do targets+=(--target "$module"); done
# One module: the plugin writes the archive's content to --output-path itself, so name the archive there.
destination="$out"
[ ${#modules[@]} -eq 1 ] && destination="$out/${modules[0]}.doccarchive"
status=0
timeout --kill-after=30 "$timeout_seconds" \
  swift package --allow-writing-to-directory "$out" generate-documentation "${targets[@]}" --output-path "$destination" \
  </dev/null >"$log" 2>&1 || status=$?

# Each warning once, however often it is repeated: DocC's (`warning: …` and the ` --> file:line` after it), the
# compiler's while it builds the symbol graphs (`file:line:col: warning: …`), and the package manager's about
# dependencies (`warning: 'package': …`), which are not about this documentation.
awk '
  /^warning: '"'"'[^'"'"']+'"'"': / { print "package\t" $0; pending = ""; next }
  /^warning: / { if (pending != "") print "docc\t" pending; pending = $0; next }
  /^ *--> / && pending != "" { sub(/^ *--> /, ""); print "docc\t" pending "  (" $0 ")"; pending = ""; next }
  /^[^ |].*:[0-9]+:[0-9]+: warning: / { print "compiler\t" $0; next }
  { if (pending != "") print "docc\t" pending; pending = "" }
  END { if (pending != "") print "docc\t" pending }
' "$log" | sort -u >"$log.warnings"
count() { grep -c "^$1	" "$log.warnings" || true; }
docc="$(count docc)"
compiler="$(count compiler)"
package="$(count package)"
cut -f2- "$log.warnings"
rm -f "$log.warnings"
if [ "$status" -ne 0 ]; then
  grep -E '(^|[: ])error: ' "$log" | sort -u || tail -20 "$log"
  [ "$status" -eq 124 ] && echo "docs: stopped after ${timeout_seconds} s (DOCS_TIMEOUT)" >&2
  echo "docs: generation failed (exit $status); the whole output is in $log" >&2
  exit 1
fi
archives="$(find "$out" -maxdepth 1 -name '*.doccarchive' | wc -l)"
echo "docs: $archives modules, $docc DocC warnings ($compiler compiler, $package package-manager warnings besides)," \
  "$(du -sh "$out" | cut -f1) in $out (log: $log)"
if [ "${DOCS_STRICT:-0}" = 1 ] && [ "$docc" -gt 0 ]; then exit 1; fi
