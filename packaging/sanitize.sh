#!/usr/bin/env bash
# Builds core, the command line and their tests with AddressSanitizer + UndefinedBehaviorSanitizer
# (the window is left out: Qt's own code is not instrumented) and runs every test under them.
# Any memory error or undefined behaviour ends the test that met it, which then fails. Leak checks
# are off: LibTorch keeps allocations for the life of the process. About 25 minutes to build and
# 12 to test on 2 cores; too long for CI beside the release build (docs/reliability.md).
#   packaging/sanitize.sh [CTEST_ARGS...]      e.g. -R DataParallel
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TRANSFERLAB_SANITIZE_BUILD_DIR:-$root/build-asan}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRANSFERLAB_SANITIZE=ON \
  -DTRANSFERLAB_BUILD_UI=OFF > /dev/null
cmake --build "$build"
cd "$build"
ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest -j2 --timeout 900 --output-on-failure "$@"
