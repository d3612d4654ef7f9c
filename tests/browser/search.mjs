// The search correctness table (issue: Vietnamese-aware search), run in real Chromium
// against the `search` fixture site built by tests/browser.rs. Usage: node search.mjs URL
import { launch, searchFor } from './lib.mjs';

const base = process.argv[2];
const P = (d, s) => `${new URL(base).pathname}${d}/${s}/`;
const NL = P('nghia-lo', 'nhan-rong');
const FAR = P('nghia-lo', 'xa-nhau');
const DANG = P('nghia-lo', 'dang-bo');
const DIEN = P('nghia-lo', 'dien');
const DUONG = P('mu-cang-chai', 'duong-hoa');
const DUKHACH = P('mu-cang-chai', 'du-khach');
const THUY = P('mu-cang-chai', 'thuy-loi');
const HOABAN = P('mu-cang-chai', 'hoa-ban');
const HOAGIAI = P('mu-cang-chai', 'hoa-giai');
const HOCHUA = P('mu-cang-chai', 'ho-chua');
const HODAN = P('mu-cang-chai', 'ho-dan');
const BOTRONG = P('nghia-lo', 'bo-trong');
const KYTHUAT = P('mu-cang-chai', 'ky-thuat');
const QUYET = P('mu-cang-chai', 'quyet-tam');

const cases = [
  { q: 'Nghĩa Lộ', has: [NL, FAR], first: NL },
  { q: 'nghia lo', has: [NL, FAR], first: NL, why: 'adjacent syllables rank above far apart ones' },
  { q: '"nghia lo"', has: [NL], not: [FAR], why: 'a quoted phrase matches adjacent syllables only' },
  { q: '“nghia lo”', has: [NL], not: [FAR], why: 'phones\' keyboards type curly quotes' },
  { q: 'ĐẢNG BỘ', has: [DANG] },
  { q: 'dang', has: [DANG] },
  { q: 'dien', has: [DIEN], why: 'đ folds to d' },
  { q: 'duong', has: [DUONG], not: [DUKHACH], why: 'no shortened-prefix guesses' },
  { q: 'yen bai', has: [DUKHACH] },
  { q: 'mu cang chai', has: [DUKHACH], first: DUKHACH },
  { q: 'ngh', has: [NL, FAR, DANG], why: 'the last word typed is a prefix' },
  { q: 'thuỷ', has: [THUY], why: 'old tone placement finds the new one' },
  { q: 'hòa', has: [HOAGIAI, HOABAN], first: HOAGIAI, why: 'exact diacritics rank first' },
  { q: 'hoa', has: [HOAGIAI, HOABAN], first: HOABAN, why: 'without diacritics, newest first' },
  { q: 'xyzzyqw', count: 0 },
  { q: 'ki thuat', has: [KYTHUAT], why: 'kĩ and kỹ are one word' },
  { q: 'kĩ thuật', has: [KYTHUAT], why: 'kĩ and kỹ are one word' },
  { q: 'ky', has: [KYTHUAT, QUYET], why: '“ký” in a body, “kỹ” in a title' },
  { q: 'quy', has: [QUYET], why: 'typed on the way to “quyết”, a prefix keeps its y' },
  { q: 'quy ', not: [QUYET], why: 'finished, “quy” is its own word' },
  { q: 'hồ', has: [HOCHUA, HODAN], first: HOCHUA, why: 'the form typed ranks first, found in the body' },
  { q: 'hộ', has: [HOCHUA, HODAN], first: HODAN, why: 'the form typed ranks first, found in the body' },
  { q: 'Đảng bộ', has: [DANG, BOTRONG], first: DANG, why: '“Đảng bộ” above the newer “đang bỏ”' },
  { q: 'dang bo', has: [DANG, BOTRONG], first: BOTRONG, why: 'without diacritics, newest first' },
  { q: 'nghia lo', extra: '&k=unit', has: [`${new URL(base).pathname}units/thi-uy-nghia-lo/`], not: [NL], why: 'kind filter' },
];

const browser = await launch();
const page = await browser.newPage();
let failed = 0;
for (const c of cases) {
  const got = await searchFor(page, base, c.q, c.extra || '');
  const problems = [];
  for (const h of c.has || []) if (!got.includes(h)) problems.push(`missing ${h}`);
  for (const h of c.not || []) if (got.includes(h)) problems.push(`should not find ${h}`);
  if (c.first && got[0] !== c.first) problems.push(`first is ${got[0]}, want ${c.first}`);
  if (c.count !== undefined && got.length !== c.count) problems.push(`${got.length} results, want ${c.count}`);
  if (problems.length) {
    failed++;
    console.log(`FAIL ${JSON.stringify(c.q)}${c.why ? ' (' + c.why + ')' : ''}: ${problems.join('; ')}\n     got: ${got.join(' ')}`);
  } else {
    console.log(`ok   ${JSON.stringify(c.q)}`);
  }
}

// Highlighting works on folded matches, and content is inserted as text.
await searchFor(page, base, 'dang');
const marks = await page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent));
if (!marks.some((m) => m === 'Đảng' || m === 'ĐẢNG')) { failed++; console.log(`FAIL highlight: marks ${JSON.stringify(marks)}`); } else console.log('ok   highlight "dang" marks "Đảng"');

// A quoted phrase is marked where its words stand together, not word by word.
await searchFor(page, base, '"tong ket"');
const phraseMarks = await page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent));
if (!phraseMarks.length || phraseMarks.some((m) => !/^tổng\s+kết$/i.test(m))) { failed++; console.log(`FAIL phrase marks ${JSON.stringify(phraseMarks)}`); } else console.log('ok   a phrase is marked as one');

await searchFor(page, base, 'ki thuat');
const kiMarks = await page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent));
if (!kiMarks.includes('kỹ')) { failed++; console.log(`FAIL highlight: "ki" marks ${JSON.stringify(kiMarks)}`); } else console.log('ok   highlight "ki" marks "kỹ"');

// The URL stays in sync and the back button returns to the previous query.
await searchFor(page, base, 'dien');
await page.fill('#search-q', 'duong');
await page.press('#search-q', 'Enter');
await page.waitForFunction(() => location.search.includes('q=duong'));
await page.goBack();
await page.waitForFunction(() => document.getElementById('search-q').value === 'dien');
console.log('ok   URL sync and back button');

// A last word of one letter is looked up whole, and the reader is told to type on.
await searchFor(page, base, 'dang n');
const hint = await page.$eval('#search-status', (s) => s.textContent);
if (!hint.includes('Gõ thêm chữ để tìm các từ bắt đầu bằng “n”')) { failed++; console.log(`FAIL one letter: status ${JSON.stringify(hint)}`); } else console.log('ok   one letter asks for more');
await searchFor(page, base, 'xyzzyqw');
const plain = await page.$eval('#search-status', (s) => s.textContent);
if (plain.includes('Gõ thêm')) { failed++; console.log(`FAIL longer word: status ${JSON.stringify(plain)}`); } else console.log('ok   no hint after a longer word');

// Typing gives results without submitting (debounced as-you-type).
await page.goto(base + 'search/', { waitUntil: 'networkidle' });
await page.type('#search-q', 'dien', { delay: 30 });
await page.waitForFunction(() => document.querySelectorAll('#search-results a').length > 0, null, { timeout: 5000 });
console.log('ok   results as you type');

await browser.close();
console.log(`${cases.length + 7 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
