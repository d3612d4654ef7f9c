// Shared by the browser checks: launch Debian's Chromium through playwright-core.
import { chromium } from 'playwright-core';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

/** Opens /search/?q=… and returns the result links' hrefs once the search has finished. */
export async function searchFor(page, base, query, extra = '') {
  const url = base + 'search/?q=' + encodeURIComponent(query) + extra;
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status');
    return s && s.textContent && !s.textContent.startsWith('Đang');
  }, null, { timeout: 10000 });
  return resultLinks(page);
}

/** The paths of the result links the search page shows now, in order. */
export function resultLinks(page) {
  return page.$$eval('#search-results a', (as) => as.map((a) => new URL(a.href).pathname));
}
