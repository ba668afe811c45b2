#!/usr/bin/env bash
# Installs everything mksagent needs on Debian 12 (run as root): the build toolchain, the
# libraries, and what the tests' real peers need (Debian's chromium, node packages pinned by
# tests/peer/wmks-client/package-lock.json). Safe to run again: it only installs what is missing.
#   scripts/install-deps.sh           everything (the tests and their peers)
#   scripts/install-deps.sh --build   only what building and running the programs needs (demo)
set -euo pipefail
cd "$(dirname "$0")/.."

build_packages=(
  g++ cmake ninja-build pkg-config
  # libraries (FFmpeg, tesseract and libxml2 are opened only by the commands that use them)
  libboost1.81-dev libssl-dev libpng-dev libjpeg62-turbo-dev libturbojpeg0-dev zlib1g-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev liblua5.4-dev
  libtesseract-dev tesseract-ocr-eng libxml2-dev
  libcli11-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  # console fonts the simulator draws with and the text reader knows
  console-setup-linux
)
packages=(
  "${build_packages[@]}"
  git clang-format libgtest-dev libgmock-dev
  # the Debian package: cpack's dpkg-shlibdeps
  dpkg-dev
  # peers: VMware's WebMKS client runs in Debian's chromium
  chromium
  # recordings are checked with FFmpeg's own ffprobe/ffmpeg, signatures with openssl
  ffmpeg openssl
  # peers: real VNC servers (tests/peers/, docs/peers.md). QEMU boots a guest ISO built from
  # GRUB, the Debian kernel and busybox; TigerVNC's Xvnc serves an xterm (Terminus font, which
  # the text reader knows), websockify puts it on WebSocket; vncsnapshot is the yardstick.
  qemu-system-x86 grub-pc-bin grub-common xorriso mtools busybox-static linux-image-amd64 cpio
  tigervnc-standalone-server tigervnc-tools websockify xterm xfonts-base xfonts-terminus
  seabios vncsnapshot iproute2
  # coverage-guided fuzzing (scripts/fuzz.sh): libFuzzer and the sanitizers of Debian's clang
  clang-14 libclang-rt-14-dev llvm-14
  # govmomi's vCenter simulator is built offline from Debian's Go packages (tests/peers/vcsim)
  golang-go golang-github-vmware-govmomi-dev
  # sweep shards run as a real Slurm job array in the peer tests: tests/peers/start-slurm.sh
  # starts Debian's controller and node daemons (own ports, state and munge key) for a test
  slurmctld slurmd slurm-client munge
  # run --junit files are read by a real consumer (junitparser) and checked with xmllint
  python3-junitparser libxml2-utils
)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
only_build=false
case "${1:-}" in
  --build) only_build=true; packages=("${build_packages[@]}") ;;
  "") ;;
  *) echo "install-deps.sh: unknown option $1 (--build or nothing)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "install-deps: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    "${missing[@]}" >&2
fi

$only_build && exit 0

# Node packages pinned by their package-lock.json: the WebMKS client peer (no browser
# download: playwright-core drives /usr/bin/chromium), and Jenkins' JUnit schema that
# run --junit files are validated against.
for peer in tests/peer/wmks-client tests/peer/junit-schema; do
  [ -f "$peer/package-lock.json" ] || continue
  stamp="$peer/node_modules/.mks-lock-stamp"
  if ! cmp -s "$peer/package-lock.json" "$stamp" 2>/dev/null; then
    echo "install-deps: npm ci in $peer" >&2
    (cd "$peer" && npm ci --legacy-peer-deps --no-audit --no-fund --loglevel=error >&2)
    cp "$peer/package-lock.json" "$stamp"
  fi
done
