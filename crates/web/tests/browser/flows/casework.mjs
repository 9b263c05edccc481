// The case worker's side of the applicant's data: demo sign-in, a household look-up, the
// overview with the application ("uppgett av sökande" with its time), its status events, and
// the bank data fetched with consent as its own source with its provenance, or "Kontouppgifter
// saknas" with the cause when the bank failed (never zero); then the calculation prefilled
// from the application. axe-core on every page; the same without JavaScript.
//
// Env: UNDERLAG_UI (…/ui), UNDERLAG_SCREENSHOTS.
// FLOW_INPUT: { members: ["…"], month, case_id, reference, events: ["mottagen", …],
//               bank: "ok" | "failing", consent, javascript, screenshots: bool }

import {
  axeCheck, env, newPage, pathOf, runFlow, screenshot,
} from './lib.mjs';
import { looksLikeZero } from './overview.mjs';

const input = env.input;
const js = input.javascript !== false;
const suffix = js ? '' : ' (no JS)';

/** A screenshot of the part of the page from the element `from` to the end of `to`. */
async function shotOf(page, name, from, to) {
  if (!input.screenshots || !js) return;
  const a = await page.locator(from).first().boundingBox();
  const b = await page.locator(to).first().boundingBox();
  if (!a || !b) {
    await screenshot(page, name);
    return;
  }
  const y = Math.max(0, a.y - 16);
  await screenshot(page, name, {
    clip: { x: 0, y, width: 1280, height: Math.min(4000, b.y + b.height + 16 - y) },
  });
}

await runFlow(async (browser, result) => {
  const check = result.check.bind(result);
  const page = await newPage(browser, { javaScriptEnabled: js });

  await page.goto(`${env.ui}/logga-in`);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.endsWith('/logga-in')),
    page.click('[data-testid="demo-signin-handlaggare01"]'),
  ]);
  await page.goto(`${env.ui}/sok`);
  await page.fill('#case_id', input.case_id);
  await page.fill('#members', input.members.join('\n'));
  await page.fill('#application_month', input.month);
  // Employers' declarations (AGI), for the double-count check of a declared salary.
  if (await page.locator('#sources-agi').count() === 1 && !(await page.isChecked('#sources-agi'))) {
    await page.click('label[for="sources-agi"]');
  }
  await Promise.all([page.waitForURL(/\/uppslag\/[0-9a-f-]{36}$/), page.click('[data-testid="lookup-submit"]')]);
  check(`overview${suffix}: reached`, /\/uppslag\/[0-9a-f-]{36}$/.test(pathOf(page.url())));

  // The application, each figure "uppgett av sökande" with its time.
  const application = page.locator(`[data-testid="declared-application"][data-reference="${input.reference}"]`);
  check(`overview${suffix}: the application is shown`, await application.count() === 1);
  const provenances = await application.locator('[data-testid="declared-provenance"]').allInnerTexts();
  check(`overview${suffix}: every figure is "uppgett av sökande" with its time`,
    provenances.length >= 3 && provenances.every((p) => /^uppgett av sökande \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(p.trim())),
    provenances.join(' | '));
  const events = await application.locator('[data-testid="status-event"]').evaluateAll(
    (els) => els.map((e) => e.dataset.kind));
  check(`overview${suffix}: the status events in order`, JSON.stringify(events) === JSON.stringify(input.events),
    events.join(', '));

  // The bank data: its own source, with provenance; or missing with the cause.
  const section = page.locator('[data-testid="consent-data"]');
  check(`overview${suffix}: "Kontouppgifter (med samtycke)" is a source of its own`,
    (await section.locator('h2').innerText()).trim() === 'Kontouppgifter (med samtycke)');
  const applicant = section.locator(`[data-testid="consent-member"][data-member="${input.members[0]}"]`);
  if (input.bank === 'ok') {
    const account = applicant.locator(`[data-testid="consent-account"][data-consent="${input.consent}"]`);
    check(`overview${suffix}: the fetched account is shown`, await account.count() === 1);
    const bank = (await account.locator('[data-testid="consent-bank"]').innerText()).trim();
    check(`overview${suffix}: the bank is named`, bank === 'SEB (hämtat med samtycke)', bank);
    const reference = (await account.locator('[data-testid="consent-reference"]').innerText()).trim();
    check(`overview${suffix}: the consent reference`, reference === input.consent);
    const fetched = (await account.locator('[data-testid="consent-fetched-at"]').innerText()).trim();
    check(`overview${suffix}: when it was fetched`, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(fetched), fetched);
    const period = (await account.locator('[data-testid="consent-period"]').innerText()).trim();
    check(`overview${suffix}: the period`, period === '2026-08-01 – 2026-10-31', period);
    check(`overview${suffix}: the transactions are there`,
      await account.locator('[data-testid="consent-transaction"]').count() > 0);
  } else {
    check(`overview${suffix}: no account shown when the bank failed`,
      await section.locator('[data-testid="consent-account"]').count() === 0);
    const missing = applicant.locator('[data-testid="consent-missing"]');
    check(`overview${suffix}: "Kontouppgifter saknas"`, await missing.count() === 1
      && (await missing.innerText()).includes('Kontouppgifter saknas'));
    const cause = (await missing.locator('[data-testid="consent-missing-cause"]').innerText()).trim();
    check(`overview${suffix}: with the cause and what to ask for`,
      cause.includes('Banken svarade inte.') && cause.includes('ladda upp kontoutdrag'), cause);
    const text = (await section.locator('[data-testid="consent-member"]').allInnerTexts()).join('\n');
    // Ids and dates aside (a UUID may hold a lone 0), no figure reads as zero.
    const figures = text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '')
      .replace(/\d{4}-\d{2}-\d{2}/g, '');
    check(`overview${suffix}: missing is never zero`, !looksLikeZero(figures), text.slice(0, 300));
  }
  // A member without consent: missing, with why.
  if (input.members.length > 1) {
    const partner = section.locator(`[data-testid="consent-member"][data-member="${input.members[1]}"] [data-testid="consent-missing"]`);
    check(`overview${suffix}: the partner without consent is "saknas"`,
      await partner.count() === 1 && await partner.getAttribute('data-reason') === 'no_consent');
  }
  await axeCheck(page, result, `overview with applicant data${suffix}`);
  await shotOf(page, input.bank === 'ok' ? 'oversikt-kontouppgifter' : 'oversikt-kontouppgifter-saknas',
    '[data-testid="declared-section"]', '[data-testid="consent-data"]');

  // The calculation, prefilled from the application.
  await Promise.all([page.waitForURL(/\/berakning$/), page.click('[data-testid="calculation-link"]')]);
  check(`calculation${suffix}: the application is not used unasked`,
    await page.locator('[data-testid="prefill-declared"]').count() === 0);
  await page.click('label[for="ansokan"]');
  await Promise.all([page.waitForURL(/\/berakning\?/), page.click('[data-testid="calculation-submit"]')]);
  const prefill = page.locator('[data-testid="prefill-declared"]');
  check(`calculation${suffix}: prefilled from the application`,
    await prefill.count() === 1 && await prefill.getAttribute('data-reference') === input.reference);
  const origins = await page.locator('[data-testid="line-origin"]').allInnerTexts();
  const declared = origins.filter((o) => o.startsWith('Uppgett av sökande') && o.includes(input.reference));
  check(`calculation${suffix}: the declared lines carry their provenance`, declared.length >= 3, origins.join(' | '));
  check(`calculation${suffix}: a declared salary beside AGI is flagged`,
    await page.locator('[data-testid="double-count-warning"]').count() === 1);
  await axeCheck(page, result, `calculation prefilled${suffix}`);
  if (input.bank === 'ok' && input.screenshots && js) await screenshot(page, 'berakning-forifylld');
  check(`casework${suffix}: no CSP violation or script error`, page.problems.length === 0, page.problems.slice(0, 5).join(' | '));
  await page.context().close();
});
