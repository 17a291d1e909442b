#!/usr/bin/env bash
# Installs dependencies, builds a Release Sightline and starts it. With no arguments it
# opens the bundled demo data in a scratch workspace: both runs of the shop, the recorded
# one first (resources/demo/: traces, profiles and metric snapshots of one story, and its
# services' code-quality inputs), then the after run with two bottlenecks fixed
# (resources/demo/after/), so that the Compare page can set one against the other.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

bash "$root/installer/install-deps.sh"

build_dir="$root/build-release"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSIGHTLINE_BUILD_TESTS=OFF -DSIGHTLINE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)" --target sightline

if [ $# -eq 0 ]; then
  mapfile -t files < <(bash "$root/installer/demo-files.sh" --both)
  exec "$build_dir/app/sightline" "${files[@]}"
fi
exec "$build_dir/app/sightline" "$@"
