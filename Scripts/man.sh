#!/usr/bin/env bash
# Scripts/man.sh [OUTPUT_DIR]: the man page of concur-extract, generated from its commands by swift-argument-parser's
# generate-manual plugin (no hand-written page to drift): OUTPUT_DIR/concur-extract.1 (default .build/man), one
# page with a section per subcommand. Read it with `man OUTPUT_DIR/concur-extract.1`; install it with
# `install -m 0644 OUTPUT_DIR/concur-extract.1 /usr/local/share/man/man1/`.
#
# The plugin builds the package's products (debug by default; MAN_CONFIGURATION=release for a release page), runs
# `concur-extract --experimental-dump-help` and formats the result; it needs no network once the dependencies are
# resolved. `swift test` checks the dump it reads (ManualPageTests), so a broken command tree fails CI without
# building the plugin there.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.build/man}"
configuration="${MAN_CONFIGURATION:-debug}"
mkdir -p "$out"
swift package generate-manual --configuration "$configuration" --authors "concur-extract contributors"
page="$(find .build/plugins -path '*GenerateManual*' -name 'concur-extract.1' -print | head -n 1)"
[ -n "$page" ] || { echo "man: the plugin wrote no concur-extract.1 under .build/plugins" >&2; exit 1; }
install -m 0644 "$page" "$out/concur-extract.1"
echo "man: $out/concur-extract.1 ($(wc -l <"$out/concur-extract.1") lines)"
