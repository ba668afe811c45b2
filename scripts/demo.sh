#!/usr/bin/env bash
# Quick start: installs what is missing, builds (build/release/bin) and plays the demo
# runbook (scenarios/demo.lua) against the built-in simulated PC: mksagent starts the
# simulator in its own process (WebMKS over TLS, a one-shot ticket, its certificate pinned),
# stops in the boot menu, fixes the kernel command line, logs in and checks the system.
# Screenshots, the video with the steps as captions, events.jsonl, report.html and
# manifest.json land in demo-output/.
set -euo pipefail
cd "$(dirname "$0")/.."
# Only what the demo needs: the build packages, and the one program (the tests and benchmarks
# are scripts/test.sh's).
scripts/install-deps.sh --build
cmake --preset release >/dev/null
cmake --build --preset release --target mksagent
out=${1:-demo-output}
build/release/bin/mksagent run scenarios/demo.lua --out "$out" --record session.mp4
echo "demo: in $out/: $(cd "$out" && ls | tr '\n' ' ')"
echo "demo: open $out/report.html in a browser; check the folder with: build/release/bin/mksagent verify $out"
