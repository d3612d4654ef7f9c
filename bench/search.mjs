// Search costs as a reader pays them, in headless Chromium: for each query, the bytes
// fetched (raw and gzip-compressed, as any static host serves them), the number of
// requests, and the time until results show. Usage:
//   node bench/search.mjs OUTPUT_DIR [query…]      (run from the repository root)
// Serves OUTPUT_DIR itself on a free port.
import { gzipSync } from 'node:zlib';
import { launch } from '../tests/browser/lib.mjs';
import { serveDir } from './serve.mjs';

const [dir, ...qs] = process.argv.slice(2);
// A query may carry filters after a `&`: `dang&d=3` (district 3), `chi bo&y=2019`.
const queries = qs.length ? qs : ['dang', 'nghia lo', 'chi bo dang', '"thi dua"', 'ngh', 'xyzzyq', 'Đảng bộ', 'Hội Phụ nữ', 'dang&d=11', 'chi bo&y=2019'];
const { server, port } = serveDir(dir);
const browser = await launch();
console.log('query'.padEnd(16), 'requests', 'raw KB'.padStart(8), 'gzip KB'.padStart(8), 'search-only gzip KB'.padStart(20), 'ms to results'.padStart(14), 'compute ms'.padStart(11));
for (const q of queries) {
  const page = await browser.newPage();
  const seen = [];
  page.on('response', async (r) => { const u = new URL(r.url()).pathname; if (u.includes('/search/') && !u.endsWith('/search/') || u.endsWith('.js')) { try { seen.push([u, await r.body()]); } catch {} } });
  await page.goto(`http://127.0.0.1:${port}/search/`, { waitUntil: 'networkidle' });
  seen.length = 0;
  const t0 = Date.now();
  const [words, ...filters] = q.split('&');
  await page.goto(`http://127.0.0.1:${port}/search/?q=${encodeURIComponent(words)}${filters.map((f) => '&' + f).join('')}`, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => { const s = document.getElementById('search-status'); return s && s.textContent && !s.textContent.startsWith('Đang'); });
  const ms = Date.now() - t0;
  // The same query again on the same page: every file it needs is already fetched, so
  // what remains is the client's own work (decoding, intersecting, ranking, showing).
  // Median of 5.
  const compute = [];
  for (let i = 0; i < 5; i++) {
    compute.push(await page.evaluate(() => new Promise((done) => {
      const status = document.getElementById('search-status');
      status.textContent = '';
      const t = performance.now();
      const obs = new MutationObserver(() => {
        if (status.textContent && !status.textContent.startsWith('Đang')) { obs.disconnect(); done(performance.now() - t); }
      });
      obs.observe(status, { childList: true, characterData: true, subtree: true });
      document.getElementById('search-form').dispatchEvent(new Event('submit', { cancelable: true }));
    })));
  }
  compute.sort((a, b) => a - b);
  const raw = seen.reduce((s, [, b]) => s + b.length, 0);
  const gz = seen.reduce((s, [, b]) => s + gzipSync(b).length, 0);
  const idx = seen.filter(([u]) => !u.endsWith('.js') && !u.endsWith('meta.json')).reduce((s, [, b]) => s + gzipSync(b).length, 0);
  console.log(q.padEnd(16), String(seen.length).padStart(8), (raw / 1024).toFixed(1).padStart(8), (gz / 1024).toFixed(1).padStart(8), (idx / 1024).toFixed(1).padStart(20), String(ms).padStart(14), compute[2].toFixed(1).padStart(11));
  await page.close();
}
await browser.close();
server.close();

// Each further word typed: the page has run the query without its last word; typing the
// last word fetches only what that word (and its pair with the word before) needs.
const further = ['nghia lo', 'chi bo dang', 'dang bo sin ho', 'mo hinh nuoi lon'];
const { server: server2, port: port2 } = serveDir(dir);
const browser2 = await launch();
console.log('\nfurther word'.padEnd(26), 'requests', 'gzip KB'.padStart(8));
for (const q of further) {
  const words = q.split(' ');
  const page = await browser2.newPage();
  const seen = [];
  let counting = false;
  page.on('response', async (r) => { if (!counting) return; const u = new URL(r.url()).pathname; if (u.includes('/search/')) { try { seen.push(await r.body()); } catch {} } });
  await page.goto(`http://127.0.0.1:${port2}/search/?q=${encodeURIComponent(words.slice(0, -1).join(' '))}`, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => { const s = document.getElementById('search-status'); return s && s.textContent && !s.textContent.startsWith('Đang'); });
  counting = true;
  await page.evaluate((q) => {
    document.getElementById('search-status').textContent = '';
    document.getElementById('search-q').value = q;
    document.getElementById('search-form').dispatchEvent(new Event('submit', { cancelable: true }));
  }, q);
  await page.waitForFunction(() => { const s = document.getElementById('search-status'); return s && s.textContent && !s.textContent.startsWith('Đang'); });
  await page.waitForTimeout(300);
  const gz = seen.reduce((s, b) => s + gzipSync(b).length, 0);
  console.log(('+ ' + words[words.length - 1] + ' (' + q + ')').padEnd(26), String(seen.length).padStart(8), (gz / 1024).toFixed(1).padStart(8));
  await page.close();
}
await browser2.close();
server2.close();
