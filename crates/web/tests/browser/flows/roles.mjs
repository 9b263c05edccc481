// The other roles in the browser: log follow-up (extract, "who looked up this person",
// indicators) for logguppföljare, administration (connections, a case's household) for
// administratör, and the refusal page for a user without the role. axe-core on every page.
//
// FLOW_INPUT: { "person": "…", "case_id": "…" (a case looked up before, with 2 members),
//               "from": "YYYY-MM-DD", "to": "YYYY-MM-DD", "screenshots": { "log": "…" } }

import {
  axeCheck, env, newPage, pathOf, runFlow, screenshot, signInOidc,
} from './lib.mjs';

const input = { screenshots: {}, ...env.input };

async function submit(page, form) {
  await Promise.all([page.waitForLoadState(), page.locator(`${form} [type="submit"]`).first().click()]);
  await page.waitForLoadState();
}

/** Fills the field of `form` whose label matches `label`, as a person finds it. */
async function fillByLabel(page, form, label, value) {
  await page.locator(form).getByLabel(label).first().fill(value);
}

async function refused(page, result, user, path) {
  await page.goto(`${env.ui}${path}`);
  return result.check(`${user}: ${path} is refused with the 403 page`,
    await page.locator('[data-testid="error-page"][data-status="403"]').count() === 1, `at ${pathOf(page.url())}`);
}

async function onPage(page, result, name, path, selector) {
  await page.goto(`${env.ui}${path}`);
  return result.check(`${name}: the page`, await page.locator(selector).count() > 0, `at ${pathOf(page.url())}`);
}

async function logFollowUp(log, result) {
  const check = result.check.bind(result);
  if (!await onPage(log, result, 'log follow-up', '/logg', 'form[action="/ui/logg/utdrag"]')) return;
  await axeCheck(log, result, 'log follow-up');

  const extract = 'form[action="/ui/logg/utdrag"]';
  await fillByLabel(log, extract, /^Från och med/, input.from);
  await fillByLabel(log, extract, /^Till och med/, input.to);
  await submit(log, extract);
  const rows = await log.$$eval('[data-testid="audit-extract"] [data-testid="audit-row"]', (trs) => trs.map((tr) => ({
    kind: tr.dataset.kind, caseWorker: tr.dataset.caseWorker, caseId: tr.dataset.caseId,
  })));
  check('log follow-up: the extract lists the look-ups of the case', rows.filter((r) => r.caseId === input.case_id && r.kind === 'query').length >= 2,
    `rows ${rows.length}, of the case ${rows.filter((r) => r.caseId === input.case_id).length}`);
  check('log follow-up: the extract names the case worker', rows.some((r) => r.caseId === input.case_id && r.caseWorker === 'handlaggare01'));
  check('log follow-up: no registry changes among the look-ups', rows.every((r) => r.kind !== 'admin'));
  await axeCheck(log, result, 'log follow-up extract');
  if (input.screenshots.log) await screenshot(log, input.screenshots.log);

  await log.goto(`${env.ui}/logg`);
  const who = 'form[action="/ui/logg/person"]';
  await fillByLabel(log, who, /^Personnummer/, input.person);
  await submit(log, who);
  const whoRows = await log.$$eval('[data-testid="who-looked-up"] [data-testid="audit-row"]', (trs) => trs.map((tr) => tr.dataset.caseWorker));
  check('who looked up: handlaggare01 is listed', whoRows.includes('handlaggare01'), `rows ${whoRows.length}`);
  check('who looked up: the person is not in the URL', !log.url().includes(input.person));
  await axeCheck(log, result, 'who looked up');

  await log.goto(`${env.ui}/logg`);
  const indicators = 'form[action="/ui/logg/indikatorer"]';
  await fillByLabel(log, indicators, /^Från och med/, input.from);
  await fillByLabel(log, indicators, /^Till och med/, input.to);
  await submit(log, indicators);
  check('indicators: shown', await log.locator('[data-testid="indicators"]').count() === 1);
  await axeCheck(log, result, 'misuse indicators');
}

async function administration(admin, result) {
  const check = result.check.bind(result);
  if (!await onPage(admin, result, 'administration', '/admin', '[data-testid="connections"]')) return;
  check('administration: the demo organisation is listed', await admin.locator('[data-testid="connections"] tr[data-organisation="2120000142"]').count() === 1);
  await axeCheck(admin, result, 'administration');
  if (await onPage(admin, result, 'administration connection', '/admin/anslutning/2120000142', '[data-testid="connection"]')) {
    await axeCheck(admin, result, 'administration connection');
  }
  if (!await onPage(admin, result, 'administration cases', '/admin/arenden', 'form[action="/ui/admin/arenden"]')) return;
  await axeCheck(admin, result, 'administration cases');
  const caseForm = 'form[action="/ui/admin/arenden"]';
  await fillByLabel(admin, caseForm, /^Ärendeidentitet/, input.case_id);
  await submit(admin, caseForm);
  check('administration: the looked-up case is open', await admin.locator('[data-testid="case"][data-status="open"]').count() === 1);
  check('administration: its household has two members', await admin.locator('[data-testid="household"] li').count() === 2);
  await axeCheck(admin, result, 'administration case');
}

await runFlow(async (browser, result) => {
  const check = result.check.bind(result);

  // Logguppföljare.
  const log = await newPage(browser);
  await signInOidc(log, 'logg01');
  await logFollowUp(log, result);
  for (const path of ['/sok', '/admin']) await refused(log, result, 'logg01', path);
  await axeCheck(log, result, 'error 403');
  check('log follow-up: no CSP violation or script error', log.problems.length === 0, log.problems.slice(0, 5).join(' | '));
  await log.context().close();

  // Administratör.
  const admin = await newPage(browser);
  await signInOidc(admin, 'admin01');
  await administration(admin, result);
  for (const path of ['/sok', '/logg']) await refused(admin, result, 'admin01', path);
  check('administration: no CSP violation or script error', admin.problems.length === 0, admin.problems.slice(0, 5).join(' | '));
  await admin.context().close();

  // No role at all.
  const none = await newPage(browser);
  await signInOidc(none, 'ingenroll01');
  check('no role: signed in', none.url().startsWith(env.ui));
  await axeCheck(none, result, 'start page without a role');
  for (const path of ['/sok', '/uppslag', '/begrepp', '/logg', '/admin', '/admin/arenden']) await refused(none, result, 'ingenroll01', path);
  await none.context().close();
});
