#!/bin/bash
# start-xvnc.sh - TigerVNC Xvnc (a real X desktop served over RFB) with an xterm
# in it, plus websockify exposing the same RFB server over WebSocket. Loopback only.
#
# Usage: start-xvnc.sh start  STATEDIR   start (or report the running one)
#        start-xvnc.sh stop   STATEDIR   stop Xvnc, xterm and websockify (pid files in STATEDIR)
#        start-xvnc.sh status STATEDIR   print the variables below, exit 1 if not running
# Environment (all optional):
#   X_DISPLAY     X display number; "auto" (default) = first free N in 60..99
#   VNC_PORT      RFB port (default 5900+N);  WS_PORT  websocket port (default 5700+N)
#   GEOMETRY      desktop size (default 1024x768); DEPTH (default 24)
#   VNC_PASSWORD  if set: VNC auth (security type 2) with this password; else no auth
#   MAX_RUNTIME   seconds after which everything is killed anyway (default 3600)
#   XTERM_FONT    X core font of the xterm (default: Terminus 8x16 from xfonts-terminus,
#                 the same glyphs as the console font Lat15-Terminus16 that the agent's
#                 text reader knows, so the terminal is read exactly, without OCR)
#   XTERM_GEOMETRY  columns x rows (default 127x47: with no window border it fills the
#                 1024x768 desktop, so no character cell straddles the xterm's edge)
# Prints shell-sourceable lines: DISPLAY VNC_HOST VNC_PORT WS_PORT XVNC_PID WEBSOCKIFY_PID XTERM_PID
# Type into the xterm (it has focus: it is the only window) and read it back with
# a screenshot, e.g. vncsnapshot 127.0.0.1::$VNC_PORT out.jpg
set -euo pipefail

CMD=${1:?usage: start-xvnc.sh start|stop|status STATEDIR}
STATE=${2:?usage: start-xvnc.sh start|stop|status STATEDIR}
GEOMETRY=${GEOMETRY:-1024x768}
DEPTH=${DEPTH:-24}
MAX_RUNTIME=${MAX_RUNTIME:-3600}
XTERM_GEOMETRY=${XTERM_GEOMETRY:-127x47}
XTERM_FONT=${XTERM_FONT:--xos4-terminus-medium-r-normal--16-160-72-72-c-80-iso10646-1}
mkdir -p "$STATE"
STATE=$(readlink -f "$STATE")

alive() { [ -f "$STATE/$1.pid" ] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }
print_vars() {
  cat <<EOF
DISPLAY=:$(cat "$STATE/display" 2>/dev/null)
VNC_HOST=127.0.0.1
VNC_PORT=$(cat "$STATE/vnc_port" 2>/dev/null)
WS_PORT=$(cat "$STATE/ws_port" 2>/dev/null)
XVNC_PID=$(cat "$STATE/xvnc.pid" 2>/dev/null)
WEBSOCKIFY_PID=$(cat "$STATE/websockify.pid" 2>/dev/null)
XTERM_PID=$(cat "$STATE/xterm.pid" 2>/dev/null)
EOF
}
stop_all() {
  for n in websockify xterm xvnc; do
    if alive "$n"; then
      # each pid is a "setsid timeout" wrapper = leader of its own process group
      pid=$(cat "$STATE/$n.pid"); kill -TERM -- "-$pid" 2>/dev/null || true
      for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$STATE/$n.pid"
  done
}

case "$CMD" in
  status) print_vars; alive xvnc && alive websockify; exit $? ;;
  stop) stop_all; exit 0 ;;
  start) ;;
  *) echo "unknown command $CMD" >&2; exit 2 ;;
esac

if alive xvnc && alive websockify; then print_vars; exit 0; fi
stop_all

need=()
for p in tigervnc-standalone-server tigervnc-tools websockify xterm xfonts-base xfonts-terminus; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
[ ${#need[@]} -eq 0 ] || {
  echo "start-xvnc: missing Debian packages: ${need[*]} (run scripts/install-deps.sh)" >&2; exit 1; }

port_busy() { [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }
X_DISPLAY=${X_DISPLAY:-auto}
if [ "$X_DISPLAY" = auto ]; then
  for n in $(seq 60 99); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ] && \
       ! port_busy "${VNC_PORT:-$((5900 + n))}" && ! port_busy "${WS_PORT:-$((5700 + n))}"; then
      X_DISPLAY=$n; break
    fi
  done
  [ "$X_DISPLAY" != auto ] || { echo "no free X display in 60..99" >&2; exit 1; }
fi
VNC_PORT=${VNC_PORT:-$((5900 + X_DISPLAY))}
WS_PORT=${WS_PORT:-$((5700 + X_DISPLAY))}
for p in "$VNC_PORT" "$WS_PORT"; do
  if port_busy "$p"; then echo "port 127.0.0.1:$p is already in use" >&2; exit 1; fi
done
echo "$X_DISPLAY" > "$STATE/display"; echo "$VNC_PORT" > "$STATE/vnc_port"; echo "$WS_PORT" > "$STATE/ws_port"

SEC=(-SecurityTypes None)
if [ -n "${VNC_PASSWORD:-}" ]; then
  printf '%s\n' "$VNC_PASSWORD" | vncpasswd -f > "$STATE/passwd"
  chmod 600 "$STATE/passwd"
  SEC=(-SecurityTypes VncAuth -PasswordFile "$STATE/passwd")
fi

setsid timeout -s KILL "$MAX_RUNTIME" Xvnc ":$X_DISPLAY" -geometry "$GEOMETRY" -depth "$DEPTH" \
  -rfbport "$VNC_PORT" -interface 127.0.0.1 -localhost -nolisten tcp -AlwaysShared \
  -desktop peer-xvnc "${SEC[@]}" > "$STATE/xvnc.log" 2>&1 < /dev/null &
echo $! > "$STATE/xvnc.pid"
ok=0
for _ in $(seq 100); do
  alive xvnc || break
  if [ -e "/tmp/.X11-unix/X$X_DISPLAY" ] && port_busy "$VNC_PORT"; then ok=1; break; fi
  sleep 0.1
done
if [ $ok != 1 ]; then echo "Xvnc failed to start:" >&2; cat "$STATE/xvnc.log" >&2; stop_all; exit 1; fi

DISPLAY=":$X_DISPLAY" setsid timeout -s KILL "$MAX_RUNTIME" xterm -geometry "$XTERM_GEOMETRY+0+0" \
  -bw 0 -fn "$XTERM_FONT" -title peer-xterm -e /bin/bash --norc > "$STATE/xterm.log" 2>&1 < /dev/null &
echo $! > "$STATE/xterm.pid"

setsid timeout -s KILL "$MAX_RUNTIME" websockify "127.0.0.1:$WS_PORT" "127.0.0.1:$VNC_PORT" \
  > "$STATE/websockify.log" 2>&1 < /dev/null &
echo $! > "$STATE/websockify.pid"
for _ in $(seq 100); do port_busy "$WS_PORT" && break; alive websockify || break; sleep 0.1; done
if ! port_busy "$WS_PORT"; then echo "websockify failed:" >&2; cat "$STATE/websockify.log" >&2; stop_all; exit 1; fi
print_vars
