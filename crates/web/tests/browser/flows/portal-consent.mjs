// The applicant portal's bank data with consent (Mina sidor → Kontouppgifter från banken).
// mode "consent": the applicant gives explicit consent for an account and a period, the data
// is fetched and shown with its provenance and consent reference, the applicant revokes, and
// a fetch after that is refused (409). mode "failing" (the simulated bank is failing): the
// applicant gives consent, is asked to upload statements instead, and the link leads to the
// application. axe-core on every page (with JavaScript); no CSP violation.
//
// Env: UNDERLAG_PORTAL (http://127.0.0.1:PORT/mina-sidor).
// FLOW_INPUT: { mode, applicant, iban, from, to, valid_until, javaScript, screenshots }

import { axeCheck, env, newPage, pathOf, runFlow, screenshot } from './lib.mjs';

const portal = (process.env.UNDERLAG_PORTAL ?? '').replace(/\/$/, '');
const input = env.input;
const js = input.javaScript !== false;
const shot = async (page, name) => {
  if (input.screenshots) await screenshot(page, name);
};

await runFlow(async (browser, result) => {
  const check = result.check.bind(result);
  const page = await newPage(browser, { javaScriptEnabled: js });
  await page.goto(`${portal}/logga-in`);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/mina-sidor/'),
    page.click(`[data-testid="demo-signin-${input.applicant}"]`),
  ]);
  const nav = page.locator('nav a[href="/mina-sidor/kontouppgifter"]');
  check('navigation: Kontouppgifter från banken', await nav.count() === 1);
  await Promise.all([page.waitForURL((url) => url.pathname.endsWith('/kontouppgifter')), nav.click()]);
  check('consent page: the form', await page.locator('[data-testid="consent-form"]').count() === 1);
  await page.fill('#accounts', input.iban);
  await page.fill('#period_from', input.from);
  await page.fill('#period_to', input.to);
  await page.fill('#valid_until', input.valid_until);
  await page.click('label[for="samtycker"]');
  await axeCheck(page, result, 'consent form');
  if (input.mode !== 'failing') await shot(page, 'portal-samtycke');

  await Promise.all([
    page.waitForURL((url) => /\/kontouppgifter\/[^/]+$/.test(url.pathname)),
    page.click('[data-testid="give-consent"]'),
  ]);
  const id = pathOf(page.url()).split('/').pop();
  const reference = (await page.locator('[data-testid="consent-reference"]').innerText()).trim();
  check('consent: its reference is shown', reference === id);

  if (input.mode === 'failing') {
    check('failing bank: asked for statements', await page.locator('[data-testid="statements-needed"]').count() === 1);
    check('failing bank: no balances or transactions shown',
      await page.locator('[data-testid="balances"], [data-testid="transactions"]').count() === 0);
    check('failing bank: no zero amount', !(await page.locator('main').innerText()).includes('0,00'));
    await axeCheck(page, result, 'consent with the bank failing');
    await shot(page, 'portal-bank-fel');
    await Promise.all([
      page.waitForURL((url) => url.pathname.includes('/ansokan/')),
      page.click('[data-testid="upload-statements"]'),
    ]);
    check('failing bank: the link leads to the application', pathOf(page.url()).includes('/ansokan/'));
  } else {
    const provenance = await page.locator('[data-testid="provenance"]').innerText();
    check('fetched: the provenance names the bank and the consent', provenance.includes('Hämtat från banken') && provenance.includes(id));
    const rows = await page.locator('[data-testid="transactions"] tbody tr').count();
    check('fetched: transactions shown', rows >= 12, `${rows} rows`);
    check('fetched: balances shown', await page.locator('[data-testid="balances"] tbody tr').count() >= 1);
    await axeCheck(page, result, 'fetched bank data');
    await shot(page, 'portal-kontouppgifter');

    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith(`/kontouppgifter/${id}`)),
      page.click('[data-testid="revoke"]'),
    ]);
    await page.waitForLoadState();
    check('revoked: the state says so', await page.getAttribute('[data-testid="consent"]', 'data-state') === 'revoked');
    check('revoked: no fetch offered', await page.locator('[data-testid="fetch-form"]').count() === 0);
    await axeCheck(page, result, 'revoked consent');
    await shot(page, 'portal-samtycke-aterkallat');

    // A fetch after revoking (as a stale page would send it) is refused.
    const csrf = await page.getAttribute('input[name="csrf_token"]', 'value');
    const late = await page.context().request.post(`${portal}/kontouppgifter/${id}/hamta`, {
      form: { csrf_token: csrf }, maxRedirects: 0,
    });
    check('revoked: a later fetch is refused (409)', late.status() === 409, `status ${late.status()}`);
    check('revoked: the refusal asks for statements', (await late.text()).includes('data-testid="upload-statements"'));
    result.data.consent_id = id;
  }
  check('no CSP violation or script error', page.problems.length === 0, page.problems.slice(0, 5).join(' | '));
  await page.context().close();
});
