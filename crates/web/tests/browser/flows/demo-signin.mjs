// The demo sign-in (`underlag demo`, no identity provider): the labelled sign-in page, the
// start page, the CSRF refusal page and sign-out. axe-core on each.
// FLOW_INPUT: {}

import {
  axeCheck, env, newPage, pathOf, runFlow, signOut,
} from './lib.mjs';

await runFlow(async (browser, result) => {
  const check = result.check.bind(result);
  const page = await newPage(browser);

  await page.goto(`${env.ui}/logga-in`);
  const demo = page.locator('[data-testid="demo-signin-form"]');
  check('sign-in: the demo sign-in is offered', await demo.count() === 1);
  check('sign-in: it is labelled "Demoinloggning"', (await page.locator('body').innerText()).includes('Demoinloggning'));
  check('sign-in: no OIDC link without a provider', await page.locator('[data-testid="oidc-signin"]').count() === 0);
  await axeCheck(page, result, 'sign-in (demo)');

  await Promise.all([
    page.waitForURL((url) => !url.pathname.endsWith('/logga-in')),
    page.click('[data-testid="demo-signin-handlaggare01"]'),
  ]);
  check('demo sign-in: signed in', await page.locator('[data-testid="signed-in-user"]').count() === 1, `at ${pathOf(page.url())}`);
  await axeCheck(page, result, 'start page');

  // A form whose CSRF token was tampered with is refused with the 403 page.
  await page.goto(`${env.ui}/sok`);
  await page.evaluate(() => {
    for (const input of document.querySelectorAll('input[name="csrf_token"]')) input.value = 'forged';
  });
  await page.fill('#case_id', 'EB-CSRF-1');
  await page.fill('#members', '198603052393');
  await page.fill('#application_month', '2026-10');
  await Promise.all([page.waitForLoadState(), page.click('#lookup [type="submit"]')]);
  await page.waitForLoadState();
  check('a forged CSRF token is refused with the 403 page',
    await page.locator('[data-testid="error-page"][data-status="403"][data-reason="csrf"]').count() === 1, `at ${pathOf(page.url())}`);
  await axeCheck(page, result, 'error 403 (CSRF)');

  await page.goto(`${env.ui}/`);
  await signOut(page);
  check('signed out', pathOf(page.url()).endsWith('/logga-in'));
  check('no CSP violation or script error', page.problems.length === 0, page.problems.slice(0, 5).join(' | '));
  await page.context().close();
});
