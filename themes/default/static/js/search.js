/* guong search client. Reads the index under <base>/search/ built by `guong build`
   (layout: src/search/mod.rs and encode.rs), fetching only the dictionary shards of the
   query's words and the posting blocks it needs, newest first, stopping once it has
   enough results. Text from the site is always inserted with textContent. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var base = (form.getAttribute("data-base") || "/") + "search/";
  var input = document.getElementById("search-q");
  var selD = document.getElementById("search-district");
  var selK = document.getElementById("search-kind");
  var selY = document.getElementById("search-year");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var cache = {}, meta = null, runId = 0, timer = 0, shown = 20;
  var W = [1, 4, 12, 16]; /* body, sapo, entity name, title */
  var KIND = { article: "Bài viết", unit: "Tập thể", model: "Mô hình", figure: "Gương điển hình", district: "Địa phương" };
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  var WANT = 60, PREFIXES = 24;

  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase(); }
  /* Tone placement does not matter (hoà = hòa): each word's tone moves to its end. */
  function toneKey(s) {
    return s.toLowerCase().normalize("NFD").split(/([^\p{L}\p{N}\u0300-\u036f]+)/u).map(function (w) {
      var t = w.match(TONES);
      return (w.replace(TONES, "") + (t ? t[0] : "")).normalize("NFC");
    }).join("");
  }
  function words(s) { return s.split(/[^\p{L}\p{N}]+/u).filter(Boolean); }
  function fetchOnce(path, kind) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(r.status);
        return kind === "json" ? r.json() : r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
      });
    }
    return cache[path];
  }
  function esc(s) { return Array.from(s).map(function (c) { return /[a-z0-9]/.test(c) ? c : "u" + c.codePointAt(0).toString(16); }).join(""); }
  function shardKey(t) { var i = t.indexOf(" "); return i >= 0 ? "b-" + esc(t.slice(0, i)) : esc(Array.from(t).slice(0, 2).join("")); }

  /* LEB128 reader over a byte array. */
  function Reader(b, p) { this.b = b; this.p = p || 0; }
  Reader.prototype.v = function () { var x = 0, m = 1, c; do { c = this.b[this.p++]; x += (c & 127) * m; m *= 128; } while (c & 128); return x; };
  var utf8 = new TextDecoder();
  /* A dictionary shard: term → {df, key, inline bytes or blocks}. */
  function dict(key) {
    var path = "d/" + key + ".bin";
    if (!cache[path + "#"]) {
      cache[path + "#"] = fetchOnce(path).then(function (b) {
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
    return cache[path + "#"];
  }
  function decode(bytes, first, out) {
    var r = new Reader(bytes), doc = first;
    while (r.p < bytes.length) { var x = r.v(); doc += Math.floor(x / 4); out.set(doc, Math.max(out.get(doc) || 0, (x & 3) + 1)); }
    return out;
  }
  /* Postings of an entry within [lo, hi] as doc → class + 1. */
  function range(e, lo, hi, out) {
    if (e.inline) { decode(e.inline, 0, out); return Promise.resolve(out); }
    var need = e.blocks.filter(function (b) { return b.last >= lo && b.first <= hi; });
    return Promise.all(need.map(function (b) {
      return fetchOnce("p/" + e.key + "-" + b.pack + ".bin").then(function (p) { decode(p.subarray(b.off, b.off + b.len), b.first, out); });
    })).then(function () { return out; });
  }
  function lookup(term, prefix) {
    return dict(shardKey(term)).then(function (m) {
      var out = m.has(term) ? [m.get(term)] : [];
      if (prefix) {
        var more = [];
        m.forEach(function (e, k) { if (k !== term && k.indexOf(" ") < 0 && k.lastIndexOf(term, 0) === 0) more.push(e); });
        more.sort(function (a, b) { return b.df - a.df; });
        out = out.concat(more.slice(0, PREFIXES));
      }
      return out;
    });
  }
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
  function df(req) { return req.reduce(function (s, e) { return s + e.df; }, 0); }

  /* Finds matching documents: every requirement (a word, a prefix, a pair of a phrase)
     must match. Windows are the blocks of the rarest requirement, newest first. */
  function Search(q) {
    this.groups = parse(q);
    this.hits = [];
    this.seen = new Set();
    this.windows = null;
    var typing = !/[\s"]$/.test(q), self = this, reqs = [], flat = [];
    this.groups.forEach(function (g, i) {
      flat = flat.concat(g.words);
      if (g.phrase && g.words.length > 1) {
        for (var k = 0; k + 1 < g.words.length; k++) reqs.push(lookup(g.words[k] + " " + g.words[k + 1], false));
      } else {
        reqs.push(lookup(g.words[0], i === self.groups.length - 1 && typing && !g.phrase && g.words[0].length >= 2));
      }
    });
    var pairs = [];
    for (var i = 0; i + 1 < flat.length; i++) pairs.push(lookup(flat[i] + " " + flat[i + 1], false));
    this.ready = Promise.all([Promise.all(reqs), Promise.all(pairs)]).then(function (r) {
      self.reqs = r[0];
      self.pairs = r[1].filter(function (p) { return p.length; });
      if (!self.reqs.length || self.reqs.some(function (q) { return !q.length; })) { self.windows = []; return; }
      self.reqs.sort(function (a, b) { return df(a) - df(b); });
      var d = self.reqs[0], w = [];
      d.forEach(function (e) { if (e.inline) w.push([0, 1 / 0]); else e.blocks.forEach(function (b) { w.push([b.first, b.last]); }); });
      w.sort(function (a, b) { return a[0] - b[0]; });
      self.windows = w.length && w[0][1] === 1 / 0 ? [[0, 1 / 0]] : w;
    });
  }
  Search.prototype.more = function () {
    var self = this;
    return this.ready.then(function step() {
      if (!self.windows.length || self.hits.length >= shown + WANT) return self;
      var win = self.windows.shift(), lo = win[0], hi = win[1];
      var lists = self.reqs.concat(self.pairs).map(function (req) {
        var out = new Map();
        return Promise.all(req.map(function (e) { return range(e, lo, hi, out); })).then(function () { return out; });
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

  function docMeta(doc) { return fetchOnce("docs/" + Math.floor(doc / meta.chunk) + ".json", "json").then(function (c) { return c && c[doc % meta.chunk]; }); }
  /* Marks folded matches in the original text: "dang" marks "Đảng". */
  function highlight(el, text, terms) {
    var folded = "", map = [], chars = Array.from(text);
    chars.forEach(function (ch, i) { var f = fold(ch); for (var k = 0; k < f.length; k++) { folded += f[k]; map.push(i); } });
    var marks = new Array(chars.length).fill(false);
    terms.forEach(function (t) {
      var re = new RegExp("(^|[^\\p{L}\\p{N}])(" + t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "gu"), m;
      while ((m = re.exec(folded))) {
        var s = m.index + m[1].length;
        for (var k = s; k < s + m[2].length; k++) marks[map[k]] = true;
        if (re.lastIndex === m.index) re.lastIndex++;
      }
    });
    var buf = "", on = false;
    function flush() {
      if (!buf) return;
      if (on) { var mk = document.createElement("mark"); mk.textContent = buf; el.appendChild(mk); } else el.appendChild(document.createTextNode(buf));
      buf = "";
    }
    chars.forEach(function (ch, i) { if (marks[i] !== on) { flush(); on = marks[i]; } buf += ch; });
    flush();
  }
  function render(search, results, more) {
    list.textContent = "";
    var terms = [];
    search.groups.forEach(function (g) { terms = terms.concat(g.words); });
    results.forEach(function (m) {
      var li = document.createElement("li"), a = document.createElement("a"), info = document.createElement("span");
      a.href = m.u;
      highlight(a, m.t, terms);
      info.className = "result-meta";
      info.textContent = [KIND[m.k] || m.k, m.d >= 0 ? meta.districts[m.d] : "", m.dt].filter(Boolean).join(" · ");
      li.appendChild(a);
      li.appendChild(info);
      if (m.s) { var p = document.createElement("p"); p.className = "result-snippet"; highlight(p, m.s, terms); li.appendChild(p); }
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
  var current = null;
  function run(keep) {
    var q = input.value.trim(), id = ++runId;
    if (!keep) shown = 20;
    if (!q) { list.textContent = ""; status.textContent = ""; current = null; return; }
    status.textContent = "Đang tìm…";
    if (!keep || !current || current.q !== q) current = { q: q, search: new Search(input.value) };
    var search = current.search, want = { d: selD.value, k: selK.value, y: selY.value };
    var hasMarks = /[\u0300-\u036f]/.test(q.normalize("NFD")) || /[đĐ]/.test(q), exact = toneKey(q.replace(/"/g, ""));
    search.more().then(function () {
      if (id !== runId) return;
      /* Metadata of the best-scored hits only, with a margin for re-ranking exact matches. */
      var pool = search.hits.slice(0, shown + 20);
      return Promise.all(pool.map(function (h) { return docMeta(h.doc); })).then(function (ms) {
        if (id !== runId) return;
        var out = [];
        ms.forEach(function (m, j) {
          if (!m) return;
          if ((want.d !== "" && String(m.d) !== want.d) || (want.k && m.k !== want.k) || (want.y && String(m.y) !== want.y)) return;
          var bonus = hasMarks && toneKey(m.t + " " + m.s).indexOf(exact) >= 0 ? 1000 : 0;
          out.push({ m: m, s: pool[j].score + bonus, doc: pool[j].doc });
        });
        out.sort(function (a, b) { return b.s - a.s || a.doc - b.doc; });
        var more = out.length > shown || search.windows.length > 0;
        render(search, out.slice(0, shown).map(function (o) { return o.m; }), more);
        status.textContent = out.length === 0 ? (search.hits.length ? "Không có kết quả phù hợp bộ lọc." : "Không tìm thấy kết quả cho “" + q + "”.")
          : "Tìm thấy " + (more ? "hơn " : "") + Math.min(out.length, shown).toLocaleString("vi-VN") + " kết quả.";
      });
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
  fetchOnce("meta.json", "json").then(function (m) {
    meta = m;
    m.years.forEach(function (y) { var o = document.createElement("option"); o.value = String(y); o.textContent = String(y); selY.appendChild(o); });
    fromUrl();
  }).catch(function () { status.textContent = "Không tải được chỉ mục tìm kiếm."; });
})();
