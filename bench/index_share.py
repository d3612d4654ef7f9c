#!/usr/bin/env python3
"""What the search index adds to a build: paired runs of the same site with the index and
without it (`search: false`), alternating, for one or more guong binaries.

    python3 bench/index_share.py SITE_DIR [runs=21] [BINARY…]

SITE_DIR is a site folder such as bench/run.sh generates (`/dev/shm/guong-bench/c10000/
guong`). Its twin without the index is made beside it (`<SITE_DIR>-nosearch`: the same
`content/` by symbolic link, `site.yaml` with `search: false`). Output goes to tmpfs and is
removed, untimed, before each build. BINARY defaults to target/release/guong; given
several, each round runs every binary's pair in turn, so they share the machine's moods.

For each binary it prints: the median of each pair's share (with-index time over
without-index time, minus one) and its quartiles; the ratio of the median times; the
same for CPU time (user + system) and for user time alone; and the median peak memory
of both. User time is the steadiest figure: the system time of both builds (page
faults, file writes) varies on a VM from one day to the next and dilutes the share. On
a shared VM single runs vary by a fifth, mostly in the cost of fresh memory pages, so
only medians over many pairs mean anything."""
import os, re, shutil, statistics, sys

import bench  # bench/bench.py, beside this script


def twin(site):
    """The site without its index: same content, `search: false`."""
    site = os.path.abspath(site.rstrip('/'))
    out = site + '-nosearch'
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(site):
        if name in ('site.yaml', 'output', '.guong-cache'):
            continue
        link = os.path.join(out, name)
        if not os.path.lexists(link):
            os.symlink(os.path.join(site, name), link)
    with open(os.path.join(site, 'site.yaml'), encoding='utf-8') as f:
        config = re.sub(r'(?m)^search:.*\n?', '', f.read())
    with open(os.path.join(out, 'site.yaml'), 'w', encoding='utf-8') as f:
        f.write(config.rstrip('\n') + '\nsearch: false\n')
    return site, out


def timed(binary, root, output):
    """The `bench.Timing` of one clean build."""
    shutil.rmtree(output, ignore_errors=True)
    got = bench.timed([binary, 'build', '--root', root, '--output', output])
    shutil.rmtree(output, ignore_errors=True)
    return got


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    site, bare = twin(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 21
    binaries = [os.path.abspath(b) for b in sys.argv[3:]] or [os.path.abspath('target/release/guong')]
    output = '/dev/shm/guong-index-share'
    got = {b: ([], []) for b in binaries}
    for i in range(runs):
        for b in binaries:
            with_index, without = got[b]
            # Alternate which build of the pair goes first.
            if i % 2:
                without.append(timed(b, bare, output))
                with_index.append(timed(b, site, output))
            else:
                with_index.append(timed(b, site, output))
                without.append(timed(b, bare, output))
    print(f'{runs} pairs of builds of {site}, with the index and without')
    for b in binaries:
        w, o = got[b]
        shares = [(a.wall / c.wall - 1) * 100 for a, c in zip(w, o)]
        q = statistics.quantiles(shares, n=4) if len(shares) > 1 else shares * 3
        med = lambda xs, field: statistics.median(getattr(x, field) for x in xs)
        print(f'{b}:\n'
              f'  share of each pair: median {statistics.median(shares):.1f}%, quartiles {q[0]:.1f}–{q[2]:.1f}%')
        for label, field in (('wall:', 'wall'), ('CPU: ', 'cpu'), ('user:', 'user')):
            a, c = med(w, field), med(o, field)
            print(f'  {label} median {a:.2f} s against {c:.2f} s, ratio {(a / c - 1) * 100:.1f}%')
        print(f'  peak memory: {med(w, "rss"):.0f} MB against {med(o, "rss"):.0f} MB')


if __name__ == '__main__':
    main()
