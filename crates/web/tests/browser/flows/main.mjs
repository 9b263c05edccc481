// The case worker's main flow: sign in through OIDC, look up a household, the overview (all
// sources, totals, warnings), a source detail with a concept explanation and the raw answer,
// the concept page, the print view, the CSV export, sign out. axe-core on every page.
//
// FLOW_INPUT: {
//   "user": "handlaggare01", "javaScript": true, "members": ["…", "…"], "case_id": "…",
//   "application_month": "2026-10",
//   "faults": { "fk": "timed_out", "csn": "invalid_response" }   // sources expected missing
//   "protected": false, "forbidden_address_parts": ["…"],        // protected-identity run
//   "screenshots": { "overview": "oversikt", "detail": "kalla-detalj", "warning": "varning",
//                    "print": "utskrift" }                       // names, when wanted
// }
// data: { overview (as read), csv: { header, rows } }

import { readFile } from 'node:fs/promises';

import {
  addressFindings, axeCheck, env, newPage, pageText, parseCsv, pathOf, runFlow, screenshot,
  signInOidc, signOut, textOf,
} from './lib.mjs';
import { looksLikeZero, readOverview } from './overview.mjs';

const input = {
  user: 'handlaggare01', javaScript: true, faults: {}, protected: false,
  forbidden_address_parts: [], screenshots: {}, ...env.input,
};
const SOURCES = ['fk', 'af', 'csn', 'skv', 'so', 'tns', 'miv'];
const SOURCE_LABELS = ['Försäkringskassan', 'Arbetsförmedlingen', 'CSN', 'Skatteverket',
  'Arbetslöshetskass', 'Transportstyrelsen', 'Migrationsverket'];
const FAILED_OUTCOMES = ['timed_out', 'unavailable', 'invalid_response', 'source_error'];
const CSV_HEADER = 'Ärende;Ansökningsmånad;Medlem;Månad;Månadsroll;Källa;Typ;Utbetalning;Brutto;Netto;Enhet;Status';

await runFlow(async (browser, result) => {
  const page = await newPage(browser, { javaScriptEnabled: input.javaScript });
  const check = result.check.bind(result);
  const noAddress = async (where) => {
    if (!input.protected) return;
    const found = addressFindings(await pageText(page), input.forbidden_address_parts);
    check(`no address-like text on ${where}`, found.length === 0, `found: ${found.join(', ')}`);
  };

  if (input.protected) {
    // The detector itself finds the protected person's address when it is there.
    const [street, postalCode, town] = input.forbidden_address_parts;
    check('the address detector finds the address it must not see',
      addressFindings(`${street}\n${postalCode} ${town}`).length >= 2
      && addressFindings('x', input.forbidden_address_parts).length === 0
      && addressFindings(street, input.forbidden_address_parts).length >= 1);
  }

  // Sign-in page, then OIDC.
  await page.goto(`${env.ui}/logga-in`);
  check('the sign-in page offers OIDC', await page.locator('[data-testid="oidc-signin"]').count() === 1);
  await axeCheck(page, result, 'sign-in');
  await signInOidc(page, input.user);
  check('signed in: back in the UI', page.url().startsWith(env.ui), `at ${pathOf(page.url())}`);
  check('signed in: the user is named', await page.locator('[data-testid="signed-in-user"]').count() === 1);

  // The look-up form: every entitled source preselected; an empty form is refused accessibly.
  await page.goto(`${env.ui}/sok`);
  await axeCheck(page, result, 'look-up form');
  const checked = await page.$$eval('input[name="sources"]', (boxes) => boxes.filter((b) => b.checked).map((b) => b.value));
  check('look-up form: all seven sources preselected', SOURCES.every((s) => checked.includes(s)), `preselected: ${checked.join(' ')}`);
  // A form the browser lets through but the server refuses: an invalid personnummer.
  await page.fill('#case_id', input.case_id);
  await page.fill('#members', '12345');
  await page.fill('#application_month', input.application_month);
  await Promise.all([page.waitForLoadState(), page.click('#lookup [type="submit"]')]);
  await page.waitForLoadState();
  const summary = page.locator('[data-testid="error-summary"]');
  if (check('look-up form: an invalid personnummer gives the error summary', await summary.count() === 1, `at ${pathOf(page.url())}`)) {
    check('look-up form: the error links to the members field', await summary.locator('a[href="#members"]').count() === 1);
    check('look-up form: the field is marked invalid', await page.getAttribute('#members', 'aria-invalid') === 'true');
    check('look-up form: the message does not repeat the input', !(await summary.innerText()).includes('12345'));
    await axeCheck(page, result, 'look-up form with errors');
  }

  await page.fill('#case_id', input.case_id);
  await page.fill('#members', input.members.join('\n'));
  await page.fill('#application_month', input.application_month);
  await Promise.all([
    page.waitForURL((url) => /\/uppslag\/[^/]+$/.test(url.pathname), { timeout: 60000 }),
    page.click('#lookup [type="submit"]'),
  ]);
  const overviewUrl = page.url();

  // The overview.
  const ov = await readOverview(page);
  result.data.overview = ov;
  check('overview: rendered', ov.present);
  check('overview: the application month', ov.applicationMonth === input.application_month, `got ${ov.applicationMonth}`);
  check('overview: the title names the case, not the person', ov.title.includes(input.case_id)
    && !input.members.some((m) => ov.title.includes(m) || ov.title.includes(m.slice(2))));
  check('overview: one section per member', ov.members.length === input.members.length, `got ${ov.members.length}`);
  const roles = new Set(ov.members.flatMap((m) => m.months.map((x) => x.role)));
  check('overview: control month (M-1) and comparison month (M-2) are marked', roles.has('M-1') && roles.has('M-2') && roles.has('M'), `roles: ${[...roles].join(' ')}`);
  const applicant = input.members[0];
  const applicantStatus = ov.status.filter((s) => s.member === applicant);
  check('overview: all seven sources listed for the applicant', SOURCES.every((s) => applicantStatus.some((x) => x.source === s)), `listed: ${applicantStatus.map((x) => x.source).join(' ')}`);
  const text = await pageText(page);
  check('overview: every source named in Swedish', SOURCE_LABELS.every((l) => text.includes(l)),
    `missing: ${SOURCE_LABELS.filter((l) => !text.includes(l)).join(', ')}`);
  const expectedFaults = Object.entries(input.faults);
  if (expectedFaults.length === 0 && !input.protected) {
    check('overview: all seven sources answered for the applicant', applicantStatus.every((s) => s.outcome === 'ok'),
      `outcomes: ${applicantStatus.map((s) => `${s.source}=${s.outcome}`).join(' ')}`);
    check('overview: amounts shown', ov.amounts.length > 0);
    check('overview: every total is known', ov.totals.length > 0 && ov.totals.every((t) => t.known === 'true'),
      `unknown: ${ov.totals.filter((t) => t.known !== 'true').length}`);
  }
  for (const [source, outcome] of expectedFaults) {
    for (const member of input.members) {
      const row = ov.status.find((s) => s.member === member && s.source === source);
      check(`overview: ${source} is ${outcome} for member ${input.members.indexOf(member) + 1}`, row?.outcome === outcome, `got ${row?.outcome}`);
    }
    check(`overview: no amount from ${source}`, !ov.amounts.some((a) => a.source === source));
    const missing = ov.missing.filter((m) => m.source === source);
    check(`overview: ${source}'s data is shown as missing`, missing.length > 0);
    check(`overview: ${source}'s missing cells say "uppgift saknas" and show no zero`,
      missing.every((m) => m.text.includes('uppgift saknas') && !looksLikeZero(m.text)),
      `cells: ${missing.map((m) => m.text).slice(0, 3).join(' | ')}`);
    const kind = outcome === 'timed_out' || outcome === 'unavailable' ? 'source_did_not_answer' : 'source_answered_invalidly';
    const warning = ov.warnings.find((w) => w.kind === kind && w.source === source);
    check(`overview: a ${kind} warning for ${source}`, warning, `warnings: ${ov.warnings.map((w) => `${w.kind}/${w.source}`).join(' ')}`);
    if (warning) check(`overview: the ${source} warning says the data is missing, not zero`, /saknas/.test(warning.cause), 'cause lacks "saknas"');
    check(`overview: every total names ${source} as missing`, ov.totals.every((t) => t.known === 'false' && t.missingSources.includes(source)),
      `totals not naming it: ${ov.totals.filter((t) => !t.missingSources.includes(source)).length}`);
  }
  if (expectedFaults.length > 0) {
    check('overview: an incomplete total says what it lacks', ov.totals.every((t) => /utan|saknas/i.test(t.text)),
      `texts: ${ov.totals.map((t) => t.text).slice(0, 2).join(' | ')}`);
  }
  for (const member of input.members) {
    for (const month of new Set(ov.totals.map((t) => t.month))) {
      for (const side of ['effected', 'planned']) {
        const total = ov.totals.find((t) => t.member === member && t.month === month && t.side === side);
        const shown = ov.amounts.filter((a) => a.member === member && a.month === month && a.payment === side && a.inTotals);
        if (total) {
          const sum = Math.round(shown.reduce((acc, a) => acc + (a.gross ?? 0), 0) * 100) / 100;
          check(`overview: member ${input.members.indexOf(member) + 1}'s ${side} total for ${month} is the sum of the ${side} amounts shown`,
            total.value === null ? shown.length === 0 : Math.abs(sum - total.value) < 0.005, `sum ${sum}, total ${total.value}`);
        }
      }
    }
  }
  if (input.protected) {
    check('overview: the protected-identity banner', ov.protectedBanner?.startsWith('Skyddade personuppgifter'), `banner: ${ov.protectedBanner === null ? 'none' : 'other text'}`);
  } else {
    check('overview: no protected-identity banner', ov.protectedBanner === null);
  }
  await noAddress('the overview');
  await axeCheck(page, result, 'overview');
  if (input.screenshots.overview) await screenshot(page, input.screenshots.overview);
  if (input.screenshots.warning && ov.warnings.length > 0) {
    await page.locator('[data-testid="warnings"]').screenshot({ path: `${env.screenshots}/${input.screenshots.warning}.png` }).catch(() => {});
  }

  // Source details: every source of every member for the protected run, FK of the applicant
  // otherwise (with a concept explanation and the raw answer).
  // FK unless FK is one of the failing sources, then the first source that answered.
  const shownSource = input.faults.fk
    ? SOURCES.find((s) => !input.faults[s] && applicantStatus.some((x) => x.source === s && x.outcome === 'ok'))
    : 'fk';
  const links = input.protected ? ov.detailLinks : ov.detailLinks.filter((l) => l.member === applicant && l.source === shownSource);
  check('overview: links to the source details', links.length > 0);
  for (const link of links) {
    await page.goto(new URL(link.href, page.url()).href);
    const where = `detail ${link.source} of member ${input.members.indexOf(link.member) + 1}`;
    const detail = page.locator('[data-testid="source-detail"]');
    if (!check(`${where}: rendered`, await detail.count() === 1, `at ${pathOf(page.url())}`)) continue;
    if (!FAILED_OUTCOMES.includes(await detail.getAttribute('data-outcome'))) {
      check(`${where}: "Hämtad" is shown`, /Hämtad/.test(await textOf(page, '[data-testid="retrieved-at"]')));
      check(`${where}: "Avser period" is shown`, /[Aa]vser period/.test(await textOf(page, '[data-testid="period"]')));
    }
    await noAddress(where);
    if (link === links[0]) {
      const codes = await page.locator('[data-testid="code"]').count();
      check(`${where}: codes are shown with their kodverk label`, codes > 0);
      const concept = page.locator('details[data-testid="concept"]').first();
      if (check(`${where}: a concept explanation is offered`, await concept.count() === 1)) {
        await concept.locator('summary').click();
        check(`${where}: the concept explanation opens`, await concept.evaluate((d) => d.open));
      }
      await axeCheck(page, result, 'source detail');
      if (input.screenshots.detail) await screenshot(page, input.screenshots.detail);
    }
    const raw = page.locator('a[data-testid="raw-link"]');
    if (await raw.count() > 0) {
      await page.goto(new URL(await raw.getAttribute('href'), page.url()).href);
      if (input.protected && link.member === applicant) {
        check(`${where}: the raw answer is withheld`, await page.locator('[data-testid="raw-withheld"]').count() === 1);
      } else if (link === links[0]) {
        check(`${where}: the raw answer is one click away`, await page.locator('[data-testid="raw-answer"]').count() === 1);
      }
      await noAddress(`${where} (raw answer)`);
      if (link === links[0]) await axeCheck(page, result, 'raw answer');
    }
  }

  // A failing source's detail says why its data is missing, and shows no zero.
  for (const [source, outcome] of expectedFaults) {
    const link = ov.detailLinks.find((l) => l.member === applicant && l.source === source);
    if (!check(`overview: a detail link for the failing ${source}`, link)) continue;
    await page.goto(new URL(link.href, page.url()).href);
    const detail = page.locator('[data-testid="source-detail"]');
    if (!check(`detail ${source} (failing): rendered`, await detail.count() === 1)) continue;
    check(`detail ${source} (failing): the outcome is ${outcome}`, await detail.getAttribute('data-outcome') === outcome);
    const detailText = await detail.innerText();
    check(`detail ${source} (failing): says the data is missing`, /saknas/.test(detailText));
    check(`detail ${source} (failing): no payments table`, await page.locator('[data-testid="payments"] td').count() === 0);
    await axeCheck(page, result, `source detail of a failing source (${source})`);
  }

  // The session's look-ups.
  await page.goto(`${env.ui}/uppslag`);
  check('look-ups: the case is listed', (await textOf(page, '[data-testid="lookups"]')).includes(input.case_id));
  await axeCheck(page, result, 'look-ups');

  // All concept explanations.
  await page.goto(`${env.ui}/begrepp`);
  check('concepts: explanations listed', await page.locator('details[data-testid="concept"]').count() > 0);
  await axeCheck(page, result, 'concepts');

  // Print view.
  await page.goto(overviewUrl);
  if (check('overview: a print link', ov.printLink)) {
    await page.click('a[data-testid="print-link"]');
    await page.waitForLoadState();
    check('print: the print layout', await page.locator('main.print').count() === 1);
    check('print: no navigation', await page.locator('nav').count() === 0);
    const printed = await readOverview(page);
    check('print: the same totals as the overview', JSON.stringify(printed.totals.map((t) => [t.member, t.month, t.side, t.value, t.known]))
      === JSON.stringify(ov.totals.map((t) => [t.member, t.month, t.side, t.value, t.known])));
    check('print: the same warnings', printed.warnings.length === ov.warnings.length);
    if (input.protected) check('print: the protected-identity banner', printed.protectedBanner?.startsWith('Skyddade personuppgifter'));
    await noAddress('the print view');
    await axeCheck(page, result, 'print');
    if (input.screenshots.print) {
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, input.screenshots.print);
      await page.emulateMedia({ media: 'screen' });
    }
  }

  // CSV export, downloaded by clicking the link.
  await page.goto(overviewUrl);
  if (check('overview: a CSV link', ov.csvLink)) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[data-testid="csv-link"]')]);
    const bytes = await readFile(await download.path());
    const text = bytes.toString('utf8');
    check('CSV: UTF-8 with BOM', bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf);
    check('CSV: CRLF line ends', text.includes('\r\n'));
    const rows = parseCsv(text).filter((r) => r.length > 1);
    check('CSV: the header row', rows[0]?.join(';') === CSV_HEADER, `header: ${rows[0]?.join(';')}`);
    const body = rows.slice(1);
    const col = Object.fromEntries(CSV_HEADER.split(';').map((h, i) => [h, i]));
    check('CSV: one row per amount at least', body.filter((r) => r[col.Typ] !== 'Summa' && r[col.Brutto] !== '').length >= ov.amounts.length,
      `rows ${body.length}, amounts ${ov.amounts.length}`);
    check('CSV: total rows', body.some((r) => r[col.Typ] === 'Summa'));
    check('CSV: amounts with a decimal comma', body.filter((r) => r[col.Brutto]).every((r) => /^'?-?\d+(,\d{2})$/.test(r[col.Brutto])),
      'an amount not in the form 1234,00');
    check('CSV: no cell starts a formula', body.every((r) => r.every((f) => !/^[=+@]/.test(f))));
    result.data.csvSources = [...new Set(body.map((r) => r[col['Källa']]))];
    for (const [source] of expectedFaults) {
      const sourceRows = body.filter((r) => r[col['Källa']] === source || (r[col['Källa']] ?? '').startsWith(labelOf(source)));
      check(`CSV: ${source} is "uppgift saknas" with empty amounts`, sourceRows.length > 0
        && sourceRows.every((r) => r[col.Status].startsWith('uppgift saknas') && r[col.Brutto] === '' && r[col.Netto] === ''),
      `rows ${sourceRows.length}`);
    }
    if (input.protected) {
      const found = addressFindings(text, input.forbidden_address_parts);
      check('CSV: no address-like text', found.length === 0, `found: ${found.join(', ')}`);
    }
    result.data.csv = { header: rows[0], rows: body.length };
  }

  // An unknown page, then sign-out: the look-up is gone with the session.
  await page.goto(`${env.ui}/finns-inte`);
  check('an unknown page is the 404 error page', await page.locator('[data-testid="error-page"][data-status="404"]').count() === 1);
  await axeCheck(page, result, 'error 404');
  await page.goto(overviewUrl);
  await signOut(page);
  check('signed out: on the sign-in page', pathOf(page.url()).endsWith('/logga-in'));
  await page.goto(overviewUrl);
  check('signed out: the overview sends to sign-in', pathOf(page.url()).endsWith('/logga-in'), `at ${pathOf(page.url())}`);

  check('no CSP violation or script error on any page', page.problems.length === 0, page.problems.slice(0, 5).join(' | '));
  await page.context().close();
});

function labelOf(source) {
  return {
    fk: 'Försäkringskassan', af: 'Arbetsförmedlingen', csn: 'CSN', skv: 'Skatteverket',
    so: 'Arbetslöshetskassorna', tns: 'Transportstyrelsen', miv: 'Migrationsverket',
  }[source];
}
