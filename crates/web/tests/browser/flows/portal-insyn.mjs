// The applicant portal's records of the person: "Vem har tittat på mina uppgifter?" (the
// lookups, a refused attempt shown as "Nekat"), the signed register extract as a download and
// as a printable page, and the case's status events as a timeline in order, with the decision
// on a calculation the system prepared said exactly. axe-core on every page; no CSP
// violation; for a protected person no address-like text and none of the unit's strings.
//
// Env: UNDERLAG_PORTAL (http://127.0.0.1:PORT/mina-sidor).
// FLOW_INPUT: { applicant, application_id, lookups: number, protected, javaScript,
//               screenshots: bool, forbidden: [strings never on a page] }

import {
  addressFindings, axeCheck, env, newPage, pageText, pathOf, runFlow, screenshot,
} from './lib.mjs';

const portal = (process.env.UNDERLAG_PORTAL ?? '').replace(/\/$/, '');
const input = env.input;
const js = input.javaScript !== false;
const PREPARED = 'Beräkningen togs fram av systemet. Beslutet fattades av en handläggare.';
const ORDER = ['Ansökan mottagen', 'Komplettering begärd', 'Handläggningen tar längre tid', 'Beslut fattat', 'Utbetalt'];

await runFlow(async (browser, result) => {
  const check = result.check.bind(result);
  const shot = async (page, name) => {
    if (input.screenshots) await screenshot(page, name);
  };
  const visit = async (page, name) => {
    await axeCheck(page, result, name);
    check(`${name}: no CSP violation or script error`, page.problems.length === 0, page.problems.join('; '));
    if (input.protected) {
      const text = await pageText(page);
      const findings = addressFindings(text, input.forbidden ?? []);
      check(`${name}: no location data for a protected person`, findings.length === 0, findings.join(', '));
    }
  };

  const page = await newPage(browser, { javaScriptEnabled: js });
  await page.goto(`${portal}/logga-in`);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/mina-sidor/'),
    page.click(`[data-testid="demo-signin-${input.applicant}"]`),
  ]);

  // Vem har tittat? through the navigation.
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/mina-sidor/insyn'),
    page.click('nav a[href="/mina-sidor/insyn"]'),
  ]);
  check('insyn: the navigation marks the page', await page.getAttribute('nav a[href="/mina-sidor/insyn"]', 'aria-current') === 'page');
  const rows = await page.locator('[data-testid="lookup"]').count();
  check('insyn: every lookup is listed', rows === input.lookups, `${rows} rows`);
  check('insyn: the refused attempt is shown as Nekat', await page.locator('[data-testid="lookup-refused"]').count() === 1);
  check('insyn: case workers are not named by default', await page.locator('[data-testid="case-workers-not-named"]').count() === 1);
  await visit(page, 'portal insyn');
  await shot(page, input.protected ? 'portal-insyn-skyddad' : 'portal-insyn');

  // The signed JSON, as a download.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="download-extract"]'),
  ]);
  check('registerutdrag.json: the file name', download.suggestedFilename() === 'registerutdrag.json', download.suggestedFilename());
  const file = await download.path();
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(file, 'utf8');
  let signed = null;
  try { signed = JSON.parse(text); } catch { signed = null; }
  check('registerutdrag.json: signed with Ed25519', signed?.signature?.algorithm === 'Ed25519');
  check('registerutdrag.json: the lookups', signed?.extract?.lookups?.length === input.lookups);
  result.data.extract = text;

  // The printable page.
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/mina-sidor/insyn/utskrift'),
    page.click('[data-testid="printable-extract"]'),
  ]);
  check('utskrift: the published key is shown', (await page.locator('[data-testid="extract-key"]').innerText()).trim() === signed?.signature?.public_key);
  check('utskrift: every lookup is listed', await page.locator('[data-testid="lookup"]').count() === input.lookups);
  await visit(page, 'portal registerutdrag');
  await shot(page, input.protected ? 'portal-registerutdrag-skyddad' : 'portal-registerutdrag');

  // Mina ärenden and the case's timeline.
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/mina-sidor/arenden'),
    page.click('nav a[href="/mina-sidor/arenden"]'),
  ]);
  check('ärenden: the case is listed', await page.locator(`a[href="/mina-sidor/arenden/${input.application_id}"]`).count() === 1);
  await visit(page, 'portal arenden');
  await Promise.all([
    page.waitForURL((url) => url.pathname === `/mina-sidor/arenden/${input.application_id}`),
    page.click(`a[href="/mina-sidor/arenden/${input.application_id}"]`),
  ]);
  const labels = await page.locator('[data-testid="timeline-event"] h3').allInnerTexts();
  check('händelser: the events in order', JSON.stringify(labels.map((l) => l.trim())) === JSON.stringify(ORDER), labels.join(' | '));
  const basis = await page.locator('[data-testid="decision-basis"]').allInnerTexts();
  check('händelser: the decision says the system prepared and a case worker decided', basis.length === 1 && basis[0].trim() === PREPARED);
  await visit(page, 'portal handelser');
  await shot(page, input.protected ? 'portal-handelser-skyddad' : 'portal-handelser');
  check('pages visited', pathOf(page.url()).startsWith('/mina-sidor/arenden/'));
});
