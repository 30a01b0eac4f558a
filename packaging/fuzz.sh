#!/usr/bin/env bash
# Builds the libFuzzer targets of the file parsers (clang, ASan + UBSan; tests/fuzz/) and runs
# each for a bounded time on its seed corpus. Exits non-zero when a target crashes, leaks, hangs
# (over 10 s on one input) or goes over 2 GiB; the input that did it lands in
# $build/artifacts/<target>/ (rerun it: $build/tests/fuzz/<target> FILE).
#   packaging/fuzz.sh [SECONDS_PER_TARGET]     default 8: about a minute for the seven targets
set -euo pipefail
seconds=${1:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TRANSFERLAB_FUZZ_BUILD_DIR:-$root/build-fuzz}

mkdir -p "$build"
# -gline-tables-only: file and line in a crash's stack trace without full debug info's build time.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS=-gline-tables-only -DTRANSFERLAB_FUZZ=ON \
  -DBUILD_TESTING=OFF -DTRANSFERLAB_BUILD_UI=OFF > "$build/configure.log" || { cat "$build/configure.log"; exit 1; }
cmake --build "$build" --target transferlab_fuzzers

failed=0
summary=()
for corpus in "$root"/tests/fuzz/corpus/*/; do
  target=$(basename "$corpus")
  work="$build/corpus/$target"       # what the run finds stays here, out of the repository
  artifacts="$build/artifacts/$target/"
  mkdir -p "$work" "$artifacts"
  log="$build/$target.log"
  asan=""
  # HDF5 asks malloc for whatever a damaged header declares (terabytes) and copes when it gets
  # nothing, as it does from glibc; ASan's default is to stop the process instead.
  [ "$target" = fuzz_keras_weights ] && asan="allocator_may_return_null=1"
  # One thread per target: a fuzzer's own parsers must not race the next one for the 2 cores.
  if OMP_NUM_THREADS=1 ASAN_OPTIONS="$asan" LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan.supp" "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts" "$work" "$corpus" > "$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    summary+=("$target: ${runs:-?} inputs in ${seconds} s, no failure")
  else
    failed=1
    summary+=("$target: FAILED (see $log and $artifacts)")
    grep -E "ERROR|SUMMARY|runtime error" "$log" | head -5 || true
  fi
done
printf '%s\n' "${summary[@]}"
exit $failed
