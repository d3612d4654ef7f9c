#!/usr/bin/env python3
"""Edit-to-served time of `guong serve`: save a story, then poll its page over HTTP
until the new text is there. Usage (from the repository root):

    python3 bench/edit.py SITE_DIR [edits=7]

Measures a body text edit (the common case while writing) and a front-matter edit
(the title: the story's page is served first, then every list showing the story
follows, timed until the server's log says so), and prints medians.
Needs a release build (cargo build --release)."""
import http.client, os, re, socket, statistics, subprocess, sys, time, glob

site = os.path.abspath(sys.argv[1])
edits = int(sys.argv[2]) if len(sys.argv) > 2 else 7
binary = os.path.join(os.path.dirname(__file__), '..', 'target', 'release', 'guong')

def free_port():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p

port = free_port()
proc = subprocess.Popen([binary, 'serve', '--root', site, '--port', str(port)],
                        stderr=subprocess.PIPE, text=True)
while True:
    line = proc.stderr.readline()
    if not line:
        sys.exit('guong serve stopped')
    if 'Serving the site at' in line:
        break
# Keep reading the server's log so it never blocks on a full pipe.
import threading
log = []
# Each line with the time it arrived, to tell when the lists behind an edit were rebuilt.
threading.Thread(target=lambda: [log.append((time.perf_counter(), l)) for l in proc.stderr], daemon=True).start()

files = sorted(glob.glob(os.path.join(site, 'content', '*', '*.md')))
files = [f for f in files if not f.endswith('_index.md')
         and not os.path.basename(os.path.dirname(f)) in ('units', 'models', 'figures')
         and 'draft: true' not in open(f, encoding='utf-8').read()]
conn = http.client.HTTPConnection('127.0.0.1', port)

def url_of(path):
    d, f = os.path.split(path)
    return '/%s/%s/' % (os.path.basename(d), f[:-3])

def fetch(url):
    global conn
    try:
        conn.request('GET', url); r = conn.getresponse(); return r.read().decode('utf-8', 'replace')
    except Exception:
        conn = http.client.HTTPConnection('127.0.0.1', port); return ''

def measure(kind, n):
    times, lists = [], []
    for k in range(n):
        path = files[(len(files) * (k + 1)) // (n + 2)]
        text = open(path, encoding='utf-8').read()
        marker = 'Dau-moc-%s-%d-%d' % (kind, k, time.time_ns() % 10**9)
        if kind == 'body':
            new = text.rstrip('\n') + '\n\nĐoạn thêm %s.\n' % marker
        else:
            new = re.sub(r'^title: "(.*)"$', lambda m: 'title: "%s %s"' % (m.group(1), marker), text, count=1, flags=re.M)
        time.sleep(0.3)
        t0 = time.perf_counter()
        with open(path, 'w', encoding='utf-8') as f:
            f.write(new)
        url = url_of(path)
        while marker not in fetch(url):
            if time.perf_counter() - t0 > 60:
                sys.exit('timed out waiting for %s' % url)
            time.sleep(0.002)
        times.append((time.perf_counter() - t0) * 1000)
        if kind == 'front':
            # The story's page comes first; then a full build brings the lists showing it
            # (district pages, its units', models' and figures' pages…) up to date.
            while not any(t > t0 and l.startswith('[lists showing') for t, l in log):
                if time.perf_counter() - t0 > 60:
                    sys.exit('timed out waiting for the lists')
                time.sleep(0.002)
            done = min(t for t, l in log if t > t0 and l.startswith('[lists showing'))
            lists.append((done - t0) * 1000)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        time.sleep(1.5 if kind == 'body' else 6)
    return times, lists

try:
    for kind in ('body', 'front'):
        t, lists = measure(kind, edits)
        print('%-6s edit: median %.0f ms  (min %.0f, max %.0f, n=%d)' % (kind, statistics.median(t), min(t), max(t), len(t)))
        if lists:
            print('       lists showing it: median %.0f ms  (min %.0f, max %.0f)' % (statistics.median(lists), min(lists), max(lists)))
finally:
    proc.terminate(); proc.wait()
    if os.environ.get('GUONG_BENCH_LOG'):
        sys.stderr.write(''.join(l for _, l in log))
