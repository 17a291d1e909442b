#!/usr/bin/env bash
# Installs every Debian package that building, testing and benchmarking Sightline needs
# (`--fixtures`: also what regenerating the test fixtures needs).
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
  xvfb xauth fonts-dejavu-core imagemagick
  # Benchmarks: `go tool pprof` (bench/top_vs_pprof.sh), pprof's Go package for the large
  # profile generator (bench/make_large_profile) and promtool
  # (bench/parse_vs_promtool.sh). The prometheus package registers a service; in a
  # container without systemd, policy-rc.d keeps it from starting.
  golang-go golang-github-google-pprof-dev prometheus
)

# Only for regenerating fixtures (tests/data/*/generate.sh): node_exporter, the Go client
# library and expfmt parser (GOPATH mode), the Python OpenMetrics
# parser. The tests use the committed outputs and need none of these.
if [ "${1:-}" = "--fixtures" ]; then
  packages+=(
    prometheus-node-exporter
    golang-github-prometheus-client-golang-dev golang-github-prometheus-common-dev
    python3-prometheus-client
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
