#!/usr/bin/python3
"""A vcenter:// screenshot through the host's authentication daemon beside WebMKS, one run.

    bench/authd_bench.py [--bin build/release/bin] [--vcsim PATH] [--rounds 5]

Starts one webmks-sim serving its console both ways (WebMKS on its port, the ESXi-like
authentication daemon on another) and vcsim-ticket (tests/peers/vcsim) handing out `webmks`
and `mks` tickets for it, then times `mksagent screenshot vcenter://…?via=mks` and
`?via=webmks`, alternating, ROUNDS times each: vCenter login, ticket, the console's
handshakes, first frame, PNG. Prints min / median / max wall time per path and the ratio of
the medians.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
USER = "operator@vsphere.local"
PASSWORD = "vcsim-pass"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def drain(stream):
    """Reads what a peer still prints (events, logs), so a full pipe never stalls it."""
    threading.Thread(target=lambda: [None for _ in stream], daemon=True).start()


def start_sim(binary):
    sim = subprocess.Popen([binary, "--port", "0", "--authd-port", "0",
                            "--accept-foreign-tickets"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ready = json.loads(sim.stdout.readline())
    drain(sim.stdout)
    return sim, ready


def start_vcsim(binary, ready, state):
    target = os.path.join(state, "target")
    with open(target, "w") as out:
        out.write(f"TICKET_HOST=127.0.0.1\nTICKET_PORT={ready['port']}\n"
                  f"TICKET_THUMBPRINT={ready['thumbprint_sha1']}\n"
                  f"MKS_TICKET_PORT={ready['authd_port']}\n"
                  f"MKS_TICKET_THUMBPRINT={ready['authd_thumbprint_sha1']}\n")
    listen = f"127.0.0.1:{free_port()}"
    vcsim = subprocess.Popen([binary, "-listen", listen, "-user", USER, "-pass", PASSWORD],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             env=dict(os.environ, TICKET_TARGET_FILE=target))
    for line in vcsim.stdout:
        if line.startswith("VCSIM_READY"):
            drain(vcsim.stdout)
            return vcsim, listen
    sys.exit("authd_bench: vcsim-ticket did not start")


def timed(command):
    start = time.monotonic()
    run = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                         env=dict(os.environ, MKS_VCENTER_PASSWORD=PASSWORD))
    if run.returncode != 0:
        sys.exit(f"authd_bench: {' '.join(command)} failed: {run.stderr.strip()}")
    return (time.monotonic() - start) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.path.join(SOURCE, "build", "release", "bin"))
    parser.add_argument("--vcsim", help="vcsim-ticket (default: --bin's, else build/ci/bin's)")
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    agent = os.path.join(options.bin, "mksagent")
    vcsim_binary = options.vcsim or next(
        (path for path in (os.path.join(options.bin, "vcsim-ticket"),
                           os.path.join(SOURCE, "build", "ci", "bin", "vcsim-ticket"))
         if os.access(path, os.X_OK)), None)
    if vcsim_binary is None:
        sys.exit("authd_bench: no vcsim-ticket (needs golang-go and "
                 "golang-github-vmware-govmomi-dev; cmake --build ... --target vcsim-ticket)")
    state = tempfile.mkdtemp(prefix="mks-authd-")
    sim, ready = start_sim(os.path.join(options.bin, "webmks-sim"))
    vcsim = None
    try:
        vcsim, listen = start_vcsim(vcsim_binary, ready, state)
        png = os.path.join(state, "shot.png")
        target = f"vcenter://{USER.replace('@', '%40')}@{listen}/DC0_H0_VM0?via="
        times = {"mks": [], "webmks": []}
        for _ in range(options.rounds):
            for via in times:
                times[via].append(timed([agent, "screenshot", target + via, "--insecure",
                                         "-o", png]))
        print(f"{options.rounds} rounds, alternating{'':<37} {'min':>7} {'median':>7} {'max':>7}")
        for via, label in (("mks", "?via=mks (authd, TCP 902 path)"),
                           ("webmks", "?via=webmks (WebMKS)")):
            values = times[via]
            print(f"vcenter:// screenshot {label:<36} {min(values):7.0f} "
                  f"{statistics.median(values):7.0f} {max(values):7.0f}  ms")
        ratio = statistics.median(times["mks"]) / statistics.median(times["webmks"])
        print(f"mks / WebMKS at the median: {ratio:.2f}x")
    finally:
        sim.terminate()
        if vcsim:
            vcsim.terminate()


if __name__ == "__main__":
    main()
