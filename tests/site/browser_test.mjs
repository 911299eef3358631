// The study site (racestress site DIR) in a real browser: Debian's Chromium, headless, driven
// by playwright-core. Checks what a learner relies on:
//   * every page loads with no console error, no uncaught exception and no failed request;
//   * every internal link and image points at a file of the site, and every #fragment at an id
//     on the target page; every image has loaded (the models lab's SVG charts among them);
//   * every <details> (the answers) is folded when the page opens, its answer hidden, and opens
//     when its summary is clicked;
//   * each scenario page asks before it tells: its "Predict first" section holds the folded
//     answer, and the first harness output comes after it;
//   * each scenario page shows at least one sequence diagram (an <img class="diagram">, the SVG
//     the build drew from a real run), loaded and drawn at a visible size; publication is the
//     exception: its failures are reorderings inside the processor, which no interleaving (and
//     so no trace of the harness) contains;
//   * each scenario page links to its catalogue page (catalogue/SCENARIO.html, written by
//     racestress from real runs), and each catalogue page shows an outcome histogram, a sequence
//     diagram of a failing run, and, with a buggy file (all but publication), its variants as
//     folded diffs against the buggy one;
//   * clicking "next" walks the whole course in order, from start-here to the last page, and
//     each page's "previous" leads back; the expected order comes from `racestress list
//     --scenarios`, around start-here's outline.
// A screenshot of each course page's first screen (1100x1000: the navigation, the title and the
// question) goes to SCREENSHOTS, a test artefact. (Full-page shots of the long pages would
// triple the test's time.)
//
//   node browser_test.mjs SITE RACESTRESS DOCS [SCREENSHOTS]
//
// Exits 0 when every check passed, 1 when one failed (each failure is printed), 2 on bad usage.
// CHROMIUM overrides the browser (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [site, racestress, docs, screenshots] = process.argv.slice(2);
if (!site || !racestress || !docs) {
  console.error('usage: node browser_test.mjs SITE RACESTRESS DOCS [SCREENSHOTS]');
  process.exit(2);
}
const started = Date.now();
const siteRoot = path.resolve(site);
const failures = [];
const fail = (page, what) => failures.push(`${page}: ${what}`);
const rel = (file) => path.relative(siteRoot, file);

function htmlFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return htmlFiles(full);
    return e.name.endsWith('.html') ? [full] : [];
  });
}

// The course, as the build is meant to lay it out: start-here's outline around the scenarios in
// the order racestress declares (a scenario without a docs page is not in the course yet).
const scenarios = execFileSync(racestress, ['list', '--scenarios'], { encoding: 'utf8' })
  .split('\n').map((s) => s.trim()).filter((s) => s && fs.existsSync(path.join(docs, `${s}.md`)));
const course = ['start-here', 'glossary', 'models-lab', ...scenarios, 'writing-stress-tests']
  .map((name) => `${name}.html`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],  // CI runs as root, where Chromium's sandbox will not start
});
const context = await browser.newContext({ viewport: { width: 1100, height: 1000 } });
// A tab: a page with the problems its current document reported.
async function newTab() {
  const tab = { page: await context.newPage(), problems: [] };
  tab.page.on('console', (msg) => { if (msg.type() === 'error') tab.problems.push(`console error: ${msg.text()}`); });
  tab.page.on('pageerror', (err) => tab.problems.push(`uncaught exception: ${err.message}`));
  tab.page.on('requestfailed', (req) => tab.problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  return tab;
}

async function open(tab, file) {
  tab.problems = [];
  await tab.page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
}

const ids = new Map();     // site file -> Set of ids on it
const fragments = [];      // [from page, target file, fragment]
let links = 0, images = 0, diagrams = 0, folds = 0;

// What one page holds, read in the page in one go (each round trip to the browser costs).
function pageFacts() {
  const before = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
  const imgs = [...document.querySelectorAll('img')];
  const predict = document.getElementById('predict-first');
  const fold = predict && [...document.querySelectorAll('details')].find((d) => before(predict, d));
  const nextSection = predict && [...document.querySelectorAll('h2')].find((h) => before(predict, h));
  const run = [...document.querySelectorAll('pre')].find((p) => p.textContent.includes('harness: '));
  return {
    title: document.title,
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
    refs: [...document.querySelectorAll('a[href], link[href]')].map((e) => e.href).concat(imgs.map((e) => e.src)),
    images: imgs.map((img) => ({
      src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0,
      shown: img.getBoundingClientRect().height > 0, diagram: img.classList.contains('diagram'),
    })),
    details: document.querySelectorAll('details').length,
    prev: document.querySelector('nav.course a[rel=prev]')?.href ?? null,
    next: !!document.querySelector('nav.course a[rel=next]'),
    predict: !!predict, fold: !!fold,
    foldInSection: !!fold && (!nextSection || before(fold, nextSection)),
    run: !!run, runAfterFold: !!fold && !!run && before(fold, run),
    diffs: [...document.querySelectorAll('details > summary')].filter((x) => x.textContent.includes(' against ')).length,
    histograms: document.querySelectorAll('table.outcomes').length,
    catalogueLinks: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))
      .filter((h) => h.startsWith('catalogue/')),
  };
}

// The checks every page gets, on the document the tab shows now. Returns the page's facts.
async function checkPage(tab, file) {
  const name = rel(file);
  const facts = await tab.page.evaluate(pageFacts);
  ids.set(file, new Set(facts.ids));
  if (!facts.title) fail(name, 'no <title>');
  for (const img of facts.images) if (!img.loaded) fail(name, `image did not load: ${img.src}`);
  images += facts.images.length;
  diagrams += facts.images.filter((img) => img.diagram).length;
  for (const ref of facts.refs) {
    const url = new URL(ref);
    if (url.protocol !== 'file:') continue;
    links++;
    const target = fileURLToPath(url);
    if (!target.startsWith(siteRoot + path.sep)) fail(name, `link leaves the site: ${ref}`);
    else if (!fs.existsSync(target) || !fs.statSync(target).isFile()) fail(name, `broken link: ${rel(target)}`);
    else if (url.hash) fragments.push([name, target, decodeURIComponent(url.hash.slice(1))]);
  }

  // The folds: closed on arrival, answer hidden; open on a click (a real mouse click on the
  // summary), answer shown.
  const state = (d) => ({ open: d.open, shown: d.querySelector(':scope > :not(summary)')?.checkVisibility() ?? false });
  for (let i = 0; i < facts.details; i++) {
    folds++;
    const fold = tab.page.locator('details').nth(i);
    const closed = await fold.evaluate(state);
    if (closed.open) fail(name, `<details> ${i + 1} is open before any click`);
    if (closed.shown) fail(name, `<details> ${i + 1} shows its answer before any click`);
    await fold.locator(':scope > summary').click();
    const opened = await fold.evaluate(state);
    if (!opened.open) fail(name, `<details> ${i + 1} does not open on a click`);
    if (!opened.shown) fail(name, `<details> ${i + 1} hides its answer after a click`);
  }
  for (const p of tab.problems) fail(name, p);
  return facts;
}

// Scenario pages whose failing runs have no trace to draw and no buggy file to diff against
// (see the header).
const NO_TRACE = ['publication.html'];

// A scenario page asks before it tells: the question, its folded answer, then the harness's output.
function checkScenario(name, facts) {
  if (!facts.predict) fail(name, 'no "Predict first" section');
  else if (!facts.fold || !facts.foldInSection) fail(name, 'no folded answer in "Predict first"');
  if (!facts.run) fail(name, 'no harness output');
  else if (facts.fold && !facts.runAfterFold) fail(name, 'the harness output comes before the folded answer');
  const diagrams = facts.images.filter((img) => img.diagram);
  if (diagrams.length === 0 && !NO_TRACE.includes(name)) fail(name, 'no sequence diagram');
  for (const d of diagrams) if (!(d.loaded && d.shown)) fail(name, `diagram not drawn: ${d.src}`);
  if (!facts.catalogueLinks.includes(`catalogue/${name}`)) fail(name, `no link to its catalogue page, catalogue/${name}`);
}

// A catalogue page (racestress's own, from real runs): histograms, a diagram, the diffs.
function checkCatalogue(name, facts) {
  const scenario = path.basename(name);
  if (facts.histograms === 0) fail(name, 'no outcome histogram');
  const diagrams = facts.images.filter((img) => img.diagram);
  if (diagrams.length === 0 && !NO_TRACE.includes(scenario)) fail(name, 'no sequence diagram');
  for (const d of diagrams) if (!(d.loaded && d.shown)) fail(name, `diagram not drawn: ${d.src}`);
  if (facts.diffs === 0 && !NO_TRACE.includes(scenario)) fail(name, 'no diff of a variant against the buggy one');
}

// The models lab's charts are SVG images; each must be there and drawn.
function checkCharts(name, facts) {
  const svgs = facts.images.filter((img) => img.src.endsWith('.svg'));
  if (svgs.length === 0) fail(name, 'no SVG chart');
  for (const s of svgs) if (!(s.loaded && s.shown)) fail(name, `chart not drawn: ${s.src}`);
}

// The course by its links alone: from start-here, click "next" until there is none. Each page
// is checked as it comes, its "previous" link must lead back to the page before, and its
// screenshot is kept.
if (screenshots) fs.mkdirSync(screenshots, { recursive: true });
const walked = [];
const checked = new Set();
const tab = await newTab();
const page = tab.page;
await open(tab, path.join(siteRoot, course[0]));
for (;;) {
  const file = fileURLToPath(page.url());
  const name = rel(file);
  walked.push(name);
  const facts = await checkPage(tab, file);
  checked.add(file);
  if (scenarios.includes(name.replace(/\.html$/, ''))) checkScenario(name, facts);
  if (name === 'models-lab.html') checkCharts(name, facts);
  const expectedPrev = walked.length > 1 ? path.join(siteRoot, walked[walked.length - 2]) : null;
  const prev = facts.prev && new URL(facts.prev).protocol === 'file:' ? fileURLToPath(facts.prev) : facts.prev;
  if (prev !== expectedPrev) {
    fail(name, `"previous" leads to ${prev ? rel(prev) : 'nowhere'}, not ${expectedPrev ? rel(expectedPrev) : 'nowhere'}`);
  }
  if (screenshots) await page.screenshot({ path: path.join(screenshots, name.replace(/\.html$/, '.png')), fullPage: false });
  if (!facts.next || walked.length > course.length) break;
  tab.problems = [];
  await Promise.all([page.waitForEvent('load'), page.locator('nav.course a[rel=next]').first().click()]);
}
if (walked.join(' ') !== course.join(' ')) {
  fail('course', `"next" walked ${walked.join(' ')}\n  expected ${course.join(' ')}`);
}
for (const name of course) {
  if (!walked.includes(name)) fail(name, 'not reached by "next" from start-here');
}
for (const s of scenarios) {
  if (!fs.existsSync(path.join(siteRoot, 'catalogue', `${s}.html`))) fail(`catalogue/${s}.html`, 'missing');
}

const walkSeconds = (Date.now() - started) / 1000;
// Then every other page of the site, three tabs at a time.
const pages = htmlFiles(siteRoot).sort();
const rest = pages.filter((file) => !checked.has(file));
await Promise.all([tab, await newTab(), await newTab()].map(async (t) => {
  for (let file = rest.shift(); file; file = rest.shift()) {
    await open(t, file);
    const facts = await checkPage(t, file);
    const name = rel(file);
    if (scenarios.some((s) => name === `catalogue/${s}.html`)) checkCatalogue(name, facts);
    else if (name.startsWith('catalogue/') && name !== 'catalogue/index.html') fail(name, 'a catalogue page of no scenario');
  }
}));
for (const [from, target, fragment] of fragments) {
  if (!ids.get(target)?.has(fragment)) fail(from, `link to ${rel(target)}#${fragment}: no such id there`);
}
await browser.close();

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`site-browser: ${pages.length} pages, ${links} internal links, ${fragments.length} of them to an anchor, ` +
            `${images} images (${diagrams} sequence diagrams), ${folds} folds clicked, course of ${walked.length} pages walked, in ${seconds} s (the course walk: ${walkSeconds.toFixed(1)} s)`);
for (const f of failures) console.log(`FAIL ${f}`);
console.log(failures.length === 0 ? 'site-browser: all checks passed' : `site-browser: ${failures.length} failures`);
process.exit(failures.length === 0 ? 0 : 1);
