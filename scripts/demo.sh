#!/usr/bin/env bash
# Quick start: installs what is missing, builds (build/release/bin), starts the built-in
# simulated console (webmks-sim: WebMKS over TLS with a one-shot ticket) and has mksagent
# connect to it — pinning the simulator's certificate thumbprint — and write a screenshot.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
bin=build/release/bin
out=${1:-demo-output}
mkdir -p "$out"

coproc SIM { exec "$bin/webmks-sim"; }
trap 'kill "$SIM_PID" 2>/dev/null || true' EXIT
read -r -t 10 ready <&"${SIM[0]}" || { echo "demo: webmks-sim did not start" >&2; exit 1; }
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" <<<"$ready"; }
url=$(field url)
thumbprint=$(field thumbprint_sha256)

"$bin/mksagent" screenshot "$url" --thumbprint "$thumbprint" -o "$out/console.png" -v
echo "demo: wrote $out/console.png"
