// The calculation page (beräkningsunderlag): demo sign-in, a household look-up, the overview's
// link to the calculation, each line's explanation on demand, the print view, saving the
// underlag and the case worker's decision; axe-core on each page; the same without JavaScript.
// FLOW_INPUT: { "members": ["…"], "month": "2026-10", "javascript": true }

import {
  axeCheck, env, newPage, pathOf, runFlow, screenshot,
} from './lib.mjs';

await runFlow(async (browser, result) => {
  const check = result.check.bind(result);
  const javaScriptEnabled = env.input.javascript !== false;
  const suffix = javaScriptEnabled ? '' : ' (no JS)';
  const page = await newPage(browser, { javaScriptEnabled });

  await page.goto(`${env.ui}/logga-in`);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.endsWith('/logga-in')),
    page.click('[data-testid="demo-signin-handlaggare01"]'),
  ]);
  await page.goto(`${env.ui}/sok`);
  await page.fill('#case_id', javaScriptEnabled ? 'EB-BER-1' : 'EB-BER-2');
  await page.fill('#members', env.input.members.join('\n'));
  await page.fill('#application_month', env.input.month);
  await Promise.all([page.waitForURL(/\/uppslag\//), page.click('[data-testid="lookup-submit"]')]);

  await Promise.all([page.waitForURL(/\/berakning/), page.click('[data-testid="calculation-link"]')]);
  check(`calculation${suffix}: reached from the overview`, pathOf(page.url()).endsWith('/berakning'));
  check(`calculation${suffix}: says a human decides`, await page.locator('[data-testid="human-decides"]').count() === 1);
  const norm = await page.locator('[data-testid="section-total"][data-section="norm"]').innerText();
  check(`calculation${suffix}: the 2026 couple total`, norm.replace(/\s/g, ' ').includes('8 510 kr'), norm);
  const incomes = page.locator('[data-section="inkomster"] [data-testid="calc-line"]');
  check(`calculation${suffix}: income lines prefilled`, await incomes.count() > 0);
  const first = page.locator('[data-testid="explanation"]').first();
  check(`calculation${suffix}: explanations start closed`, !(await first.evaluate((d) => d.open)));
  await first.locator('summary').click();
  check(`calculation${suffix}: an explanation opens on demand`, await first.evaluate((d) => d.open));
  await axeCheck(page, result, `calculation${suffix}`);
  if (javaScriptEnabled) await screenshot(page, 'berakning');

  // Recompute with rent through the GET form.
  await page.fill('#boende', '6000');
  await Promise.all([page.waitForLoadState(), page.click('[data-testid="calculation-submit"]')]);
  await page.waitForLoadState();
  const costs = await page.locator('[data-testid="section-total"][data-section="kostnader"]').innerText();
  check(`calculation${suffix}: the form recomputes`, costs.replace(/\s/g, ' ').includes('6 000 kr'), costs);

  // Print view.
  const printHref = await page.locator('[data-testid="calculation-print-link"]').getAttribute('href');
  const print = await newPage(browser, { javaScriptEnabled });
  await print.context().addCookies(await page.context().cookies());
  await print.goto(new URL(printHref, env.ui).toString());
  check(`print${suffix}: every explanation open`,
    await print.locator('details[data-testid="explanation"]:not([open])').count() === 0);
  check(`print${suffix}: no form`, await print.locator('[data-testid="calculation-form"]').count() === 0);
  await axeCheck(print, result, `calculation print${suffix}`);
  await print.context().close();

  // Save and decide.
  await Promise.all([page.waitForURL(/\/berakning\/[0-9a-f-]{36}$/), page.click('[data-testid="save-submit"]')]);
  check(`saved${suffix}: the decision form`, await page.locator('[data-testid="decision-form"]').count() === 1);
  check(`saved${suffix}: listed, not yet decided`,
    await page.locator('[data-testid="saved-item"] [data-testid="saved-item-undecided"]').count() === 1);
  await axeCheck(page, result, `decision form${suffix}`);
  await page.click('label[for="norm_godkann"]');
  await page.click('label[for="kostnader_godkann"]');
  await page.click('label[for="inkomster_andra"]');
  await page.fill('#inkomster_belopp', '1000');
  await page.fill('#inkomster_skal', 'Inkomsten är kontrollerad mot lönebesked.');
  await Promise.all([page.waitForLoadState(), page.click('[data-testid="decision-submit"]')]);
  await page.waitForLoadState();
  check(`decided${suffix}: the decision is shown`, await page.locator('[data-testid="decision"]').count() === 1);
  check(`decided${suffix}: listed among the saved underlag with its decision`,
    await page.locator('[data-testid="saved-item"] [data-testid="saved-item-decision"]').count() === 1);
  await axeCheck(page, result, `decision${suffix}`);
  if (javaScriptEnabled) await screenshot(page, 'berakning-beslut');
  check(`calculation${suffix}: no CSP violation or script error`, page.problems.length === 0, page.problems.slice(0, 5).join(' | '));
  await page.context().close();
});
