#!/usr/bin/env bash
# Installs dependencies, builds Sightline (warnings are errors) and runs the test suites.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash installer/install-deps.sh

build_dir=${SIGHTLINE_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIGHTLINE_WERROR=ON
cmake --build "$build_dir" --parallel "$(nproc)"
cd "$build_dir"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel "$(nproc)"
