// The search client on an index where a common prefix has a union entry (`ho*`):
// run by tests/browser.rs (search_reads_a_common_prefix_as_one_union) as
//   GUONG_SEARCH_SITE=<built output> node --test tests/browser/prefix.test.js
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { core, open } = require("./disk.js");

test("a prefix typed last is looked up as its union, covering every syllable it begins", async () => {
  const { index } = await open();
  const entries = await index.lookup("ho", true);
  assert.deepEqual(entries.map((e) => e.term), ["ho*"]);
  assert.equal(entries[0].df, 2200, "học and hội are in every story");
  // Typed with a space after it, the word is matched exactly: "hồ" only.
  const exact = await index.lookup("ho", false);
  assert.deepEqual(exact.map((e) => [e.term, e.df]), [["ho", 1100]]);
  // A longer prefix with one common syllable has no union.
  assert.deepEqual((await index.lookup("hoan", true)).map((e) => e.term), ["hoang"]);
});

test("a query on the prefix ranks a title match first and reads one block", async () => {
  const { index, read } = await open();
  const q = "ho";
  const r = await core.rank(index, new core.Search(index, q), {}, 20);
  assert.equal(r.results.length, 20);
  assert.equal(r.results[0].u, "/nghia-lo/tin-0/", "Hoàng in a title outranks bodies");
  const packs = read.filter((p) => p.startsWith("p/"));
  assert.deepEqual(packs, ["p/ho-0.bin"], "one pack for a prefix in every story");
});

test("other words still narrow a prefix: all must match", async () => {
  const { index } = await open();
  const q = "ong ho";
  const r = await core.rank(index, new core.Search(index, q), {}, 20);
  assert.deepEqual(r.results.map((m) => m.u), ["/nghia-lo/tin-0/"]);
});
