#!/usr/bin/env python3
"""The floor under any build: read every Markdown file of a site and write as many
files holding as many bytes as guong's output, to tmpfs, and nothing else.

    python3 bench/floor.py SITE_DIR BUILT_OUTPUT_DIR [runs=5]

Written in Python with one thread, like the figure in the benchmark issue; the reads
and writes are system calls either way. Prints the median wall time."""
import os, shutil, statistics, sys, time

site, built = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
sources = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(site, 'content')) for f in fs if f.endswith('.md')]
outputs = [(os.path.relpath(os.path.join(d, f), built), os.path.getsize(os.path.join(d, f)))
           for d, _, fs in os.walk(built) for f in fs]
target = '/dev/shm/guong-floor'
times = []
for _ in range(runs):
    shutil.rmtree(target, ignore_errors=True)
    t = time.perf_counter()
    for p in sources:
        with open(p, 'rb') as f:
            f.read()
    made = set()
    for rel, size in outputs:
        d = os.path.dirname(os.path.join(target, rel))
        if d not in made:
            os.makedirs(d, exist_ok=True)
            made.add(d)
        with open(os.path.join(target, rel), 'wb') as f:
            f.write(b'x' * size)
    times.append(time.perf_counter() - t)
shutil.rmtree(target, ignore_errors=True)
print('read %d Markdown files, wrote %d files (%.1f MB): median %.2f s of %d runs'
      % (len(sources), len(outputs), sum(s for _, s in outputs) / 1e6, statistics.median(times), runs))
