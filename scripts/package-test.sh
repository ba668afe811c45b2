#!/usr/bin/env bash
# Builds the Debian package (release build, cpack) and tests it as a user gets it: installs it
# with apt on this machine (as root), plays the shipped demo runbook from the installed paths,
# checks its folder and the man page, then removes the package. Prints the package's size and
# the install and demo times.
#   scripts/package-test.sh             build/package: the release preset, programs only
#   scripts/package-test.sh --keep      leave the package installed
set -euo pipefail
cd "$(dirname "$0")/.."
keep=false
case "${1:-}" in
  --keep) keep=true ;;
  "") ;;
  *) echo "package-test.sh: unknown option $1 (--keep or nothing)" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "package-test.sh: installs a package, run it as root" >&2; exit 2; }

build=build/package
cmake --preset release -B "$build" >/dev/null
# The release build must be warning-free with the warnings the ci preset turns on.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cmake --build "$build" --target mksagent webmks-sim man_page 2>&1 | tee "$log" | grep -v '^\[' || true
if grep -q 'warning:' "$log"; then
  echo "package-test: the release build has compiler warnings (above)" >&2
  exit 1
fi
rm -f "$build"/mksagent_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/mksagent_*.deb)
echo "package-test: $deb, $(du -k "$deb" | cut -f1) KiB"
dpkg-deb --field "$deb" Depends

start=$(date +%s.%N)
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "./$deb" >/dev/null
installed=$(date +%s.%N)
$keep || trap 'rm -f "$log"; DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq mksagent >/dev/null' EXIT

out=$(mktemp -d)
(cd / && mksagent run /usr/share/mksagent/scenarios/demo.lua --out "$out/demo" --record session.mp4)
done_at=$(date +%s.%N)
mksagent verify "$out/demo"
for file in 01-firmware.png 04-recovered.png session.mp4 events.jsonl report.html manifest.json; do
  [ -s "$out/demo/$file" ] || { echo "package-test: the demo left no $file" >&2; exit 1; }
done
[ "$(command -v mksagent)" = /usr/bin/mksagent ] && [ -x /usr/bin/webmks-sim ]
zcat /usr/share/man/man1/mksagent.1.gz | grep -q '^\.SS mksagent sweep'
mksagent --version
rm -rf "$out"
awk -v a="$start" -v b="$installed" -v c="$done_at" \
  'BEGIN { printf "package-test: apt install %.1f s, then the demo from the installed paths %.1f s\n", b - a, c - b }'
