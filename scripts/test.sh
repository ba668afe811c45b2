#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, builds with warnings as
# errors under AddressSanitizer/UBSan (build/ci), and runs every test: unit, e2e (agent <->
# webmks-sim), peer (VMware's WebMKS client in headless Chromium) and the format check; then
# builds the fuzz targets with clang (build/fuzz) and runs each for a few seconds
# (scripts/fuzz.sh; MKS_FUZZ_SECONDS=0 skips that).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
# Peers are required here: a missing chromium or node package fails instead of skipping.
MKS_REQUIRE_PEERS=1 ctest --preset ci "$@"
seconds=${MKS_FUZZ_SECONDS:-5}
if ((seconds > 0)); then
  scripts/fuzz.sh --seconds "$seconds"
fi
