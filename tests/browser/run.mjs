// Browser tests of the default theme, in a real Chromium driven by playwright-core.
//
//   node run.mjs --site <built site> --source <site folder> --brief <brief binary>
//
// --site is a folder `brief build` wrote; --source is the site it was built from (copied
// for the `brief watch` test); --brief is the binary. Prints one line per test and a
// closing "N passed, N failed" line; exits 1 when a test failed.

import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

const CHROMIUM = process.env.BRIEF_CHROMIUM || "/usr/bin/chromium";
// playwright-core never downloads a browser; `launch` starts this one with a fresh,
// temporary profile (user data dir) each run.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const BRIEFING_GLOB = /^briefings\/[^/]+\/index\.html$/;

function option(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) {
    console.error(`usage: node run.mjs --site DIR --source DIR --brief BIN (missing ${name})`);
    process.exit(2);
  }
  return path.resolve(process.argv[i + 1]);
}

const SITE = option("--site");
const SOURCE = option("--source");
const BRIEF = option("--brief");
const ONLY = process.env.BRIEF_BROWSER_ONLY || "";

// ---------------------------------------------------------------- small helpers

class Failure extends Error {}

function check(ok, message) {
  if (!ok) throw new Failure(message);
}

function equal(actual, expected, message) {
  if (actual !== expected) {
    throw new Failure(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Polls `fn` until it returns a truthy value, or fails after `ms`. */
async function until(fn, message, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Failure(`timed out: ${message}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function walk(dir, rel = "") {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(dir, p));
    else out.push(p);
  }
  return out.sort();
}

const FILES = walk(SITE);
const PAGES = FILES.filter((f) => f.endsWith(".html"));
const BRIEFING = PAGES.find((f) => BRIEFING_GLOB.test(f));
if (!BRIEFING) {
  console.error(`no briefing page in ${SITE}`);
  process.exit(2);
}
const BRIEFING_URL = "/" + BRIEFING.replace(/index\.html$/, "");
const BASE_URL = /<link rel="canonical" href="([^"]+)">/.exec(
  fs.readFileSync(path.join(SITE, "index.html"), "utf8"),
)[1];

// ---------------------------------------------------------------- static server

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
};

/** The file of `site` for a URL path, as a static host maps it, or null. */
function resolve(site, urlPath) {
  let rel = decodeURIComponent(urlPath.split("?")[0].split("#")[0]);
  if (rel.endsWith("/")) rel += "index.html";
  const file = path.join(site, path.normalize(rel));
  if (!file.startsWith(site + path.sep)) return null;
  try {
    const stat = fs.statSync(file);
    if (stat.isFile()) return file;
  } catch {
    /* not found */
  }
  return null;
}

/** What a static host answers: the file, or 404.html with status 404. */
function answer(site, urlPath) {
  const file = resolve(site, urlPath);
  if (file) {
    return { status: 200, type: TYPES[path.extname(file)] || "application/octet-stream", body: fs.readFileSync(file) };
  }
  const missing = path.join(site, "404.html");
  return { status: 404, type: TYPES[".html"], body: fs.existsSync(missing) ? fs.readFileSync(missing) : "404" };
}

/** Serves `site` at `/`, and at `basePath` too (as its host serves it: the 404 page
 *  links from there). */
function serve(site, basePath = "/") {
  const server = http.createServer((req, res) => {
    let urlPath = new URL(req.url, "http://x").pathname;
    if (basePath !== "/" && urlPath.startsWith(basePath)) urlPath = urlPath.slice(basePath.length - 1);
    const a = answer(site, urlPath);
    res.writeHead(a.status, { "content-type": a.type, "cache-control": "no-store" });
    res.end(a.body);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// ---------------------------------------------------------------- the Nu HTML checker

/** Runs vnu.jar over every HTML page; resolves to its error messages. */
function runVnu(site = SITE, pages = PAGES) {
  const jar = path.join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
  return new Promise((ok) => {
    // Every page by name, so that none can be passed over.
    const files = pages.map((f) => path.join(site, f));
    const child = spawn("java", ["-jar", jar, "--errors-only", "--format", "json", ...files], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", (e) => ok({ failed: `could not run java: ${e.message}` }));
    child.on("close", (code) => ok({ code, out, err }));
  });
}

// ---------------------------------------------------------------- the browser

let browser;
let server;
let origin;
// Built sites by the base_url they are published at: a request there is answered from
// the folder, as the site's host would (404.html links its assets from base_url).
const HOSTED = new Map();
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** A browser context whose pages report console errors, failed requests and requests to
 *  other hosts. Requests to the site's base_url are served from the built site, as its
 *  host would. */
async function context(options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
  ctx.problems = [];
  await ctx.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("http://127.0.0.1:") || url.startsWith("data:")) return route.continue();
    for (const [base, site] of HOSTED) {
      if (url.startsWith(base)) {
        const a = answer(site, "/" + url.slice(base.length));
        return route.fulfill({ status: a.status, contentType: a.type, body: a.body });
      }
    }
    ctx.problems.push(`request to another host: ${url}`);
    return route.abort();
  });
  ctx.on("page", (page) => watchPage(ctx, page));
  return ctx;
}

function watchPage(ctx, page) {
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    // A 404 page's own status is logged as an error: that one is expected.
    if (m.location().url === page.url() && /status of 404/.test(m.text()) && ctx.expect404) return;
    ctx.problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => ctx.problems.push(`uncaught exception on ${page.url()}: ${e.message}`));
  page.on("requestfailed", (r) => {
    if (!r.url().startsWith("http://127.0.0.1:")) return; // reported by the route
    ctx.problems.push(`failed request ${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.request().isNavigationRequest()) {
      ctx.problems.push(`${r.status()} for ${r.url()} on ${page.url()}`);
    }
  });
}

async function closeClean(ctx) {
  await ctx.close();
  check(ctx.problems.length === 0, ctx.problems.join("\n"));
}

async function open(ctx, urlPath, options = {}) {
  const page = await ctx.newPage();
  await page.goto(origin + urlPath, { waitUntil: "load", ...options });
  return page;
}

/** The axe-core violations of the page as it is now, every rule. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ content: AXE });
  }
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.map((n) => n.target.join(" ") + " " + (n.failureSummary || "").replace(/\s+/g, " ")).join("\n      ")}`,
    );
  });
}

const cardOpen = (page) =>
  page.evaluate(() => {
    const card = document.getElementById("brief-card");
    return !!card && card.isConnected && card.checkVisibility() && card.getBoundingClientRect().height > 0;
  });

// A mention with a preview card: a link the script marked.
const MENTION = "#article a[aria-haspopup]";

// ---------------------------------------------------------------- the tests

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test("every page: no console errors, no axe-core violations in light and dark", async () => {
  const failures = [];
  const contexts = {};
  const jobs = [];
  for (const scheme of ["light", "dark"]) {
    contexts[scheme] = await context({ colorScheme: scheme });
    contexts[scheme].expect404 = true;
    // Light: every page; dark: one page of each kind (the markup is the same).
    const kinds = new Set();
    for (const file of PAGES) {
      const kind = file.split("/").length > 2 ? file.split("/")[0] + "/*" : file;
      if (scheme === "light" || !kinds.has(kind)) jobs.push({ scheme, file });
      kinds.add(kind);
    }
  }
  // Two pages at a time.
  const worker = async () => {
    const pages = {};
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const page = (pages[job.scheme] ||= await contexts[job.scheme].newPage());
      const urlPath = "/" + job.file.replace(/index\.html$/, "");
      const response = await page.goto(origin + urlPath, { waitUntil: "load" });
      if (job.file !== "404.html" && response.status() !== 200) failures.push(`status ${response.status()} for ${urlPath}`);
      for (const v of await axe(page)) failures.push(`${job.scheme} ${urlPath}: ${v}`);
    }
  };
  await Promise.all([worker(), worker()]);
  for (const ctx of Object.values(contexts)) {
    await ctx.close();
    failures.push(...ctx.problems);
  }
  check(failures.length === 0, failures.join("\n"));
});

/** Runs `brief` with `args`; fails with its standard error if it fails. */
function brief(args) {
  return new Promise((ok, fail) => {
    const child = spawn(BRIEF, args, { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => (code === 0 ? ok() : fail(new Failure(`brief ${args.join(" ")} failed:\n${err}`))));
  });
}

test("a new site (brief new): no axe-core violation in dark, no Nu checker error, no console error", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "brief-new-"));
  try {
    const root = path.join(tmp, "site");
    const out = path.join(tmp, "public");
    await brief(["new", root]);
    await brief(["build", "--quiet", "--root", root, "--output", out]);
    const pages = walk(out).filter((f) => f.endsWith(".html"));
    const base = /<link rel="canonical" href="([^"]+)">/.exec(fs.readFileSync(path.join(out, "index.html"), "utf8"))[1];
    HOSTED.set(base, out);
    check(pages.length > 5, `pages of the new site: ${pages.length}`);
    const checked = runVnu(out, pages);
    // Served at its base_url's path, as its host would: the 404 page links from there.
    const basePath = new URL(base).pathname;
    const local = await serve(out, basePath);
    const failures = [];
    try {
      const ctx = await context({ colorScheme: "dark" });
      ctx.expect404 = true;
      const page = await ctx.newPage();
      // One page of each kind (the Nu checker reads them all).
      const kinds = new Set();
      for (const file of pages) {
        const kind = file.split("/").length > 2 ? file.split("/")[0] : file;
        if (kinds.has(kind)) continue;
        kinds.add(kind);
        await page.goto(`http://127.0.0.1:${local.address().port}${basePath}${file.replace(/index\.html$/, "")}`, { waitUntil: "load" });
        for (const v of await axe(page)) failures.push(`${file}: ${v}`);
      }
      await ctx.close();
      failures.push(...ctx.problems);
    } finally {
      local.close();
    }
    check(failures.length === 0, failures.join("\n"));
    checkVnu(await checked, out);
  } finally {
    for (const [base, site] of HOSTED) if (site !== SITE) HOSTED.delete(base);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("briefing: axe-core finds nothing with a card open, notes open, on a phone, printed", async () => {
  const failures = [];
  for (const scheme of ["light", "dark"]) {
    const wide = await context({ colorScheme: scheme });
    let page = await open(wide, BRIEFING_URL);
    await page.locator(MENTION).first().click();
    await until(() => cardOpen(page), "card opens on click");
    for (const v of await axe(page)) failures.push(`${scheme} wide, card open: ${v}`);
    await page.emulateMedia({ media: "print" });
    for (const v of await axe(page)) failures.push(`${scheme} printed: ${v}`);
    await closeClean(wide);

    const phone = await context({ colorScheme: scheme, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    page = await open(phone, BRIEFING_URL);
    const refs = page.locator("#article .sn-ref");
    for (let i = 0; i < Math.min(3, await refs.count()); i++) await refs.nth(i).tap();
    for (const v of await axe(page)) failures.push(`${scheme} phone, notes open: ${v}`);
    await closeClean(phone);
  }
  check(failures.length === 0, failures.join("\n"));
});

/** Fails with the Nu checker's errors, if it reported any. */
function checkVnu(r, site) {
  check(!r.failed, r.failed);
  let messages;
  try {
    const text = r.err || r.out;
    messages = JSON.parse(text.slice(text.indexOf("{"))).messages;
  } catch {
    throw new Failure(`vnu.jar printed no JSON (exit ${r.code}):\n${r.err}\n${r.out}`);
  }
  const errors = messages.filter((m) => m.type === "error" || m.subType === "fatal" || m.type === "non-document-error");
  check(
    errors.length === 0,
    errors.map((m) => `${(m.url || "").replace("file:" + site, "")}:${m.lastLine}: ${m.message}\n      ${m.extract || ""}`).join("\n"),
  );
}

test("the Nu HTML checker reports no error on any page", async () => {
  checkVnu(await vnu, SITE);
});

test("mention card: opens on hover after its delay, is hoverable, persistent, closes with Escape", async () => {
  const ctx = await context();
  const page = await open(ctx, BRIEFING_URL);
  const mention = page.locator(MENTION).first();
  await mention.scrollIntoViewIfNeeded();
  const name = await mention.evaluate((el) => {
    const cards = JSON.parse(document.getElementById("brief-cards").textContent);
    return cards.notes[cards.mentions[el.dataset.annot]].name;
  });
  await mention.evaluate((el) => el.addEventListener("mouseenter", () => (window.__entered = performance.now()), { once: true }));
  await mention.hover();
  await sleep(150);
  // Closed for a while after the pointer came (how long since, the page itself says).
  const early = await page.evaluate(() => ({
    since: performance.now() - window.__entered,
    open: document.getElementById("brief-card")?.checkVisibility() || false,
  }));
  check(early.since >= 0, "the mention saw the pointer come");
  check(early.since < 400 ? !early.open : true, `the card waits before opening on hover (${Math.round(early.since)} ms: open)`);
  await until(() => cardOpen(page), "card opens after the hover delay", 2000);
  const card = page.locator("#brief-card");
  check((await card.textContent()).includes(name), `the card names ${name}`);
  equal(await mention.getAttribute("aria-expanded"), "true", "aria-expanded of the mention");
  // Hoverable: the pointer can move onto the card, and it stays.
  const box = await card.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(20, box.height / 2), { steps: 5 });
  await sleep(900);
  check(await cardOpen(page), "the card stays open while the pointer is on it");
  // Dismissible without moving the pointer.
  await page.keyboard.press("Escape");
  await until(async () => !(await cardOpen(page)), "Escape closes the card", 1000);
  equal(await mention.getAttribute("aria-expanded"), "false", "aria-expanded after Escape");
  // Leaving the mention without reaching the card closes it.
  await mention.hover();
  await until(() => cardOpen(page), "card opens again", 2000);
  await page.mouse.move(5, 5, { steps: 3 });
  await until(async () => !(await cardOpen(page)), "card closes when the pointer leaves", 2000);
  // Near the bottom of the window the card opens above the mention, on screen.
  await mention.evaluate((el) => scrollBy(0, el.getBoundingClientRect().bottom - innerHeight + 4));
  await mention.hover();
  await until(() => cardOpen(page), "card opens near the bottom of the window", 2000);
  const [m, c] = [await mention.boundingBox(), await card.boundingBox()];
  check(c.y + c.height <= m.y && c.y >= 0, `the card is above the mention: ${JSON.stringify({ m, c })}`);
  await closeClean(ctx);
});

test("mention card: opens on keyboard focus, Tab goes on to the next mention, Escape then Enter follows", async () => {
  const ctx = await context();
  const page = await open(ctx, BRIEFING_URL);
  let reached = false;
  for (let i = 0; i < 200 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate((sel) => document.activeElement.matches(sel), MENTION);
  }
  check(reached, "Tab reaches a mention");
  await until(() => cardOpen(page), "card opens on keyboard focus", 1000);
  const first = await page.evaluate(() => document.activeElement.getAttribute("data-annot"));
  // The card's links lead where the mention does: Tab skips them, on to the next stop.
  await page.keyboard.press("Tab");
  check(!(await page.evaluate(() => document.getElementById("brief-card").contains(document.activeElement))), "Tab does not stop in the card");
  check(await page.evaluate((a) => document.activeElement.getAttribute("data-annot") !== a, first), "Tab leaves the first mention");
  // Back to it with Shift+Tab; Escape closes its card and keeps focus on it.
  await page.keyboard.press("Shift+Tab");
  check(await page.evaluate((a) => document.activeElement.getAttribute("data-annot") === a, first), "Shift+Tab returns to the mention");
  await until(() => cardOpen(page), "card opens on keyboard focus again", 1000);
  await page.keyboard.press("Escape");
  await until(async () => !(await cardOpen(page)), "Escape closes the card", 1000);
  check(await page.evaluate((sel) => document.activeElement.matches(sel), MENTION), "focus stays on the mention");
  const focusStyle = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(focusStyle !== "none", "the focused mention shows a focus outline");
  // Enter after Escape follows the link rather than opening the card again.
  const href = await page.evaluate(() => document.activeElement.getAttribute("href"));
  await page.keyboard.press("Enter");
  await until(() => new URL(page.url()).pathname !== BRIEFING_URL, "Enter after Escape follows the link", 3000);
  equal(page.url(), new URL(href, origin + BRIEFING_URL).href, "Enter went to the mention's note");
  await closeClean(ctx);
});

test("mention card: opens on tap on a phone, without following the link, fits the screen", async () => {
  const ctx = await context({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await open(ctx, BRIEFING_URL);
  const mention = page.locator(MENTION).first();
  await mention.scrollIntoViewIfNeeded();
  await mention.tap();
  await until(() => cardOpen(page), "card opens on tap", 1000);
  equal(new URL(page.url()).pathname, BRIEFING_URL, "the tap did not follow the link");
  const box = await page.locator("#brief-card").boundingBox();
  check(box.x >= 0 && box.x + box.width <= 390, `the card fits the screen: ${JSON.stringify(box)}`);
  await page.keyboard.press("Escape");
  await until(async () => !(await cardOpen(page)), "Escape closes the card", 1000);
  // A tap elsewhere closes it too.
  await mention.tap();
  await until(() => cardOpen(page), "card opens on a tap again", 1000);
  await page.touchscreen.tap(200, 5);
  await until(async () => !(await cardOpen(page)), "a tap elsewhere closes the card", 1000);
  // And so does its close button, a 44 px target.
  await mention.tap();
  await until(() => cardOpen(page), "card opens on a tap again", 1000);
  const close = page.getByRole("button", { name: "Close" });
  const closeBox = await close.boundingBox();
  check(closeBox.width >= 44 && closeBox.height >= 44, `the close button is a 44 px target: ${JSON.stringify(closeBox)}`);
  await close.tap();
  await until(async () => !(await cardOpen(page)), "the close button closes the card", 1000);
  await sleep(100);
  check(!(await cardOpen(page)), "the card stays closed after its close button");
  equal(new URL(page.url()).pathname, BRIEFING_URL, "the close button did not follow the link");
  // Turning the phone keeps the card beside its mention.
  await mention.tap();
  await until(() => cardOpen(page), "card opens on a tap again", 1000);
  await page.setViewportSize({ width: 844, height: 390 });
  await until(async () => {
    const [m, c] = [await mention.boundingBox(), await page.locator("#brief-card").boundingBox()];
    return Math.abs(c.y - (m.y + m.height + 6)) < 2 || Math.abs(c.y + c.height + 6 - m.y) < 2;
  }, "the card follows its mention when the window changes", 2000);
  // With its card open, a second tap on the mention follows its link.
  const href = await mention.getAttribute("href");
  await mention.tap();
  await until(() => new URL(page.url()).pathname !== BRIEFING_URL, "a second tap follows the link", 3000);
  equal(page.url(), new URL(href, origin + BRIEFING_URL).href, "the second tap went to the mention's note");
  await closeClean(ctx);
});

test("note buttons: 24 px targets, never inside a link, after the passage's punctuation", async () => {
  const ctx = await context({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await open(ctx, BRIEFING_URL);
  const found = await page.evaluate(() => {
    const refs = [...document.querySelectorAll("#article .sn-ref")];
    return {
      count: refs.length,
      small: refs.map((b) => b.getBoundingClientRect()).filter((r) => r.width < 24 || r.height < 24).length,
      inLink: refs.filter((b) => b.closest("a")).length,
      punctuationAfter: refs
        .map((b) => b.parentElement.nextElementSibling && b.parentElement.nextElementSibling.nextSibling)
        .filter((t) => t && t.nodeType === 3 && /^[.,;:!?\u2019\u201d]/.test(t.data))
        .map((t) => t.data.slice(0, 12)),
    };
  });
  check(found.count > 5, `note buttons: ${found.count}`);
  // In the order of their numbers, also where a passage inside another ends with it.
  const numbers = await page.evaluate(() => [...document.querySelectorAll("#article .sn-ref")].map((b) => +b.textContent));
  equal(numbers.join(" "), [...numbers].sort((a, b) => a - b).join(" "), "note buttons in reading order");
  equal(found.small, 0, "note buttons smaller than 24 × 24 px");
  equal(found.inLink, 0, "note buttons inside a link");
  equal(found.punctuationAfter.join(" | "), "", "punctuation left after a note button");
  // A highlighted passage that is not a link opens its note on a tap.
  const span = page.locator("#article span.opens-note").first();
  check((await span.count()) === 1, "a passage that is not a link opens its note");
  const id = await page.evaluate(() => {
    const s = document.querySelector("#article span.opens-note");
    const ref = s.getAttribute("data-annot");
    return "sn-" + ref;
  });
  await span.scrollIntoViewIfNeeded();
  await span.tap();
  check(await page.locator(`#${id}`).isVisible(), "the tap opened the passage's note");
  // A passage inside a passage that links to its note opens its own note, not the outer one.
  const inner = await page.evaluate(() => {
    const s = document.querySelector('#article a[href^="#note-"] span.opens-note');
    return s && [s.getAttribute("data-annot"), s.closest("a").getAttribute("data-annot")];
  });
  check(inner, "the example has a passage inside a passage with a note");
  await page.locator(`#article span.opens-note[data-annot="${inner[0]}"]`).first().tap();
  check(await page.locator(`#sn-${inner[0]}`).isVisible(), "the inner passage opened its own note");
  check(!(await page.locator(`#sn-${inner[1]}`).isVisible()), "the outer passage's note stayed closed");
  // A passage that only carries tags is not highlighted.
  const plain = await page.evaluate(() => {
    const s = document.querySelector("#article span.annot-plain");
    return s && getComputedStyle(s).backgroundColor;
  });
  equal(plain, "rgba(0, 0, 0, 0)", "the background of a passage that only carries tags");
  await closeClean(ctx);
});

test("previews can be turned off, and the choice is remembered", async () => {
  const ctx = await context();
  let page = await open(ctx, BRIEFING_URL);
  const toggle = page.locator(".previews-toggle");
  equal(await toggle.getAttribute("aria-pressed"), "true", "previews on by default");
  await toggle.click();
  equal(await toggle.getAttribute("aria-pressed"), "false", "previews off after a click");
  await page.reload();
  equal(await page.locator(".previews-toggle").getAttribute("aria-pressed"), "false", "remembered after a reload");
  equal(await page.locator(MENTION).count(), 0, "no mention announces a popup while previews are off");
  const mention = page.locator('#article a[data-annot]:not([href^="#"])').first();
  await mention.hover();
  await sleep(900);
  check(!(await cardOpen(page)), "no card on hover when previews are off");
  await mention.focus();
  await sleep(200);
  check(!(await cardOpen(page)), "no card on focus when previews are off");
  await page.locator(".previews-toggle").click();
  equal(await page.locator(".previews-toggle").getAttribute("aria-pressed"), "true", "on again");
  check((await page.locator(MENTION).count()) > 0, "mentions announce their popup again");
  await closeClean(ctx);
});

/** The boxes of the sidenotes and of the buttons they belong to. */
function sidenoteBoxes(page) {
  return page.evaluate(() => {
    const article = document.getElementById("article").getBoundingClientRect();
    const aside = document.querySelector(".briefing-aside")?.getBoundingClientRect();
    return [...document.querySelectorAll("#article .sidenote")].map((note) => {
      const ref = document.querySelector(`[aria-controls="${note.id}"]`).getBoundingClientRect();
      const r = note.getBoundingClientRect();
      return {
        id: note.id,
        visible: note.checkVisibility(),
        top: r.top + scrollY,
        bottom: r.bottom + scrollY,
        left: r.left,
        right: r.right,
        refTop: ref.top + scrollY,
        articleRight: article.right,
        asideLeft: aside ? aside.left : Infinity,
        pageWidth: document.documentElement.clientWidth,
        scrollWidth: document.documentElement.scrollWidth,
      };
    });
  });
}

/** Checks the open margin notes: beside the article, in order, none overlapping, each
 *  aligned with its passage or pushed down only by the one above, never more than
 *  15em (240 px) below its passage (such a note starts closed). */
function checkMargin(all, width, fewest = 5) {
  const boxes = all.filter((b) => b.visible);
  check(boxes.length >= fewest, `open sidenotes at ${width} px: ${boxes.length} of ${all.length}`);
  let prev = null;
  for (const b of boxes) {
    check(b.top - b.refTop <= 240 + 8, `${b.id} is within 15em of its passage at ${width} px (${b.top} vs ${b.refTop})`);
    check(b.left >= b.articleRight, `${b.id} sits in the margin at ${width} px (left ${b.left} < article right ${b.articleRight})`);
    check(b.right <= b.pageWidth, `${b.id} fits the window at ${width} px (right ${b.right})`);
    // The panel comes after the article in Tab order, so it is drawn after the margin.
    check(b.right <= b.asideLeft, `${b.id} stays left of the side panel at ${width} px (right ${b.right}, panel ${b.asideLeft})`);
    check(b.top >= b.refTop - 8, `${b.id} is not above its passage at ${width} px (${b.top} < ${b.refTop})`);
    if (prev) {
      check(b.top >= prev.bottom, `${b.id} overlaps ${prev.id} at ${width} px (${b.top} < ${prev.bottom})`);
      // Aligned with its passage unless pushed down by the note before it: below that
      // note, or to the next line of text when that note reaches into its line (a float
      // that cannot start on its line starts on the next one).
      check(b.top <= Math.max(b.refTop + 8, prev.bottom + 24 + 32), `${b.id} is not pushed further than needed at ${width} px (${b.top} vs ${b.refTop}, above ends at ${prev.bottom})`);
    } else {
      check(Math.abs(b.top - b.refTop) <= 8, `${b.id} is aligned with its passage at ${width} px (${b.top} vs ${b.refTop})`);
    }
    prev = b;
  }
  check(boxes[0].scrollWidth <= boxes[0].pageWidth, `no horizontal scrolling at ${width} px`);
}

test("sidenotes: in the margin at 1400 px, aligned, never overlapping, laid out again on resize", async () => {
  const ctx = await context({ viewport: { width: 1400, height: 900 } });
  const page = await open(ctx, BRIEFING_URL);
  checkMargin(await sidenoteBoxes(page), 1400);
  for (const width of [1300, 1920, 1400]) {
    await page.setViewportSize({ width, height: 900 });
    await until(() => page.evaluate((w) => innerWidth === w, width), `the window is ${width} px wide`);
    checkMargin(await sidenoteBoxes(page), width);
  }
  // A passage and its note light up together under the pointer.
  const outlined = (sel) => page.evaluate((sel) => getComputedStyle(document.querySelector(sel)).outlineStyle !== "none", sel);
  const first = await page.locator("#article .sidenote").first().getAttribute("id");
  const passage = `#article [data-annot]:has(+ .sn-wrap > [aria-controls="${first}"])`;
  await page.locator(passage).hover();
  check(await outlined(`#${first}`), "hovering a passage outlines its note");
  await page.locator(`#${first}`).hover();
  check(await outlined(passage), "hovering a note outlines its passage");
  await page.mouse.move(0, 0);
  // A change of the text's size (as when a font loads) lays them out again.
  await page.addStyleTag({ content: ".article-body { font-size: 1.5rem }" });
  await sleep(150);
  checkMargin(await sidenoteBoxes(page), 1400);
  // Below the wide layout they leave the margin and close.
  await page.setViewportSize({ width: 900, height: 900 });
  await until(async () => (await sidenoteBoxes(page)).every((b) => !b.visible), "sidenotes closed at 900 px", 3000);
  await closeClean(ctx);
});

/** Copies the source site into a new temporary folder (the caller removes it). */
function copySource() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "brief-site-"));
  for (const entry of ["site.toml", "content", "themes", "templates", "static"]) {
    const from = path.join(SOURCE, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(tmp, entry), { recursive: true });
  }
  return tmp;
}

/** A briefing whose long notes crowd together, in lists, a quotation and a table. */
const CROWDED_MD = `---
title: Crowded notes
date: 2000-01-01
---
Alpha beta gamma delta. Epsilon zeta.

- Item one eta theta.
- Item two iota kappa.

> Quoted lambda mu nu.

| Column xi | Column omicron |
|-----------|----------------|
| Cell pi   | Cell rho       |

Sigma tau upsilon phi chi psi omega.
`;
const LONG = "A long note that takes several lines in the margin, so that the next notes have to move down to stay clear of it. ".repeat(2);
const CROWDED_YAML =
  "annotations:\n" +
  ["beta", "gamma", "delta", "Epsilon", "Item one", "iota", "kappa", "lambda", "nu", "pi", "tau", "omega"]
    .map((q) => `  - quote: ${q}\n    note: ${q}. ${LONG}\n`)
    .join("");

test("sidenotes: crowded notes in lists, a quotation and a table never overlap", async () => {
  const src = copySource();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "brief-crowded-"));
  try {
    fs.writeFileSync(path.join(src, "content/briefings/2000-01-01-crowded.md"), CROWDED_MD);
    fs.writeFileSync(path.join(src, "content/briefings/2000-01-01-crowded.yaml"), CROWDED_YAML);
    await brief(["build", "--quiet", "--root", src, "--output", path.join(out, "site")]);
    const crowded = await serve(path.join(out, "site"));
    try {
      const ctx = await context();
      const page = await ctx.newPage();
      await page.goto(`http://127.0.0.1:${crowded.address().port}/briefings/2000-01-01-crowded/`);
      const boxes = await sidenoteBoxes(page);
      equal(boxes.length, 12, "sidenotes on the crowded briefing");
      // In a table the note stays in its cell; the others stack in the margin.
      const inTable = await page.evaluate(() => [...document.querySelectorAll("#article td .sidenote")].map((n) => n.id));
      equal(inTable.length, 1, "one note in the table");
      const margin = boxes.filter((b) => !inTable.includes(b.id));
      checkMargin(margin, 1400, 3);
      // A note kept closed so as not to drift opens from its button.
      const closed = margin.find((b) => !b.visible);
      check(closed, "crowded notes: some start closed");
      await page.locator(`[aria-controls="${closed.id}"]`).click();
      check(await page.locator(`#${closed.id}`).isVisible(), "a closed margin note opens from its button");
      equal(await page.locator(".previews-toggle").count(), 0, "no previews switch on a briefing without mentions");
      await ctx.close();
      check(ctx.problems.length === 0, ctx.problems.join("\n"));
    } finally {
      crowded.close();
    }
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test("sidenotes: a note opens on tap at 390 px, below its line, and closes again", async () => {
  const ctx = await context({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await open(ctx, BRIEFING_URL);
  const ref = page.locator("#article .sn-ref").first();
  const id = await ref.getAttribute("aria-controls");
  const note = page.locator(`#${id}`);
  equal(await ref.getAttribute("aria-expanded"), "false", "closed at first");
  check(!(await note.isVisible()), "note hidden at first");
  await ref.scrollIntoViewIfNeeded();
  await ref.tap();
  equal(await ref.getAttribute("aria-expanded"), "true", "aria-expanded after a tap");
  check(await note.isVisible(), "note visible after a tap");
  const [r, n] = [await ref.boundingBox(), await note.boundingBox()];
  check(n.y >= r.y + r.height - 2, "the note opens below its line");
  check(n.x >= 0 && n.x + n.width <= 390, `the note fits the screen: ${JSON.stringify(n)}`);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  check(scrollWidth <= 390, `no horizontal scrolling at 390 px (${scrollWidth})`);
  await ref.tap();
  check(!(await note.isVisible()), "a second tap closes it");
  await closeClean(ctx);
});

test("without JavaScript: endnotes are listed, numbered after their passages, and their links work both ways", async () => {
  const ctx = await context({ javaScriptEnabled: false, viewport: { width: 1400, height: 900 } });
  const page = await open(ctx, BRIEFING_URL);
  const count = await page.locator(".endnotes li").count();
  check(count > 5, `endnotes listed: ${count}`);
  check(await page.locator(".endnotes").isVisible(), "endnotes visible");
  equal(await page.locator(".sn-ref, .sidenote").count(), 0, "no sidenote buttons without JavaScript");
  const inView = (sel) =>
    page.evaluate((sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight;
    }, sel);
  // To the notes: the count of notes under the title leads to them.
  await page.locator('.briefing-header a[href="#notes-title"]').click();
  await until(() => inView("#notes-title"), "the notes are scrolled into view");
  await page.evaluate(() => scrollTo(0, 0));
  // To a note: the links of the side panel (events, sources) lead to their endnotes.
  const links = page.locator('.briefing-aside a[href^="#note-"]');
  check((await links.count()) > 0, "links from the side panel to endnotes");
  const link = links.last();
  const target = (await link.getAttribute("href")).slice(1);
  await link.click();
  await until(() => page.evaluate((t) => document.querySelector(":target")?.id === t, target), "the endnote is the target");
  await until(() => inView(`#${target}`), "the endnote is scrolled into view");
  // And back: the endnote's back-link scrolls to its passage.
  await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
  const annot = await page.locator(`#${target}`).getAttribute("data-ref");
  const passage = `#article [data-annot="${annot}"]`;
  await until(async () => !(await inView(passage)), "the passage is out of view before the back-link");
  await page.locator(`#${target} a.backref`).click();
  await until(() => page.evaluate((a) => location.hash.startsWith("#ref-" + a), annot), "the back-link leads to its passage's element");
  await until(() => inView(passage), `the back-link scrolls to its passage ${passage}`);
  // From a passage: a passage with an endnote is a link to it.
  await page.evaluate(() => scrollTo(0, 0));
  const forward = page.locator('#article a[data-annot][href^="#note-"]').first();
  const note = (await forward.getAttribute("href")).slice(1);
  await forward.click();
  await until(() => page.evaluate((t) => document.querySelector(":target")?.id === t, note), "the passage leads to its endnote");
  await until(() => inView(`#${note}`), "the passage's endnote is scrolled into view");
  // Every endnote has its number after its passage, a link to it, as the buttons are
  // with JavaScript; a passage that is not a link (a mention inside) leads there too.
  const numbers = await page.evaluate(() => {
    const endnotes = [...document.querySelectorAll(".endnotes li")].map((li) => `${li.value}:#${li.id}`);
    const markers = [...document.querySelectorAll("#article a.note-marker")].map(
      (a) => `${a.textContent}:${a.getAttribute("href")}`,
    );
    const inLink = [...document.querySelectorAll("#article a.note-marker")].filter((a) => a.parentElement.closest("a")).length;
    return { endnotes: endnotes.sort().join(" "), markers: markers.sort().join(" "), inLink };
  });
  equal(numbers.markers, numbers.endnotes, "a number for every endnote, linking to it");
  equal(numbers.inLink, 0, "numbers inside a link");
  const marker = page.locator('#article a.note-marker[href="#note-a3"]');
  await marker.click();
  await until(() => page.evaluate(() => document.querySelector(":target")?.id === "note-a3"), "a number leads to its endnote");
  await closeClean(ctx);
  // With JavaScript the numbers give way to the buttons.
  const ctx2 = await context({ viewport: { width: 390, height: 800 } });
  const page2 = await open(ctx2, BRIEFING_URL);
  equal(await page2.locator("#article .note-marker").count(), 0, "no static numbers with JavaScript");
  await closeClean(ctx2);
});

test("with JavaScript: a passage with an endnote opens its margin note, not the endnote", async () => {
  const ctx = await context({ viewport: { width: 390, height: 800 } });
  const page = await open(ctx, BRIEFING_URL);
  const passage = page.locator('#article a[data-annot][href^="#note-"]').first();
  const ref = await passage.getAttribute("data-annot");
  check(await page.locator(`#sn-${ref}`).isHidden(), "the margin note starts closed on a phone");
  // One Tab stop per note: its button, not the passage as well.
  equal(await passage.evaluate((a) => a.tabIndex), -1, "the passage is out of the tab order");
  await passage.click();
  await until(() => page.locator(`#sn-${ref}`).isVisible(), "the click opened the note in place");
  equal(await page.evaluate(() => location.hash), "", "the page did not jump to the endnotes");
  // The note takes the focus, so that it is read next and Enter visibly does something.
  equal(await page.evaluate(() => document.activeElement.id), `sn-${ref}`, "the opened note has the focus");
  // A mention inside a passage that opens a note opens its card, and not the note.
  const inner = page.locator("#article span.opens-note a[aria-haspopup]").first();
  check((await inner.count()) === 1, "a mention inside a passage with a note");
  const outer = await inner.evaluate((a) => a.closest("span.opens-note").dataset.annot);
  await inner.click();
  await until(() => cardOpen(page), "the mention's card opens", 1000);
  check(await page.locator(`#sn-${outer}`).isHidden(), "the passage's note stays closed");
  await closeClean(ctx);
});

test("wide screens: a note the margin has no room for opens below its line, in view", async () => {
  const ctx = await context({ viewport: { width: 1280, height: 800 } });
  const page = await open(ctx, BRIEFING_URL);
  const far = await page.evaluate(() => [...document.querySelectorAll("#article .sidenote.sn-far")].map((n) => n.id));
  check(far.length > 0, "some notes start closed at 1280 px");
  for (const id of far.slice(0, 3)) {
    const button = page.locator(`[aria-controls="${id}"]`);
    await button.scrollIntoViewIfNeeded();
    await button.click();
    const [b, n] = [await button.boundingBox(), await page.locator(`#${id}`).boundingBox()];
    check(n && n.y >= b.y && n.y - (b.y + b.height) < 48, `${id} opens below its line (button ${b.y}, note ${n && n.y})`);
    check(n.y + 20 < 800, `${id} is in view (top ${n.y})`);
    await button.click();
  }
  await closeClean(ctx);
});

test("note buttons never start a line of their own", async () => {
  const ctx = await context({ viewport: { width: 320, height: 640 } });
  const page = await open(ctx, BRIEFING_URL);
  for (const width of [320, 390, 800, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await sleep(300);
    const alone = await page.evaluate(() => {
      // The text a reader sees in the article, outside the notes and their buttons.
      const walker = document.createTreeWalker(document.getElementById("article"), NodeFilter.SHOW_TEXT);
      const texts = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.data.replace(/[\u2060\s]/g, "") && !n.parentElement.closest(".sidenote, .sn-ref")) texts.push(n);
      }
      return [...document.querySelectorAll("#article .sn-ref")]
        .filter((b) => b.checkVisibility())
        .filter((b) => {
          // The last character before the button.
          const before = texts.filter((t) => t.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
          const node = before[before.length - 1];
          const text = node.data.replace(/[\u2060\s]+$/, "");
          const range = document.createRange();
          range.setStart(node, text.length - 1);
          range.setEnd(node, text.length);
          const rects = range.getClientRects();
          const last = rects[rects.length - 1];
          return last && b.getBoundingClientRect().top > last.bottom;
        })
        .map((b) => b.textContent);
    });
    equal(alone.join(" "), "", `note buttons alone at the start of a line at ${width} px`);
  }
  await closeClean(ctx);
});

/** Tabs through the whole page; the number of stops, and those that did not show. */
async function tabThrough(page) {
  const seen = new Set();
  const bad = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const path = el.tagName + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ")[0] : "") + " " + (el.textContent || "").trim().slice(0, 30);
      const r = el.getBoundingClientRect();
      return {
        path,
        key: path + r.top + scrollY,
        shown: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
        onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
      };
    });
    if (!f || seen.has(f.key)) break;
    seen.add(f.key);
    if (!f.shown) bad.push(`no focus outline: ${f.path}`);
    if (!f.onScreen) {
      // A busy machine may lag behind: give it time.
      const shown = await until(
        () => page.evaluate(() => {
          const r = document.activeElement.getBoundingClientRect();
          return r.bottom > 0 && r.top < innerHeight;
        }),
        "",
        3000,
      ).catch(() => false);
      if (!shown) bad.push(`focused but off screen: ${f.path}`);
    }
  }
  return { count: seen.size, bad };
}

test("keyboard: every stop of the tab order shows where the focus is, on every kind of page", async () => {
  // Less motion: scrolling to the focus is instant, so its place can be read at once.
  const ctx = await context({ reducedMotion: "reduce" });
  ctx.expect404 = true;
  const page = await ctx.newPage();
  const bad = [];
  const kinds = new Set();
  for (const file of PAGES) {
    const kind = file.split("/").length > 2 ? file.split("/")[0] : file;
    if (kinds.has(kind)) continue;
    kinds.add(kind);
    await page.goto(origin + "/" + file.replace(/index\.html$/, ""), { waitUntil: "load" });
    const r = await tabThrough(page);
    const least = file === BRIEFING ? 40 : 5;
    if (r.count < least) bad.push(`${file}: Tab went through only ${r.count} elements`);
    bad.push(...r.bad.map((b) => `${file}: ${b}`));
  }
  check(bad.length === 0, bad.join("\n"));
  await closeClean(ctx);
});

test("with JavaScript, every link from a note page to a passage shows the passage", async () => {
  const ctx = await context({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const notes = PAGES.filter((f) => /^(people|places|organizations)\/[^/]+\/index\.html$/.test(f));
  const links = [];
  for (const file of notes) {
    await page.goto(origin + "/" + file.replace(/index\.html$/, ""), { waitUntil: "load" });
    const hrefs = await page.evaluate(() =>
      [...document.querySelectorAll('a[href*="/briefings/"][href*="#"]')].map((a) => a.href));
    links.push(...hrefs);
  }
  check(links.length > 20, `links from note pages to passages: ${links.length}`);
  const missed = [];
  const flush = [];
  for (const href of links) {
    // Each from a page of its own, as a reader follows it from a note page (going from
    // one passage to the next of one page would be a scroll within it).
    await page.goto("about:blank");
    await page.goto(href, { waitUntil: "load" });
    const id = new URL(href).hash.slice(1).split(":~:")[0];
    if (!id.startsWith("ref-")) {
      missed.push(`${href} (not to a passage's own element)`);
      continue;
    }
    // The theme's script has put its note buttons in (which can hide the text from the
    // browser's text search): the page still lands on the passage.
    const seen = await until(
      () => page.evaluate((id) => {
        const el = document.getElementById(id);
        if (!el || !document.querySelector(".sn-ref")) return false;
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      }, id),
      "",
      3000,
    ).then(() => true, () => false);
    if (!seen) {
      missed.push(href);
      continue;
    }
    // Under the sentence before it, not flush with the window's top edge (unless the
    // page cannot scroll that far).
    let last = -1;
    for (let i = 0; i < 30; i++) {
      const y = await page.evaluate(() => scrollY);
      if (y === last) break;
      last = y;
      await page.waitForTimeout(100);
    }
    const top = await page.evaluate((id) => {
      const r = document.getElementById(id).getBoundingClientRect();
      return [r.top, Math.min(0.2 * innerHeight, r.top + scrollY)];
    }, id);
    if (top[0] < top[1] - 1) flush.push(`${href}: ${Math.round(top[0])} px from the top`);
  }
  equal(missed.join("\n"), "", "links that did not show their passage");
  equal(flush.join("\n"), "", "passages that landed flush with the top");
  await closeClean(ctx);
});

test("320 px: no page scrolls sideways, the header leaves room for the page", async () => {
  const ctx = await context({ viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true });
  const page = await ctx.newPage();
  const kinds = new Set();
  const wide = [];
  // The site's header (title, theme switch, menu) takes at most a quarter of a phone's screen.
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 640 });
    await page.goto(origin + BRIEFING_URL, { waitUntil: "load" });
    const header = await page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height);
    check(header <= 160, `the header at ${width} px is ${header} px high`);
  }
  await page.setViewportSize({ width: 320, height: 640 });
  for (const file of PAGES) {
    const kind = file.split("/").length > 2 ? file.split("/")[0] : file;
    if (kinds.has(kind)) continue;
    kinds.add(kind);
    await page.goto(origin + "/" + file.replace(/index\.html$/, ""), { waitUntil: "load" });
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    if (w > 320) wide.push(`${file}: ${w} px`);
  }
  check(wide.length === 0, wide.join("\n"));
  ctx.expect404 = true;
  await closeClean(ctx);
});

test("maps on a phone: labels of 12 px or more, the map scrolls sideways, not the page", async () => {
  const ctx = await context({ viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true });
  const page = await ctx.newPage();
  const place = PAGES.find((f) => /^places\/[^/]+\/index\.html$/.test(f));
  for (const file of ["places/index.html", place]) {
    await page.goto(origin + "/" + file.replace(/index\.html$/, ""), { waitUntil: "load" });
    const m = await page.evaluate(() => {
      const svg = document.querySelector(".map-svg");
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const label = svg.querySelector(".map-pins text");
      const [pins, box] = [svg.querySelector(".map-pins").getBoundingClientRect(), svg.parentElement.getBoundingClientRect()];
      return {
        px: parseFloat(getComputedStyle(label).fontSize) * scale,
        pageWidth: document.documentElement.scrollWidth,
        offCentre: Math.abs(pins.left + pins.width / 2 - (box.left + box.width / 2)),
      };
    });
    check(m.px >= 12, `map labels on ${file} at 320 px are ${m.px.toFixed(1)} px`);
    check(m.offCentre <= 2, `the map on ${file} opens on its pins (${m.offCentre} px off centre)`);
    check(m.pageWidth <= 320, `${file} scrolls sideways at 320 px (${m.pageWidth} px)`);
  }
  await closeClean(ctx);
});

test("search finds Vladivostok, as typed and from ?q=", async () => {
  const ctx = await context();
  const page = await open(ctx, "/search/");
  await page.fill("#search-input", "Vladivostok");
  await until(
    () => page.evaluate(() => [...document.querySelectorAll("#search-results a")].some((a) => /places\/vladivostok\/$/.test(a.getAttribute("href")))),
    "a result links to places/vladivostok/",
  );
  check((await page.textContent("#search-status")).includes("Vladivostok"), "the status names the query");
  await page.goto(origin + "/search/?q=vladivostok");
  const first = await page.locator("#search-results a").first().textContent();
  equal(first, "Vladivostok", "the first result for ?q=vladivostok");
  // A letter off, a hyphen for a space, another spelling: the note still comes first.
  for (const [query, title] of [
    ["Ushakow", "Yuri Ushakov"],
    ["Vladivostock", "Vladivostok"],
    ["Wladimir Putin", "Vladimir Putin"],
    ["Kim Jong-un", "Kim Jong Un"],
    ["Pyongyagn", "Pyongyang"],
  ]) {
    await page.goto(origin + "/search/?q=" + encodeURIComponent(query));
    equal(await page.locator("#search-results a").first().textContent(), title, `the first result for ${query}`);
  }
  // Words deep in an article find it too, not only its title, summary and start.
  await page.goto(origin + "/search/?q=" + encodeURIComponent("undisclosed khaki"));
  const deep = await page.locator("#search-results a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  check(deep.length === 1 && deep[0].endsWith(BRIEFING_URL.replace(/^\//, "")), `results for words deep in the briefing: ${deep}`);
  // A word of the text one letter off, when nothing matches as typed.
  await page.goto(origin + "/search/?q=" + encodeURIComponent("undisclosd"));
  const loose = await page.locator("#search-results a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  check(loose.some((h) => h.endsWith(BRIEFING_URL.replace(/^\//, ""))), `results for a misspelled word of the text: ${loose}`);
  // "U.S." is a word, not the letters u and s that start half the words of the site.
  await page.goto(origin + "/search/?q=" + encodeURIComponent("U.S."));
  const us = await page.locator("#search-results a").count();
  const all = await page.evaluate(() => window.briefSearchIndex.length);
  check(us > 0 && us < all / 2, `results for U.S.: ${us} of ${all}`);
  // A name that only starts with the letters ranks below the text that has the word.
  const top = await page.locator("#search-results a").first().textContent();
  check(!/Ushakov/.test(top), `"U.S." ranks ${top} first`);
  // Dates read as on every page.
  const kind = await page.locator("#search-results .result-kind").evaluateAll((els) => els.map((e) => e.textContent));
  check(kind.some((k) => /^briefing, \d{1,2} [A-Z][a-z]+ \d{4}$/.test(k)), `dates in results: ${kind.join(" | ")}`);
  // And words of its notes and its bottom line.
  for (const query of ["double freeze", "tactical guided weapon", "Moscow bigger say"]) {
    await page.goto(origin + "/search/?q=" + encodeURIComponent(query));
    const found = await page.locator("#search-results a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    check(found.some((h) => h.endsWith(BRIEFING_URL.replace(/^\//, ""))), `the briefing is a result for ${query}: ${found}`);
  }
  await closeClean(ctx);
});

test("from file://: pages, sidenotes, cards and search work without a server", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const problems = [];
  ctx.on("page", (p) => {
    p.on("pageerror", (e) => problems.push(e.message));
    p.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  });
  const page = await ctx.newPage();
  await page.goto("file://" + path.join(SITE, BRIEFING));
  check((await page.locator("#article .sidenote").count()) > 5, "sidenotes from file://");
  await page.locator(MENTION).first().click();
  await until(() => cardOpen(page), "a card opens from file://", 2000);
  // A link to a folder opens its index.html, not the folder's listing.
  await page.locator(".site-nav a").first().click();
  await until(() => /\/index\.html$/.test(page.url()), "a link from file:// opens index.html", 3000);
  // The address changes when the navigation starts: wait for the page itself.
  await page.waitForLoadState("load");
  check((await page.locator("main").count()) === 1, `a page, not a listing: ${page.url()}`);
  await page.goto("file://" + path.join(SITE, "search/index.html") + "?q=Vladivostok");
  await until(
    () => page.evaluate(() => [...document.querySelectorAll("#search-results a")].some((a) => /places\/vladivostok\/$/.test(a.getAttribute("href")))),
    "search works from file://",
  );
  await ctx.close();
  check(problems.length === 0, problems.join("\n"));
});

test("phone: the menu and the theme switch fold behind one button, in the order they are drawn", async () => {
  const ctx = await context({ viewport: { width: 320, height: 568 }, hasTouch: true, isMobile: true });
  const page = await open(ctx, BRIEFING_URL);
  const state = () =>
    page.evaluate(() => ({
      nav: document.querySelector(".site-nav").checkVisibility(),
      theme: document.querySelector(".theme-toggle").checkVisibility(),
      expanded: document.querySelector(".menu-toggle").getAttribute("aria-expanded"),
      focused: document.activeElement.className || document.activeElement.tagName,
    }));
  let s = await state();
  check(!s.nav && !s.theme && s.expanded === "false", `folded at first: ${JSON.stringify(s)}`);
  // The page's own title and its bottom line are on the first screen.
  const tops = await page.evaluate(() => [".briefing-header h1", ".bottom-line h2"].map((q) => document.querySelector(q).getBoundingClientRect().top));
  check(tops.every((top) => top < 568 - 40), `title and bottom line on a 568 px screen: ${tops}`);
  // Tab: the site's title, then the button; opened, the menu's links, then the switch.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  equal((await state()).focused, "site-title", "Tab reaches the site's title first");
  await page.keyboard.press("Tab");
  equal((await state()).focused, "menu-toggle", "then the menu button");
  await page.keyboard.press("Enter");
  s = await state();
  check(s.nav && s.theme && s.expanded === "true", `opened: ${JSON.stringify(s)}`);
  const order = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => document.activeElement.textContent.trim()));
  }
  equal(order.join(" | "), "Briefings | People | Places | Organizations | Timeline | Tags | Search | Dark theme", "the menu, then the switch");
  // The menu is drawn above the switch, and the switch below the button.
  const drawn = await page.evaluate(() => [".menu-toggle", ".site-nav li:last-child a", ".theme-toggle"].map((q) => document.querySelector(q).getBoundingClientRect().top));
  check(drawn[0] < drawn[1] && drawn[1] < drawn[2], `drawn in Tab order: ${drawn}`);
  await page.keyboard.press("Escape");
  s = await state();
  check(!s.nav && s.expanded === "false" && s.focused === "menu-toggle", `Escape folds it back to its button: ${JSON.stringify(s)}`);
  // Folded, Escape on the site's title leaves the focus there.
  await page.focus(".site-title");
  await page.keyboard.press("Escape");
  equal((await state()).focused, "site-title", "Escape with the menu folded moves nothing");
  // Wide, there is no button, and the menu is open.
  await page.setViewportSize({ width: 1280, height: 800 });
  const wide = await page.evaluate(() => [document.querySelector(".menu-toggle").checkVisibility(), document.querySelector(".site-nav").checkVisibility()]);
  equal(JSON.stringify(wide), "[false,true]", "no menu button on a wide screen");
  await closeClean(ctx);
  // Without JavaScript the menu is open on a phone too.
  const plain = await context({ viewport: { width: 320, height: 568 }, javaScriptEnabled: false });
  const page2 = await open(plain, BRIEFING_URL);
  check(await page2.evaluate(() => document.querySelector(".site-nav").checkVisibility()), "the menu without JavaScript");
  await closeClean(plain);
});

const themeState = (page) =>
  page.evaluate(() => ({
    attr: document.documentElement.getAttribute("data-theme"),
    bg: getComputedStyle(document.body).backgroundColor,
    pressed: document.querySelector(".theme-toggle")?.getAttribute("aria-pressed"),
  }));

function dark(rgb) {
  const [r, g, b] = rgb.match(/\d+/g).map(Number);
  return r + g + b < 150;
}

test("theme: follows the system, a toggle switches it, the choice is remembered without a flash", async () => {
  const colours = {};
  // Every custom property of the root, and the colours of a few elements.
  const palette = () => {
    const root = getComputedStyle(document.documentElement);
    const out = {};
    for (const sheet of document.styleSheets) {
      for (const rule of sheet.cssRules) {
        for (const name of rule.style || []) if (name.startsWith("--")) out[name] = root.getPropertyValue(name);
      }
    }
    for (const sel of ["body", "a", "pre", ".bottom-line", "#article span[data-annot]"]) {
      const el = document.querySelector(sel);
      if (el) out[sel] = getComputedStyle(el).color + " " + getComputedStyle(el).backgroundColor;
    }
    return out;
  };
  for (const scheme of ["light", "dark"]) {
    const ctx = await context({ colorScheme: scheme });
    const page = await open(ctx, "/");
    let s = await themeState(page);
    equal(dark(s.bg), scheme === "dark", `the ${scheme} system preference is followed`);
    equal(s.pressed, scheme === "dark" ? "true" : "false", "the toggle shows the theme in use");
    await page.locator(".theme-toggle").click();
    s = await themeState(page);
    equal(dark(s.bg), scheme !== "dark", "the toggle switches the theme");
    equal(s.pressed, scheme === "dark" ? "false" : "true", "the toggle shows the new theme");
    // Remembered on the next page, already set before the body is parsed (no flash).
    await page.addInitScript(() => {
      new MutationObserver((records, observer) => {
        if (document.body) {
          window.__themeAtBody = document.documentElement.getAttribute("data-theme");
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(origin + BRIEFING_URL);
    s = await themeState(page);
    equal(dark(s.bg), scheme !== "dark", "the choice is remembered on another page");
    const atBody = await page.evaluate(() => window.__themeAtBody);
    equal(atBody, scheme === "dark" ? "light" : "dark", "the theme is set before the body is parsed");
    // The code colours follow the toggle too.
    const codeRule = await page.evaluate(() =>
      [...document.styleSheets].some((sheet) => {
        try {
          return [...sheet.cssRules].some((r) => r.cssText.includes("[data-theme"));
        } catch {
          return false;
        }
      }),
    );
    check(codeRule, "a stylesheet reacts to data-theme");
    colours[scheme] = await page.evaluate(palette);
    await closeClean(ctx);
  }
  // The reader's dark is the system's dark, colour for colour.
  const ctx0 = await context({ colorScheme: "dark" });
  const page0 = await open(ctx0, BRIEFING_URL);
  equal(JSON.stringify(colours.light), JSON.stringify(await page0.evaluate(palette)), "chosen dark = system dark");
  await page0.locator(".theme-toggle").click();
  equal(JSON.stringify(colours.dark), JSON.stringify(await page0.evaluate(palette)), "chosen light = system light");
  await closeClean(ctx0);
  // Without JavaScript: the system preference alone.
  const ctx = await context({ colorScheme: "dark", javaScriptEnabled: false });
  const page = await open(ctx, "/");
  check(dark((await themeState(page)).bg), "dark system preference without JavaScript");
  await closeClean(ctx);
});

test("reduced motion: no smooth scrolling or transitions when the reader asks for less motion", async () => {
  const ctx = await context({ reducedMotion: "reduce" });
  const page = await open(ctx, BRIEFING_URL);
  const moving = await page.evaluate(() => {
    const out = [];
    if (getComputedStyle(document.documentElement).scrollBehavior === "smooth") out.push("html scroll-behavior");
    for (const el of document.querySelectorAll("*")) {
      const s = getComputedStyle(el);
      if (parseFloat(s.transitionDuration) > 0.01 || (s.animationName !== "none" && parseFloat(s.animationDuration) > 0.01)) {
        out.push(el.tagName + "." + el.className);
      }
    }
    return out;
  });
  check(moving.length === 0, `moving with reduced motion: ${moving.join(", ")}`);
  await closeClean(ctx);
});

test("forced colours: annotated passages stay marked without their background", async () => {
  const ctx = await context({ forcedColors: "active" });
  const page = await open(ctx, BRIEFING_URL);
  const unmarked = await page.evaluate(() =>
    [...document.querySelectorAll("#article span[data-annot]:not(.annot-plain)")]
      .filter((el) => getComputedStyle(el).textDecorationLine === "none")
      .map((el) => el.dataset.annot),
  );
  check(unmarked.length === 0, `passages with no mark: ${unmarked.join(" ")}`);
  // A passage that only carries tags shows nothing, as on screen.
  const plain = await page.evaluate(() =>
    [...document.querySelectorAll("#article span.annot-plain")].map((el) => getComputedStyle(el).textDecorationLine),
  );
  check(plain.length > 0 && plain.every((d) => d === "none"), `tag-only passages: ${plain}`);
  // An open note's button is told apart from a closed one's.
  await page.setViewportSize({ width: 390, height: 800 });
  await page.locator("#article .sn-ref").first().click();
  const looks = await page.evaluate(() =>
    ["true", "false"].map((state) => {
      const s = getComputedStyle(document.querySelector(`#article .sn-ref[aria-expanded="${state}"]`));
      return s.backgroundColor + " " + s.color;
    }),
  );
  check(looks[0] !== looks[1], `open and closed note buttons look alike: ${looks}`);
  // Map pins take the system's link colour.
  await page.goto(origin + "/places/", { waitUntil: "load" });
  const pins = await page.evaluate(() => {
    const probe = document.createElement("a");
    probe.href = "#";
    document.body.append(probe);
    const link = getComputedStyle(probe).color;
    probe.remove();
    const circle = getComputedStyle(document.querySelector(".map-pin circle")).fill;
    return { link, circle };
  });
  equal(pins.circle, pins.link, "map pins in the link colour");
  await closeClean(ctx);
});

test("print from a dark screen: map pins and highlighted words print dark on light", async () => {
  const ctx = await context({ colorScheme: "dark" });
  const page = await open(ctx, "/places/");
  await page.emulateMedia({ media: "print", colorScheme: "dark" });
  const fill = await page.evaluate(() => getComputedStyle(document.querySelector(".map-pin circle")).fill);
  const [r, g, b] = fill.match(/\d+/g).map(Number);
  check(r + g + b < 3 * 160, `printed pins are dark: ${fill}`);
  // The words a note page highlights in its snippets print dark on light, and marked.
  await page.goto(origin + "/people/kim-jong-un/", { waitUntil: "load" });
  await page.emulateMedia({ media: "print", colorScheme: "dark" });
  const mark = await page.evaluate(() => {
    const s = getComputedStyle(document.querySelector("mark"));
    return [s.color, s.backgroundColor, s.textDecorationLine];
  });
  const sum = (c) => c.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b);
  check(sum(mark[0]) < 3 * 100 && sum(mark[1]) > 3 * 200 && mark[2] === "underline", `printed highlights: ${mark}`);
  await closeClean(ctx);
});

test("print: endnotes instead of sidenotes, link addresses printed, an appendix of people and places", async () => {
  const ctx = await context();
  const page = await open(ctx, BRIEFING_URL);
  await page.emulateMedia({ media: "print" });
  const p = await page.evaluate(() => {
    const visible = (sel) => [...document.querySelectorAll(sel)].some((e) => e.checkVisibility());
    const external = document.querySelector('#article a[href^="http"], .endnotes a[href^="http"]');
    return {
      endnotes: visible(".endnotes li"),
      sidenotes: visible(".sidenote"),
      numbers: [...document.querySelectorAll("#article .sn-ref")].filter((e) => e.checkVisibility()).map((e) => e.textContent),
      endnoteNumbers: [...document.querySelectorAll(".endnotes li")].map((e) => e.getAttribute("value")),
      nav: visible(".site-nav"),
      url: external ? getComputedStyle(external, "::after").content : "none",
      href: external ? external.getAttribute("href") : null,
      appendix: visible(".briefing-aside a[href*='people/']") && visible(".briefing-aside a[href*='places/']"),
      mentionUrl: getComputedStyle(document.querySelector("#article a[data-annot]"), "::after").content,
      encoded: [...document.querySelectorAll('a[href^="http"][href*="%"]')].map((a) => [a.getAttribute("href"), getComputedStyle(a, "::after").content]),
    };
  });
  // Percent-encoded addresses are printed as a reader would type them.
  check(p.encoded.length > 0, "the briefing links to a percent-encoded address");
  for (const [href, printed] of p.encoded) {
    check(printed.includes(decodeURI(href)) && !printed.includes("%E2"), `printed ${printed} for ${href}`);
  }
  check(p.endnotes, "endnotes printed");
  check(!p.sidenotes, "no sidenotes printed");
  // (In reading order of their ends: a note on a passage inside another comes first.)
  const sorted = (a) => [...a].sort((x, y) => x - y).join(" ");
  equal(sorted(p.numbers), sorted(p.endnoteNumbers), "each passage is numbered like its endnote");
  check(!p.nav, "no site navigation printed");
  check(p.href && p.url.includes(p.href), `a link's address is printed: ${p.url}`);
  check(p.appendix, "the appendix lists people and places");
  // Printed black on white whatever theme the reader chose.
  for (const theme of ["dark", "light"]) {
    await page.evaluate((t) => document.documentElement.setAttribute("data-theme", t), theme);
    const c = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
    equal(c.join(" "), "rgb(255, 255, 255) rgb(0, 0, 0)", `printed colours with the ${theme} theme chosen`);
  }
  await closeClean(ctx);
});

test("404.html looks right at any depth", async () => {
  const ctx = await context();
  ctx.expect404 = true;
  const base = new URL(BASE_URL).pathname;
  for (const urlPath of [`${base}no-such-page`, `${base}briefings/no/such/page/`, `${base}a/b/c/d/e.html`]) {
    const page = await ctx.newPage();
    const response = await page.goto(origin + urlPath, { waitUntil: "load" });
    equal(response.status(), 404, `status at ${urlPath}`);
    const s = await page.evaluate(() => ({
      title: document.querySelector("h1")?.textContent,
      header: getComputedStyle(document.querySelector(".site-header")).display,
      font: getComputedStyle(document.body).fontFamily,
      margin: getComputedStyle(document.body).marginTop,
      links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
    }));
    equal(s.title, "Page not found", `heading at ${urlPath}`);
    equal(s.header, "flex", `the stylesheet applies at ${urlPath}`);
    equal(s.margin, "0px", `the stylesheet applies at ${urlPath}`);
    check(s.links.every((href) => href.startsWith(origin + base)), `every link of the 404 page leads into the site on its own host: ${s.links.join(" ")}`);
    await page.close();
  }
  await closeClean(ctx);
});

test("brief watch: an open page reloads itself after a briefing is saved", async () => {
  const tmp = copySource();
  try {
    const child = spawn(BRIEF, ["watch", "--root", tmp, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    try {
      const url = await new Promise((ok, fail) => {
        let out = "";
        const timer = setTimeout(() => fail(new Failure(`brief watch printed no address:\n${stderr}`)), 30000);
        child.stdout.on("data", (d) => {
          out += d;
          const m = /http:\/\/[^\s/]+\//.exec(out);
          if (m) {
            clearTimeout(timer);
            ok(m[0]);
          }
        });
        child.on("exit", (code) => fail(new Failure(`brief watch exited (${code}):\n${stderr}`)));
      });
      const ctx = await browser.newContext();
      const problems = [];
      ctx.on("page", (p) => p.on("pageerror", (e) => problems.push(e.message)));
      const page = await ctx.newPage();
      const connected = page.waitForResponse((r) => r.url().endsWith("/__brief/events"));
      await page.goto(url + BRIEFING_URL.slice(1), { waitUntil: "load" });
      await page.evaluate(() => (window.__notReloaded = true));
      // The live-reload client listens once the server's event stream has answered.
      await connected;
      const md = fs.readdirSync(path.join(tmp, "content/briefings")).find((f) => f.endsWith(".md"));
      const file = path.join(tmp, "content/briefings", md);
      fs.writeFileSync(file, fs.readFileSync(file, "utf8") + "\nSaved while the page was open.\n");
      await until(
        () => page.evaluate(() => !window.__notReloaded && document.body.textContent.includes("Saved while the page was open.")).catch(() => false),
        `the page reloaded with the new text\n${stderr}`,
        20000,
      );
      await ctx.close();
      check(problems.length === 0, problems.join("\n"));
    } finally {
      child.kill();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------- main

const vnu = runVnu();
HOSTED.set(BASE_URL, SITE);
server = await serve(SITE, new URL(BASE_URL).pathname);
origin = `http://127.0.0.1:${server.address().port}`;
browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
let passed = 0;
let failed = 0;
const started = Date.now();
for (const t of tests) {
  if (ONLY && !t.name.includes(ONLY)) continue;
  const t0 = Date.now();
  try {
    await Promise.race([
      t.fn(),
      sleep(240000).then(() => {
        throw new Failure("took more than 4 minutes");
      }),
    ]);
    passed++;
    console.log(`ok    ${t.name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL  ${t.name} (${Date.now() - t0} ms)\n      ${(e instanceof Failure ? e.message : e.stack).split("\n").join("\n      ")}`);
  }
}
await browser.close();
server.close();
console.log(`browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
