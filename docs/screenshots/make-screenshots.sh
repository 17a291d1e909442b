#!/usr/bin/env bash
# Regenerates the screenshots in docs/screenshots/ from the demo (resources/demo/, opened
# whole as installer/run.sh opens it): traces.png, heatmap.png (the slowest traces selected),
# waterfall.png (a checkout whose fraud check is slow, the fraud check selected), span-cpu.png
# (that span's CPU time in the profile), flame.png, sandwich.png, metrics.png,
# metrics-histogram.png, red.png, diagnosis.png (the findings, the first expanded),
# finding.png (the first finding with spans in its evidence, opened: its exemplar trace with
# those spans highlighted), compare.png (14:00–14:03 against 14:03–14:10), debt.png (the
# tech-debt heatmap, the hot red service expanded), debt-cost.png (cost × debt, its top cell's
# evidence) and debt-cell.png (the hot service's red code cell and its evidence). diff.png
# and diff-sandwich.png compare the Go pprof fixtures cpu_before/cpu_after in tests/data/go-pprof
# (the demo has one CPU profile).
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

mapfile -t demo < <(bash "$root/installer/demo-files.sh")

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# Text is rendered with fontconfig's fonts: fonts-dejavu-core (install-deps.sh) keeps the
# pictures the same between machines.

# The showcase of the waterfall and span-cpu views: a checkout with a slow fraud check, the
# first of the CPU-hot spans in resources/demo/planted.json.
trace=29ecf1222c9917b974f59497358607f0
span=2f15f4718305f375
shoot() {
  local view=$1
  shift
  echo "make-screenshots.sh: $view.png" >&2
  "$binary" --screenshot "$out/$view.png" --view "$view" "$@"
}

shoot traces "${demo[@]}"
shoot heatmap "${demo[@]}"
shoot waterfall --trace "$trace" --span "$span" "${demo[@]}"
shoot span-cpu --trace "$trace" --span "$span" "${demo[@]}"
for view in flame sandwich metrics metrics-histogram red diagnosis finding \
  debt debt-cost debt-cell; do
  shoot "$view" "${demo[@]}"
done
# Before/after: the first three minutes against the next seven, when payment's fraud check
# got slow (resources/demo/planted.json).
shoot compare --baseline 2026-11-20T14:00Z..2026-11-20T14:03Z \
  --target 2026-11-20T14:03Z..2026-11-20T14:10Z "${demo[@]}"

# Profiles compared: the "after" CPU profile against "before" (the diff view compares the
# second file with the first), also as callers/callees.
pprof="$root/tests/data/go-pprof"
shoot diff "$pprof/cpu_before.pb.gz" "$pprof/cpu_after.pb.gz"
shoot diff-sandwich "$pprof/cpu_before.pb.gz" "$pprof/cpu_after.pb.gz"
# The Live page while the demo's traces arrive over OTLP/HTTP (live-sender.py posts them in
# requests of 200 spans on a free loopback port; the GUI grabs once data arrived twice), with
# two scrape targets: Debian's node_exporter when installed (else its captured answer served
# by Python) and a port nothing listens on, which must show red.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
live_port=$(free_port)
scrape_port=$(free_port)
dead_port=$(free_port)
if command -v prometheus-node-exporter >/dev/null; then
  prometheus-node-exporter --web.listen-address="127.0.0.1:$scrape_port" >/dev/null 2>&1 &
  scrape_url="http://127.0.0.1:$scrape_port/metrics"
else
  python3 -m http.server --bind 127.0.0.1 --directory "$root/tests/data/live-targets" \
    "$scrape_port" >/dev/null 2>&1 &
  scrape_url="http://127.0.0.1:$scrape_port/node-exporter-text.body"
fi
target=$!
python3 "$root/docs/screenshots/live-sender.py" "$root/resources/demo/shop-traces.otlp.pb.gz" \
  "http://127.0.0.1:$live_port" --seconds 40 >/dev/null &
sender=$!
shoot live --live "127.0.0.1:$live_port" --scrape "$scrape_url,1s" \
  --scrape "http://127.0.0.1:$dead_port/metrics,1s"
kill "$sender" "$target" 2>/dev/null || true
wait "$sender" "$target" 2>/dev/null || true
echo "make-screenshots.sh: wrote traces, heatmap, waterfall, span-cpu, flame, sandwich, metrics," \
  "metrics-histogram, red, diagnosis, finding, debt, debt-cost, debt-cell, compare, diff and" \
  "diff-sandwich, live .png in $out" >&2

# The review report (HTML in Chromium, the PDF's pages): make-report-screenshots.sh.
bash "$root/docs/screenshots/make-report-screenshots.sh" "$binary"
