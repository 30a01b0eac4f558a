#!/usr/bin/env bash
# Builds the .deb from a configured build folder and checks it as a user's machine would see it:
# its file list, that apt can resolve every dependency, and that the programs run from the
# unpacked files (resources found from the installed layout, not the source tree).
#   packaging/check-package.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

(cd "$build" && cpack -G DEB -B "$scratch/out" >/dev/null)
deb=$(ls "$scratch"/out/transferlab_*.deb)
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

listing=$(dpkg-deb -c "$deb")
for path in ./usr/bin/transferlab-cli ./usr/bin/transferlab \
            ./usr/share/transferlab/lesson/mini_vgg-shapes60.pth ./usr/share/transferlab/imagenet_labels.txt \
            ./usr/share/transferlab/presets/1-scratch.json ./usr/share/applications/transferlab.desktop \
            ./usr/share/metainfo/transferlab.metainfo.xml ./usr/share/icons/hicolor/scalable/apps/transferlab.svg; do
  grep -q " $path\$" <<<"$listing" || { echo "missing from the package: $path" >&2; exit 1; }
done
echo "depends: $(dpkg-deb -f "$deb" Depends)"

# Every dependency resolves against the configured apt sources (nothing is installed).
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get install -s -q "$deb" >"$scratch/apt.log" 2>&1 || { cat "$scratch/apt.log" >&2; exit 1; }

# The unpacked programs find their resources under <prefix>/share/transferlab.
dpkg-deb -x "$deb" "$scratch/root"
"$scratch/root/usr/bin/transferlab-cli" --version
"$scratch/root/usr/bin/transferlab" --version
"$scratch/root/usr/bin/transferlab-cli" lesson --quick --dir "$scratch/lesson" --threads 2 | tail -9
echo "package checks passed"
