// What every flow shares: the browser, the result the Rust test reads, axe-core, sign-in and
// the checks that apply to every page (CSP, address-like text).
//
// A flow is run by crates/web/tests/it/browser as `node flows/NAME.mjs` with:
//   UNDERLAG_UI          the UI's base URL (http://127.0.0.1:PORT/ui), when the flow needs it
//   OIDC_ISSUER          the test provider's issuer URL, when the flow needs it
//   UNDERLAG_CHROMIUM    the browser (default /usr/bin/chromium)
//   UNDERLAG_SCREENSHOTS a folder for screenshots (optional)
//   FLOW_INPUT           JSON with the flow's parameters
// and prints ONE JSON line on stdout at the end:
//   { "checks": [{ "name", "ok", "detail" }], "axe": [{ "page", "url", "violations": [...] }],
//     "data": {...}, "error": null | "message" }
// Personal data never goes into a check's name or detail (the Rust test prints them).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const env = {
  ui: (process.env.UNDERLAG_UI ?? '').replace(/\/$/, ''),
  issuer: process.env.OIDC_ISSUER ?? '',
  chromium: process.env.UNDERLAG_CHROMIUM || '/usr/bin/chromium',
  screenshots: process.env.UNDERLAG_SCREENSHOTS || '',
  input: JSON.parse(process.env.FLOW_INPUT || '{}'),
};

/** The result the Rust test reads. */
export class Result {
  constructor() {
    this.checks = [];
    this.axe = [];
    this.data = {};
    this.error = null;
  }

  /** Records a check; returns `ok`, so a flow can stop early. */
  check(name, ok, detail = '') {
    this.lastCheck = name;
    this.checks.push({ name, ok: Boolean(ok), detail: ok ? '' : String(detail) });
    return Boolean(ok);
  }

  print() {
    process.stdout.write(`${JSON.stringify({
      checks: this.checks, axe: this.axe, data: this.data, error: this.error,
    })}\n`);
  }
}

/** A flow still running after this long reports what it got so far and stops. */
const FLOW_TIME_LIMIT_MS = Number(process.env.FLOW_TIME_LIMIT_MS || 240000);

/** Runs `body(result)` with a browser, prints the result whatever happens. */
export async function runFlow(body) {
  const result = new Result();
  let browser;
  const watchdog = setTimeout(() => {
    result.error = `the flow did not finish within ${FLOW_TIME_LIMIT_MS / 1000} s (last check: ${result.lastCheck ?? 'none'})`;
    result.print();
    process.exit(1);
  }, FLOW_TIME_LIMIT_MS);
  try {
    browser = await chromium.launch({
      executablePath: env.chromium,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=sv-SE'],
    });
    await body(browser, result);
  } catch (error) {
    const cause = error.cause ? ` (cause: ${error.cause.code ?? ''} ${error.cause.message ?? error.cause})` : '';
    result.error = `${error.name}: ${error.message}${cause}`.slice(0, 2000);
  } finally {
    clearTimeout(watchdog);
    if (browser) await browser.close().catch(() => {});
    result.print();
  }
}

/**
 * A new context (cookies of its own) and page. `javaScriptEnabled: false` for the run without
 * JavaScript. Records Content-Security-Policy violations and page errors on `page.problems`.
 */
export async function newPage(browser, { javaScriptEnabled = true, acceptDownloads = true } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled, acceptDownloads, locale: 'sv-SE', timezoneId: 'Europe/Stockholm',
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(20000);
  const page = await context.newPage();
  page.javaScriptEnabled = javaScriptEnabled;
  page.problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(message.text())) {
      page.problems.push(`CSP violation on ${pathOf(page.url())}: ${message.text().slice(0, 300)}`);
    }
  });
  page.on('pageerror', (error) => page.problems.push(`script error on ${pathOf(page.url())}: ${error.message.slice(0, 300)}`));
  return page;
}

/** The path of a URL (never its query string, which could hold input). */
export function pathOf(url) {
  try {
    return new URL(url).pathname;
  } catch {
    return '?';
  }
}

/**
 * Runs axe-core on the page as it is now and records its WCAG 2.1 A/AA violations. Not on a
 * page without JavaScript (axe needs it; the same pages are checked in the runs with it).
 */
export async function axeCheck(page, result, name) {
  if (!page.javaScriptEnabled) return [];
  // page.evaluate runs through the DevTools protocol, so the page's strict CSP does not block
  // the injected axe-core (a <script> tag would be blocked).
  await page.evaluate(AXE_SOURCE);
  const outcome = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      summary: v.nodes[0]?.failureSummary?.slice(0, 300) ?? '',
    }));
  }, AXE_TAGS);
  result.axe.push({ page: name, url: pathOf(page.url()), violations: outcome });
  return outcome;
}

/** Writes a full-page screenshot `name.png` when a folder was given. */
export async function screenshot(page, name, options = {}) {
  if (!env.screenshots) return;
  await page.screenshot({ path: path.join(env.screenshots, `${name}.png`), fullPage: true, ...options });
}

/** Signs in through the test provider: the UI's OIDC link, the provider's form, back to the UI. */
export async function signInOidc(page, user, password = user) {
  await page.goto(`${env.ui}/logga-in`);
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(env.issuer)),
    page.click('[data-testid="oidc-signin"]'),
  ]);
  await page.fill('#username', user);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(env.ui)),
    page.click('#login-submit'),
  ]);
}

/** Signs out through the UI's sign-out form. */
export async function signOut(page) {
  await Promise.all([
    page.waitForURL((url) => url.pathname.endsWith('/logga-in')),
    page.click('[data-testid="signout"]'),
  ]);
}

/** The text of the first element matching `selector`, or '' at once when there is none. */
export async function textOf(page, selector) {
  const element = page.locator(selector).first();
  return (await element.count()) > 0 ? element.innerText() : '';
}

/** The page's visible text, its title included. */
export async function pageText(page) {
  const [title, body] = await Promise.all([page.title(), page.locator('body').innerText()]);
  return `${title}\n${body}`;
}

// Address-like text: a street with a number, a Swedish postal code followed by a town,
// c/o, a box address, or an address heading.
const ADDRESS_PATTERNS = [
  { name: 'street and number', re: /\b[\p{Lu}][\p{Ll}]+(gatan|vägen|gränd|torget|stigen|allén|backen|plan|leden|stråket)\s+\d+/u },
  { name: 'postal code and town', re: /\b\d{3}\s?\d{2}\s+[\p{Lu}]{2,}/u },
  { name: 'c/o', re: /\bc\/o\b/i },
  { name: 'box address', re: /\bBox\s+\d+/ },
  { name: 'address heading', re: /\b(folkbokföringsadress|utdelningsadress|postadress|särskild postadress|postnummer|postort)\b/i },
];

/**
 * The kinds of address-like text in `text`, and whether one of `forbidden` (the protected
 * person's actual address parts, from the test) occurs. Never returns the text found.
 */
export function addressFindings(text, forbidden = []) {
  const found = ADDRESS_PATTERNS.filter((p) => p.re.test(text)).map((p) => p.name);
  forbidden.forEach((part, i) => {
    if (part && text.toUpperCase().includes(String(part).toUpperCase())) found.push(`address part ${i + 1} of the protected person`);
  });
  return found;
}

/** Parses the UI's semicolon-separated CSV (quoted fields, CRLF, BOM). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i += 1;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}
