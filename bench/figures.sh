#!/usr/bin/env bash
# Prints every figure of README.md's "Figures" table with its yardstick, in one run, so the
# table can be refreshed in one go. Builds the release preset's benchmarks and the programs
# they start (only those targets), runs each once, and prints under each README row the
# lines of output that give it. A row whose peer is missing (vcsim-ticket, ffmpeg, the QEMU
# guest) says so and is skipped; rows measured by tests or by long runs name the command.
# Whole outputs are kept in build/release/figures/. About 5 minutes on 2 busy cores.
#
# usage: bench/figures.sh [--no-build]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/release/bin
out=$root/build/release/figures
benchmarks=(mks-bench-codecs mks-bench-text-reader mks-bench-needle mks-bench-typing
  mks-bench-recording mks-bench-sweep mks-bench-api-path)
programs=(mksagent webmks-sim)

build() {
  cd "$root"
  [[ -f build/release/CMakeCache.txt ]] || cmake --preset release >/dev/null
  local targets=("${benchmarks[@]}" "${programs[@]}")
  if command -v go >/dev/null; then targets+=(vcsim-ticket); fi
  # Targets that CMake left out (a missing library) are skipped below, not fatal here.
  local known available=()
  known=$(cmake --build build/release --target help)
  for t in "${targets[@]}"; do
    if grep -q "^$t:" <<<"$known"; then available+=("$t"); fi
  done
  cmake --build build/release --target "${available[@]}" >"$out/build.txt" 2>&1 ||
    { tail -20 "$out/build.txt"; exit 1; }
}

row() { printf '\n| %s |\n' "$1"; }
skip() { printf '  skipped: %s\n' "$1"; }
# The lines of a saved output that match an extended regular expression, indented.
lines() { grep -E "$2" "$out/$1.txt" | sed 's/^ */  /' || printf '  (no line matched %s)\n' "$2"; }

# Runs a benchmark into $out/NAME.txt; false (after a skip line) if it is absent or fails.
run() {
  local name=$1
  shift
  if [[ ! -x $bin/$name ]]; then
    skip "$name was not built (a library or peer it needs is missing; see $out/build.txt)"
    return 1
  fi
  if ! "$bin/$name" "$@" >"$out/$name.txt" 2>&1; then
    skip "$name failed: $(tail -1 "$out/$name.txt")"
    return 1
  fi
}

codecs_rows() {
  echo "Running mks-bench-codecs..." >&2
  run mks-bench-codecs || return 0
  row "decode Raw, 1024×768 (mks-bench-codecs)"
  lines mks-bench-codecs '^  (memcpy|raw) '
  row "decode CopyRect (scroll by 16 lines)"
  lines mks-bench-codecs '^  copyrect'
  row "decode TightPNG fill, 64×64 tiles"
  lines mks-bench-codecs '^  tightpng-fill'
  row "decode TightPNG PNG, one rectangle"
  lines mks-bench-codecs '^  (plain libpng|tightpng-png) \(one'
  row "decode TightPNG PNG, 64×64 tiles"
  lines mks-bench-codecs '^  (plain libpng|tightpng-png) \(64x64'
  row "PNG screenshot encode, 1024×768 console"
  sed -n '/^PNG encode console/,/^PNG encode photo/p' "$out/mks-bench-codecs.txt" |
    grep '^  level' | sed 's/^ */  /'
}

# `mksagent screenshot -v` prints, on stderr, the time from TCP connect to the handshake
# done and then to the first full frame; five screenshots, one ticket each.
screenshot_row() {
  row "mksagent screenshot against webmks-sim (wss, loopback)"
  if [[ ! -x $bin/mksagent || ! -x $bin/webmks-sim ]]; then
    skip "mksagent or webmks-sim was not built"
    return 0
  fi
  local ready=$out/webmks-sim.ready
  "$bin/webmks-sim" --port 0 --tickets 5 >"$ready" 2>/dev/null &
  local sim=$!
  for _ in $(seq 50); do
    if grep -q '"ready"' "$ready"; then break; fi
    sleep 0.1
  done
  local urls
  urls=$(python3 -c 'import json,sys; print("\n".join(json.loads(sys.stdin.readline())["tickets"]))' <"$ready")
  : >"$out/screenshot.txt"
  for url in $urls; do
    "$bin/mksagent" screenshot "$url" --insecure -v -o "$out/screenshot.png" \
      >>"$out/screenshot.txt" 2>&1 || true
  done
  kill "$sim" 2>/dev/null || true
  wait "$sim" 2>/dev/null || true
  lines screenshot 'connected to|full frame'
}

startup_rows() {
  echo "Running bench/startup_bench.py..." >&2
  row "mksagent screenshot of the QEMU guest beside vncsnapshot; mksagent --version"
  if [[ ! -x $bin/mksagent || ! -x $bin/webmks-sim ]]; then
    skip "mksagent or webmks-sim was not built"
  elif ! command -v vncsnapshot >/dev/null || ! command -v qemu-system-x86_64 >/dev/null; then
    skip "vncsnapshot or QEMU is missing (scripts/install-deps.sh)"
  elif /usr/bin/python3 "$root/bench/startup_bench.py" --bin "$bin" >"$out/startup.txt" 2>&1; then
    sed 's/^ */  /' "$out/startup.txt"
  else
    skip "bench/startup_bench.py failed: $(tail -1 "$out/startup.txt")"
  fi
  row "Debian package (scripts/package-test.sh)"
  skip "installs a package: run scripts/package-test.sh as root (it prints its size and times)"
}

authd_row() {
  echo "Running bench/authd_bench.py..." >&2
  row "vcenter:// to a first-frame screenshot through the authentication daemon (?via=mks) beside WebMKS"
  if [[ ! -x $bin/vcsim-ticket ]]; then
    skip "vcsim-ticket was not built (needs golang-go and golang-github-vmware-govmomi-dev)"
  elif /usr/bin/python3 "$root/bench/authd_bench.py" --bin "$bin" >"$out/authd.txt" 2>&1; then
    sed 's/^ */  /' "$out/authd.txt"
  else
    skip "bench/authd_bench.py failed: $(tail -1 "$out/authd.txt")"
  fi
}

peer_rows() {
  row "scenarios/grub-recovery.lua on the QEMU guest"
  skip "a test, not a benchmark: ctest --test-dir build/ci -R qemu_guest (needs the QEMU guest image)"
  row "vcenter:// (vcsim → ticket → webmks-sim)"
  skip "a test, not a benchmark: tests/e2e/vcenter_reconnect_test.cpp (docs/vcenter.md)"
  echo "Running mks-bench-api-path..." >&2
  row "vSphere API path: vcsim → webmks-sim on loopback (mks-bench-api-path)"
  if [[ -x $bin/vcsim-ticket ]]; then
    if run mks-bench-api-path; then lines mks-bench-api-path 'median|keys/s'; fi
  else
    skip "vcsim-ticket was not built (needs golang-go and golang-github-vmware-govmomi-dev)"
  fi
}

screen_rows() {
  echo "Running mks-bench-text-reader and mks-bench-needle..." >&2
  row "read console text, 720×400 VGA text (mks-bench-text-reader)"
  if OMP_THREAD_LIMIT=1 run mks-bench-text-reader; then
    sed -n '/^720x400/,/^$/p' "$out/mks-bench-text-reader.txt" | grep '^  ' | sed 's/^ */  /'
    row "read console text, 1024×768 framebuffer console"
    sed -n '/^1024x768 framebuffer/,/^$/p' "$out/mks-bench-text-reader.txt" | grep '^  ' |
      sed 's/^ */  /'
  fi
  row "needle check, 200×50 area, margin 8, 1024×768 (mks-bench-needle)"
  if run mks-bench-needle; then
    sed -n '/^Cost on/,$p' "$out/mks-bench-needle.txt" | sed 's/^ */  /'
  fi
}

typing_row() {
  echo "Running mks-bench-typing..." >&2
  row "typing into webmks-sim (mks-bench-typing, 2,040 characters)"
  if run mks-bench-typing; then lines mks-bench-typing '^(delay|[0-9]+ ms )'; fi
}

recording_rows() {
  echo "Running mks-bench-recording (10 s per case)..." >&2
  row "recording, 1024×768 console and 1920×1080 screen (mks-bench-recording)"
  if ! command -v ffmpeg >/dev/null; then
    skip "ffmpeg is not installed (the yardstick is a plain ffmpeg on the same frames)"
    return 0
  fi
  if run mks-bench-recording 10; then lines mks-bench-recording '\|'; fi
}

sweep_rows() {
  echo "Running mks-bench-sweep (about 2 minutes)..." >&2
  row "mksagent sweep, 1,000 simulated consoles; RSS per held session (mks-bench-sweep)"
  if [[ ! -x $bin/vcsim-ticket ]]; then
    skip "vcsim-ticket was not built (needs golang-go and golang-github-vmware-govmomi-dev)"
    return 0
  fi
  run mks-bench-sweep --out "$out/sweep" || return 0
  grep -v '^mks-bench-sweep: outputs' "$out/mks-bench-sweep.txt" | sed 's/^ */  /'
}

long_rows() {
  row "sweep of 1,000 text consoles"
  skip "no benchmark prints it: a one-off sweep of login prompts (docs/fleet.md)"
  row "recording, SIGKILL 4 s into mksagent record"
  skip "a test, not a benchmark: the SIGKILL case of tests/e2e/recording_test.cpp"
  row "fuzzing, 17 targets × 5 min"
  skip "85 minutes: scripts/fuzz.sh"
  row "soak, 30 min (mks-bench-soak)"
  skip "30 minutes: build/release/bin/mks-bench-soak (docs/soak.md)"
}

mkdir -p "$out"
if [[ ${1:-} != --no-build ]]; then
  echo "Building the release benchmarks..." >&2
  build
fi
echo "Figures, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
codecs_rows
screenshot_row
startup_rows
authd_row
peer_rows
screen_rows
typing_row
recording_rows
sweep_rows
long_rows
