#!/usr/bin/env bash
# Installs everything mksagent needs on Debian 12 (run as root): the build toolchain, the
# libraries, and what the tests' real peers need (Debian's chromium, node packages pinned by
# tests/peer/wmks-client/package-lock.json). Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # build
  g++ cmake ninja-build pkg-config git clang-format
  # libraries
  libboost1.81-dev libssl-dev libpng-dev libjpeg62-turbo-dev libturbojpeg0-dev zlib1g-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev liblua5.4-dev
  libtesseract-dev tesseract-ocr-eng
  libcli11-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev
  # console fonts the simulator draws with and the text reader knows
  console-setup-linux
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
  # vCenter tickets: libxml2 reads vSphere's SOAP replies; govmomi's vCenter
  # simulator is built offline from Debian's Go packages (tests/peers/vcsim)
  libxml2-dev golang-go golang-github-vmware-govmomi-dev
  # sweep shards run as a real Slurm job array in the peer tests: tests/peers/start-slurm.sh
  # starts Debian's controller and node daemons (own ports, state and munge key) for a test
  slurmctld slurmd slurm-client munge
  # run --junit files are read by a real consumer (junitparser) and checked with xmllint
  python3-junitparser libxml2-utils
)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

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

# Node packages of the WebMKS client peer (no browser download: playwright-core drives
# /usr/bin/chromium).
peer=tests/peer/wmks-client
if [ -f "$peer/package-lock.json" ]; then
  stamp="$peer/node_modules/.mks-lock-stamp"
  if ! cmp -s "$peer/package-lock.json" "$stamp" 2>/dev/null; then
    echo "install-deps: npm ci in $peer" >&2
    (cd "$peer" && npm ci --no-audit --no-fund --loglevel=error >&2)
    cp "$peer/package-lock.json" "$stamp"
  fi
fi
