// brief watch: live reload for the preview server. The server adds this script to the
// HTML pages it serves; it is never written to the output folder.
(() => {
  "use strict";
  const OVERLAY = "__brief-overlay";
  const script =
    document.currentScript || document.querySelector("script[data-build]");
  let build = script ? script.dataset.build : null;

  function parse(event) {
    try {
      return JSON.parse(event.data);
    } catch (_) {
      return null;
    }
  }

  function dismiss() {
    const overlay = document.getElementById(OVERLAY);
    if (overlay) overlay.remove();
  }

  function wire(overlay) {
    const button = overlay.querySelector(".__brief-dismiss");
    if (button) button.addEventListener("click", dismiss);
    overlay.addEventListener("keydown", (event) => {
      if (event.key === "Escape") dismiss();
    });
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      node.setAttribute(name, value);
    }
    if (text) node.textContent = text;
    return node;
  }

  function showError(text) {
    let overlay = document.getElementById(OVERLAY);
    if (!overlay) {
      overlay = element("div", {
        id: OVERLAY,
        role: "dialog",
        "aria-modal": "false",
        "aria-labelledby": OVERLAY + "-title",
      });
      const box = element("div", { class: "__brief-box" });
      box.append(
        element(
          "p",
          { id: OVERLAY + "-title", class: "__brief-title" },
          "The last rebuild failed",
        ),
        element(
          "p",
          {},
          "This page is from the last good build. Fix the problems below and save: " +
            "the page reloads once the site builds again.",
        ),
        element("pre", {}),
        element("button", { type: "button", class: "__brief-dismiss" }, "Dismiss"),
      );
      overlay.append(box);
      wire(overlay);
      document.body.append(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  }

  function swapStylesheets(stamp) {
    const links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (const link of links) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || url.pathname.startsWith("/__brief/")) {
        continue;
      }
      url.searchParams.set("__brief", stamp);
      const next = link.cloneNode();
      next.href = url.href;
      const done = () => link.remove();
      next.addEventListener("load", done);
      next.addEventListener("error", done);
      link.after(next);
    }
  }

  function connect() {
    const source = new EventSource("/__brief/events");
    source.addEventListener("hello", (event) => {
      const data = parse(event);
      if (!data) return;
      if (build !== null && data.build !== build) {
        location.reload();
      } else {
        build = data.build;
      }
    });
    source.addEventListener("reload", () => location.reload());
    source.addEventListener("css", (event) => {
      const data = parse(event);
      if (!data) return;
      build = data.build;
      swapStylesheets(data.build);
    });
    source.addEventListener("error", (event) => {
      if (typeof event.data === "string") {
        const data = parse(event);
        if (data) showError(data.text);
        return;
      }
      // The connection was lost. EventSource retries by itself unless it gave up.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 1000);
      }
    });
  }

  const existing = document.getElementById(OVERLAY);
  if (existing) wire(existing);
  connect();
})();
