#!/usr/bin/env bash
# Regenerates the review report's screenshots in docs/screenshots/ from the demo's two runs
# (resources/demo/ and resources/demo/after/, as installer/run.sh opens them): the HTML
# report opened in headless Chromium — report-cover.png (cover, verdict and the before → after
# endpoint table), report-finding.png (the first finding card, gone after the change, with
# its exemplar trace), report-paths.png (the critical path per endpoint, before and after) and
# report-flame.png (the differential flame graph and its largest changes), report-health.png
# (service health over time, both runs on one time axis) and report-debt.png (the tech-debt
# heatmap) — and report-pdf.png, the PDF's first three pages rendered by pdftoppm; then
# report-export-dialog.png, the GUI's File › Export Report… on the same two runs before → after
# with its preview (the GUI's --screenshot run, offscreen unless QT_QPA_PLATFORM is set).
# Needs chromium, pdftoppm and ImageMagick (installer/install-deps.sh). Builds nothing.
#
#   docs/screenshots/make-report-screenshots.sh path/to/sightline
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/docs/screenshots"
binary="${1:?usage: make-report-screenshots.sh path/to/sightline}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mapfile -t demo < <(bash "$root/installer/demo-files.sh" --both)
"$binary" import --db "$work/demo.sightline" "${demo[@]}" >/dev/null
report() {
  "$binary" report --db "$work/demo.sightline" --baseline shop-traces.otlp.pb.gz \
    --target shop-after-traces.otlp.pb.gz --title "Shop: inventory 0.9.8 + payment 3.1.1" "$@"
}
browse() {
  local html=$1 png=$2 height=$3
  echo "make-report-screenshots.sh: $(basename "$png")" >&2
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/chromium" \
    --window-size="1200,$height" --screenshot="$png" "file://$html" >/dev/null 2>&1
}

report --out "$work/report.html" >/dev/null
browse "$work/report.html" "$out/report-cover.png" 1500
report --out "$work/findings.html" --sections findings >/dev/null
browse "$work/findings.html" "$out/report-finding.png" 1000
report --out "$work/paths.html" --sections paths >/dev/null
browse "$work/paths.html" "$out/report-paths.png" 900
report --out "$work/flame.html" --sections flame >/dev/null
browse "$work/flame.html" "$out/report-flame.png" 1050
report --out "$work/health.html" --sections health >/dev/null
browse "$work/health.html" "$out/report-health.png" 1600
report --out "$work/debt.html" --sections debt >/dev/null
browse "$work/debt.html" "$out/report-debt.png" 900

echo "make-report-screenshots.sh: report-pdf.png" >&2
report --out "$work/report.pdf" >/dev/null
pdftoppm -r 80 -png -f 1 -l 3 "$work/report.pdf" "$work/page"
montage "$work"/page-*.png -tile 3x1 -geometry +6+6 -background '#d0d4da' "$out/report-pdf.png"

echo "make-report-screenshots.sh: report-export-dialog.png" >&2
QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$binary" --screenshot "$out/report-export-dialog.png" \
  --view report-export --baseline shop-traces.otlp.pb.gz --target shop-after-traces.otlp.pb.gz \
  "${demo[@]}"
