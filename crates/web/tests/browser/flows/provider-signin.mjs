// The test provider alone: an authorization-code flow with PKCE driven through its own sign-in
// page in the browser (JavaScript on and off), the code exchanged at the token endpoint, the
// roles read from the ID token. Checks the rig itself, whatever the UI does.
// FLOW_INPUT: { "redirect_uri", "client_secret", "users": { "handlaggare01": ["handlaggare"], ... } }

import { createHash, randomBytes } from 'node:crypto';

import { env, newPage, runFlow } from './lib.mjs';

const { input } = env;

function base64url(buffer) {
  return buffer.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function idTokenClaims(idToken) {
  return JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString('utf8'));
}

async function authorize(browser, user, password, { javaScriptEnabled }) {
  const page = await newPage(browser, { javaScriptEnabled });
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const state = base64url(randomBytes(16));
  const redirect = new URL(input.redirect_uri);
  let landed = null;
  // No client listens at the callback: the browser's request to it is only watched (the
  // navigation then fails, which does not matter here).
  page.on('request', (request) => {
    if (request.url().startsWith(redirect.origin)) landed = new URL(request.url());
  });
  const url = new URL(`${env.issuer}/auth`);
  Object.entries({
    client_id: 'underlag', response_type: 'code', scope: 'openid profile', redirect_uri: input.redirect_uri,
    code_challenge: challenge, code_challenge_method: 'S256', state, nonce: base64url(randomBytes(16)),
  }).forEach(([k, v]) => url.searchParams.set(k, v));
  await page.goto(url.href);
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('#login-submit', { noWaitAfter: true });
  let errorShown = false;
  const end = Date.now() + 10000;
  while (!landed && !errorShown && Date.now() < end) {
    await new Promise((r) => { setTimeout(r, 100); });
    errorShown = await page.locator('#login-error').count().catch(() => 0) > 0;
  }
  await page.context().close();
  return { landed, verifier, state, errorShown };
}

async function exchange(code, verifier) {
  const response = await fetch(`${env.issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`underlag:${input.client_secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: input.redirect_uri, code_verifier: verifier,
    }),
  });
  return { status: response.status, body: await response.json() };
}

await runFlow(async (browser, result) => {
  const discovery = await (await fetch(`${env.issuer}/.well-known/openid-configuration`)).json();
  result.check('discovery names the issuer', discovery.issuer === env.issuer);
  result.check('discovery offers only S256 for PKCE', JSON.stringify(discovery.code_challenge_methods_supported) === '["S256"]');

  for (const [user, roles] of Object.entries(input.users)) {
    for (const javaScriptEnabled of [true, false]) {
      const label = `${user} (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`;
      const { landed, verifier, state } = await authorize(browser, user, user, { javaScriptEnabled });
      if (!result.check(`${label}: redirected back with a code`, landed?.searchParams.get('code'), `landed: ${landed ? landed.pathname : 'nowhere'}`)) continue;
      result.check(`${label}: state comes back`, landed.searchParams.get('state') === state);
      const code = landed.searchParams.get('code');
      const wrong = await exchange(code, base64url(randomBytes(32)));
      result.check(`${label}: a wrong PKCE verifier is refused`, wrong.status === 400 && wrong.body.error === 'invalid_grant', `status ${wrong.status}`);
      // A code is single-use; the refused attempt above may have consumed it, so sign in again.
      const again = await authorize(browser, user, user, { javaScriptEnabled });
      const token = await exchange(again.landed.searchParams.get('code'), again.verifier);
      if (!result.check(`${label}: the code is exchanged with the verifier`, token.status === 200 && token.body.id_token, `status ${token.status}`)) continue;
      const claims = idTokenClaims(token.body.id_token);
      result.check(`${label}: the ID token names the user`, claims.sub === user);
      result.check(`${label}: the ID token carries underlag_roles`, JSON.stringify(claims.underlag_roles) === JSON.stringify(roles), `got ${JSON.stringify(claims.underlag_roles)}`);
    }
  }

  const noPkce = await newPage(browser);
  const url = new URL(`${env.issuer}/auth`);
  Object.entries({ client_id: 'underlag', response_type: 'code', scope: 'openid', redirect_uri: input.redirect_uri })
    .forEach(([k, v]) => url.searchParams.set(k, v));
  let refusal = null;
  noPkce.on('request', (request) => {
    if (request.url().startsWith(new URL(input.redirect_uri).origin)) refusal = new URL(request.url()).searchParams.get('error');
  });
  await noPkce.goto(url.href).catch(() => {});
  result.check('an authorization request without PKCE is refused', refusal === 'invalid_request', `error: ${refusal}`);
  await noPkce.context().close();

  const bad = await authorize(browser, 'handlaggare01', 'fel-losenord', { javaScriptEnabled: true });
  result.check('a wrong password is refused on the sign-in page', bad.errorShown && !bad.landed);
});
