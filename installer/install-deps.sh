#!/usr/bin/env bash
# Installs every Debian package that building and testing Sightline needs; `--bench` adds
# the benchmarks' reference tools, `--fixtures` also what regenerating the fixtures needs.
# Idempotent: packages already present are not touched, and apt is only asked when
# something is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang-format
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev libgl-dev
  libqcustomplot-dev libqcustomplot2.1-qt6
  libprotobuf-dev protobuf-compiler
  libsqlite3-dev sqlite3
  libzstd-dev zlib1g-dev libdeflate-dev
  libsimdjson-dev
  libcpp-httplib-dev
  libgrpc++-dev protobuf-compiler-grpc
  xvfb xauth fonts-dejavu-core imagemagick
  # CJK service, span and metric names must render (and, for the PDF report, embed): Noto
  # Sans/Serif CJK, which fontconfig falls back to for the glyphs DejaVu lacks.
  fonts-noto-cjk
  # The review report's checks: its HTML in headless Chromium (--dump-dom: the hostile names
  # made no element), its PDF with poppler's pdftotext, pdffonts, pdfimages and pdfdetach.
  chromium poppler-utils
)

# `--bench`: the benchmarks' reference tools: `go tool pprof` (bench/top_vs_pprof.sh),
# pprof's Go package for the large-profile generator (bench/make_large_profile) and promtool
# (bench/parse_vs_promtool.sh). Not installed by default: building and testing need none of
# them, and the prometheus package registers a service (where neither policy-rc.d nor a
# missing systemd stops it, it starts a server on :9090).
if [ "${1:-}" = "--bench" ] || [ "${1:-}" = "--fixtures" ]; then
  packages+=(golang-go golang-github-google-pprof-dev prometheus)
fi

# `--fixtures`: also what regenerating the test fixtures (tests/data/*/generate.sh) and the
# demo data (resources/demo/generator/generate.sh) needs: node_exporter, the Go client
# library and expfmt parser (GOPATH mode), the Python OpenMetrics parser, and the
# code-quality tools of tests/data/debt-shop (staticcheck, cloc, faketime to freeze the
# timestamps they write). The tests and installer/run.sh use the committed outputs.
# (Node 20 + npm is not a Debian package here.)
if [ "${1:-}" = "--fixtures" ]; then
  packages+=(
    prometheus-node-exporter
    golang-github-prometheus-client-golang-dev golang-github-prometheus-common-dev
    python3-prometheus-client
    go-staticcheck cloc faketime git
  )
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
