#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, builds with warnings as
# errors under AddressSanitizer/UBSan (build/ci), and runs every test: unit, e2e (agent <->
# webmks-sim), peer (VMware's WebMKS client in headless Chromium) and the format check; then
# runs each fuzz target (clang, build/fuzz) for a few seconds (scripts/fuzz.sh;
# MKS_FUZZ_SECONDS=0 skips that).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
seconds=${MKS_FUZZ_SECONDS:-5}
fuzz_build=""
if ((seconds > 0)); then
  # The fuzz targets build at the lowest CPU priority while the tests run: much of the tests'
  # time is spent waiting on servers, guests and timeouts, and the build takes that idle CPU.
  mkdir -p build
  setsid nice -n 19 bash -c 'cmake --preset fuzz >/dev/null && cmake --build --preset fuzz' \
    >build/fuzz-build.log 2>&1 &
  fuzz_build=$!
  # If the tests fail, the build (its own process group) stops with this script.
  trap '[ -z "$fuzz_build" ] || kill -- "-$fuzz_build" 2>/dev/null || true' EXIT
fi
# Peers are required here: a missing chromium or node package fails instead of skipping.
MKS_REQUIRE_PEERS=1 ctest --preset ci "$@"
if [ -n "$fuzz_build" ]; then
  wait "$fuzz_build" || { cat build/fuzz-build.log; echo "test.sh: the fuzz build failed" >&2; exit 1; }
  fuzz_build=""
  scripts/fuzz.sh --seconds "$seconds"
fi
