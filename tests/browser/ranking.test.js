// The search's matching and ranking, on the real index files of the `search` fixture,
// without a browser: run by tests/browser.rs as
//   GUONG_SEARCH_SITE=<built output> node --test tests/browser/ranking.test.js
// The same table runs in Chromium through /search/?q=… (search.mjs); this one takes
// milliseconds and needs only Node.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { core, open } = require("./disk.js");

async function search(q, want = {}) {
  const { index } = await open();
  const r = await core.rank(index, new core.Search(index, q), want, 20);
  return r.results.map((m) => m.u);
}

const NL = "/nghia-lo/nhan-rong/", FAR = "/nghia-lo/xa-nhau/", DANG = "/nghia-lo/dang-bo/", DIEN = "/nghia-lo/dien/";
const DUONG = "/mu-cang-chai/duong-hoa/", DUKHACH = "/mu-cang-chai/du-khach/", THUY = "/mu-cang-chai/thuy-loi/";
const HOABAN = "/mu-cang-chai/hoa-ban/", HOAGIAI = "/mu-cang-chai/hoa-giai/";
const HOCHUA = "/mu-cang-chai/ho-chua/", HODAN = "/mu-cang-chai/ho-dan/", BOTRONG = "/nghia-lo/bo-trong/";

test("folding and parsing", () => {
  assert.equal(core.fold("ĐẢNG BỘ Nghĩa Lộ"), "dang bo nghia lo");
  assert.equal(core.toneKey("hoà thuỷ"), core.toneKey("hòa thủy"));
  assert.notEqual(core.toneKey("hòa"), core.toneKey("hoa"));
  assert.deepEqual(core.parse('"Nghĩa Lộ" dang'), [
    { phrase: true, words: ["nghia", "lo"], forms: [core.toneKey("nghĩa"), core.toneKey("lộ")], raw: ["nghia", "lo"] },
    { phrase: false, words: ["dang"], forms: ["dang"], raw: ["dang"] },
  ]);
  // i and y after a consonant are one spelling, as src/text/fold.rs's search_spelling
  // has it (the same list); a prefix keeps the letters typed.
  const spellings = [["ky", "ki"], ["ki", "ki"], ["ly", "li"], ["my", "mi"], ["quy", "qui"], ["ty", "ti"], ["ngy", "ngi"],
    ["thuy", "thuy"], ["huy", "huy"], ["tuy", "tuy"], ["y", "y"], ["tay", "tay"], ["quyet", "quyet"], ["gy", "gi"]];
  for (const [given, want] of spellings) assert.equal(core.spelling(given), want, given);
  assert.deepEqual(core.parse("Kỹ quy"), [
    { phrase: false, words: ["ki"], forms: [core.toneKey("kỹ")], raw: ["ky"] },
    { phrase: false, words: ["qui"], forms: ["quy"], raw: ["quy"] },
  ]);
  // Phones' keyboards turn " into “ ”: those make a phrase too.
  for (const q of ['“Nghĩa Lộ” dang', '„Nghĩa Lộ“ dang', '«Nghĩa Lộ» dang']) {
    assert.deepEqual(core.parse(q), core.parse('"Nghĩa Lộ" dang'), q);
  }
  // Each word keeps the form it was typed in, tone placement aside.
  assert.deepEqual(core.parse("Hoà-ĐẢNG").map((g) => g.forms[0]), [core.toneKey("hòa"), core.toneKey("đảng")]);
  assert.equal(core.shardKey("nghia", 16), "ng");
  // A pair's bucket is decided by the whole pair, as in src/search/mod.rs.
  assert.equal(core.shardKey("nghia lo", 16), "p-" + (core.fnv1a("nghia lo") & 15));
  // The same FNV-1a as the Rust side (src/search/mod.rs checks the same numbers):
  // fnv1a("a b") = 0x10a3f9f2, so "a b" is in bucket 2 of 16.
  assert.equal(core.fnv1a("a b") >>> 0, 0x10a3f9f2);
  assert.equal(core.shardKey("a b", 16), "p-2");
});

test("highlighting marks folded matches at word starts", () => {
  const on = (text, terms, prefix) => core.marks(text, terms, prefix).filter((p) => p[1]).map((p) => p[0]);
  assert.deepEqual(on("Đảng bộ và dân", ["dang"], false), ["Đảng"]);
  assert.deepEqual(on("Du khách", ["duong"], true), []);
  // Only the last word, when typed as a prefix, may mark the start of a longer word.
  assert.deepEqual(on("Mỗi mô hình", ["mo", "hinh"], true), ["mô", "hình"]);
  assert.deepEqual(on("Mô hình Nghĩa Lộ", ["ngh"], true), ["Ngh"]);
  assert.deepEqual(on("Mô hình Nghĩa Lộ", ["ngh"], false), []);
  // A phrase marks its words where they stand together only.
  assert.deepEqual(on("Thị xã Nghĩa Lộ, vùng Mường Lò nghĩa tình", ["nghia lo"], false), ["Nghĩa Lộ"]);
  assert.deepEqual(on("Nghĩa  Lộ", ["nghia lo"], false), ["Nghĩa  Lộ"]);
  // Either spelling of i or y (see spelling) is marked.
  assert.deepEqual(on("Kĩ thuật và kỹ năng, kiến thức", ["ki"], false), ["Kĩ", "kỹ"]);
});

test("a word typed with diacritics marks its own form where the text has it", () => {
  const on = (text, terms, forms) => core.marks(text, terms, false, forms.map(core.toneKey)).filter((p) => p[1]).map((p) => p[0]);
  assert.deepEqual(on("Đảng bộ đang đăng ký", ["dang", "bo"], ["Đảng", "bộ"]), ["Đảng", "bộ"]);
  // Where the text has no such form, every folded match is marked, as without diacritics.
  assert.deepEqual(on("đang bỏ đăng ký", ["dang", "bo"], ["Đảng", "bộ"]), ["đang", "bỏ", "đăng"]);
  // Old tone placement and text written decomposed count as the same form.
  assert.deepEqual(on("Hoà giải, hoa", ["hoa"], ["hòa"]), ["Hoà"]);
  assert.deepEqual(on("Đa\u0309ng viên", ["dang"], ["Đảng"]), ["Đa\u0309ng"]);
});

test("a last word typed with diacritics begins a longer word only in its own form", () => {
  const on = (text, terms, forms) => core.marks(text, terms, true, forms.map(core.toneKey)).filter((p) => p[1]).map((p) => p[0]);
  // "Lộ" as typed: the whole word "Lò" is a folded match, the "lò" of "lòng" is not.
  assert.deepEqual(on("vùng lòng chảo Mường Lò", ["nghia", "lo"], ["Nghĩa", "Lộ"]), ["Lò"]);
  assert.deepEqual(on("vùng lòng chảo", ["lo"], ["lò"]), ["lò"]);
  // Typed without diacritics beside a word with them, it still begins any longer word.
  assert.deepEqual(on("vùng lòng chảo", ["nghia", "lo"], ["Nghĩa", "lo"]), ["lò"]);
  assert.deepEqual(on("Lộc Lộ", ["lo"], ["Lộ"]), ["Lộ", "Lộ"]);
});

const table = [
  ["Nghĩa Lộ", { has: [NL, FAR], first: NL }],
  ["nghia lo", { has: [NL, FAR], first: NL }],
  ['"nghia lo"', { has: [NL], not: [FAR] }],
  ["dang", { has: [DANG] }],
  ["dien", { has: [DIEN] }],
  ["duong", { has: [DUONG], not: [DUKHACH] }],
  ["yen bai", { has: [DUKHACH] }],
  ["mu cang chai", { has: [DUKHACH], first: DUKHACH }],
  ["ngh", { has: [NL, FAR, DANG] }],
  ["thuỷ", { has: [THUY] }],
  ["hòa", { has: [HOAGIAI, HOABAN], first: HOAGIAI }],
  ["hoa", { has: [HOAGIAI, HOABAN], first: HOABAN }],
  ["xyzzyqw", { count: 0 }],
  // Typed with diacritics, the words as typed rank first wherever they are: "hồ" and "hộ"
  // are only in the body of their stories, and the other is newer or has "ho…" in titles.
  ["hồ", { has: [HOCHUA, HODAN], first: HOCHUA }],
  ["hộ", { has: [HOCHUA, HODAN], first: HODAN }],
  ["hồ ", { has: [HOCHUA, HODAN], first: HOCHUA, count: 2 }],
  // "Đảng bộ" above the newer "đang bỏ"; without diacritics, newest first.
  ["Đảng bộ", { has: [DANG, BOTRONG], first: DANG }],
  ["ĐẢNG BỘ", { has: [DANG, BOTRONG], first: DANG }],
  ["đang bỏ", { has: [DANG, BOTRONG], first: BOTRONG }],
  ["dang bo", { has: [DANG, BOTRONG], first: BOTRONG }],
];
for (const [q, want] of table) {
  test(`query ${JSON.stringify(q)}`, async () => {
    const got = await search(q);
    for (const h of want.has || []) assert.ok(got.includes(h), `missing ${h} in ${got.join(" ")}`);
    for (const h of want.not || []) assert.ok(!got.includes(h), `should not find ${h}`);
    if (want.first) assert.equal(got[0], want.first);
    if (want.count !== undefined) assert.equal(got.length, want.count);
  });
}

test("filters by kind, district and year", async () => {
  assert.deepEqual(await search("nghia lo", { k: "unit" }), ["/units/thi-uy-nghia-lo/"]);
  const years = await search("ngh", { y: "2023" });
  assert.deepEqual(years, [FAR]);
  const inDistrict = await search("hoa", { d: "0" }); // districts in menu order: Mù Cang Chải sorts first
  assert.ok(inDistrict.length > 0 && inDistrict.every((u) => u.startsWith("/mu-cang-chai/")), inDistrict.join(" "));
});
