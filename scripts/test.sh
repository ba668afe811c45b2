#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, builds with warnings as
# errors under AddressSanitizer/UBSan (build/ci), and runs every test: unit, e2e (agent <->
# webmks-sim), peer (VMware's WebMKS client in headless Chromium) and the format check; runs
# each fuzz target (clang, build/fuzz-smoke) for a few seconds (scripts/fuzz.sh; MKS_FUZZ_SECONDS=0
# skips that) and, as root, tests the Debian package (scripts/package-test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
seconds=${MKS_FUZZ_SECONDS:-5}
# Beside the tests, at the lowest CPU priority (the tests spend most of their time waiting on
# servers, guests and timeouts; this work takes that idle CPU): the fuzz targets built with
# clang and run a few seconds each, then the Debian package built, installed with apt and its
# demo played from the installed paths (as root only: it installs a package). Their output is
# printed after the tests. At that priority a fuzzer can wait seconds for a core while the tests
# run, and libFuzzer times an input by the wall clock: hence the long per-input timeout.
side_work() {
  local status=0
  if ((seconds > 0)); then
    scripts/fuzz.sh --unoptimised --input-timeout 120 --seconds "$seconds" >build/fuzz-smoke.log 2>&1 || status=1
  fi
  if [ "$(id -u)" = 0 ]; then
    scripts/package-test.sh >build/package-test.log 2>&1 || status=1
  else
    echo "package-test: skipped (it installs a package: run as root)" >build/package-test.log
  fi
  return "$status"
}
mkdir -p build
rm -f build/fuzz-smoke.log build/package-test.log
setsid nice -n 19 bash -c "$(declare -f side_work); seconds=$seconds; side_work" &
side=$!
# If the tests fail, the side work (its own process group) stops with this script.
trap '[ -z "$side" ] || kill -- "-$side" 2>/dev/null || true' EXIT
# Peers are required here: a missing chromium or node package fails instead of skipping.
# Two tests at a time: most of them wait far more than they compute.
MKS_REQUIRE_PEERS=1 ctest --preset ci -j2 "$@"
status=0
wait "$side" || status=$?
side=""
cat build/fuzz-smoke.log build/package-test.log 2>/dev/null || true
exit "$status"
