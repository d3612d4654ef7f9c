// The search client ranking the forms typed with diacritics first, from the index's form
// masks: run by tests/browser.rs (search_ranks_the_forms_typed_first_from_the_body) as
//   GUONG_SEARCH_SITE=<built output> node --test tests/browser/forms.test.js
// 2,200 stories say "đang"; only tin-1200, the 1,000th newest, and tin-100, the 2,100th
// (beyond the first window of 2,048 hits), have "Đảng" (in their body);
// one in 50 (i % 50 == 7) is in Mù Cang Chải, the rest in Nghĩa Lộ.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { core, open } = require("./disk.js");

// Results of query q and the files it read.
async function search(q, want = {}) {
  const { index, read } = await open();
  const r = await core.rank(index, new core.Search(index, q), want, 20);
  return { urls: r.results.map((m) => m.u), read, more: r.more, districts: index.meta.districts };
}

test("a form typed with diacritics ranks its pages first, from the body", async () => {
  const { urls, read } = await search("Đảng");
  // Too few have the form in the first window of hits, so the second is read too.
  assert.deepEqual(urls.slice(0, 2), ["/nghia-lo/tin-1200/", "/nghia-lo/tin-100/"]);
  assert.equal(urls.length, 20, "the other forms follow");
  assert.equal(urls[2], "/nghia-lo/tin-2199/", "newest first among them");
  assert.ok(read.some((p) => p.startsWith("m/")), "masks were read");
});

test("without diacritics every form matches alike, newest first, and no masks are read", async () => {
  const { urls, read } = await search("dang");
  assert.equal(urls[0], "/nghia-lo/tin-2199/");
  assert.deepEqual(read.filter((p) => p.startsWith("m/")), []);
});

test("the commonest form typed exactly ranks as before", async () => {
  const { urls } = await search("đang");
  // Every story has "đang" exactly: recency decides, as for "dang".
  assert.deepEqual(urls.slice(0, 3), ["/nghia-lo/tin-2199/", "/nghia-lo/tin-2198/", "/nghia-lo/tin-2197/"]);
});

test("a filter finds a small district's stories among thousands of hits", async () => {
  const { districts } = await search("dang");
  const d = String(districts.indexOf("Huyện Mù Cang Chải"));
  const { urls, read, more } = await search("dang", { d });
  assert.equal(urls.length, 20, urls.join(" "));
  assert.ok(urls.every((u) => u.startsWith("/mu-cang-chai/")), urls.join(" "));
  assert.equal(urls[0], "/mu-cang-chai/tin-2157/", "newest first");
  assert.ok(more, "more pass the filter");
  // Metadata only for what is shown: the filter reads five bytes a hit, not its chunk.
  assert.ok(read.filter((p) => p.startsWith("docs/")).length <= 20);
  assert.ok(read.includes("f/0.bin"));
});
