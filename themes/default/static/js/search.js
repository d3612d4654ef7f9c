/* guong search client. Reads the sharded index under <base>/search/ (built by
   `guong build`), loading only the shards and document chunks a query needs.
   Text from the site is always inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var base = form.getAttribute("data-base") || "/";
  var input = document.getElementById("search-q");
  var selD = document.getElementById("search-district");
  var selK = document.getElementById("search-kind");
  var selY = document.getElementById("search-year");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var cache = {}, meta = null, runId = 0, timer = 0;
  var W = { 1: 16, 2: 12, 4: 4, 8: 1 };
  var KIND = { article: "Bài viết", unit: "Tập thể", model: "Mô hình", figure: "Gương điển hình", district: "Địa phương" };
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  /* Tone placement does not matter (hoà = hòa): the tone of each word moves to its end. */
  function toneKey(s) {
    return s.toLowerCase().normalize("NFD").split(/([^\p{L}\p{N}\u0300-\u036f]+)/u).map(function (w) {
      var t = w.match(TONES);
      return (w.replace(TONES, "") + (t ? t[0] : "")).normalize("NFC");
    }).join("");
  }
  function words(s) { return s.split(/[^\p{L}\p{N}]+/u).filter(Boolean); }
  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + "search/" + path).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
    }
    return cache[path];
  }
  function shardKey(term) {
    return Array.from(term.split(" ")[0]).slice(0, 2).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "u" + c.codePointAt(0).toString(16);
    }).join("");
  }
  function decode(arr) {
    var m = new Map(), doc = 0;
    for (var i = 0; i < arr.length; i += 2) { doc += arr[i]; m.set(doc, arr[i + 1]); }
    return m;
  }
  /* Postings of a term, or of every term it begins (the word being typed). */
  function postings(term, prefix) {
    return get("terms/" + shardKey(term) + ".json").then(function (shard) {
      var out = new Map();
      if (!shard) return out;
      if (shard[term]) out = decode(shard[term]);
      if (prefix) {
        Object.keys(shard).forEach(function (k) {
          if (k !== term && k.indexOf(" ") < 0 && k.lastIndexOf(term, 0) === 0) {
            decode(shard[k]).forEach(function (mask, d) { out.set(d, (out.get(d) || 0) | mask); });
          }
        });
      }
      return out;
    });
  }
  function weight(mask) { var w = 0; for (var b in W) if (mask & b) w = Math.max(w, W[b]); return w; }
  /* "a b" c → groups [["a","b"] phrase], [["c"]]. */
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

  function search(q) {
    var groups = parse(q);
    if (!groups.length) return Promise.resolve({ groups: groups, hits: [] });
    var typing = !/[\s"]$/.test(q);
    var jobs = [];
    groups.forEach(function (g, gi) {
      var last = gi === groups.length - 1;
      if (g.phrase && g.words.length > 1) {
        for (var i = 0; i + 1 < g.words.length; i++) jobs.push(postings(g.words[i] + " " + g.words[i + 1], false));
      } else {
        jobs.push(postings(g.words[0], last && typing && !g.phrase && g.words[0].length >= 2));
      }
    });
    var flat = [];
    groups.forEach(function (g) { flat = flat.concat(g.words); });
    for (var i = 0; i + 1 < flat.length; i++) jobs.push(postings(flat[i] + " " + flat[i + 1], false));
    return Promise.all(jobs).then(function (res) {
      var needed = res.length - Math.max(0, flat.length - 1);
      var sets = res.slice(0, needed), pairs = res.slice(needed);
      sets.sort(function (a, b) { return a.size - b.size; });
      var hits = [];
      sets[0].forEach(function (mask, doc) {
        var score = weight(mask);
        for (var j = 1; j < sets.length; j++) {
          var m = sets[j].get(doc);
          if (m === undefined) return;
          score += weight(m);
        }
        pairs.forEach(function (p) { var m = p.get(doc); if (m !== undefined) score += 3 * weight(m); });
        hits.push({ doc: doc, score: score });
      });
      hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      return { groups: groups, hits: hits };
    });
  }
  function docMeta(doc) {
    return get("docs/" + Math.floor(doc / meta.chunk) + ".json").then(function (c) { return c[doc % meta.chunk]; });
  }
  /* Highlights folded matches in the original text: "dang" marks "Đảng". */
  function highlight(el, text, terms) {
    var folded = "", map = [];
    Array.from(text).forEach(function (ch, i) {
      var f = fold(ch);
      for (var k = 0; k < f.length; k++) { folded += f[k]; map.push(i); }
    });
    var chars = Array.from(text), marks = new Array(chars.length).fill(false);
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
      if (on) { var mk = document.createElement("mark"); mk.textContent = buf; el.appendChild(mk); }
      else el.appendChild(document.createTextNode(buf));
      buf = "";
    }
    chars.forEach(function (ch, i) { if (marks[i] !== on) { flush(); on = marks[i]; } buf += ch; });
    flush();
  }
  function render(q, found, metas) {
    list.textContent = "";
    var terms = [];
    found.groups.forEach(function (g) { terms = terms.concat(g.words); });
    metas.forEach(function (m) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = m.u;
      highlight(a, m.t, terms);
      var info = document.createElement("span");
      info.className = "result-meta";
      info.textContent = [KIND[m.k] || m.k, m.d >= 0 ? meta.districts[m.d] : "", m.dt].filter(Boolean).join(" · ");
      li.appendChild(a);
      li.appendChild(info);
      if (m.s) { var p = document.createElement("p"); p.className = "result-snippet"; highlight(p, m.s, terms); li.appendChild(p); }
      list.appendChild(li);
    });
  }
  function run() {
    var q = input.value.trim(), id = ++runId;
    if (!q) { list.textContent = ""; status.textContent = ""; return; }
    status.textContent = "Đang tìm…";
    var want = { d: selD.value, k: selK.value, y: selY.value };
    search(input.value).then(function (found) {
      if (id !== runId) return;
      var hasMarks = q.normalize("NFD") !== fold(q) && /[\u0300-\u036f]/.test(q.normalize("NFD"));
      var exact = toneKey(q.replace(/"/g, ""));
      var pool = found.hits.slice(0, 200), out = [], i = 0;
      function next() {
        if (id !== runId) return;
        var batch = pool.slice(i, i + 40);
        i += 40;
        Promise.all(batch.map(function (h) { return docMeta(h.doc); })).then(function (ms) {
          if (id !== runId) return;
          ms.forEach(function (m, j) {
            if (!m) return;
            if (want.d !== "" && String(m.d) !== want.d) return;
            if (want.k && m.k !== want.k) return;
            if (want.y && String(m.y) !== want.y) return;
            var bonus = hasMarks && toneKey(m.t + " " + m.s).indexOf(exact) >= 0 ? 1000 : 0;
            out.push({ m: m, s: batch[j].score + bonus, doc: batch[j].doc });
          });
          if (out.length < 20 && i < pool.length) return next();
          out.sort(function (a, b) { return b.s - a.s || a.doc - b.doc; });
          render(q, found, out.slice(0, 20).map(function (o) { return o.m; }));
          var n = found.hits.length;
          status.textContent = n === 0 ? "Không tìm thấy kết quả cho “" + q + "”." :
            (out.length === 0 ? "Không có kết quả phù hợp bộ lọc." : "Tìm thấy " + n.toLocaleString("vi-VN") + " kết quả" + (out.length < n ? ", hiển thị " + Math.min(20, out.length) + " kết quả phù hợp nhất." : "."));
        });
      }
      next();
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
    run();
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { toUrl(false); run(); }, 150);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); toUrl(true); run(); });
  [selD, selK, selY].forEach(function (s) { s.addEventListener("change", function () { toUrl(true); run(); }); });
  window.addEventListener("popstate", fromUrl);
  get("meta.json").then(function (m) {
    meta = m;
    m.years.forEach(function (y) { var o = document.createElement("option"); o.value = String(y); o.textContent = String(y); selY.appendChild(o); });
    fromUrl();
  }).catch(function () { status.textContent = "Không tải được chỉ mục tìm kiếm."; });
})();
