// Results come ten at a time: each shown result costs its metadata file, fetched before
// anything shows. Run in real Chromium against the 25-story site built by
// tests/browser.rs (`search_shows_ten_results_then_ten_more_in_chromium`), where every
// story says "học". Usage: node more.mjs URL
import { launch, resultLinks, searchFor } from './lib.mjs';

const base = process.argv[2];
const browser = await launch();
const page = await browser.newPage();
let failed = 0, checked = 0;
const check = (ok, what, got) => {
  checked++;
  if (ok) console.log(`ok   ${what}`);
  else { failed++; console.log(`FAIL ${what}: got ${JSON.stringify(got)}`); }
};
const more = () => page.$('#search-more');
const clickMore = async (want) => {
  await page.click('#search-more');
  await page.waitForFunction((n) => document.querySelectorAll('#search-results a').length === n, want, { timeout: 10000 });
};

const first = await searchFor(page, base, 'hoc');
check(first.length === 10, 'ten results at first', first.length);
check(first[0].endsWith('/tin-24/'), 'newest first', first[0]);
check(!!(await more()), 'a button asks for more', null);
await clickMore(20);
const second = await resultLinks(page);
check(second.slice(0, 10).join() === first.join(), 'the first ten stay in place', second.slice(0, 10));
check(new Set(second).size === 20, 'twenty distinct results', second);
await clickMore(25);
const all = await resultLinks(page);
check(new Set(all).size === 25, 'all 25 stories', all.length);
check(!(await more()), 'no button once every result shows', null);
const status = await page.$eval('#search-status', (s) => s.textContent);
check(status === 'Tìm thấy 25 kết quả.', 'the status counts them all', status);

await browser.close();
console.log(`${checked - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
