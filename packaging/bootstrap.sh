#!/usr/bin/env bash
# Sets up a Debian 12 machine for Transfer Lab, builds it (Release) and runs it.
#   packaging/bootstrap.sh demo   install what is missing, build, open the window on the lesson
#                                 (the command-line lesson and its table when there is no display)
#   packaging/bootstrap.sh test   install what is missing (test tools too), build, run every test
# Idempotent: installed packages and an existing build are reused.
set -euo pipefail
mode=${1:-demo}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TRANSFERLAB_BUILD_DIR:-$root/build}

packages=(cmake ninja-build g++ ccache pkg-config
          libtorch-dev libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev nlohmann-json3-dev
          # data-parallel training through c10d's Gloo process group
          libgloo-dev
          # Keras (.h5) weights files
          libhdf5-dev
          # the runs database (runs.sqlite); data sets inside zip archives (zlib)
          libsqlite3-dev zlib1g-dev
          # downloads of pretrained weights (HTTPS through OpenSSL)
          libcurl4-openssl-dev
          # the window: Qt 6 Widgets and Charts (Qt's CMake files need the OpenGL headers)
          qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev libqt6svg6
          # libtorch links libblas.so.3: OpenBLAS makes its dense layers ~40x faster than the reference BLAS
          libopenblas0-openmp)
if [ "$mode" = test ]; then
  # reference outputs and fixtures written by Python PyTorch, Keras-layout files by h5py; the
  # formatting check
  packages+=(libgtest-dev python3-torch python3-torchvision python3-h5py clang-format
             # the hot kernels' benchmark (tests/bench); the parsers' fuzzers (clang's libFuzzer)
             libbenchmark-dev clang libclang-rt-14-dev
             # the .deb package and its dependency check (dpkg-shlibdeps)
             dpkg-dev)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "installing: ${missing[*]}"
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

testing=OFF
[ "$mode" = test ] && testing=ON
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=$testing
cmake --build "$build"

case "$mode" in
  demo)
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ -n "${QT_QPA_PLATFORM:-}" ]; then
      exec "$build/app/transferlab"   # the window, on the lesson
    fi
    echo "no display found (DISPLAY is not set): running the command-line lesson instead of the window"
    exec "$build/app/transferlab-cli" lesson ;;
  test) exec ctest --test-dir "$build" --output-on-failure -j 2 ;;
  *) echo "usage: packaging/bootstrap.sh demo|test" >&2; exit 2 ;;
esac
