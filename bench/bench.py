"""Times guong and Hugo builds alternately and prints a table of medians.

Called by bench/run.sh, which prepares the corpora and finds Hugo.
"""
import argparse
import collections
import os
import re
import shutil
import statistics
import subprocess
import sys


# One run's figures. User time is kept apart because the system time of a build on a VM
# varies from day to day with the cost of page faults and file writes.
Timing = collections.namedtuple("Timing", "wall cpu rss user")


def timed(cmd, cwd=None):
    """Wall and CPU (user + system) seconds, peak RSS (MB) and user seconds of one run,
    via /usr/bin/time -v, as a `Timing`."""
    out = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr[-2000:]}")
    err = out.stderr
    def field(name):
        return re.search(rf"{name}: ([0-9.:]+)", err).group(1)
    wall = field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)")
    parts = [float(p) for p in wall.split(":")]
    wall_s = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    user = float(field("User time \\(seconds\\)"))
    cpu = user + float(field("System time \\(seconds\\)"))
    rss = int(field("Maximum resident set size \\(kbytes\\)")) / 1024
    return Timing(wall_s, cpu, rss, user)


def count_files(d):
    return sum(len(f) for _, _, f in os.walk(d))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hugo", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("sizes", nargs="+", type=int)
    a = ap.parse_args()
    guong = os.path.abspath("target/release/guong")
    rows = []
    for n in a.sizes:
        site = os.path.join(a.work, f"c{n}")
        gout, hout = os.path.join(a.work, f"out-g{n}"), os.path.join(a.work, f"out-h{n}")
        res = {"guong": [], "hugo": []}
        for _ in range(a.runs):
            shutil.rmtree(gout, ignore_errors=True)
            res["guong"].append(timed([guong, "build", "--root", os.path.join(site, "guong"), "--output", gout]))
            shutil.rmtree(hout, ignore_errors=True)
            res["hugo"].append(timed([a.hugo, "--quiet", "-d", hout], cwd=os.path.join(site, "hugo")))
        # No-change rebuilds: each tool builds again into the output it made last.
        again = {"guong": [], "hugo": []}
        for _ in range(a.runs):
            again["guong"].append(timed([guong, "build", "--root", os.path.join(site, "guong"), "--output", gout]))
            again["hugo"].append(timed([a.hugo, "--quiet", "-d", hout], cwd=os.path.join(site, "hugo")))
        med = {k: [statistics.median(x[i] for x in v) for i in range(3)] for k, v in res.items()}
        med_again = {k: statistics.median(x[0] for x in v) for k, v in again.items()}
        rows.append((n, med, count_files(gout), count_files(hout), med_again))
    print(f"\n{'articles':>9} {'tool':<6} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'files':>7}   guong vs Hugo")
    for n, med, gf, hf, _ in rows:
        g, h = med["guong"], med["hugo"]
        print(f"{n:>9} {'guong':<6} {g[0]:>8.2f} {g[1]:>8.2f} {g[2]:>8.0f} {gf:>7}   {h[0] / g[0]:.1f}x faster, {g[2] / h[2] * 100:.0f}% of the memory")
        print(f"{n:>9} {'hugo':<6} {h[0]:>8.2f} {h[1]:>8.2f} {h[2]:>8.0f} {hf:>7}")
    print(f"\nmedians of {a.runs} alternating runs each; output on {a.work}")
    print(f"\n{'articles':>9} no-change rebuild (wall s, into the previous output)")
    for n, _, _, _, again in rows:
        g, h = again["guong"], again["hugo"]
        print(f"{n:>9} guong {g:.2f}, hugo {h:.2f}: {h / g:.1f}x faster")


if __name__ == "__main__":
    main()
