/* brief default theme: progressive enhancement only; every page works without it.
   Loaded in <head> without defer, so that the reader's theme is set before the page
   is drawn; the rest waits for the document. Light/dark toggle, links to folders from
   file://, sidenotes from the endnotes, mention cards and their switch, maps opened on
   their pins. What each does for the reader: "The default theme" in brief's
   docs/templates.md. */
(function () {
  "use strict";
  var doc = document;
  var html = doc.documentElement;

  function store(key, value) {
    try {
      if (value === undefined) return window.localStorage.getItem(key);
      window.localStorage.setItem(key, value);
    } catch (e) { /* storage may be off */ }
    return null;
  }

  var chosen = store("brief-theme");
  if (chosen === "dark" || chosen === "light") html.setAttribute("data-theme", chosen);
  html.classList.add("js");
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();

  function start() {
    themeToggle();
    phoneMenu();
    fromDisk();
    printedAddresses();
    centreMaps();
    article();
  }

  /* ---- The menu on a phone ---- */

  /* A phone's menu and theme switch fold behind a button (CSS hides it when wide), so
     that a page starts with its own title; Tab follows what is drawn. */
  function phoneMenu() {
    var header = doc.querySelector(".site-header");
    var nav = header && header.querySelector(".site-nav");
    if (!nav) return;
    nav.id = nav.id || "site-menu";
    var button = doc.createElement("button");
    button.type = "button";
    button.className = "menu-toggle";
    button.textContent = "Menu";
    button.setAttribute("aria-controls", nav.id);
    var show = function (open) {
      button.setAttribute("aria-expanded", open);
      header.setAttribute("data-menu", open ? "open" : "closed");
    };
    button.onclick = function () {
      show(button.getAttribute("aria-expanded") != "true");
    };
    header.onkeydown = function (e) {
      if (e.key == "Escape" && button.offsetWidth && header.getAttribute("data-menu") == "open") {
        show(false);
        button.focus();
      }
    };
    show(false);
    nav.before(button);
  }

  /* ---- Maps ---- */

  /* A map wider than a phone scrolls sideways: it opens on its pins, not its west. */
  function centreMaps() {
    var maps = doc.querySelectorAll(".map");
    for (var i = 0; i < maps.length; i++) {
      var m = maps[i], pins = m.querySelector(".map-pins");
      if (!pins || m.scrollWidth <= m.clientWidth) continue;
      var r = pins.getBoundingClientRect(), c = m.getBoundingClientRect();
      m.scrollLeft += r.left + r.width / 2 - (c.left + c.width / 2);
    }
  }

  /* ---- Print ---- */

  /* Printed addresses decoded (not %EB%B6%81), unless that shows spaces or controls. */
  function printedAddresses() {
    var links = doc.querySelectorAll('a[href^="http"][href*="%"]');
    for (var i = 0; i < links.length; i++) {
      try {
        var url = decodeURI(links[i].getAttribute("href"));
        if (!/[\s\0-\x1f\x7f-\x9f]/.test(url)) links[i].setAttribute("data-print-url", url);
      } catch (e) { /* malformed: printed as written */ }
    }
  }

  /* ---- Read from disk (file://) ---- */

  /* Links to a folder end in "/", which web servers answer with its index.html; from
     disk a browser would show the folder's listing, so a click goes to index.html. */
  function fromDisk() {
    if (window.location.protocol !== "file:") return;
    doc.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a[href]");
      if (!a || e.defaultPrevented || e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      if (a.protocol !== "file:" || a.pathname.slice(-1) !== "/") return;
      e.preventDefault();
      window.location.href = a.href.replace(/\/([?#]|$)/, "/index.html$1");
    });
  }

  /* ---- Light and dark ---- */

  function themeToggle() {
    var header = doc.querySelector(".site-header");
    if (!header) return;
    var system = window.matchMedia("(prefers-color-scheme: dark)");
    var button = doc.createElement("button");
    button.type = "button";
    button.className = "theme-toggle";
    button.textContent = "Dark theme";
    var isDark = function () {
      var t = html.getAttribute("data-theme");
      return t ? t === "dark" : system.matches;
    };
    var paint = function () {
      button.setAttribute("aria-pressed", isDark() ? "true" : "false");
    };
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      html.setAttribute("data-theme", next);
      store("brief-theme", next);
      paint();
    });
    if (system.addEventListener) system.addEventListener("change", paint);
    paint();
    header.appendChild(button);
  }

  function article() {
    var body = doc.getElementById("article");
    if (!body) return;

    var wide = window.matchMedia("(min-width: 80em)");
    var canHover = window.matchMedia("(hover: hover) and (pointer: fine)");

    /* The elements of a passage (ids are brief's own: letters and digits). */
    function marks(ref) {
      return body.querySelectorAll('[data-annot="' + ref + '"]');
    }

    function blockOf(el) {
      return el.closest("p, li, h1, h2, h3, h4, h5, h6, td, th, dd, dt, figcaption") || body;
    }

    /* ---- Sidenotes ---- */

    var sidenotes = [];

    function setNote(button, note, open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      note.hidden = !open;
    }

    /* A passage leads to its note as a link to it would: the note opens and takes the
       focus, so that it is seen and read next. */
    function showNote(button, note) {
      setNote(button, note, true);
      note.tabIndex = -1;
      note.focus();
    }

    /* The outermost link around el (a button must never be inside a link), or el. */
    function outermostLink(el) {
      var outer = el;
      for (var p = el.parentElement; p && p !== body; p = p.parentElement) {
        if (p.tagName === "A") outer = p;
      }
      return outer;
    }

    /* Inserts nodes after el, and after the punctuation that closes the passage, so that
       a full stop or a closing quote never starts a line of its own. */
    function placeAfter(el, nodes) {
      var next = el.nextSibling;
      if (next && next.nodeType === 3) {
        var closing = /^[.,;:!?)\]}"'\u2019\u201d\u00bb\u2026]+/.exec(next.data);
        if (closing) {
          next.splitText(closing[0].length);
          el = next;
        }
      }
      /* After the notes already there (a passage inside another ends with it), in order. */
      for (var n = el.nextSibling; n; n = n.nextSibling) {
        var placed = n.classList && (n.classList.contains("sn-wrap") || n.classList.contains("sidenote"));
        if (!placed && !(n.nodeType === 3 && !n.data)) break;
        el = n;
      }
      el.after.apply(el, nodes);
    }

    function makeSidenote(item) {
      var ref = item.getAttribute("data-ref");
      var number = item.getAttribute("data-number");
      var found = marks(ref);
      if (!found.length) return;
      var first = found[0];
      var block = blockOf(first);
      var last = first;
      for (var i = 1; i < found.length; i++) {
        if (blockOf(found[i]) === block) last = found[i];
      }
      if (!first.id) first.id = "ref-" + ref;
      var back = item.querySelector(".backref");
      if (back) back.setAttribute("href", "#" + first.id);

      var noteId = "sn-" + ref;
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "sn-ref";
      button.textContent = number;
      button.setAttribute("aria-controls", noteId);
      button.setAttribute("aria-label", "Note " + number);

      var note = doc.createElement("span");
      note.className = "sidenote";
      note.id = noteId;
      note.setAttribute("role", "note");
      var num = doc.createElement("span");
      num.className = "sn-number";
      num.textContent = number + ".";
      note.appendChild(num);
      var content = item.querySelector(".endnote-body");
      if (content) {
        for (var c = content.firstChild; c; c = c.nextSibling) {
          var copy = c.cloneNode(true);
          if (copy.nodeType === 1 && copy.tagName === "P") {
            var span = doc.createElement("span");
            span.className = "sn-p";
            while (copy.firstChild) span.appendChild(copy.firstChild);
            copy = span;
          }
          note.appendChild(copy);
          note.appendChild(doc.createTextNode(" "));
        }
      }
      /* The button stays on the line of the passage's last word: a word joiner before
         it, which only a no-wrap span makes the browser honour. */
      var wrap = doc.createElement("span");
      wrap.className = "sn-wrap";
      wrap.append("\u2060", button);
      placeAfter(outermostLink(last), [wrap, note]);
      button.addEventListener("click", function () {
        setNote(button, note, note.hidden);
      });
      /* Without JavaScript a passage links to its endnote; here it opens its note, and so
         does a tap on a passage that is not a link (the button stays the keyboard's way). */
      found.forEach(function (m) {
        if (m.hash === "#note-" + ref) {
          /* Its button is the keyboard's way to the note: one Tab stop per note. */
          m.tabIndex = -1;
          m.addEventListener("click", function (e) {
            e.preventDefault();
            showNote(button, note);
          });
        } else if (m.tagName === "SPAN" && (!m.closest("a") || m.closest("a").hash.indexOf("#note-") === 0)) {
          /* Inside a passage that opens its own note, this one opens this one's; a
             mention inside it opens only its card. */
          m.classList.add("opens-note");
          m.addEventListener("click", function (e) {
            var link = e.target.closest("a[href]");
            if (link && m.contains(link)) return;
            e.preventDefault();
            e.stopPropagation();
            showNote(button, note);
          });
        }
      });
      sidenotes.push([button, note]);
    }

    /* Wide screens show the notes open in the margin, each as near its passage as the
       notes above it allow; a note they would push further than 15em down starts closed
       (its button opens it), so that the open ones stay beside their passages. */
    function layoutSidenotes() {
      var limit = 15 * parseFloat(window.getComputedStyle(doc.documentElement).fontSize);
      for (var i = 0; i < sidenotes.length; i++) {
        var button = sidenotes[i][0];
        var note = sidenotes[i][1];
        note.classList.remove("sn-far");
        setNote(button, note, wide.matches);
        if (wide.matches && note.getBoundingClientRect().top - button.getBoundingClientRect().top > limit) {
          /* Opened, it shows below its line rather than far down the margin. */
          note.classList.add("sn-far");
          setNote(button, note, false);
        }
      }
    }

    /* The numbers written for readers without the script give way to buttons. */
    var numbers = doc.querySelectorAll(".sn-static");
    for (var k = 0; k < numbers.length; k++) numbers[k].remove();
    var items = doc.querySelectorAll(".endnotes li[data-ref]");
    for (var i = 0; i < items.length; i++) makeSidenote(items[i]);
    layoutSidenotes();
    /* The buttons and notes moved the text: back to the passage a link led to. */
    var target = null;
    try {
      target = doc.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    } catch (e) { /* a malformed address: stay where the browser put the page */ }
    if (target && body.contains(target)) target.scrollIntoView();
    if (wide.addEventListener) wide.addEventListener("change", layoutSidenotes);
    var laidOutAt = window.innerWidth;
    var relayout = 0;
    window.addEventListener("resize", function () {
      if (!wide.matches || window.innerWidth === laidOutAt) return;
      clearTimeout(relayout);
      relayout = setTimeout(function () {
        laidOutAt = window.innerWidth;
        layoutSidenotes();
      }, 200);
    });

    /* ---- Mention cards ---- */

    var data = doc.getElementById("brief-cards");
    var cards;
    try {
      cards = data ? JSON.parse(data.textContent) : null;
    } catch (e) {
      cards = null;
    }
    if (!cards || !cards.mentions || !Object.keys(cards.mentions).length) return;

    var enabled = store("brief-previews") !== "off";
    var head = doc.querySelector(".briefing-header");
    if (head) {
      var toggle = doc.createElement("button");
      toggle.type = "button";
      toggle.className = "previews-toggle";
      var paint = function () {
        toggle.setAttribute("aria-pressed", enabled ? "true" : "false");
        toggle.textContent = "Previews of people and places";
      };
      paint();
      toggle.addEventListener("click", function () {
        enabled = !enabled;
        store("brief-previews", enabled ? "on" : "off");
        if (!enabled) hide();
        paint();
        announcePopups();
      });
      head.appendChild(toggle);
    }

    var popover = typeof HTMLElement.prototype.showPopover === "function";
    var card = doc.createElement("div");
    card.className = "card";
    card.id = "brief-card";
    card.setAttribute("role", "dialog");
    card.setAttribute("aria-labelledby", "brief-card-name");
    if (popover) card.setAttribute("popover", "auto");
    else card.hidden = true;
    var owner = null;
    var timer = 0;
    /* The mention whose card was open when the pointer went down: the popover closes
       itself before the click arrives, and that click should follow the link. */
    var pressed = null;
    /* The mention whose card Escape closed: Enter (not a tap) on it follows the link. */
    var dismissed = null;
    doc.addEventListener("pointerdown", function () {
      pressed = isOpen() ? owner : null;
      dismissed = null;
    }, true);

    function isOpen() {
      return popover ? card.matches(":popover-open") : !card.hidden;
    }

    function line(cls, text) {
      var p = doc.createElement("p");
      p.className = cls;
      p.textContent = text;
      return p;
    }

    /* The card previews the note its mention links to, so its links stay out of the tab
       order: Tab goes from mention to mention, and Enter on a mention follows it. */
    function fill(info) {
      card.textContent = "";
      card.appendChild(line("card-kind", info.kind));
      var name = line("card-name", "");
      name.id = "brief-card-name";
      var link = doc.createElement("a");
      link.href = info.url;
      link.textContent = info.name;
      name.appendChild(link);
      card.appendChild(name);
      if (info.line) card.appendChild(line("card-line", info.line));
      if (info.summary_html) {
        var summary = doc.createElement("div");
        summary.className = "card-summary";
        summary.innerHTML = info.summary_html; /* rendered at build time from the site's Markdown */
        card.appendChild(summary);
      }
      var more = line("card-more", "");
      var go = doc.createElement("a");
      go.href = info.url;
      go.textContent = "Read the note on " + info.name;
      more.appendChild(go);
      card.appendChild(more);
      /* For touch, where no Escape key is at hand; drawn in the top corner. */
      var close = doc.createElement("button");
      close.type = "button";
      close.className = "card-close";
      close.setAttribute("aria-label", "Close");
      close.textContent = "\u00d7";
      close.addEventListener("click", function () {
        var back = owner;
        hide();
        if (back) back.focus({ preventScroll: true });
      });
      card.appendChild(close);
      var controls = card.querySelectorAll("a, button");
      for (var i = 0; i < controls.length; i++) controls[i].tabIndex = -1;
    }

    function place(el) {
      var r = el.getBoundingClientRect();
      var width = Math.min(card.offsetWidth || 352, doc.documentElement.clientWidth - 16);
      var left = Math.max(8, Math.min(r.left, doc.documentElement.clientWidth - width - 8));
      /* Below the mention, or above it when only there it fits on screen. */
      var h = card.offsetHeight;
      var top = r.bottom + 6 + h > window.innerHeight && r.top - 6 - h >= 0 ? r.top - 6 - h : r.bottom + 6;
      card.style.left = left + window.scrollX + "px";
      card.style.top = top + window.scrollY + "px";
    }

    function show(el) {
      clearTimeout(timer);
      var key = cards.mentions[el.getAttribute("data-annot")];
      var info = key && cards.notes[key];
      if (!info) return;
      if (owner === el && isOpen()) return;
      hide();
      fill(info);
      owner = el;
      el.after(card);
      el.setAttribute("aria-expanded", "true");
      if (popover) card.showPopover();
      else card.hidden = false;
      place(el);
    }

    function hide() {
      clearTimeout(timer);
      if (isOpen()) {
        if (popover) card.hidePopover();
        else card.hidden = true;
      }
      if (owner) owner.setAttribute("aria-expanded", "false");
      owner = null;
    }

    function later(fn, ms) {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    }

    if (popover) {
      card.addEventListener("toggle", function (e) {
        if (e.newState === "closed" && owner) {
          owner.setAttribute("aria-expanded", "false");
          owner = null;
        }
      });
    }

    doc.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && isOpen()) {
        var back = owner;
        dismissed = back;
        hide();
        if (back && card.contains(doc.activeElement)) back.focus();
      }
    });

    /* The mention links that open a card, which say so only while previews are on. */
    var withCards = [];
    function announcePopups() {
      withCards.forEach(function (el) {
        if (enabled) {
          el.setAttribute("aria-haspopup", "dialog");
          el.setAttribute("aria-expanded", "false");
        } else {
          el.removeAttribute("aria-haspopup");
          el.removeAttribute("aria-expanded");
        }
      });
    }

    var mentionEls = body.querySelectorAll("[data-annot]");
    for (var m = 0; m < mentionEls.length; m++) {
      var el = mentionEls[m];
      if (!cards.mentions[el.getAttribute("data-annot")]) continue;
      if (el.tagName === "A") {
        withCards.push(el);
        el.addEventListener("click", function (e) {
          if (!enabled || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || e.button) return;
          /* A second click follows the link. */
          if (owner === this && isOpen()) return;
          var followed = pressed === this || dismissed === this;
          pressed = null;
          dismissed = null;
          if (followed) return;
          e.preventDefault();
          show(this);
        });
        el.addEventListener("focus", function () {
          if (enabled && this.matches(":focus-visible")) show(this);
        });
        el.addEventListener("blur", function (e) {
          if (dismissed === this) dismissed = null;
          if (owner === this && !card.contains(e.relatedTarget)) later(hide, 10);
        });
      }
      el.addEventListener("mouseenter", function () {
        var target = this;
        if (enabled && canHover.matches) later(function () { show(target); }, 450);
      });
      el.addEventListener("mouseleave", function () {
        if (isOpen()) later(hide, 300);
        else clearTimeout(timer);
      });
    }
    announcePopups();
    card.addEventListener("mouseenter", function () { clearTimeout(timer); });
    card.addEventListener("mouseleave", function () { later(hide, 300); });
    card.addEventListener("focusout", function (e) {
      if (!card.contains(e.relatedTarget) && e.relatedTarget !== owner) later(hide, 10);
    });
    /* A click or tap elsewhere closes it (popovers do this themselves). */
    if (!popover) {
      doc.addEventListener("click", function (e) {
        if (owner && !card.contains(e.target) && !owner.contains(e.target)) hide();
      });
    }
    window.addEventListener("resize", function () {
      if (owner && isOpen()) place(owner);
    });
  }
})();
