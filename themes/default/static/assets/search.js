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

  /* Lowercase, without accents; hyphens, dashes and punctuation become spaces, so that
     "Kim Jong-un" finds "Kim Jong Un". A leading space lets a term match a word's start. */
  function norm(text) {
    return " " + String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\b([a-z])\.(?=[a-z]\b)/g, "$1") /* "U.S." is one word, "us" */
      .replace(/[\s\-\u2010-\u2015.,;:!?()\[\]"'\u2018\u2019\u201c\u201d\/|]+/g, " ").trim();
  }

  var entries = index.map(function (e, i) {
    var title = norm(e.title);
    var aliases = norm((e.aliases || []).join(" "));
    return {
      e: e,
      i: i,
      title: title,
      aliases: aliases,
      words: (title + aliases).split(" ").filter(Boolean),
      /* Built on the first search that finds nothing as typed. */
      allWords: null,
      /* With a space after the last word, so that " us " finds a whole word. */
      rest: norm([e.summary, e.text, (e.tags || []).join(" "), e.words].join(" ")) + " "
    };
  });

  /* Whether two words differ by at most one letter added, dropped or replaced, or two
     neighbours swapped ("Pyongyagn"). */
  function oneEditApart(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)) return true;
    return a.slice(i + (a.length >= b.length ? 1 : 0)) === b.slice(i + (b.length >= a.length ? 1 : 0));
  }

  /* How well an entry matches every term: a word of the title counts most, then its
     aliases, then its text; a term of four letters or more may be one letter off a
     word of the title or aliases ("Ushakow", "Vladivostock"). 0: a term is missing. */
  function score(entry, terms, phrase, loose) {
    var total = entry.title === phrase ? 20 : 0;
    for (var t = 0; t < terms.length; t++) {
      var term = terms[t];
      var start = " " + term;
      /* A term of one or two letters ("U.S." is "us") is a whole word, or else the
         start of a word of the title or aliases, which ranks last ("Ushakov"). */
      if (term.length <= 2) {
        var word = start + " ";
        var at = (entry.title + " ").indexOf(word);
        if (at >= 0) total += at === 0 ? 10 : 8;
        else if ((entry.aliases + " ").indexOf(word) >= 0) total += 6;
        else if (entry.rest.indexOf(word) >= 0) total += 2;
        else if (entry.title.indexOf(start) >= 0 || entry.aliases.indexOf(start) >= 0) total += 1;
        else return 0;
        continue;
      }
      if (entry.title.indexOf(start) === 0) total += 10;
      else if (entry.title.indexOf(start) > 0) total += 8;
      else if (entry.aliases.indexOf(start) >= 0) total += 6;
      else if (entry.title.indexOf(term) >= 0) total += 4;
      else if (entry.aliases.indexOf(term) >= 0) total += 3;
      else if (entry.rest.indexOf(start) >= 0) total += 2;
      else if (entry.rest.indexOf(term) >= 0) total += 1;
      else if (term.length >= 4 && entry.words.some(function (w) { return oneEditApart(w, term); })) total += 3;
      else if (loose && term.length >= 5 && textWords(entry).some(function (w) { return oneEditApart(w, term); })) total += 1;
      else return 0;
    }
    return total;
  }

  function textWords(entry) {
    if (!entry.allWords) entry.allWords = entry.rest.split(" ").filter(function (w) { return w.length >= 4; });
    return entry.allWords;
  }

  function item(entry) {
    var li = doc.createElement("li");
    var a = doc.createElement("a");
    a.href = root + entry.e.url;
    a.textContent = entry.e.title;
    li.appendChild(a);
    var kind = doc.createElement("span");
    kind.className = "result-kind";
    kind.textContent = entry.e.kind + (entry.e.date ? ", " + (entry.e.date_display || entry.e.date) : "");
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
    var phrase = norm(query);
    var terms = phrase.split(" ").filter(Boolean);
    list.textContent = "";
    if (!terms.length) {
      status.textContent = "Type to search " + index.length + " briefings and notes.";
      return;
    }
    var hits = [];
    /* As typed first; only when nothing matches, a word of five letters or more may be
       one letter off any word of the text too ("sanctons"). */
    for (var loose = 0; loose < 2 && !hits.length; loose++) {
      for (var i = 0; i < entries.length; i++) {
        var s = score(entries[i], terms, phrase, loose === 1);
        if (s > 0) hits.push([s, entries[i]]);
      }
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
