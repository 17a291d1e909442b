#!/usr/bin/env bash
# Installs dependencies, builds a Release Sightline and starts it. With no arguments it
# opens the bundled demo data (resources/demo/: traces, profiles and metric snapshots of
# one story) in a scratch workspace.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

bash "$root/installer/install-deps.sh"

build_dir="$root/build-release"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSIGHTLINE_BUILD_TESTS=OFF -DSIGHTLINE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)" --target sightline

if [ $# -eq 0 ]; then
  mapfile -t files < <(bash "$root/installer/demo-files.sh")
  exec "$build_dir/app/sightline" "${files[@]}"
fi
exec "$build_dir/app/sightline" "$@"
