#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, builds with warnings as
# errors under AddressSanitizer/UBSan (build/ci), and runs every test: unit, e2e (agent <->
# webmks-sim), peer (VMware's WebMKS client in headless Chromium) and the format check; and
# runs each fuzz target (clang, build/fuzz) for a few seconds (scripts/fuzz.sh;
# MKS_FUZZ_SECONDS=0 skips that).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
seconds=${MKS_FUZZ_SECONDS:-5}
fuzzing=""
if ((seconds > 0)); then
  # The fuzz targets build and run at the lowest CPU priority while the tests run: the tests
  # spend most of their time waiting on servers, guests and timeouts, and the fuzzing takes
  # that idle CPU. Its table is printed after the tests.
  mkdir -p build
  setsid nice -n 19 scripts/fuzz.sh --seconds "$seconds" >build/fuzz-smoke.log 2>&1 &
  fuzzing=$!
  # If the tests fail, the fuzzing (its own process group) stops with this script.
  trap '[ -z "$fuzzing" ] || kill -- "-$fuzzing" 2>/dev/null || true' EXIT
fi
# Peers are required here: a missing chromium or node package fails instead of skipping.
# Two tests at a time: most of them wait far more than they compute.
MKS_REQUIRE_PEERS=1 ctest --preset ci -j2 "$@"
if [ -n "$fuzzing" ]; then
  status=0
  wait "$fuzzing" || status=$?
  fuzzing=""
  cat build/fuzz-smoke.log
  exit "$status"
fi
