// The applicant portal (Mina sidor): an applicant signs in with the demo sign-in, applies with
// a household of two (costs, the co-applicant's salary, an attachment), checks the summary,
// sends and gets a receipt; the co-applicant signs in and confirms; the case worker looks the
// household up and sees the application marked "uppgett av sökande". axe-core on every page;
// no CSP violation; no address-like text on any page when the applicant is protected.
//
// Env: UNDERLAG_PORTAL (http://127.0.0.1:PORT/mina-sidor), UNDERLAG_UI (…/ui).
// FLOW_INPUT: { applicant, co_applicant, month, case_id, protected, javaScript,
//               screenshots: bool (write portal-*.png), case_worker: bool }

import {
  addressFindings, axeCheck, env, newPage, pageText, pathOf, runFlow, screenshot,
} from './lib.mjs';

const portal = (process.env.UNDERLAG_PORTAL ?? '').replace(/\/$/, '');
const input = env.input;
const js = input.javaScript !== false;
// A protected applicant's run writes only its own start page (the other pages look the same).
const shot = async (page, name) => {
  if (input.screenshots && (!input.protected || name.endsWith('-skyddad'))) await screenshot(page, name);
};

await runFlow(async (browser, result) => {
  const check = result.check.bind(result);
  const seen = [];
  // Every page: axe (with JavaScript), and for a protected applicant no address-like text.
  const visit = async (page, name) => {
    seen.push(name);
    await axeCheck(page, result, name);
    if (input.protected) {
      const findings = addressFindings(await pageText(page));
      check(`${name}: no location data for a protected person`, findings.length === 0, findings.join(', '));
    }
  };

  const page = await newPage(browser, { javaScriptEnabled: js });
  await page.goto(`${portal}/logga-in`);
  check('sign-in: the demo sign-in is offered and labelled', await page.locator('[data-testid="demo-signin-form"]').count() === 1
    && (await page.locator('body').innerText()).includes('Endast för demonstration'));
  await visit(page, 'portal sign-in');
  await shot(page, 'portal-logga-in');

  await Promise.all([
    page.waitForURL((url) => url.pathname === '/mina-sidor/'),
    page.click(`[data-testid="demo-signin-${input.applicant}"]`),
  ]);
  check('signed in: Mina sidor', await page.locator('[data-testid="signed-in-applicant"]').count() === 1, `at ${pathOf(page.url())}`);
  await visit(page, 'Mina sidor');
  await shot(page, input.protected ? 'portal-start-skyddad' : 'portal-start');

  // The form, first with an error.
  await page.goto(`${portal}/ansokan/ny`);
  await page.click('label[for="kind-ny"]');
  await page.fill('#cost_hyra', 'sex tusen');
  await Promise.all([page.waitForLoadState(), page.click('[data-testid="application-next"]')]);
  await page.waitForLoadState();
  const summary = page.locator('[data-testid="error-summary"]');
  check('form: an error is summarised and linked to its field', await summary.locator('a[href="#cost_hyra"]').count() === 1);
  check('form: the field is marked invalid', await page.getAttribute('#cost_hyra', 'aria-invalid') === 'true');
  await visit(page, 'application form with errors');

  await page.click('label[for="kind-ny"]');
  await page.selectOption('#month', input.month);
  await page.fill('#co_applicant', input.co_applicant);
  await page.fill('#cost_hyra', '6500');
  await page.fill('#cost_el', '412,50');
  await page.fill('#cost_hemforsakring', '150');
  await page.selectOption('#income_1_who', 'medsokande');
  await page.selectOption('#income_1_kind', 'lon');
  await page.fill('#income_1_payer', 'Exempelbolaget AB');
  await page.fill('#income_1_amount', '12000');
  await visit(page, 'application form');
  await shot(page, 'portal-ansokan');
  await Promise.all([
    page.waitForURL((url) => url.pathname.endsWith('/ansokan/bilagor')),
    page.click('[data-testid="application-next"]'),
  ]);
  check('form accepted: on to attachments', pathOf(page.url()).endsWith('/ansokan/bilagor'));

  await page.setInputFiles('#fil', { name: 'hyresavi-december.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% hyresavi\n') });
  await Promise.all([
    page.waitForURL((url) => url.pathname.endsWith('/ansokan/bilagor')),
    page.click('[data-testid="upload-submit"]'),
  ]);
  await page.waitForLoadState();
  check('attachment: listed', (await page.locator('[data-testid="attachment-list"]').innerText()).includes('hyresavi-december.pdf'));
  await visit(page, 'attachments');
  await shot(page, 'portal-bilagor');

  await Promise.all([
    page.waitForURL((url) => url.pathname.endsWith('/ansokan/sammanfattning')),
    page.click('[data-testid="to-summary"]'),
  ]);
  const summaryText = (await page.locator('main').innerText()).replace(/\u00a0/g, ' ');
  check('summary: the costs add up', summaryText.includes('7 062,50'), 'no total 7 062,50');
  check('summary: the co-applicant is in the household', summaryText.includes(`${input.co_applicant.slice(0, 8)}-${input.co_applicant.slice(8)}`));
  await visit(page, 'summary');
  await shot(page, 'portal-sammanfattning');
  await page.click('label[for="intygar"]');
  await Promise.all([
    page.waitForURL((url) => /\/ansokningar\/[^/]+$/.test(url.pathname)),
    page.click('[data-testid="send-application"]'),
  ]);
  const reference = (await page.locator('[data-testid="reference-number"]').innerText()).trim();
  check('receipt: a reference number', /^ANS-[2-9A-Z]{10}$/.test(reference));
  check('receipt: the time received', (await page.locator('[data-testid="received-at"]').innerText()).trim().length >= 16);
  result.data.reference = reference;
  await visit(page, 'receipt');
  await shot(page, 'portal-kvitto');

  await page.goto(`${portal}/ansokningar`);
  check('my applications: listed', (await page.locator('[data-testid="applications"]').innerText()).includes(reference));
  await visit(page, 'my applications');
  await shot(page, 'portal-ansokningar');
  check('applicant: no CSP violation or script error', page.problems.length === 0, page.problems.slice(0, 5).join(' | '));
  await page.context().close();

  // The co-applicant confirms by signing in.
  const co = await newPage(browser, { javaScriptEnabled: js });
  await co.goto(`${portal}/logga-in`);
  await Promise.all([
    co.waitForURL((url) => url.pathname === '/mina-sidor/'),
    co.click(`[data-testid="demo-signin-${input.co_applicant}"]`),
  ]);
  check('co-applicant: the application waits for confirmation', await co.locator('[data-testid="to-confirm"]').count() === 1);
  await Promise.all([
    co.waitForURL((url) => /\/ansokningar\/[^/]+$/.test(url.pathname)),
    co.click('[data-testid="to-confirm"] a'),
  ]);
  await visit(co, 'application to confirm');
  await shot(co, 'portal-bekrafta');
  await Promise.all([
    co.waitForURL((url) => /\/ansokningar\/[^/]+$/.test(url.pathname)),
    co.click('[data-testid="confirm-application"]'),
  ]);
  await co.waitForLoadState();
  check('co-applicant: confirmed', (await co.locator('[data-testid="co-applicant-status"]').innerText()).startsWith('Bekräftad'));
  check('co-applicant: no CSP violation or script error', co.problems.length === 0, co.problems.slice(0, 5).join(' | '));
  await co.context().close();

  if (input.case_worker) {
    const cw = await newPage(browser, { javaScriptEnabled: js });
    await cw.goto(`${env.ui}/logga-in`);
    await Promise.all([
      cw.waitForURL((url) => !url.pathname.endsWith('/logga-in')),
      cw.click('[data-testid="demo-signin-handlaggare01"]'),
    ]);
    await cw.goto(`${env.ui}/sok`);
    await cw.fill('#case_id', input.case_id);
    await cw.fill('#members', [input.applicant, input.co_applicant].join('\n'));
    await cw.fill('#application_month', input.month);
    await Promise.all([
      cw.waitForURL((url) => /\/uppslag\/[^/]+$/.test(url.pathname), { timeout: 60000 }),
      cw.click('#lookup [type="submit"]'),
    ]);
    const section = cw.locator(`[data-testid="declared-application"][data-reference="${reference}"]`);
    check('case worker: the application is on the overview', await section.count() === 1);
    const provenance = await section.locator('[data-testid="declared-provenance"]').allInnerTexts();
    check('case worker: every figure is marked "uppgett av sökande" with its time',
      provenance.length === 4 && provenance.every((p) => /^uppgett av sökande \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(p.trim())),
      `${provenance.length} marks`);
    check('case worker: the co-applicant confirmed', (await section.innerText()).includes('bekräftad av medsökande'));
    await visit(cw, 'case worker overview with the application');
    if (input.screenshots && !input.protected) await section.screenshot({ path: `${env.screenshots}/portal-handlaggare-ansokan.png` });
    check('case worker: no CSP violation or script error', cw.problems.length === 0, cw.problems.slice(0, 5).join(' | '));
    await cw.context().close();
  }
  result.data.pages = seen;
});
