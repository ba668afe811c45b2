#!/bin/bash
# (tests/peers copy of the shared peers script, so the suite runs on a fresh clone. One
# change: launch() now waits until its subshell has exec'd the daemon. The shared script
# judged the daemon by its command line at once, and on a busy machine the subshell was
# still bash then, so a healthy start failed with "slurmctld exited" about one run in three.)
# start-slurm.sh - a real single-node Slurm cluster (munged + slurmctld + slurmd) on this
# machine, started as plain background processes (no systemd, no init scripts, no service),
# each in its own session/process group, with config, state, spool, logs, pid files and munge
# key/socket all under STATEDIR; for tests that run Slurm job arrays (each task gets
# SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT, SLURM_ARRAY_TASK_MIN/MAX, SLURM_ARRAY_JOB_ID).
#
# Usage: start-slurm.sh start  STATEDIR   install missing packages, write STATEDIR/slurm.conf,
#                                         start the daemons, wait until the node is idle and a
#                                         probe batch job has run; a second start only reports
#                                         the running cluster (a dead or half-dead one is
#                                         cleaned up and started afresh)
#        start-slurm.sh stop   STATEDIR   cancel this cluster's jobs, stop exactly the recorded
#                                         pids (never by name), remove run/ spool/ ctld/ pids env
#                                         (keeps slurm.conf, log/, munge/ key and your own files)
#        start-slurm.sh status STATEDIR   print the variables below and sinfo; exit 0 running,
#                                         1 partly running, 3 stopped
# start prints on stdout shell-safe KEY=VALUE lines (also saved in STATEDIR/env):
#   SLURM_CONF=STATEDIR/slurm.conf  STARTSLURM_STATEDIR  STARTSLURM_NODE (hostname -s)
#   STARTSLURM_PARTITION (debug)  STARTSLURM_CTLD_PORT  STARTSLURM_SLURMD_PORT
#   MUNGED_PID  SLURMCTLD_PID  SLURMD_PID          (progress and errors go to stderr)
# A caller (as root):
#   D=$(mktemp -d); trap '/path/start-slurm.sh stop "$D"' EXIT
#   eval "$(/path/start-slurm.sh start "$D")" && export SLURM_CONF
#   sbatch --wait --array=0-3 -o "$D/%A_%a.log" job.sh   # returns when all tasks end; exit
#                                                        # status = highest task exit status
#   srun -N1 -n1 hostname;  sinfo;  squeue;  scontrol show job N
# Every client command needs SLURM_CONF: Debian ships no /etc/slurm/slurm.conf, so without it
# they fail rather than reach another cluster (a SLURM_CONF naming a missing file makes them
# retry for 60 s).
#
# Environment (optional):
#   STARTSLURM_AUTH=munge|none  munge (default): own munged, key and socket under STATEDIR;
#                               none: AuthType=auth/none + CredType=cred/none (present in 22.05), no munged
#   STARTSLURM_CTLD_PORT, STARTSLURM_SLURMD_PORT   default: first free pair of 16817/16818,
#                               16819/16820, ... (never Slurm's default 6817/6818, so a daemon that a
#                               Debian postinst or anyone else started, or another STATEDIR, never collides)
#   STARTSLURM_PARTITION (debug)  STARTSLURM_START_TIMEOUT (90 s)  STARTSLURM_STOP_TIMEOUT (30 s)
#   STARTSLURM_MIN_JOB_AGE (5 s)  STARTSLURM_APT_TIMEOUT (900 s)  STARTSLURM_INSTALL=0 (never apt-get)
#   STARTSLURM_PROBE=0 (skip the probe job that start runs to completion before it reports ready)
#
# Debian 12 packages (apt-get install --no-install-recommends, only those missing):
#   slurmctld, slurmd, slurm-client, slurm-wlm-basic-plugins  22.05.8-4+deb12u3
#   munge, libmunge2                                           0.5.15-2+deb12u1
#   (they pull libhwloc15 2.9.0-1 and liblua5.1-0 5.1.5-9; ~3.2 MB download, 6-12 s to install)
# slurm.conf: one node NodeName=$(hostname -s) NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=95% of
#   MemTotal, one partition, SelectType=select/cons_tres + CR_CPU (one task per CPU at a time),
#   ProctrackType=proctrack/linuxproc, TaskPlugin=task/none, no cgroup, no accounting/slurmdbd,
#   SlurmUser=SlurmdUser=the caller (root), slurmctld -c (state cleared at every start),
#   MinJobAge=5, SchedulerParameters=batch_sched_delay=0, KillWait=5, SlurmdParameters=config_overrides.
#
# Measured on a Debian 12 VM with 2 CPUs and 24 GB, a C++ build running alongside:
#   start, packages present: ready in 3.4-3.8 s (node idle after 0.2-1.6 s; the rest is slurmctld's
#     first scheduling pass, ~3 s after it starts, which the probe job waits for);
#   start that also installs the packages: 9.3-10.9 s;
#   sbatch --wait --array=0-3 (4 tasks writing "$SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT"):
#     2.0 s, so start -> all 4 files checked: 5.4-5.8 s (with STARTSLURM_PROBE=0 start takes
#     1.4-1.5 s and this first array 4.0 s: the same 5.5 s in all);
#   8 tasks of `sleep 1` on 2 CPUs: 8.0 s (about 1 s of scheduling per wave);
#   srun -N1 -n1 hostname: 50-80 ms;  stop: 0.4-0.9 s (+KillWait 5 s for a job ignoring SIGTERM);
#   two full cycles start/array/srun/stop from no packages installed: 18.0-20.9 s.
#
# Caveats found:
#  - Debian's postinsts call invoke-rc.d. With a Docker-style /usr/sbin/policy-rc.d (exit 101),
#    or with no running init (runlevel "unknown"), they start nothing. Where they can, munge's
#    postinst starts Debian's own munged (user munge, /run/munge/munge.socket.2, key
#    /etc/munge/munge.key); the slurm init scripts start nothing while /etc/slurm/slurm.conf is
#    absent. This script uses none of those (own key, socket, conf, ports, state) and leaves
#    foreign daemons alone; it prints a note when it sees the default socket or ports in use.
#    If munge's postinst fails (exit 1), dpkg leaves slurm* unconfigured without the
#    /usr/sbin/slurmctld|slurmd|slurmstepd alternatives links: the script retries after
#    apt-get update, runs `dpkg --configure -a` once, then fails with a clear message.
#  - Debian's init scripts stop with start-stop-daemon --exec, which would also hit these daemons
#    (e.g. a package upgrade's prerm), but only where /etc/slurm/slurm.conf exists.
#  - sbatch --wait polls after 2 s, then 8 s, then 32 s unless MinJobAge <= 5, where it polls
#    every 2 s; hence MinJobAge=5: finished jobs leave squeue/scontrol after 5-65 s (no sacct).
#  - The daemons are not children of the caller: they outlive it and any test harness timeout, so
#    always run stop (trap EXIT). After stop they may linger as zombies until PID 1 reaps them;
#    that is harmless (ports and sockets are released) and status treats them as stopped.
#  - slurmstepd daemonizes (own session, parent 1): stop cancels the jobs first, then SIGKILLs any
#    slurmstepd still bound to a socket in STATEDIR/spool together with its session (its job).
#  - Needs root (apt-get, SlurmUser=root). STATEDIR must not contain whitespace, quotes, '#',
#    '$' or '\'. munged runs with --force, so a 0700 STATEDIR (mktemp -d) works (it only warns that
#    other users could not reach the socket). Only root-submitted jobs were tested.
#  - Harmless log noise: "mpi/pmix...: can not load PMIx library" (libpmix not installed),
#    "Could not open ... state file" (state cleared on purpose), munged "Unauthorized credential
#    for client UID=0" Info lines, and "High latency for 1000 calls to gettimeofday()" under load.
set -uo pipefail
set +m  # no job control: a background child is then no group leader, so setsid execs in place
PATH=$PATH:/usr/sbin:/sbin
PROG=${0##*/}
CMD=${1:-}
DIR=${2:-}
AUTH=${STARTSLURM_AUTH:-munge}
PARTITION=${STARTSLURM_PARTITION:-debug}
START_TIMEOUT=${STARTSLURM_START_TIMEOUT:-90}
STOP_TIMEOUT=${STARTSLURM_STOP_TIMEOUT:-30}
MIN_JOB_AGE=${STARTSLURM_MIN_JOB_AGE:-5}
APT_TIMEOUT=${STARTSLURM_APT_TIMEOUT:-900}
INSTALL=${STARTSLURM_INSTALL:-1}
PROBE=${STARTSLURM_PROBE:-1}
PORT_BASE=16817
DAEMONS="munged slurmctld slurmd"

say() { echo "$PROG: $*" >&2; }
die() { say "error: $*"; exit 1; }
usage() { echo "usage: $PROG start|stop|status STATEDIR" >&2; exit 2; }
now_ms() { date +%s%3N; }

[ -n "$CMD" ] && [ -n "$DIR" ] || usage
case "$CMD" in start|stop|status) ;; *) usage ;; esac
case "$DIR" in *[[:space:]\"\'\#\$\\]*) die "STATEDIR must not contain whitespace, quotes, #, \$ or \\: $DIR" ;; esac
case "$AUTH" in munge|none) ;; *) die "STARTSLURM_AUTH must be munge or none" ;; esac
if [ "$CMD" = start ]; then
  mkdir -p "$DIR" || die "cannot create $DIR"
elif [ ! -d "$DIR" ]; then
  say "$DIR does not exist: not running"
  [ "$CMD" = status ] && exit 3
  exit 0
fi
S=$(cd "$DIR" && pwd -P) || die "cannot enter $DIR"
CONF=$S/slurm.conf
PIDS=$S/pids
ENVF=$S/env
LOGD=$S/log
RUND=$S/run
MUNGE_DIR=$S/munge
SOCK=$RUND/munge.socket
CTLD_STATE=$S/ctld
SPOOL=$S/spool
NODE=$(hostname -s 2>/dev/null || true)
[ -n "$NODE" ] || NODE=$(uname -n); NODE=${NODE%%.*}

# ---------- process helpers: pids are only trusted if alive and their command line is ours
proc_state() { # pid -> one-letter state, empty if gone
  local line
  read -r line 2>/dev/null < "/proc/$1/stat" || return 0
  line=${line##*) }; echo "${line%% *}"
}
proc_alive() { local st; st=$(proc_state "$1"); [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]; }
cmdline_of() { tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null; }
is_ours() { # name pid
  local name=$1 pid=$2 cl marker
  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
  proc_alive "$pid" || return 1
  cl=$(cmdline_of "$pid")
  if [ "$name" = munged ]; then marker="--socket=$SOCK "; else marker="-f $CONF "; fi
  case "$cl" in *"$name"*"$marker"*) return 0 ;; esac
  return 1
}
pid_of() { [ -f "$PIDS" ] && awk -v n="$1" '$1 == n { p = $2 } END { if (p != "") print p }' "$PIDS"; }
slurm() { SLURM_CONF=$CONF timeout 15 "$@"; }

NETFILES=""; for f in /proc/net/tcp /proc/net/tcp6; do [ -r "$f" ] && NETFILES="$NETFILES $f"; done
port_listening() { # port: is anything listening on it (tcp or tcp6, any address)?
  [ -n "$NETFILES" ] || return 1
  local hex; hex=$(printf ':%04X' "$1")
  # shellcheck disable=SC2086
  awk -v h="$hex" 'FNR > 1 && $4 == "0A" && substr($2, length($2) - 4) == h { f = 1 } END { exit !f }' $NETFILES
}
ports_bound() { [ -z "$NETFILES" ] || { port_listening "$CTLD_PORT" && port_listening "$SLURMD_PORT"; }; }

print_vars() {
  echo "SLURM_CONF=$CONF"
  echo "STARTSLURM_STATEDIR=$S"
  echo "STARTSLURM_NODE=$NODE"
  echo "STARTSLURM_PARTITION=$(sed -n 's/^PartitionName=\([^ ]*\).*/\1/p' "$CONF" 2>/dev/null | head -n1)"
  echo "STARTSLURM_CTLD_PORT=$(sed -n 's/^SlurmctldPort=//p' "$CONF" 2>/dev/null)"
  echo "STARTSLURM_SLURMD_PORT=$(sed -n 's/^SlurmdPort=//p' "$CONF" 2>/dev/null)"
  local n p
  for n in $DAEMONS; do p=$(pid_of "$n"); [ -n "$p" ] || continue
    echo "$(echo "$n" | tr a-z A-Z)_PID=$p"; done
}

# ---------- stop
stepd_pids() { # slurmstepd processes bound to a unix socket in our spool dir
  [ -d "$SPOOL" ] || return 0
  local inodes fd lnk pid
  inodes=$(awk -v p="$SPOOL/" 'index($8, p) == 1 { printf " %s ", $7 }' /proc/net/unix 2>/dev/null)
  [ -n "$inodes" ] || return 0
  for fd in /proc/[0-9]*/fd/*; do
    lnk=$(readlink "$fd" 2>/dev/null) || continue
    case "$lnk" in socket:\[*\]) ;; *) continue ;; esac
    lnk=${lnk#socket:[}; lnk=${lnk%]}
    case "$inodes" in *" $lnk "*) pid=${fd#/proc/}; echo "${pid%%/*}" ;; esac
  done | sort -u
}
kill_session_of() { # pid: SIGKILL every process in its session (a slurmstepd's job)
  local l sid f pid
  read -r l 2>/dev/null < "/proc/$1/stat" || return 0
  l=${l##*) }; set -- $l; sid=$4
  [ "$sid" -gt 1 ] 2>/dev/null || return 0
  for f in /proc/[0-9]*/stat; do
    read -r l 2>/dev/null < "$f" || continue
    l=${l##*) }; set -- $l
    [ "$4" = "$sid" ] || continue
    pid=${f#/proc/}; pid=${pid%/stat}
    kill -KILL "$pid" 2>/dev/null || true
  done
}
wait_gone() { # pid timeout_s
  local end=$((SECONDS + $2))
  while proc_alive "$1"; do [ $SECONDS -lt "$end" ] || return 1; sleep 0.2; done
}
stop_daemon() { # name pid
  local name=$1 pid=$2 m cl f l
  is_ours "$name" "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$STOP_TIMEOUT"; then
    say "$name ($pid) ignored SIGTERM for ${STOP_TIMEOUT}s, sending SIGKILL"
    is_ours "$name" "$pid" && kill -KILL "$pid" 2>/dev/null
    wait_gone "$pid" 10 || say "$name ($pid) still there after SIGKILL"
  fi
  # members of its process group (setsid made it the leader), e.g. slurmctld's slurmscriptd
  for f in /proc/[0-9]*/stat; do
    read -r l 2>/dev/null < "$f" || continue
    l=${l##*) }; set -- $l
    [ "$3" = "$pid" ] || continue
    m=${f#/proc/}; m=${m%/stat}
    cl=$(cmdline_of "$m"); case "$cl" in *slurm*|*munge*) kill -KILL "$m" 2>/dev/null || true ;; esac
  done
}
cleanup_runtime() { rm -rf "$RUND" "$SPOOL" "$CTLD_STATE" "$PIDS" "$ENVF"; }
stop_cluster() {
  local ctld d m p ids end left
  ctld=$(pid_of slurmctld); d=$(pid_of slurmd); m=$(pid_of munged)
  # cancel jobs through Slurm while both daemons live (slurmstepd then kills each job cleanly)
  if is_ours slurmctld "$ctld" && is_ours slurmd "$d"; then
    ids=$(slurm squeue -h -o %F 2>/dev/null | sort -u | tr '\n' ' ')
    if [ -n "${ids// /}" ]; then
      say "cancelling jobs: $ids"
      slurm scancel $ids 2>/dev/null || true
      end=$((SECONDS + STOP_TIMEOUT))
      while [ $SECONDS -lt $end ] && is_ours slurmd "$d"; do
        left=$(slurm squeue -h -o %i 2>/dev/null)
        [ -z "$left" ] && [ -z "$(stepd_pids)" ] && break
        sleep 0.3
      done
    fi
  fi
  stop_daemon slurmd "$d"
  stop_daemon slurmctld "$ctld"
  for p in $(stepd_pids); do say "killing leftover slurmstepd $p and its job"; kill_session_of "$p"; done
  stop_daemon munged "$m"
  cleanup_runtime
}

# ---------- status
cluster_state() { # echo running|partial|stopped
  local n p up=0 want=0
  for n in $DAEMONS; do
    p=$(pid_of "$n"); [ -n "$p" ] || { [ "$n" = munged ] && continue; }
    want=$((want + 1)); is_ours "$n" "$p" && up=$((up + 1))
  done
  if [ ! -f "$PIDS" ] || [ $up -eq 0 ]; then echo stopped
  elif [ $up -eq $want ]; then echo running
  else echo partial; fi
}

if [ "$CMD" = status ]; then
  st=$(cluster_state)
  for n in $DAEMONS; do p=$(pid_of "$n"); [ -n "$p" ] || continue
    if is_ours "$n" "$p"; then say "$n pid $p running"; else say "$n pid $p not running"; fi; done
  say "cluster $st"
  case $st in
    running) print_vars; slurm sinfo -N -o '%N %P %T %c %m' >&2 || true; exit 0 ;;
    partial) print_vars; exit 1 ;;
    *) exit 3 ;;
  esac
fi

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, SlurmUser=root)"
exec 9>"$S/.lock"
flock -w 600 9 || die "timed out waiting for the lock on $S/.lock"

if [ "$CMD" = stop ]; then
  st=$(cluster_state)
  if [ "$st" = stopped ] && [ ! -f "$PIDS" ]; then say "not running"; cleanup_runtime; exit 0; fi
  t0=$(now_ms); stop_cluster
  say "stopped ($st before) in $(( $(now_ms) - t0 )) ms"
  exit 0
fi

# ---------- start
T0=$(now_ms)
st=$(cluster_state)
if [ "$st" = running ]; then
  if slurm scontrol ping >/dev/null 2>&1; then
    say "already running: $(slurm sinfo -h -N -n "$NODE" -o %T 2>/dev/null | head -n1)"
    print_vars; exit 0
  fi
  say "daemons alive but slurmctld does not answer; restarting"
fi
if [ -f "$PIDS" ]; then say "cleaning up a previous ($st) cluster"; stop_cluster; fi
mkdir -p "$LOGD" "$RUND" "$CTLD_STATE" "$SPOOL" || die "cannot create directories under $S"
chmod 0755 "$RUND"

# packages
pkgs="slurmctld slurmd slurm-client munge"
missing=""
for p in $pkgs; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing="$missing $p"
done
if [ -n "$missing" ]; then
  [ "$INSTALL" = 1 ] || die "missing Debian packages:$missing (STARTSLURM_INSTALL=0)"
  say "installing:$missing (log $LOGD/apt.log)"
  export DEBIAN_FRONTEND=noninteractive
  apt_install() { timeout "$APT_TIMEOUT" apt-get -y -q -o DPkg::Lock::Timeout=300 install --no-install-recommends $missing >>"$LOGD/apt.log" 2>&1; }
  if ! apt-cache show slurmctld >/dev/null 2>&1; then timeout "$APT_TIMEOUT" apt-get -q update >>"$LOGD/apt.log" 2>&1; fi
  if ! apt_install; then
    say "apt-get install failed; apt-get update and retry"
    timeout "$APT_TIMEOUT" apt-get -q update >>"$LOGD/apt.log" 2>&1
    apt_install || { say "still failing; dpkg --configure -a"; timeout "$APT_TIMEOUT" dpkg --configure -a >>"$LOGD/apt.log" 2>&1; }
  fi
fi
for b in /usr/sbin/slurmctld /usr/sbin/slurmd /usr/sbin/slurmstepd sinfo sbatch scontrol squeue scancel; do
  command -v "$b" >/dev/null 2>&1 || { tail -n 20 "$LOGD/apt.log" >&2 2>/dev/null
    die "$b missing (packages unconfigured? try: dpkg --configure -a; see $LOGD/apt.log)"; }
done
if [ "$AUTH" = munge ]; then
  for b in munged mungekey munge unmunge; do command -v "$b" >/dev/null 2>&1 || die "$b missing (package munge)"; done
fi
if [ -e /run/munge/munge.socket.2 ] || port_listening 6817 || port_listening 6818; then
  say "note: a system munged or slurm daemon (default socket/ports) exists; not ours, ignored"
fi

# node and ports (the port lock serializes concurrent starts until both ports are bound)
CPUS=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)
MEM=$(awk '/^MemTotal:/ { m = int($2 / 1024 * 0.95); print (m > 0 ? m : 1) }' /proc/meminfo)
PORT_LOCK=${TMPDIR:-/tmp}/start-slurm-ports.lock
exec 8>"$PORT_LOCK"
flock -w 120 8 || die "timed out waiting for $PORT_LOCK"
if [ -n "${STARTSLURM_CTLD_PORT:-}" ] || [ -n "${STARTSLURM_SLURMD_PORT:-}" ]; then
  CTLD_PORT=${STARTSLURM_CTLD_PORT:-$PORT_BASE}; SLURMD_PORT=${STARTSLURM_SLURMD_PORT:-$((CTLD_PORT + 1))}
  port_listening "$CTLD_PORT" && die "port $CTLD_PORT is in use"
  port_listening "$SLURMD_PORT" && die "port $SLURMD_PORT is in use"
else
  CTLD_PORT=""
  for i in $(seq 0 99); do
    c=$((PORT_BASE + 2 * i)); d=$((c + 1))
    port_listening "$c" || port_listening "$d" || { CTLD_PORT=$c; SLURMD_PORT=$d; break; }
  done
  [ -n "$CTLD_PORT" ] || die "no free port pair from $PORT_BASE upward"
fi

if [ "$AUTH" = munge ]; then
  AUTH_LINES="AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCK"
else
  AUTH_LINES="AuthType=auth/none
CredType=cred/none"
fi
: > "$S/plugstack.conf"
cat > "$CONF" <<EOF
# written by $PROG; regenerated at every start
ClusterName=startslurm
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
$AUTH_LINES
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
StateSaveLocation=$CTLD_STATE
SlurmdSpoolDir=$SPOOL
SlurmctldPidFile=$RUND/slurmctld.pid
SlurmdPidFile=$RUND/slurmd.pid
SlurmctldLogFile=$LOGD/slurmctld.log
SlurmdLogFile=$LOGD/slurmd.log
PlugStackConfig=$S/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=batch_sched_delay=0
MinJobAge=$MIN_JOB_AGE
KillWait=5
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
SlurmdParameters=config_overrides
MailProg=/bin/true
NodeName=$NODE NodeAddr=127.0.0.1 NodeHostname=$NODE CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=$PARTITION Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

: > "$PIDS"
launch() { # name cmd...: own session and process group, only fds 0-2 (to files), pid recorded
  local name=$1; shift
  (
    for fd in /proc/self/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null; done
    SLURM_CONF=$CONF exec setsid "$@" </dev/null >>"$LOGD/$name.out" 2>&1
  ) &
  echo "$name $!" >> "$PIDS"
  # The pid is the subshell's until it execs the daemon: give it time to get there (up to
  # 10 s) before anything judges it by its command line.
  local end=$((SECONDS + 10))
  while proc_alive "$!" && ! is_ours "$name" "$!" && [ $SECONDS -lt "$end" ]; do sleep 0.05; done
}
fail_start() {
  say "start failed: $*"
  local f; for f in "$LOGD"/munged.out "$LOGD"/slurmctld.log "$LOGD"/slurmd.log "$LOGD"/slurmctld.out "$LOGD"/slurmd.out; do
    [ -s "$f" ] && { echo "--- tail $f" >&2; tail -n 15 "$f" >&2; }; done
  stop_cluster
  exit 1
}
for f in munged slurmctld slurmd; do echo "=== $(date '+%F %T') start" >> "$LOGD/$f.out"; done

if [ "$AUTH" = munge ]; then
  mkdir -p "$MUNGE_DIR" && chmod 0700 "$MUNGE_DIR"
  if [ ! -s "$MUNGE_DIR/munge.key" ]; then
    mungekey -c -k "$MUNGE_DIR/munge.key" >>"$LOGD/munged.out" 2>&1 || die "mungekey failed"
  fi
  chmod 0400 "$MUNGE_DIR/munge.key"
  launch munged munged -F --force --socket="$SOCK" --key-file="$MUNGE_DIR/munge.key" \
    --pid-file="$RUND/munged.pid" --seed-file="$MUNGE_DIR/munged.seed" --num-threads=2
  end=$((SECONDS + 20))
  until timeout 5 munge -n -S "$SOCK" 2>/dev/null | timeout 5 unmunge -S "$SOCK" >/dev/null 2>&1; do
    is_ours munged "$(pid_of munged)" || fail_start "munged exited"
    [ $SECONDS -lt $end ] || fail_start "munged not answering on $SOCK after 20 s"
    sleep 0.1
  done
fi
launch slurmctld /usr/sbin/slurmctld -D -c -f "$CONF"
launch slurmd /usr/sbin/slurmd -D -f "$CONF"

end=$((SECONDS + START_TIMEOUT)); resumed=""; state=""
while :; do
  for n in slurmctld slurmd; do is_ours "$n" "$(pid_of "$n")" || fail_start "$n exited"; done
  [ $SECONDS -lt $end ] || fail_start "node not idle after ${START_TIMEOUT}s (state: ${state:-no answer})"
  # ask sinfo only once both ports are bound (against a dead controller it blocks ~10 s)
  if ports_bound; then
    if [ -n "$PORT_LOCK" ]; then exec 8>&-; PORT_LOCK=""; fi
    state=$(SLURM_CONF=$CONF timeout 5 sinfo -h -N -n "$NODE" -o %T 2>/dev/null | head -n1)
    [ "$state" = idle ] && break
    case "$state" in
      down|drain*|fail*) if [ -z "$resumed" ]; then resumed=1
          say "node $state; resuming"; slurm scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true; fi ;;
    esac
  fi
  sleep 0.2
done
T_IDLE=$(now_ms)
# slurmctld runs its first scheduling pass ~3 s after it starts; a trivial batch job run to
# completion proves scheduling, credentials, slurmstepd and the job environment end to end.
if [ "$PROBE" = 1 ]; then
  pj=$(cd / && slurm sbatch --parsable -J startslurm-probe -o /dev/null -e /dev/null --wrap=true 2>>"$LOGD/probe.err") \
    || fail_start "probe sbatch failed: $(tail -n 3 "$LOGD/probe.err" 2>/dev/null)"
  pj=${pj%%;*}
  while :; do
    for n in slurmctld slurmd; do is_ours "$n" "$(pid_of "$n")" || fail_start "$n exited"; done
    js=$(slurm scontrol -o show job "$pj" 2>&1)
    case "$js" in
      *"Invalid job id"*) break ;;  # already purged (MinJobAge) after completing
      *JobState=*) js=${js#*JobState=}; js=${js%% *} ;;
      *) js="no answer" ;;
    esac
    case "$js" in
      COMPLETED) break ;;
      PENDING|CONFIGURING|RUNNING|COMPLETING|"no answer") ;;
      *) fail_start "probe job $pj ended $js" ;;
    esac
    [ $SECONDS -lt $end ] || fail_start "probe job $pj not done after ${START_TIMEOUT}s (state: $js)"
    sleep 0.2
  done
fi
# the recorded pids must be the daemons themselves (they write their own pid files)
for n in $DAEMONS; do
  p=$(pid_of "$n"); [ -n "$p" ] || continue
  f=$RUND/$n.pid; [ -s "$f" ] && [ "$(cat "$f")" != "$p" ] && say "warning: $n pid file says $(cat "$f"), recorded $p"
done
print_vars > "$ENVF"
say "ready in $(( $(now_ms) - T0 )) ms (node idle after $((T_IDLE - T0)) ms): node $NODE, $CPUS CPUs, ${MEM} MB, auth $AUTH, ports $CTLD_PORT/$SLURMD_PORT"
cat "$ENVF"
