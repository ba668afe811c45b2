#!/bin/bash
# start-qemu-console.sh - run the test guest in QEMU (TCG) with a VNC console on
# loopback: plain RFB on 127.0.0.1:(5900+DISPLAY) and RFB-over-WebSocket on
# 127.0.0.1:WS_PORT. Serial console, HMP monitor and QMP are unix sockets.
#
# Usage: start-qemu-console.sh start  STATEDIR   start (or report the running one)
#        start-qemu-console.sh stop   STATEDIR   stop it (pid file STATEDIR/qemu.pid)
#        start-qemu-console.sh status STATEDIR   print the variables below, exit 1 if not running
# Environment (all optional):
#   VNC_DISPLAY   VNC display number, RFB port = 5900+N; "auto" (default) picks the
#                 first N in 50..99 whose RFB port and 5700+N are both free
#   WS_PORT       websocket port                             (default 5700+VNC_DISPLAY)
#   VNC_PASSWORD  if set, VNC auth (RFB security type 2) with this password (max 8 chars)
#   IMAGE         ISO to boot (default: STATEDIR/img/guest.iso, built by build-guest-image.sh)
#   MEM           guest memory (default 256M)
#   MAX_RUNTIME   seconds after which QEMU is killed anyway (default 3600)
#   EXTRA_QEMU_ARGS  appended to the QEMU command line (word-split)
# On start it prints shell-sourceable lines:
#   VNC_HOST VNC_PORT WS_PORT QEMU_PID MONITOR_SOCK QMP_SOCK SERIAL_SOCK SERIAL_LOG
# Monitor examples:  echo 'screendump /tmp/x.ppm' | socat - UNIX-CONNECT:$MONITOR_SOCK
#                    (or python3/nc -U); "sendkey ret", "system_reset", "quit".
set -euo pipefail

CMD=${1:?usage: start-qemu-console.sh start|stop|status STATEDIR}
STATE=${2:?usage: start-qemu-console.sh start|stop|status STATEDIR}
HERE=$(dirname "$(readlink -f "$0")")
MEM=${MEM:-256M}
MAX_RUNTIME=${MAX_RUNTIME:-3600}

port_busy() { [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }
pick_ports() {
  VNC_DISPLAY=${VNC_DISPLAY:-auto}
  if [ "$VNC_DISPLAY" = auto ]; then
    for n in $(seq 50 99); do
      if ! port_busy $((5900 + n)) && ! port_busy "${WS_PORT:-$((5700 + n))}"; then VNC_DISPLAY=$n; break; fi
    done
    [ "$VNC_DISPLAY" != auto ] || { echo "no free VNC display in 50..99" >&2; exit 1; }
  fi
  WS_PORT=${WS_PORT:-$((5700 + VNC_DISPLAY))}
  VNC_PORT=$((5900 + VNC_DISPLAY))
  for p in "$VNC_PORT" "$WS_PORT"; do
    if port_busy "$p"; then echo "port 127.0.0.1:$p is already in use" >&2; exit 1; fi
  done
}

mkdir -p "$STATE"
STATE=$(readlink -f "$STATE")
PIDF="$STATE/qemu.pid"

running() { [ -f "$PIDF" ] && kill -0 "$(cat "$PIDF")" 2>/dev/null; }

print_vars() {
  cat <<EOF
VNC_HOST=127.0.0.1
VNC_PORT=$(cat "$STATE/vnc_port" 2>/dev/null)
WS_PORT=$(cat "$STATE/ws_port" 2>/dev/null)
QEMU_PID=$(cat "$PIDF" 2>/dev/null)
MONITOR_SOCK=$STATE/monitor.sock
QMP_SOCK=$STATE/qmp.sock
SERIAL_SOCK=$STATE/serial.sock
SERIAL_LOG=$STATE/serial.log
EOF
}

case "$CMD" in
  status)
    print_vars; running; exit $? ;;
  stop)
    if running; then
      pid=$(cat "$PIDF"); kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDF"; exit 0 ;;
  start) ;;
  *) echo "unknown command $CMD" >&2; exit 2 ;;
esac

if running; then print_vars; exit 0; fi
pick_ports

command -v qemu-system-x86_64 >/dev/null || {
  echo "qemu-system-x86_64 not found (run scripts/install-deps.sh)" >&2; exit 1; }

IMAGE=${IMAGE:-$STATE/img/guest.iso}
if [ ! -f "$IMAGE" ] && [ "$IMAGE" = "$STATE/img/guest.iso" ]; then
  "$HERE/build-guest-image.sh" "$STATE/img" >&2
fi
[ -f "$IMAGE" ] || { echo "image $IMAGE not found" >&2; exit 1; }

VNC_OPT="127.0.0.1:$VNC_DISPLAY,websocket=127.0.0.1:$WS_PORT"
[ -n "${VNC_PASSWORD:-}" ] && VNC_OPT="$VNC_OPT,password=on"

rm -f "$STATE"/{monitor,qmp,serial}.sock "$STATE/serial.log" "$STATE/qemu.log"
echo "$VNC_PORT" > "$STATE/vnc_port"; echo "$WS_PORT" > "$STATE/ws_port"

# shellcheck disable=SC2086
setsid timeout -s KILL "$MAX_RUNTIME" qemu-system-x86_64 \
  -name peer-guest -accel tcg,tb-size=128 -machine pc -cpu qemu64 -smp 1 -m "$MEM" \
  -cdrom "$IMAGE" -boot d \
  -display none -vga std -vnc "$VNC_OPT" \
  -chardev "socket,id=ser0,path=$STATE/serial.sock,server=on,wait=off,logfile=$STATE/serial.log" \
  -serial chardev:ser0 \
  -monitor "unix:$STATE/monitor.sock,server=on,wait=off" \
  -qmp "unix:$STATE/qmp.sock,server=on,wait=off" \
  -pidfile "$PIDF" -nic none ${EXTRA_QEMU_ARGS:-} \
  > "$STATE/qemu.log" 2>&1 < /dev/null &

# wait until this QEMU owns both listening ports
ok=0
for _ in $(seq 100); do
  if [ -f "$PIDF" ]; then
    qpid=$(cat "$PIDF")
    kill -0 "$qpid" 2>/dev/null || break
    if ss -Hltnp "sport = :$VNC_PORT" | grep -q "pid=$qpid," && \
       ss -Hltnp "sport = :$WS_PORT" | grep -q "pid=$qpid,"; then ok=1; break; fi
  fi
  sleep 0.1
done
if [ $ok != 1 ] || ! running; then
  echo "QEMU failed to start:" >&2; cat "$STATE/qemu.log" >&2
  [ -f "$PIDF" ] && kill "$(cat "$PIDF")" 2>/dev/null; rm -f "$PIDF"; exit 1
fi

if [ -n "${VNC_PASSWORD:-}" ]; then
  python3 - "$STATE/monitor.sock" "$VNC_PASSWORD" <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
time.sleep(0.2); s.recv(65536)
s.sendall(("set_password vnc %s\n" % sys.argv[2]).encode()); time.sleep(0.3); s.close()
EOF
fi
print_vars
