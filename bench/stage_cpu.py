#!/usr/bin/env python3
"""Where a build's CPU goes, stage by stage, with the search index and without it.

    python3 bench/stage_cpu.py SITE_DIR [pairs=5] [BINARY]

Builds SITE_DIR and its twin without the index (`<SITE_DIR>-nosearch`, made as
bench/index_share.py makes it) in alternating pairs. While each build runs, its user and
system CPU time is read from /proc every 20 ms; the stage times the build prints then
split them into loading (up to the end of `load`) and rendering with the index (from the
end of `resolve` to the process's end). For each kind of build it prints the medians:
stage wall times, user and system seconds in each, and the whole build's wall time, then
every build's figures. Linux only (reads /proc/<pid>/stat).

Loading does the same work in both kinds of build, so the difference in the second stage
is what the index costs, and its system time shows what fresh memory and file writes
add. Within one stage, user + system over wall says how busy the two cores were."""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

import index_share  # bench/index_share.py, beside this script

HZ = os.sysconf('SC_CLK_TCK')
OUTPUT = '/dev/shm/guong-stage-cpu'


def build(binary, root):
    """One clean build: stage times and the CPU spent in them, in seconds."""
    shutil.rmtree(OUTPUT, ignore_errors=True)
    p = subprocess.Popen([binary, 'build', '--root', root, '--output', OUTPUT],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    start = time.time()
    samples = []  # (seconds since start, user, system)
    while p.poll() is None:
        try:
            with open(f'/proc/{p.pid}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
            samples.append((time.time() - start, int(fields[11]) / HZ, int(fields[12]) / HZ))
        except (OSError, IndexError):
            pass
        time.sleep(0.02)
    err = p.stderr.read()
    shutil.rmtree(OUTPUT, ignore_errors=True)
    m = re.search(r'load (\d+) ms, resolve (\d+) ms', err)
    if p.returncode != 0 or not m or not samples:
        sys.exit(f'the build of {root} failed:\n{err[-2000:]}')
    load, resolve = (int(v) / 1000 for v in m.groups())

    def at(t):
        """The last sample taken by `t` seconds."""
        return max((s for s in samples if s[0] <= t), default=samples[0])

    loaded, resolved, end = at(load), at(load + resolve), samples[-1]
    return {
        'load s': load,
        'load user': loaded[1],
        'load sys': loaded[2],
        'render s': end[0] - resolved[0],
        'render user': end[1] - resolved[1],
        'render sys': end[2] - resolved[2],
        'wall': end[0],
    }


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    site, bare = index_share.twin(sys.argv[1])
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    binary = os.path.abspath(sys.argv[3] if len(sys.argv) > 3 else 'target/release/guong')
    got = {'with the index': [], 'without': []}
    for i in range(pairs):
        kinds = [('with the index', site), ('without', bare)]
        for kind, root in (kinds if i % 2 == 0 else kinds[::-1]):
            got[kind].append(build(binary, root))
    for kind, runs in got.items():
        print(f'{kind}, medians of {len(runs)}:')
        print('  ' + '  '.join(f'{k} {statistics.median(r[k] for r in runs):.2f}' for k in runs[0]))
        for r in runs:
            print('    ' + '  '.join(f'{k} {v:.2f}' for k, v in r.items()))


if __name__ == '__main__':
    main()
