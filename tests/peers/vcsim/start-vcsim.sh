#!/bin/bash
# start-vcsim.sh - govmomi vCenter simulator (VPX model: 1 DC, hosts, 4 powered-on VMs)
# on loopback, built offline from Debian's golang-github-vmware-govmomi-dev (0.24.2)
# plus the Go files beside this script, which add VirtualMachine.AcquireTicket ("mks", "webmks"),
# PutUsbScanCodes, CreateScreenshot_Task, /screen and -login/-deny (see main.go's header).
# For trying things by hand; the tests start the binary the build makes (build/*/bin/vcsim-ticket).
#
# Usage: start-vcsim.sh start  STATEDIR   build if needed, start (or report the running one)
#        start-vcsim.sh stop   STATEDIR   stop it (pid file STATEDIR/vcsim.pid)
#        start-vcsim.sh status STATEDIR   print the variables below, exit 1 if not running
# Environment (optional): VCSIM_PORT (default 8989), VCSIM_HTTP=1 (plain http),
#   MAX_RUNTIME (default 3600 s), and for the tickets returned by AcquireTicket:
#   TICKET_HOST (127.0.0.1), TICKET_PORT (443), TICKET_THUMBPRINT, TICKET_URL_PATH (/ticket/),
#   MKS_TICKET_HOST (TICKET_HOST), MKS_TICKET_PORT (902) and MKS_TICKET_THUMBPRINT for
#   AcquireTicket("mks"),
#   TICKET_TARGET_FILE (KEY=VALUE lines re-read per ticket, overriding the TICKET_* above)
#   TICKET_TOKEN_PREFIX=moref (tokens MOREF.HEX, for webmks-sim --fleet)
# Prints: VCSIM_URL=https://user:pass@127.0.0.1:PORT/sdk, VCSIM_PID=..., and
#   "VM <moref> <name> <state> <host> <cluster or -> <folder>" lines.
# Larger inventories (-dc, -cluster, -host, -standalone-host, -vm, -folder, -powered-off):
#   run the binary itself, see main.go; ~1,000 VMs start in about 2 s.
# Login accepts any non-empty user name and password (a second Login on the same
# session cookie is refused with InvalidLogin). SOAP example:
#   curl -sk -c cj -b cj -H 'Content-Type: text/xml' -H 'SOAPAction: urn:vim25/6.5' --data @login.xml https://127.0.0.1:8989/sdk
set -euo pipefail
CMD=${1:?usage: start-vcsim.sh start|stop|status STATEDIR}
STATE=${2:?usage: start-vcsim.sh start|stop|status STATEDIR}
HERE=$(dirname "$(readlink -f "$0")")
PORT=${VCSIM_PORT:-8989}
MAX_RUNTIME=${MAX_RUNTIME:-3600}
mkdir -p "$STATE"; STATE=$(readlink -f "$STATE")
PIDF="$STATE/vcsim.pid"
running() { [ -f "$PIDF" ] && kill -0 "$(cat "$PIDF")" 2>/dev/null; }
print_vars() { grep -E "^(VCSIM_URL=|VM )" "$STATE/vcsim.out" 2>/dev/null || true; echo "VCSIM_PID=$(cat "$PIDF" 2>/dev/null)"; }
case "$CMD" in
  status) print_vars; running; exit $? ;;
  stop) if running; then pid=$(cat "$PIDF"); kill -TERM -- "-$pid" 2>/dev/null || true
          for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
          kill -KILL -- "-$pid" 2>/dev/null || true; fi
        rm -f "$PIDF"; exit 0 ;;
  start) ;;
  *) echo "unknown command $CMD" >&2; exit 2 ;;
esac
if running; then print_vars; exit 0; fi

for p in golang-go golang-github-vmware-govmomi-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || { echo "$p is missing: run scripts/install-deps.sh" >&2; exit 1; }
done

BIN="$STATE/bin/vcsim-ticket"
if [ ! -x "$BIN" ] || [ -n "$(find "$HERE" -name "*.go" -newer "$BIN")" ]; then
  mkdir -p "$STATE/bin" "$STATE/gocache"
  (cd "$HERE" && GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS= \
     GOCACHE="$STATE/gocache" go build -o "$BIN" .) >&2
fi
if [ -n "$(ss -Hltn "sport = :$PORT")" ]; then echo "port 127.0.0.1:$PORT is already in use" >&2; exit 1; fi
args=(-listen "127.0.0.1:$PORT"); [ "${VCSIM_HTTP:-}" = 1 ] && args+=(-http)
setsid timeout -s KILL "$MAX_RUNTIME" "$BIN" "${args[@]}" > "$STATE/vcsim.out" 2>&1 < /dev/null &
echo $! > "$PIDF"
for _ in $(seq 100); do grep -q '^VCSIM_URL=' "$STATE/vcsim.out" 2>/dev/null && break; running || break; sleep 0.1; done
if ! grep -q '^VCSIM_URL=' "$STATE/vcsim.out"; then echo "vcsim failed:" >&2; cat "$STATE/vcsim.out" >&2; rm -f "$PIDF"; exit 1; fi
print_vars
