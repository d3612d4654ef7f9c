#!/usr/bin/env python3
"""The size of a built site's search index a story, uncompressed and as a host serves it.

    python3 bench/index_size.py OUTPUT_DIR [STORIES]

Prints, for each part of guong's index (`search/` of OUTPUT_DIR: dictionaries `d`,
posting packs `p`, form masks `m`, result metadata `docs`, facets `f`, `meta.json`),
its files, its bytes uncompressed (as guong stores them), and its bytes compressed one
file at a time with gzip at level 6 (what a static host sends; nginx, Apache and GitHub
Pages compress with gzip), then the totals a story. STORIES defaults to the number of
articles, from `meta.json`'s `kind_docs`.

Pagefind stores its index files already gzip-compressed, so their size on disk is their
size as served: point this script at its output (`OUTPUT_DIR/pagefind`) with
`--pagefind` to get the same table (those files decompressed for the uncompressed
column, its scripts compressed for the served one).
"""
import argparse
import gzip
import json
import pathlib


def parts(root, pagefind):
    """Yields (part, uncompressed bytes, served bytes) for each file under root."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        if not pagefind and rel == pathlib.Path("index.html"):
            continue  # the search page, not the index
        part = rel.parts[0] if len(rel.parts) > 1 else rel.name
        data = path.read_bytes()
        if pagefind and data[:2] == b"\x1f\x8b":
            yield part, len(gzip.decompress(data)), len(data)
        else:
            yield part, len(data), len(gzip.compress(data, 6, mtime=0))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("output")
    ap.add_argument("stories", nargs="?", type=int)
    ap.add_argument("--pagefind", action="store_true",
                    help="OUTPUT is Pagefind's folder: its files are gzip-compressed")
    args = ap.parse_args()
    out = pathlib.Path(args.output)
    root = out if args.pagefind else out / "search"
    stories = args.stories
    if stories is None:
        if args.pagefind:
            ap.error("give STORIES for a Pagefind folder")
        meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
        kinds = meta["kind_docs"]
        articles = kinds[meta["kinds"].index("article")]
        stories = articles[1] - articles[0] + 1 if articles[0] <= articles[1] else 0
    if stories <= 0:
        ap.error("no stories to divide by: give STORIES")
    table = {}
    for part, raw, served in parts(root, args.pagefind):
        files, r, v = table.get(part, (0, 0, 0))
        table[part] = (files + 1, r + raw, v + served)
    print(f"{'part':<24}{'files':>8}{'uncompressed':>14}{'served (gzip)':>16}")
    for part, (files, r, v) in sorted(table.items(), key=lambda kv: -kv[1][1]):
        print(f"{part:<24}{files:>8}{r:>14,}{v:>16,}")
    files, raw, served = (sum(column) for column in zip(*table.values()))
    print(f"{'total':<24}{files:>8}{raw:>14,}{served:>16,}")
    print(f"a story ({stories:,} stories): {raw / stories / 1000:.2f} KB uncompressed, "
          f"{served / stories / 1000:.2f} KB served")


if __name__ == "__main__":
    main()
