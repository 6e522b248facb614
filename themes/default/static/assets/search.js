/* brief default theme: client-side search over search-index.js (no server needed). */
(function () {
  "use strict";
  var doc = document;
  var form = doc.querySelector(".search-form");
  var input = doc.getElementById("search-input");
  var list = doc.getElementById("search-results");
  var status = doc.getElementById("search-status");
  var index = window.briefSearchIndex;
  if (!form || !input || !list || !status) return;
  if (!Array.isArray(index)) {
    status.textContent = "The search index could not be loaded.";
    return;
  }
  var root = doc.body.getAttribute("data-root") || "";

  function norm(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var entries = index.map(function (e, i) {
    return {
      e: e,
      i: i,
      title: norm(e.title),
      aliases: norm((e.aliases || []).join(" | ")),
      rest: norm([e.summary, e.text, (e.tags || []).join(" ")].join(" "))
    };
  });

  function score(entry, terms) {
    var total = 0;
    for (var t = 0; t < terms.length; t++) {
      var term = terms[t];
      if (entry.title.indexOf(term) === 0) total += 10;
      else if (entry.title.indexOf(term) > 0) total += 6;
      else if (entry.aliases.indexOf(term) >= 0) total += 5;
      else if (entry.rest.indexOf(term) >= 0) total += 1;
      else return 0;
    }
    return total;
  }

  function item(entry) {
    var li = doc.createElement("li");
    var a = doc.createElement("a");
    a.href = root + entry.e.url;
    a.textContent = entry.e.title;
    li.appendChild(a);
    var kind = doc.createElement("span");
    kind.className = "result-kind";
    kind.textContent = entry.e.kind + (entry.e.date ? ", " + entry.e.date : "");
    li.appendChild(kind);
    var text = entry.e.summary || entry.e.text;
    if (text) {
      var p = doc.createElement("p");
      p.textContent = text;
      li.appendChild(p);
    }
    return li;
  }

  function run(query) {
    var terms = norm(query).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!terms.length) {
      status.textContent = "Type to search " + index.length + " briefings and notes.";
      return;
    }
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var s = score(entries[i], terms);
      if (s > 0) hits.push([s, entries[i]]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1].i - b[1].i; });
    var shown = hits.slice(0, 50);
    for (var h = 0; h < shown.length; h++) list.appendChild(item(shown[h][1]));
    status.textContent = hits.length === 0 ? "No results for \u201c" + query + "\u201d."
      : hits.length + (hits.length === 1 ? " result" : " results") + " for \u201c" + query + "\u201d" +
        (hits.length > shown.length ? " (first " + shown.length + " shown)." : ".");
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 150);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    run(input.value);
    try {
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url);
    } catch (err) { /* file:// may refuse */ }
  });
  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  run(initial);
})();
