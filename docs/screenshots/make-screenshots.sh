#!/usr/bin/env bash
# Regenerates docs/screenshots/traces.png and waterfall.png from the demo data set, and
# flame.png, sandwich.png and diff.png from the Go pprof fixtures in tests/data/go-pprof.
# Builds nothing: pass the sightline binary, or it uses build-release/app/sightline, then
# build/app/sightline. Runs offscreen unless QT_QPA_PLATFORM is set (e.g. under xvfb-run).
#
#   docs/screenshots/make-screenshots.sh [path/to/sightline]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/docs/screenshots"

binary="${1:-}"
if [[ -z "$binary" ]]; then
  for candidate in "$root/build-release/app/sightline" "$root/build/app/sightline"; do
    if [[ -x "$candidate" ]]; then
      binary="$candidate"
      break
    fi
  done
fi
if [[ -z "$binary" || ! -x "$binary" ]]; then
  echo "make-screenshots.sh: no sightline binary; build one or pass its path" >&2
  exit 2
fi

shopt -s nullglob
inputs=("$root"/resources/demo/*.otlp.pb.gz "$root"/resources/demo/*.otlp.pb "$root"/resources/demo/*.otlp.json*)
shopt -u nullglob
if [[ ${#inputs[@]} -eq 0 ]]; then
  echo "make-screenshots.sh: no demo inputs in resources/demo/" >&2
  exit 1
fi

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# Text is rendered with fontconfig's fonts: fonts-dejavu-core (install-deps.sh) keeps the
# pictures the same between machines.

for view in traces waterfall; do
  echo "make-screenshots.sh: $view.png" >&2
  "$binary" --screenshot "$out/$view.png" --view "$view" "${inputs[@]}"
done

# Profiles: the flame graph with the top table, the callers/callees of the hottest function,
# and the "after" CPU profile compared with "before" (the diff view compares the second file
# with the first).
pprof="$root/tests/data/go-pprof"
echo "make-screenshots.sh: flame.png" >&2
"$binary" --screenshot "$out/flame.png" --view flame "$pprof/cpu.pb.gz"
echo "make-screenshots.sh: sandwich.png" >&2
"$binary" --screenshot "$out/sandwich.png" --view sandwich "$pprof/cpu.pb.gz"
echo "make-screenshots.sh: diff.png" >&2
"$binary" --screenshot "$out/diff.png" --view diff "$pprof/cpu_before.pb.gz" "$pprof/cpu_after.pb.gz"
echo "make-screenshots.sh: wrote traces, waterfall, flame, sandwich and diff .png in $out" >&2
