/* guong search client. Reads the index under <base>/search/ built by `guong build`
   (layout: src/search/mod.rs and encode.rs), fetching only the dictionary shards of the
   query's words and the posting blocks it needs, newest first, stopping once it has
   enough results. Text from the site is always inserted with textContent.
   The core (folding, parsing, index reading, matching, ranking) takes its I/O as a
   function, so Node's test runner checks the ranking on real index files
   (tests/browser/ranking.test.js); the page wiring below it runs only in a browser. */
(function () {
  "use strict";
  var W = [1, 4, 12, 16]; /* body, sapo, entity name, title */
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  var WANT = 60;

  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase(); }
  /* Tone placement does not matter (hoà = hòa): each word's tone moves to its end. */
  function toneKey(s) {
    return s.toLowerCase().normalize("NFD").split(/([^\p{L}\p{N}\u0300-\u036f]+)/u).map(function (w) {
      var t = w.match(TONES);
      return (w.replace(TONES, "") + (t ? t[0] : "")).normalize("NFC");
    }).join("");
  }
  function words(s) { return s.split(/[^\p{L}\p{N}]+/u).filter(Boolean); }
  function esc(s) { return Array.from(s).map(function (c) { return /[a-z0-9]/.test(c) ? c : "u" + c.codePointAt(0).toString(16); }).join(""); }
  var utf8enc = new TextEncoder();
  /* FNV-1a over UTF-8, as src/search/mod.rs computes it. */
  function fnv1a(s) { var h = 0x811c9dc5, b = utf8enc.encode(s); for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0; return h; }
  /* A syllable's shard is its first two letters; a pair's, a bucket of the whole pair. */
  function shardKey(t, buckets) { var i = t.indexOf(" "); return i >= 0 ? "p-" + ((fnv1a(t) & (buckets - 1)) >>> 0) : esc(Array.from(t).slice(0, 2).join("")); }
  /* "a b" c → [{phrase, words}]. */
  function parse(q) {
    var groups = [], re = /"([^"]*)"?|(\S+)/g, m;
    while ((m = re.exec(q))) {
      var ws = words(fold(m[1] !== undefined ? m[1] : m[2]));
      if (!ws.length) continue;
      if (m[1] !== undefined) groups.push({ phrase: true, words: ws });
      else ws.forEach(function (w) { groups.push({ phrase: false, words: [w] }); });
    }
    return groups;
  }
  /* LEB128 reader over a byte array. */
  function Reader(b, p) { this.b = b; this.p = p || 0; }
  Reader.prototype.v = function () { var x = 0, m = 1, c; do { c = this.b[this.p++]; x += (c & 127) * m; m *= 128; } while (c & 128); return x; };
  var utf8 = new TextDecoder();
  /* Postings as doc → class + 1 (the largest class seen). */
  function decode(bytes, first, out) {
    var r = new Reader(bytes), doc = first;
    while (r.p < bytes.length) { var x = r.v(); doc += Math.floor(x / 4); out.set(doc, Math.max(out.get(doc) || 0, (x & 3) + 1)); }
    return out;
  }
  function df(req) { return req.reduce(function (s, e) { return s + e.df; }, 0); }

  /* The index, read through get(path, "json" | "bin") → Promise of the value or null. */
  function Index(get) { this.get = get; this.cache = {}; this.meta = null; }
  Index.prototype.fetch = function (path, kind) {
    if (!this.cache[path]) this.cache[path] = this.get(path, kind);
    return this.cache[path];
  };
  Index.prototype.load = function () {
    var self = this;
    return this.fetch("meta.json", "json").then(function (m) { self.meta = m; return m; });
  };
  /* A dictionary shard: term → {df, key, inline bytes or blocks}. */
  Index.prototype.dict = function (key) {
    var path = "d/" + key + ".bin";
    if (!this.cache[path + "#"]) {
      this.cache[path + "#"] = this.fetch(path, "bin").then(function (b) {
        var map = new Map();
        if (!b) return map;
        var r = new Reader(b), n = r.v();
        for (var i = 0; i < n; i++) {
          var len = r.v(), term = utf8.decode(b.subarray(r.p, r.p + len)); r.p += len;
          var e = { term: term, key: key, df: r.v(), blocks: [], inline: null }, nb = r.v();
          if (nb === 0) { var bl = r.v(); e.inline = b.subarray(r.p, r.p + bl); r.p += bl; }
          for (var j = 0; j < nb; j++) e.blocks.push({ pack: r.v(), off: r.v(), len: r.v(), first: r.v(), last: r.v() });
          map.set(term, e);
        }
        return map;
      });
    }
    return this.cache[path + "#"];
  };
  /* Postings of an entry within [lo, hi], added to out. */
  Index.prototype.range = function (e, lo, hi, out) {
    var self = this;
    if (e.inline) { decode(e.inline, 0, out); return Promise.resolve(out); }
    var need = e.blocks.filter(function (b) { return b.last >= lo && b.first <= hi; });
    return Promise.all(need.map(function (b) {
      return self.fetch("p/" + e.key + "-" + b.pack + ".bin", "bin").then(function (p) { decode(p.subarray(b.off, b.off + b.len), b.first, out); });
    })).then(function () { return out; });
  };
  /* The entry of a term, and with `prefix` every syllable it begins: as one union entry
     `<term>*` where the index has one (a prefix whose syllables would cost many blocks),
     otherwise one entry each. */
  Index.prototype.lookup = function (term, prefix) {
    return this.dict(shardKey(term, this.meta.pair_buckets)).then(function (m) {
      if (prefix && m.has(term + "*")) return [m.get(term + "*")];
      var out = m.has(term) ? [m.get(term)] : [];
      if (prefix) m.forEach(function (e, k) { if (k !== term && k.lastIndexOf(term, 0) === 0 && !/[ *]/.test(k)) out.push(e); });
      return out;
    });
  };
  Index.prototype.docMeta = function (doc) {
    var c = this.meta.chunk;
    return this.fetch("docs/" + Math.floor(doc / c) + ".json", "json").then(function (d) { return d && d[doc % c]; });
  };

  /* Matching documents: every requirement (a word, a prefix, a pair of a phrase) must
     match. Windows are the blocks of the rarest requirement, newest first; `more` reads
     windows until it has `limit` hits or none are left. */
  function Search(index, q) {
    this.index = index;
    this.groups = parse(q);
    this.hits = [];
    this.seen = new Set();
    this.windows = null;
    var typing = !/[\s"]$/.test(q), self = this, reqs = [], flat = [];
    var lastGroup = this.groups[this.groups.length - 1];
    /* Whether the last word also matched as a prefix (highlighting follows it). */
    this.prefix = typing && !!lastGroup && !lastGroup.phrase && lastGroup.words[0].length >= 2;
    this.groups.forEach(function (g, i) {
      flat = flat.concat(g.words);
      if (g.phrase && g.words.length > 1) {
        for (var k = 0; k + 1 < g.words.length; k++) reqs.push(index.lookup(g.words[k] + " " + g.words[k + 1], false));
      } else {
        reqs.push(index.lookup(g.words[0], i === self.groups.length - 1 && typing && !g.phrase && g.words[0].length >= 2));
      }
    });
    var pairs = [];
    for (var i = 0; i + 1 < flat.length; i++) pairs.push(index.lookup(flat[i] + " " + flat[i + 1], false));
    this.ready = Promise.all([Promise.all(reqs), Promise.all(pairs)]).then(function (r) {
      self.reqs = r[0];
      self.pairs = r[1].filter(function (p) { return p.length; });
      if (!self.reqs.length || self.reqs.some(function (q) { return !q.length; })) { self.windows = []; return; }
      self.reqs.sort(function (a, b) { return df(a) - df(b); });
      var w = [];
      self.reqs[0].forEach(function (e) { if (e.inline) w.push([0, 1 / 0]); else e.blocks.forEach(function (b) { w.push([b.first, b.last]); }); });
      w.sort(function (a, b) { return a[0] - b[0]; });
      self.windows = w.length && w[0][1] === 1 / 0 ? [[0, 1 / 0]] : w;
    });
  }
  Search.prototype.more = function (limit) {
    var self = this, index = this.index;
    return this.ready.then(function step() {
      if (!self.windows.length || self.hits.length >= limit) return self;
      var win = self.windows.shift(), lo = win[0], hi = win[1];
      var lists = self.reqs.concat(self.pairs).map(function (req) {
        var out = new Map();
        return Promise.all(req.map(function (e) { return index.range(e, lo, hi, out); })).then(function () { return out; });
      });
      return Promise.all(lists).then(function (maps) {
        var n = self.reqs.length, found = [];
        maps[0].forEach(function (c0, doc) {
          if (doc < lo || doc > hi || self.seen.has(doc)) return;
          var score = W[c0 - 1];
          for (var j = 1; j < n; j++) { var c = maps[j].get(doc); if (!c) return; score += W[c - 1]; }
          for (var k = n; k < maps.length; k++) { var p = maps[k].get(doc); if (p) score += 3 * W[p - 1]; }
          self.seen.add(doc);
          found.push({ doc: doc, score: score });
        });
        found.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
        self.hits = self.hits.concat(found);
        return step();
      });
    });
  };

  /* The best `shown` results of query `q` passing the filters `want` ({d, k, y}), as
     document metadata, with pages having exactly the query's diacritics first. */
  function rank(index, search, q, want, shown) {
    var hasMarks = /[\u0300-\u036f]/.test(q.normalize("NFD")) || /[đĐ]/.test(q), exact = toneKey(q.replace(/"/g, ""));
    return search.more(shown + WANT).then(function () {
      /* Metadata of the best-scored hits only, with a margin for re-ranking exact matches
         when the query has diacritics to match exactly. */
      var pool = search.hits.slice(0, shown + (hasMarks ? 20 : 0));
      return Promise.all(pool.map(function (h) { return index.docMeta(h.doc); })).then(function (ms) {
        var out = [];
        ms.forEach(function (m, j) {
          if (!m) return;
          if ((want.d && want.d !== "" && String(m.d) !== want.d) || (want.k && m.k !== want.k) || (want.y && String(m.y) !== want.y)) return;
          var bonus = hasMarks && toneKey(m.t + " " + m.s).indexOf(exact) >= 0 ? 1000 : 0;
          out.push({ m: m, s: pool[j].score + bonus, doc: pool[j].doc });
        });
        out.sort(function (a, b) { return b.s - a.s || a.doc - b.doc; });
        return { results: out.slice(0, shown).map(function (o) { return o.m; }), more: search.hits.length > pool.length || out.length > shown || search.windows.length > 0, any: search.hits.length > 0 };
      });
    });
  }

  /* Splits text into [piece, marked] where a folded query word is a whole word ("dang"
     marks "Đảng"); with `prefix`, the last word may also begin a longer one, as it does
     in the search. */
  function marks(text, terms, prefix) {
    var folded = "", map = [], chars = Array.from(text), on = [], out = [];
    chars.forEach(function (ch, i) { var f = fold(ch); for (var k = 0; k < f.length; k++) { folded += f[k]; map.push(i); } });
    chars.forEach(function () { on.push(false); });
    terms.forEach(function (t, i) {
      var end = prefix && i === terms.length - 1 ? "" : "(?![\\p{L}\\p{N}])";
      var re = new RegExp("(^|[^\\p{L}\\p{N}])(" + t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")" + end, "gu"), m;
      while ((m = re.exec(folded))) {
        var s = m.index + m[1].length;
        for (var k = s; k < s + m[2].length; k++) on[map[k]] = true;
        if (re.lastIndex === m.index) re.lastIndex++;
      }
    });
    chars.forEach(function (ch, i) {
      var last = out[out.length - 1];
      if (last && last[1] === on[i]) last[0] += ch; else out.push([ch, on[i]]);
    });
    return out;
  }

  var core = { fold: fold, toneKey: toneKey, parse: parse, shardKey: shardKey, fnv1a: fnv1a, marks: marks, Index: Index, Search: Search, rank: rank };
  if (typeof document === "undefined") {
    if (typeof module !== "undefined" && module.exports) module.exports = core;
    return;
  }

  /* The page. */
  var form = document.getElementById("search-form");
  if (!form) return;
  var base = (form.getAttribute("data-base") || "/") + "search/";
  var input = document.getElementById("search-q");
  var selD = document.getElementById("search-district");
  var selK = document.getElementById("search-kind");
  var selY = document.getElementById("search-year");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var KIND = { article: "Bài viết", unit: "Tập thể", model: "Mô hình", figure: "Gương điển hình", district: "Địa phương" };
  var runId = 0, timer = 0, shown = 20, current = null;
  var index = new Index(function (path, kind) {
    return fetch(base + path).then(function (r) {
      if (r.status === 404) return null;
      if (!r.ok) throw new Error(r.status);
      return kind === "json" ? r.json() : r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
    });
  });
  function highlight(el, text, terms, prefix) {
    marks(text, terms, prefix).forEach(function (p) {
      if (p[1]) { var mk = document.createElement("mark"); mk.textContent = p[0]; el.appendChild(mk); } else el.appendChild(document.createTextNode(p[0]));
    });
  }
  function render(search, results, more) {
    list.textContent = "";
    var terms = [], prefix = search.prefix;
    search.groups.forEach(function (g) { terms = terms.concat(g.words); });
    results.forEach(function (m) {
      var li = document.createElement("li"), a = document.createElement("a"), info = document.createElement("span");
      a.href = m.u;
      highlight(a, m.t, terms, prefix);
      info.className = "result-meta";
      info.textContent = [KIND[m.k] || m.k, m.d >= 0 ? index.meta.districts[m.d] : "", m.dt].filter(Boolean).join(" · ");
      li.appendChild(a);
      li.appendChild(info);
      if (m.s) { var p = document.createElement("p"); p.className = "result-snippet"; highlight(p, m.s, terms, prefix); li.appendChild(p); }
      list.appendChild(li);
    });
    var old = document.getElementById("search-more");
    if (old) old.remove();
    if (more) {
      var b = document.createElement("button");
      b.type = "button";
      b.id = "search-more";
      b.className = "more-results";
      b.textContent = "Xem thêm kết quả";
      b.addEventListener("click", function () { shown += 20; run(true); });
      list.after(b);
    }
  }
  function run(keep) {
    var q = input.value.trim(), id = ++runId;
    if (!keep) shown = 20;
    if (!q) { list.textContent = ""; status.textContent = ""; current = null; return; }
    status.textContent = "Đang tìm…";
    if (!keep || !current || current.q !== q) current = { q: q, search: new Search(index, input.value) };
    var search = current.search;
    rank(index, search, q, { d: selD.value, k: selK.value, y: selY.value }, shown).then(function (r) {
      if (id !== runId) return;
      render(search, r.results, r.more);
      status.textContent = r.results.length === 0 ? (r.any ? "Không có kết quả phù hợp bộ lọc." : "Không tìm thấy kết quả cho “" + q + "”.")
        : "Tìm thấy " + (r.more ? "hơn " : "") + r.results.length.toLocaleString("vi-VN") + " kết quả.";
    }).catch(function () { if (id === runId) status.textContent = "Không tải được chỉ mục tìm kiếm. Hãy thử lại."; });
  }
  function toUrl(push) {
    var p = new URLSearchParams();
    if (input.value.trim()) p.set("q", input.value.trim());
    if (selD.value) p.set("d", selD.value);
    if (selK.value) p.set("k", selK.value);
    if (selY.value) p.set("y", selY.value);
    var url = location.pathname + (p.toString() ? "?" + p.toString() : "");
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  }
  function fromUrl() {
    var p = new URLSearchParams(location.search);
    input.value = p.get("q") || "";
    selD.value = p.get("d") || "";
    selK.value = p.get("k") || "";
    selY.value = p.get("y") || "";
    run(false);
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { toUrl(false); run(false); }, 150); });
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); toUrl(true); run(false); });
  [selD, selK, selY].forEach(function (s) { s.addEventListener("change", function () { toUrl(true); run(false); }); });
  window.addEventListener("popstate", fromUrl);
  index.load().then(function (m) {
    m.years.forEach(function (y) { var o = document.createElement("option"); o.value = String(y); o.textContent = String(y); selY.appendChild(o); });
    fromUrl();
  }).catch(function () { status.textContent = "Không tải được chỉ mục tìm kiếm."; });
})();
