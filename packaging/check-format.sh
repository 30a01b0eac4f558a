#!/usr/bin/env bash
# Checks that every C++ file of the project follows .clang-format (Debian's clang-format).
#   packaging/check-format.sh          check; lists the files that differ and exits 1 if any
#   packaging/check-format.sh --fix    rewrite those files in place
# Run by the test suite (ctest -R format) and so by CI.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
formatter=${CLANG_FORMAT:-clang-format}
command -v "$formatter" >/dev/null || { echo "clang-format not found (apt-get install clang-format)" >&2; exit 2; }

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h')
else
  mapfile -t files < <(find app cli core tests ui -name '*.cpp' -o -name '*.h' | sort)
fi

if [ "${1:-}" = --fix ]; then
  "$formatter" -i "${files[@]}"
  exit 0
fi

unformatted=()
for file in "${files[@]}"; do
  [ -f "$file" ] || continue
  "$formatter" --dry-run -Werror "$file" >/dev/null 2>&1 || unformatted+=("$file")
done
if [ ${#unformatted[@]} -gt 0 ]; then
  echo "${#unformatted[@]} file(s) do not follow .clang-format:" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  echo "fix with: bash packaging/check-format.sh --fix" >&2
  exit 1
fi
echo "all ${#files[@]} C++ files follow .clang-format"
