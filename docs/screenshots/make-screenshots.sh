#!/usr/bin/env bash
# Regenerates docs/screenshots/traces.png and waterfall.png from the demo data set,
# flame.png, sandwich.png, diff.png and diff-sandwich.png from the Go pprof fixtures in
# tests/data/go-pprof, and
# metrics.png, metrics-histogram.png and red.png from the prom-client scrapes in
# tests/data/prometheus/prom-client.
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
# with the first), also as callers/callees.
pprof="$root/tests/data/go-pprof"
echo "make-screenshots.sh: flame.png" >&2
"$binary" --screenshot "$out/flame.png" --view flame "$pprof/cpu.pb.gz"
echo "make-screenshots.sh: sandwich.png" >&2
"$binary" --screenshot "$out/sandwich.png" --view sandwich "$pprof/cpu.pb.gz"
echo "make-screenshots.sh: diff.png" >&2
"$binary" --screenshot "$out/diff.png" --view diff "$pprof/cpu_before.pb.gz" "$pprof/cpu_after.pb.gz"
echo "make-screenshots.sh: diff-sandwich.png" >&2
"$binary" --screenshot "$out/diff-sandwich.png" --view diff-sandwich "$pprof/cpu_before.pb.gz" \
  "$pprof/cpu_after.pb.gz"

# Metrics: four scrapes of the prom-client shop (the fourth after a restart). A file's
# snapshot time is its modification time and git keeps none, so copies get the times the
# scrapes were rendered at (snapshot-times.json).
prom="$root/tests/data/prometheus/prom-client"
scrapes="$(mktemp -d)"
trap 'rm -rf "$scrapes"' EXIT
metric_inputs=()
for k in 1 2 3 4; do
  ms="$(grep -o "\"snapshot-$k\": *[0-9]*" "$prom/snapshot-times.json" | grep -o '[0-9]*$')"
  cp "$prom/snapshot-$k.prom" "$scrapes/"
  touch -d "@$((ms / 1000)).$(printf '%03d' $((ms % 1000)))" "$scrapes/snapshot-$k.prom"
  metric_inputs+=("$scrapes/snapshot-$k.prom")
done
for view in metrics metrics-histogram red; do
  echo "make-screenshots.sh: $view.png" >&2
  "$binary" --screenshot "$out/$view.png" --view "$view" "${metric_inputs[@]}"
done
echo "make-screenshots.sh: wrote traces, waterfall, flame, sandwich, diff, diff-sandwich, metrics," \
  "metrics-histogram and red .png in $out" >&2
