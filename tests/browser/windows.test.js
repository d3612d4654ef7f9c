// How much of the common words' postings a query reads: run by tests/browser.rs
// (search_reads_common_words_only_where_the_rarest_is) as
//   GUONG_SEARCH_SITE=<built output> node --test tests/browser/windows.test.js
// The site: 6,200 stories from 2010 to 2024 (tin-0 the oldest) that all say "học",
// every third one "nước", tin-6190 and tin-6180 "Khau"; tin-4 and tin-6001 name the
// figure Nguyễn Văn Học.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { core, open } = require("./disk.js");

// The index, and how many postings of each term its queries decode.
async function counted() {
  const { index, read } = await open();
  const decoded = new Map();
  const range = index.range.bind(index);
  index.range = (e, lo, hi, out, only) => {
    const mine = new Map();
    return range(e, lo, hi, mine, only).then(() => {
      decoded.set(e.term, (decoded.get(e.term) || 0) + mine.size);
      mine.forEach((c, doc) => out.set(doc, Math.max(out.get(doc) || 0, c)));
      return out;
    });
  };
  return { index, read, decoded };
}

test("the newest hits of a word in a third of the stories come from a stretch of the common word's postings", async () => {
  const { index, decoded } = await counted();
  const hoc = (await index.lookup("hoc", false))[0];
  assert.equal(hoc.df, 6201, "every story, and the figure Nguyễn Văn Học");
  assert.ok(hoc.blocks.length >= 4, "học has a block per 2,048 stories");
  const r = await core.rank(index, new core.Search(index, "hoc nuoc"), {}, 10);
  const newest = Array.from({ length: 10 }, (_, k) => `/nghia-lo/tin-${6198 - 3 * k}/`);
  assert.deepEqual(r.results.map((m) => m.u), newest);
  assert.ok(r.more, "more results are offered");
  // nước's first block spans nearly all 6,200 stories; the ten results need only the
  // newest part of it, and of học's postings the blocks that cover that part.
  assert.ok(decoded.get("hoc") <= 2 * 2048, `học: ${decoded.get("hoc")} postings decoded`);
});

test("asking for more reads on where the last stretch ended, without repeating a result", async () => {
  const { index } = await counted();
  const search = new core.Search(index, "hoc nuoc");
  const first = await core.rank(index, search, {}, 10);
  const more = await core.rank(index, search, {}, 200);
  assert.equal(more.results.length, 200);
  assert.deepEqual(more.results.slice(0, 10).map((m) => m.u), first.results.map((m) => m.u));
  const want = Array.from({ length: 200 }, (_, k) => `/nghia-lo/tin-${6198 - 3 * k}/`);
  assert.deepEqual(more.results.map((m) => m.u), want);
});

test("a rare word's documents, known from its dictionary entry, pick the common word's blocks", async () => {
  const { index, decoded } = await counted();
  const khau = (await index.lookup("khau", false))[0];
  assert.ok(khau.inline, "two postings are kept inline");
  const r = await core.rank(index, new core.Search(index, "hoc khau"), {}, 10);
  assert.deepEqual(r.results.map((m) => m.u), ["/nghia-lo/tin-6190/", "/nghia-lo/tin-6180/"]);
  assert.ok(decoded.get("hoc") <= 2048, `học: ${decoded.get("hoc")} postings decoded, one block at most`);
});

test("a year's stories are read from that year's postings only", async () => {
  const { index, decoded } = await counted();
  const r = await core.rank(index, new core.Search(index, "hoc nuoc"), { y: "2012" }, 10);
  assert.equal(r.results.length, 10);
  assert.ok(r.results.every((m) => m.dt.endsWith("/2012")), r.results.map((m) => m.dt).join(" "));
  // 2012's 414 stories lie within one or two of học's blocks, far from the newest.
  assert.ok(decoded.get("hoc") <= 2 * 2048, `học: ${decoded.get("hoc")} postings decoded`);
});

test("a kind's pages are read from where that kind is numbered", async () => {
  const { index, decoded } = await counted();
  const r = await core.rank(index, new core.Search(index, "hoc"), { k: "figure" }, 10);
  assert.deepEqual(r.results.map((m) => [m.k, m.t]), [["figure", "Nguyễn Văn Học"]]);
  assert.ok(decoded.get("hoc") <= 2048, `học: ${decoded.get("hoc")} postings decoded`);
});

test("a year or kind the site has none of reads no postings", async () => {
  const { index, decoded } = await counted();
  for (const want of [{ y: "1999" }, { k: "model" }]) {
    const r = await core.rank(index, new core.Search(index, "hoc nuoc"), want, 10);
    assert.equal(r.results.length, 0, JSON.stringify(want));
  }
  assert.equal(decoded.get("hoc") || 0, 0);
});
