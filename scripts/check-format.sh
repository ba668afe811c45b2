#!/usr/bin/env bash
# Fails when a C++ file differs from what clang-format makes of it (config: .clang-format).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.h' '*.cpp' 2>/dev/null || find . -name '*.h' -o -name '*.cpp')
clang-format --dry-run --Werror "${files[@]}"
echo "format: ${#files[@]} files checked"
