// The search index of a built site, read from disk the way the page reads it over HTTP,
// for the Node test files (ranking, prefix, forms): run by tests/browser.rs with
// GUONG_SEARCH_SITE set to the built output folder.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const core = require("../../themes/default/static/js/search.js");

const site = process.env.GUONG_SEARCH_SITE;
if (!site) throw new Error("set GUONG_SEARCH_SITE to a built output folder");

// The loaded index, and the list of files its queries read, in order.
async function open() {
  const read = [];
  const index = new core.Index((p, kind) => {
    read.push(p);
    const file = path.join(site, "search", p);
    if (!fs.existsSync(file)) return Promise.resolve(null);
    const bytes = fs.readFileSync(file);
    return Promise.resolve(kind === "json" ? JSON.parse(bytes.toString("utf8")) : new Uint8Array(bytes));
  });
  await index.load();
  return { index, read };
}

module.exports = { core, open };
