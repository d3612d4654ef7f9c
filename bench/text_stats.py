#!/usr/bin/env python3
"""Compares the text of stories: syllables a story, distinct syllables and distinct
pairs of adjacent syllables a story, and the vocabulary of the sample, the statistics
that decide the search index's work and size.

    python3 bench/text_stats.py [--sample N] DIR_OR_FILE...

Each argument is a story file or a folder searched for `*.md` and `*.txt` stories
(front matter is skipped). With several arguments each is reported on its own line,
so a generated site can be set beside real stories:

    python3 bench/text_stats.py ../shared/seeds /dev/shm/c10k/guong/content
"""
import argparse
import pathlib
import random
import re
import unicodedata

WORD = re.compile(r"\w+")
BREAK = re.compile(r"[^\w\s]+")


def stories(arg, sample):
    path = pathlib.Path(arg)
    files = [path] if path.is_file() else sorted(
        p for p in path.rglob("*") if p.suffix in (".md", ".txt") and not p.name.startswith("_"))
    if sample and len(files) > sample:
        files = random.Random(1).sample(files, sample)
    return files


def text_of(path):
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("\n---", 2)[-1]
    return unicodedata.normalize("NFC", text).lower()


def report(arg, sample):
    files = stories(arg, sample)
    vocabulary, tokens, distinct, pairs = set(), 0, 0, 0
    for f in files:
        runs = [WORD.findall(run) for run in BREAK.split(text_of(f))]
        words = [w for run in runs for w in run]
        tokens += len(words)
        distinct += len(set(words))
        pairs += len({(a, b) for run in runs for a, b in zip(run, run[1:])})
        vocabulary.update(words)
    n = max(len(files), 1)
    print(f"{arg}: {len(files)} stories; a story: {tokens / n:.0f} syllables, "
          f"{distinct / n:.0f} distinct, {pairs / n:.0f} distinct pairs; "
          f"vocabulary {len(vocabulary)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=0,
                        help="read at most N stories of each argument, drawn at random")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    for path in args.paths:
        report(path, args.sample)


if __name__ == "__main__":
    main()
