#!/usr/bin/python3
"""One-shot commands side by side with vncsnapshot, in one run.

    bench/startup_bench.py [--bin build/release/bin] [--rounds 5]

Times `mksagent --version` beside `vncsnapshot -h` (start-up alone, 20 runs each) before
anything else runs; then starts the test guest in QEMU (its GRUB menu, a still screen;
tests/peers/) and webmks-sim (ws:// and wss://) and times, ROUNDS times each, 0.5 s apart:
`mksagent screenshot` over vnc:// and ws:// to QEMU and over ws:// and wss:// to webmks-sim,
and `vncsnapshot` against the same QEMU. Prints min / median / max per row: wall time, then
CPU time (user + system) of each command.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.path.join(SOURCE, "tests", "peers")


def timed(command, check=True):
    """Wall seconds and CPU milliseconds (user + system) of one run; fails on a non-zero exit
    when `check`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    run = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if check and run.returncode != 0:
        sys.exit(f"startup_bench: {' '.join(command)} failed: {run.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def start_qemu(state):
    image = os.path.join(state, "img")
    subprocess.run([os.path.join(PEERS, "build-guest-image.sh"), image], check=True,
                   stdout=subprocess.DEVNULL)
    started = subprocess.run([os.path.join(PEERS, "start-qemu-console.sh"), "start", state],
                             check=True, capture_output=True, text=True,
                             env=dict(os.environ, IMAGE=os.path.join(image, "guest.iso")))
    return dict(line.split("=", 1) for line in started.stdout.split() if "=" in line)


def start_sim(binary, tickets, tls):
    args = [binary, "--port", "0", "--tickets", str(tickets), "--machine", "pc"]
    if not tls:
        args.append("--no-tls")
    sim = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ready = json.loads(sim.stdout.readline())
    return sim, ready


def row(name, samples, unit, scale=1.0):
    values = [v * scale for v in samples]
    print(f"{name:<44} {min(values):9.3f} {statistics.median(values):9.3f} "
          f"{max(values):9.3f}  {unit}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.path.join(SOURCE, "build", "release", "bin"))
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    agent = os.path.join(options.bin, "mksagent")
    for program in (agent, os.path.join(options.bin, "webmks-sim")):
        if not os.access(program, os.X_OK):
            sys.exit(f"startup_bench: no {program}: cmake --build --preset release "
                     "--target mksagent webmks-sim")
    if subprocess.run(["which", "vncsnapshot"], capture_output=True).returncode != 0:
        sys.exit("startup_bench: vncsnapshot is not installed (scripts/install-deps.sh)")

    # Start-up alone, before the guest's QEMU takes a core: 20 runs each, side by side with
    # vncsnapshot's own start-up (-h: it prints its usage and exits).
    startup = {"mksagent --version": [], "vncsnapshot -h": []}
    for _ in range(20):
        startup["mksagent --version"].append(timed([agent, "--version"]))
        startup["vncsnapshot -h"].append(timed(["vncsnapshot", "-h"], check=False))
    print(f"20 runs each, machine otherwise idle{'':<3} {'min':>9} {'median':>9} {'max':>9}")
    for name, samples in startup.items():
        row(f"{name}, CPU", [cpu for _, cpu in samples], "ms")
    for name, samples in startup.items():
        row(f"{name}, wall", [wall for wall, _ in samples], "ms", 1000)
    print()

    state = tempfile.mkdtemp(prefix="mks-startup-")
    guest = start_qemu(state)
    sims = []
    try:
        sims.append(start_sim(os.path.join(options.bin, "webmks-sim"), options.rounds, False))
        sims.append(start_sim(os.path.join(options.bin, "webmks-sim"), options.rounds, True))
        time.sleep(4)  # the guest's firmware, then its GRUB menu (no timeout: it stays)
        vnc_port = int(guest["VNC_PORT"])
        png = os.path.join(state, "shot.png")
        commands = {
            "mksagent screenshot vnc:// (QEMU)":
                lambda i: [agent, "screenshot", f"vnc://127.0.0.1:{vnc_port}", "-o", png],
            "vncsnapshot (QEMU, same server)":
                lambda i: ["vncsnapshot", "-quiet", f"127.0.0.1::{vnc_port}",
                           os.path.join(state, "shot.jpg")],
            "mksagent screenshot ws:// (QEMU)":
                lambda i: [agent, "screenshot", f"ws://127.0.0.1:{guest['WS_PORT']}/", "-o", png],
            "mksagent screenshot ws:// (webmks-sim)":
                lambda i: [agent, "screenshot", sims[0][1]["tickets"][i], "-o", png],
            "mksagent screenshot wss:// (webmks-sim)":
                lambda i: [agent, "screenshot", sims[1][1]["tickets"][i], "--thumbprint",
                           sims[1][1]["thumbprint_sha256"], "-o", png],
        }
        walls = {name: [] for name in commands}
        cpus = {name: [] for name in commands}
        for i in range(options.rounds):
            for name, command in commands.items():
                time.sleep(0.5)  # QEMU answers a new client on its refresh timer; pause alike
                wall, cpu = timed(command(i))
                walls[name].append(wall)
                cpus[name].append(cpu)
        print(f"{options.rounds} rounds, one run{'':<17} {'min':>9} {'median':>9} {'max':>9}")
        for name, samples in walls.items():
            row(name, samples, "s")
        for name, samples in cpus.items():
            row(name.replace(" (", ", CPU (", 1), samples, "ms")
    finally:
        for sim, _ in sims:
            sim.terminate()
        subprocess.run([os.path.join(PEERS, "start-qemu-console.sh"), "stop", state],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
