/* guong search client: reads the index under <base>/search/ (src/search/mod.rs), only
   the shards and blocks a query needs, newest first. Site text goes in as textContent.
   The core takes its I/O as a function, so Node's test runner checks it on real index
   files (tests/browser/*.test.js); the page wiring below runs only in a browser. */
(function () {
  "use strict";
  var W = [1, 4, 12, 16]; /* body, sapo, entity name, title */
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  var WANT = 60;
  /* What each word a document has in exactly the form typed adds (with diacritics only):
     more than any other score, so pages with the words as typed come first. */
  var EXACT = 1000;
  /* How many more rounds of hits a query reads at most when too few pass its filters or
     have its words in the forms typed, before it shows what it has. */
  var MORE_WINDOWS = 8;
  /* Results shown at first and added by each "Xem thêm kết quả": each costs its
     metadata file, fetched before anything shows, so on a slow phone ten come sooner
     than twenty. */
  var PAGE = 10;

  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase(); }
  /* Tone placement does not matter (hoà = hòa): each word's tone moves to its end, as
     the index writes a syllable's forms (tone_key in src/text/fold.rs). */
  function toneKey(s) {
    return s.toLowerCase().normalize("NFD").split(/([^\p{L}\p{N}\u0300-\u036f]+)/u).map(function (w) {
      var t = w.match(TONES);
      return (w.replace(TONES, "") + (t ? t[t.length - 1] : "")).normalize("NFC");
    }).join("");
  }
  function hasMarks(q) { return /[\u0300-\u036f]/.test(q.normalize("NFD")) || /[đĐ]/.test(q); }
  function words(s) { return s.split(/[^\p{L}\p{N}]+/u).filter(Boolean); }
  /* Where i or y is the whole rhyme after a consonant (kỹ/kĩ, lý/lí, quý/quí), the index
     spells it i (search_spelling in src/text/fold.rs); uy and a lone y stay. */
  var ONSET = "(?:b|c|d|g|h|k|l|m|n|p|r|s|t|v|x|ch|gh|kh|ng|ngh|nh|ph|th|tr|qu)";
  var ONSET_Y = new RegExp("^" + ONSET + "y$"), ONSET_I = new RegExp("^" + ONSET + "i$");
  function spelling(w) { return ONSET_Y.test(w) ? w.slice(0, -1) + "i" : w; }
  function esc(s) { return Array.from(s).map(function (c) { return /[a-z0-9]/.test(c) ? c : "u" + c.codePointAt(0).toString(16); }).join(""); }
  var utf8enc = new TextEncoder();
  /* FNV-1a over UTF-8, as src/search/mod.rs computes it. */
  function fnv1a(s) { var h = 0x811c9dc5, b = utf8enc.encode(s); for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0; return h; }
  /* A syllable's shard is its first two letters; a pair's, a bucket of the whole pair. */
  function shardKey(t, buckets) { var i = t.indexOf(" "); return i >= 0 ? "p-" + ((fnv1a(t) & (buckets - 1)) >>> 0) : esc(Array.from(t).slice(0, 2).join("")); }
  /* Quotation marks that make a phrase: phones' keyboards often turn " into “ ”. */
  var QUOTES = "\"“”„«»＂";
  /* "a b" c → [{phrase, words, forms}]: each word folded, and as typed (toneKey). */
  function parse(q) {
    var groups = [], re = new RegExp("[" + QUOTES + "]([^" + QUOTES + "]*)[" + QUOTES + "]?|(\\S+)", "g"), m;
    while ((m = re.exec(q))) {
      var typed = (m[1] !== undefined ? m[1] : m[2]).normalize("NFC").split(/[^\p{L}\p{N}\u0300-\u036f]+/u), ws = [], fs = [];
      typed.forEach(function (t) { words(fold(t)).forEach(function (w) { ws.push(w); fs.push(toneKey(t)); }); });
      if (!ws.length) continue;
      /* `words` as the index spells them; `raw` as typed, folded: what a prefix begins. */
      if (m[1] !== undefined) groups.push({ phrase: true, words: ws.map(spelling), forms: fs, raw: ws });
      else ws.forEach(function (w, i) { groups.push({ phrase: false, words: [spelling(w)], forms: [fs[i]], raw: [w] }); });
    }
    return groups;
  }
  /* LEB128 reader over a byte array. */
  function Reader(b, p) { this.b = b; this.p = p || 0; }
  Reader.prototype.v = function () { var x = 0, m = 1, c; do { c = this.b[this.p++]; x += (c & 127) * m; m *= 128; } while (c & 128); return x; };
  var utf8 = new TextDecoder();
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
  /* A dictionary shard: term → {df, key, forms, inline bytes and masks, or blocks}. A
     syllable's shard lists the forms it is written in, commonest first; with two or
     more, a mask per posting says which of them the document has (bit n: forms[n]). */
  Index.prototype.dict = function (key) {
    var path = "d/" + key + ".bin";
    if (!this.cache[path + "#"]) {
      this.cache[path + "#"] = this.fetch(path, "bin").then(function (b) {
        var map = new Map(), syllables = key.lastIndexOf("p-", 0) !== 0;
        if (!b) return map;
        var r = new Reader(b), n = r.v();
        function bytes() { var len = r.v(), x = b.subarray(r.p, r.p + len); r.p += len; return x; }
        for (var i = 0; i < n; i++) {
          var term = utf8.decode(bytes());
          var e = { term: term, key: key, df: r.v(), forms: [], blocks: [], inline: null, masks: null };
          for (var f = syllables ? r.v() : 0; f > 0; f--) e.forms.push(utf8.decode(bytes()));
          var many = e.forms.length > 1, nb = r.v();
          if (nb === 0) { e.inline = bytes(); if (many) e.masks = bytes(); }
          for (var j = 0; j < nb; j++) {
            var bk = { pack: r.v(), off: r.v(), len: r.v(), first: r.v(), last: r.v(), moff: 0, mlen: 0 };
            if (many) { bk.moff = r.v(); bk.mlen = r.v(); }
            e.blocks.push(bk);
          }
          map.set(term, e);
        }
        return map;
      });
    }
    return this.cache[path + "#"];
  };
  /* Postings of an entry within [lo, hi], added to out as doc → class + 1 (the largest
     class seen). With `only` (documents in ascending order), blocks holding none of
     them are not read. */
  Index.prototype.range = function (e, lo, hi, out, only) {
    return this.walk(e, lo, hi, false, function (doc, x) { out.set(doc, Math.max(out.get(doc) || 0, (x & 3) + 1)); }, only).then(function () { return out; });
  };
  /* Form masks of an entry's documents within [lo, hi], added to out as doc → mask. */
  Index.prototype.masks = function (e, lo, hi, out, only) {
    return this.walk(e, lo, hi, true, function (doc, x, mask) { out.set(doc, mask); }, only).then(function () { return out; });
  };
  /* Whether sorted `docs` has one in [lo, hi]. */
  function anyIn(docs, lo, hi) {
    var a = 0, b = docs.length;
    while (a < b) { var m = (a + b) >> 1; if (docs[m] < lo) a = m + 1; else b = m; }
    return a < docs.length && docs[a] <= hi;
  }
  /* Calls f(doc, posting, mask) for each posting of an entry in its blocks that meet
     [lo, hi] (and hold one of `only`, when given; all of an inline list), fetching the
     blocks' packs, and with `masks` their mask packs too. A block or list without masks
     is all 1: its documents have the commonest form alone. */
  Index.prototype.walk = function (e, lo, hi, masks, f, only) {
    var self = this;
    function read(post, first, m) {
      var r = new Reader(post), mr = m && m.length ? new Reader(m) : null, doc = first;
      while (r.p < post.length) { var x = r.v(); doc += Math.floor(x / 4); f(doc, x, mr ? mr.v() : 1); }
    }
    if (e.inline) { read(e.inline, 0, masks && e.masks); return Promise.resolve(); }
    var need = e.blocks.filter(function (b) { return b.last >= lo && b.first <= hi && (!only || anyIn(only, b.first, b.last)); });
    return Promise.all(need.map(function (b) {
      var at = e.key + "-" + b.pack + ".bin";
      return Promise.all([self.fetch("p/" + at, "bin"), masks && b.mlen ? self.fetch("m/" + at, "bin") : null]).then(function (p) {
        read(p[0].subarray(b.off, b.off + b.len), b.first, p[1] && p[1].subarray(b.moff, b.moff + b.mlen));
      });
    }));
  };
  /* The entry of a term, and with `prefix` every syllable that `raw` (the term as typed,
     folded: "quy" for the term "qui") begins: as one union entry `<raw>*` where the index
     has one (a prefix whose syllables would cost many blocks), otherwise one entry each. */
  Index.prototype.lookup = function (term, prefix, raw) {
    var b = this.meta.pair_buckets, at = shardKey(term, b);
    raw = prefix && raw ? raw : term;
    var from = shardKey(raw, b);
    return Promise.all([this.dict(at), from === at ? null : this.dict(from)]).then(function (d) {
      var m = d[0], p = d[1] || m, out = m.has(term) ? [m.get(term)] : [];
      if (!prefix) return out;
      if (p.has(raw + "*")) return raw === term ? [p.get(raw + "*")] : out.concat([p.get(raw + "*")]);
      p.forEach(function (e, k) { if (k !== term && k.lastIndexOf(raw, 0) === 0 && !/[ *]/.test(k)) out.push(e); });
      return out;
    });
  };
  /* District (-1 for none), kind and year (0 for none) of a document, from its file of
     facets. */
  Index.prototype.facet = function (doc) {
    var n = this.meta.facets, kinds = this.meta.kinds;
    return this.fetch("f/" + Math.floor(doc / n) + ".bin", "bin").then(function (b) {
      var i = (doc % n) * 5;
      return b && i + 5 <= b.length ? { d: b[i] + 256 * b[i + 1] - 1, k: kinds[b[i + 2]], y: b[i + 3] + 256 * b[i + 4] } : null;
    });
  };
  Index.prototype.docMeta = function (doc) {
    var c = this.meta.chunk;
    return this.fetch("docs/" + Math.floor(doc / c) + ".json", "json").then(function (d) { return d && d[doc % c]; });
  };

  /* Matching documents: every requirement (a word, a prefix, a pair of a phrase) must
     match. Windows are the blocks of the rarest requirement, newest first, each
     [first doc, last doc, postings]; `more` reads windows (narrowing them, see there)
     until it has `limit` hits or none are left. A query typed with diacritics
     ranks first the documents that have its words in exactly the forms typed (each word
     against its syllable's form masks), then those with fewer of them. */
  function Search(index, q) {
    this.index = index;
    this.groups = parse(q);
    this.hits = [];
    this.seen = new Set();
    this.windows = null;
    /* Typed with diacritics: forms rank first, and are what highlighting marks. */
    this.marked = hasMarks(q);
    var typing = !/\s$/.test(q) && QUOTES.indexOf(q.slice(-1)) < 0, self = this, reqs = [], flat = [];
    var lastGroup = this.groups[this.groups.length - 1];
    var open = typing && !!lastGroup && !lastGroup.phrase;
    /* Whether the last word also matched as a prefix (highlighting follows it). */
    this.prefix = open && lastGroup.words[0].length >= 2;
    /* A last word of one letter is looked up whole: a prefix that short would read a
       whole letter of the dictionary. The reader is told to type on. */
    this.short = open && lastGroup.words[0].length === 1;
    this.groups.forEach(function (g, i) {
      flat = flat.concat(g.words);
      if (g.phrase && g.words.length > 1) {
        for (var k = 0; k + 1 < g.words.length; k++) reqs.push(index.lookup(g.words[k] + " " + g.words[k + 1], false));
      } else {
        reqs.push(index.lookup(g.words[0], i === self.groups.length - 1 && self.prefix, g.raw[0]));
      }
    });
    var pairs = [], exact = [];
    for (var i = 0; i + 1 < flat.length; i++) pairs.push(index.lookup(flat[i] + " " + flat[i + 1], false));
    /* Each word's syllable and the bit of its typed form (none: no document has it). */
    if (this.marked) this.groups.forEach(function (g) {
      g.words.forEach(function (w, k) {
        exact.push(index.lookup(w, false).then(function (es) {
          var bit = es.length ? es[0].forms.indexOf(g.forms[k]) : -1;
          return bit < 0 ? null : { e: es[0], bit: bit };
        }));
      });
    });
    this.ready = Promise.all([Promise.all(reqs), Promise.all(pairs), Promise.all(exact)]).then(function (r) {
      self.reqs = r[0];
      self.pairs = r[1].filter(function (p) { return p.length; });
      self.exact = r[2].filter(Boolean);
      if (!self.reqs.length || self.reqs.some(function (q) { return !q.length; })) { self.windows = []; return; }
      self.reqs.sort(function (a, b) { return df(a) - df(b); });
      var w = [], block = index.meta.block;
      self.reqs[0].forEach(function (e) {
        if (e.inline) w.push([0, 1 / 0, e.df]);
        else e.blocks.forEach(function (b, i) { w.push([b.first, b.last, i + 1 < e.blocks.length ? block : e.df - block * i]); });
      });
      w.sort(function (a, b) { return a[0] - b[0]; });
      self.windows = w.length && w[0][1] === 1 / 0 ? [[0, 1 / 0, df(self.reqs[0])]] : w;
      /* The share of the rarest requirement's documents expected to meet the others
         too, as if they were independent. */
      self.share = self.reqs.slice(1).reduce(function (p, q) { return p * Math.min(1, df(q) / index.meta.docs); }, 1);
    });
  }
  /* Keeps the windows' documents within [lo, hi] (none if lo > hi), once. */
  Search.prototype.within = function (lo, hi) {
    var self = this;
    if (self.bounds) return;
    self.bounds = [lo, hi];
    self.ready = self.ready.then(function () {
      self.windows = self.windows.map(function (w) {
        var a = Math.max(w[0], lo), b = Math.min(w[1], hi);
        return w[1] === 1 / 0 ? [a, b, w[2]] : [a, b, Math.ceil(w[2] * (b - a + 1) / (w[1] - w[0] + 1))];
      }).filter(function (w) { return w[0] <= w[1]; });
    });
  };
  Search.prototype.more = function (limit) {
    var self = this, index = this.index;
    return this.ready.then(function step() {
      if (!self.windows.length || self.hits.length >= limit) return self;
      var win = self.windows.shift(), lo = win[0], hi = win[1], n = win[2];
      /* A wide window is narrowed to about twice the postings that should give the hits
         wanted (an eighth of a block at least), so the other words' blocks are read for
         that stretch only; the rest of it waits among the windows, newest first. */
      var take = Math.max(index.meta.block / 8, Math.ceil(2 * (limit - self.hits.length) / Math.max(self.share, 1e-3)));
      if (hi !== 1 / 0 && n > 2 * take) {
        var cut = lo + Math.ceil((hi - lo + 1) * take / n) - 1, rest = [cut + 1, hi, n - take], at = 0;
        while (at < self.windows.length && self.windows[at][0] < rest[0]) at++;
        self.windows.splice(at, 0, rest);
        hi = cut;
      }
      /* A rarest requirement kept inline names its documents: only blocks holding one
         are read. */
      var inline = self.reqs[0].every(function (e) { return e.inline; }), first = new Map();
      return Promise.all(inline ? self.reqs[0].map(function (e) { return index.range(e, lo, hi, first); }) : []).then(function () {
        var only = inline ? Array.from(first.keys()).sort(function (a, b) { return a - b; }) : null;
        var lists = self.reqs.concat(self.pairs).map(function (req, i) {
          if (inline && i === 0) return first;
          var out = new Map();
          return Promise.all(req.map(function (e) { return index.range(e, lo, hi, out, only); })).then(function () { return out; });
        }).concat(self.exact.map(function (x) { return index.masks(x.e, lo, hi, new Map(), only); }));
        return Promise.all(lists);
      }).then(function (maps) {
        var n = self.reqs.length, np = n + self.pairs.length, found = [];
        maps[0].forEach(function (c0, doc) {
          if (doc < lo || doc > hi || self.seen.has(doc)) return;
          var score = W[c0 - 1];
          for (var j = 1; j < n; j++) { var c = maps[j].get(doc); if (!c) return; score += W[c - 1]; }
          for (var k = n; k < np; k++) { var p = maps[k].get(doc); if (p) score += 3 * W[p - 1]; }
          var exact = 0;
          for (var x = np; x < maps.length; x++) if (Math.floor((maps[x].get(doc) || 0) / Math.pow(2, self.exact[x - np].bit)) % 2) exact++;
          self.seen.add(doc);
          found.push({ doc: doc, score: score + EXACT * exact, exact: exact });
        });
        found.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
        self.hits = self.hits.concat(found);
        return step();
      });
    });
  };

  /* The best `shown` results of a search passing the filters `want` ({d, k, y}), as
     document metadata. With a filter set, hits are checked against their facets first
     (district, kind, year: five bytes a document). Further windows are read while too
     few hits pass, or, typed with diacritics, too few have every word in the form typed
     (a rare form of a common syllable), up to MORE_WINDOWS more per call; those with
     more words as typed come first. Metadata is fetched for what is shown only. */
  function rank(index, search, want, shown) {
    var active = !!(want.d || want.k || want.y), kept = [], checked = 0, rounds = 0, full = 0, need = 0;
    /* A year's articles, and a kind's pages, are consecutive documents. */
    var m = index.meta, y = want.y && m.year_docs ? m.year_docs[m.years.indexOf(Number(want.y))] || [1, 0] : null;
    var k = want.k && m.kind_docs ? m.kind_docs[m.kinds.indexOf(want.k)] || [1, 0] : null;
    if (y || k) search.within(Math.max(y ? y[0] : 0, k ? k[0] : 0), Math.min(y ? y[1] : 1 / 0, k ? k[1] : 1 / 0));
    function passes(f) {
      return !!f && (!want.d || String(f.d) === want.d) && (!want.k || f.k === want.k) && (!want.y || String(f.y) === want.y);
    }
    function fill(limit) {
      return search.more(limit).then(function () {
        /* Words whose form typed is in the index: a page can have them all. */
        need = search.marked ? search.exact.length : 0;
        var batch = search.hits.slice(checked);
        checked = search.hits.length;
        return Promise.all(batch.map(function (h) { return active ? index.facet(h.doc) : null; })).then(function (fs) {
          batch.forEach(function (h, j) { if (!active || passes(fs[j])) { kept.push(h); if (need && h.exact >= need) full++; } });
          var few = (active && kept.length <= shown) || (need && full <= shown);
          if (few && search.windows.length && rounds++ < MORE_WINDOWS) {
            /* Twice the hits that should give those missing, at the rate hits passed so
               far (two blocks at most). */
            var have = need ? full : kept.length, rate = Math.max(have, 1) / Math.max(checked, 1);
            return fill(search.hits.length + Math.min(2 * index.meta.block, Math.ceil(2 * (shown + 1 - have) / rate)));
          }
        });
      });
    }
    return fill(shown + WANT).then(function () {
      /* Metadata of the best-scored hits only: more words as typed first, then in the
         order of their windows. */
      if (need) kept.sort(function (a, b) { return b.exact - a.exact; });
      var pool = kept.slice(0, shown).sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      return Promise.all(pool.map(function (h) { return index.docMeta(h.doc); })).then(function (ms) {
        return { results: ms.filter(Boolean), more: kept.length > shown || search.windows.length > 0, any: search.hits.length > 0 };
      });
    });
  }

  /* Splits text into [piece, marked] where a folded query word is a whole word ("dang"
     marks "Đảng"); with `prefix`, the last word may also begin a longer one, as it does
     in the search. With `forms` (the words as typed with diacritics), a word the text
     has in exactly that form marks only that form ("Đảng" marks "Đảng", not "đang"), and
     a last word typed with diacritics marks the start of a longer word only in the form
     typed ("Lộ" marks "Lò" but not the "lò" of "lòng"; "lò" does). A term of several
     words ("nghia lo", a quoted phrase) marks them only where they stand together. */
  function marks(text, terms, prefix, forms) {
    var folded = "", map = [], chars = Array.from(text), on = [], out = [];
    chars.forEach(function (ch, i) { var f = fold(ch); for (var k = 0; k < f.length; k++) { folded += f[k]; map.push(i); } });
    chars.forEach(function () { on.push(false); });
    terms.forEach(function (t, i) {
      var end = prefix && i === terms.length - 1 ? "" : "(?![\\p{L}\\p{N}])";
      /* A term spelt with i also marks the same word spelt with y (see spelling); a
         phrase's words are marked only side by side. */
      var word = t.split(" ").map(function (w) {
        return ONSET_I.test(w) ? w.slice(0, -1) + "[iy]" : w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      }).join("\\s+");
      var re = new RegExp("(^|[^\\p{L}\\p{N}])(" + word + ")" + end, "gu"), m, spans = [];
      var typedMarks = forms && hasMarks(forms[i]);
      while ((m = re.exec(folded))) {
        if (re.lastIndex === m.index) re.lastIndex++;
        /* Characters from the match's first to its last, with any marks written after it. */
        var from = map[m.index + m[1].length], to = map[m.index + m[0].length - 1] + 1;
        while (to < chars.length && !fold(chars[to])) to++;
        var longer = /[\p{L}\p{N}]/u.test(folded.charAt(m.index + m[0].length));
        if (longer && typedMarks && toneKey(chars.slice(from, to).join("")) !== forms[i]) continue;
        spans.push([from, to]);
      }
      /* A word typed with diacritics marks only its own form where the text has it. */
      var exact = forms ? spans.filter(function (sp) { return toneKey(chars.slice(sp[0], sp[1]).join("")) === forms[i]; }) : [];
      (exact.length ? exact : spans).forEach(function (sp) { for (var k = sp[0]; k < sp[1]; k++) on[k] = true; });
    });
    chars.forEach(function (ch, i) {
      var last = out[out.length - 1];
      if (last && last[1] === on[i]) last[0] += ch; else out.push([ch, on[i]]);
    });
    return out;
  }

  var core = { fold: fold, toneKey: toneKey, spelling: spelling, parse: parse, shardKey: shardKey, fnv1a: fnv1a, marks: marks, Index: Index, Search: Search, rank: rank };
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
  var runId = 0, timer = 0, shown = PAGE, current = null;
  var index = new Index(function (path, kind) {
    return fetch(base + path).then(function (r) {
      if (r.status === 404) return null;
      if (!r.ok) throw new Error(r.status);
      return kind === "json" ? r.json() : r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
    });
  });
  function highlight(el, text, terms, prefix, forms) {
    marks(text, terms, prefix, forms).forEach(function (p) {
      if (p[1]) { var mk = document.createElement("mark"); mk.textContent = p[0]; el.appendChild(mk); } else el.appendChild(document.createTextNode(p[0]));
    });
  }
  function render(search, results, more) {
    list.textContent = "";
    var terms = [], forms = [], prefix = search.prefix;
    search.groups.forEach(function (g) {
      /* A quoted phrase is marked where its words stand together, not word by word. */
      if (g.phrase) { terms.push(g.words.join(" ")); forms.push(g.forms.join(" ")); }
      else { terms = terms.concat(g.words); forms = forms.concat(g.forms); }
    });
    if (!search.marked) forms = null;
    results.forEach(function (m) {
      var li = document.createElement("li"), a = document.createElement("a"), info = document.createElement("span");
      a.href = m.u;
      highlight(a, m.t, terms, prefix, forms);
      info.className = "result-meta";
      info.textContent = [KIND[m.k] || m.k, m.d >= 0 ? index.meta.districts[m.d] : "", m.dt].filter(Boolean).join(" · ");
      li.appendChild(a);
      li.appendChild(info);
      if (m.s) { var p = document.createElement("p"); p.className = "result-snippet"; highlight(p, m.s, terms, prefix, forms); li.appendChild(p); }
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
      b.addEventListener("click", function () { shown += PAGE; run(true); });
      list.after(b);
    }
  }
  function run(keep) {
    var q = input.value.trim(), id = ++runId;
    if (!keep) shown = PAGE;
    if (!q) { list.textContent = ""; status.textContent = ""; current = null; return; }
    status.textContent = "Đang tìm…";
    if (!keep || !current || current.q !== q) current = { q: q, search: new Search(index, input.value) };
    var search = current.search;
    rank(index, search, { d: selD.value, k: selK.value, y: selY.value }, shown).then(function (r) {
      if (id !== runId) return;
      render(search, r.results, r.more);
      status.textContent = r.results.length === 0 ? (r.any ? "Không có kết quả phù hợp bộ lọc." : "Không tìm thấy kết quả cho “" + q + "”." +
        (search.short ? " Gõ thêm chữ để tìm các từ bắt đầu bằng “" + q.split(/\s+/).pop() + "”." : ""))
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
