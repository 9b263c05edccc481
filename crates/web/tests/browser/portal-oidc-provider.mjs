// A real OpenID provider for the applicant portal's tests (panva's certified oidc-provider),
// on loopback: the same as oidc-provider.mjs (one confidential client `underlag`, code flow
// with PKCE S256 required, a plain HTML sign-in form, password = user name), with applicants
// instead of case workers. Each user carries the claims the portal reads: `name`,
// `personal_identity_number` (Skatteverket's published test numbers the simulated population
// uses) and `protected_identity`:
//   sokande01 (198603052393), medsokande01 (198805122390),
//   skyddad01 (200205082381, protected identity), utanpnr01 (no personnummer claim).
//
// Usage and output as oidc-provider.mjs.

import http from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

// stdout carries only the ready line: the provider's own notices (console.log) go to stderr,
// and a reader that has gone after the ready line does not stop the provider.
console.log = console.error;
console.info = console.error;
process.stdout.on('error', () => {});

const USERS = {
  sokande01: { name: 'Sökande Ett', pnr: '198603052393', protectedIdentity: false },
  medsokande01: { name: 'Medsökande Ett', pnr: '198805122390', protectedIdentity: false },
  skyddad01: { name: 'Skyddad Sökande', pnr: '200205082381', protectedIdentity: true },
  utanpnr01: { name: 'Utan Personnummer', pnr: null, protectedIdentity: false },
};

const CLIENT_ID = 'underlag';

function list(value) {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
    'post-logout-redirect-uri': { type: 'string', multiple: true },
  },
});

const port = Number(args.port ?? process.env.OIDC_PORT ?? 0);
const redirectUris = args['redirect-uri'] ?? list(process.env.OIDC_REDIRECT_URI);
const postLogoutRedirectUris = args['post-logout-redirect-uri']
  ?? list(process.env.OIDC_POST_LOGOUT_REDIRECT_URI);
const clientSecret = process.env.OIDC_CLIENT_SECRET || 'underlag-test-secret-0123456789abcdef';
const tokenAuthMethod = process.env.OIDC_TOKEN_AUTH_METHOD || 'client_secret_basic';

if (redirectUris.length === 0) {
  console.error('oidc-provider: give the client\'s redirect URI (--redirect-uri or OIDC_REDIRECT_URI)');
  process.exit(2);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Testinloggning</title>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

function loginPage(uid, error) {
  const message = error ? `<p role="alert" id="login-error">${escapeHtml(error)}</p>` : '';
  return page('Logga in', `<p>Testidentitetsleverantör för Underlags tester.</p>
${message}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" id="login-form">
<p><label for="username">Användarnamn</label>
<input id="username" name="username" autocomplete="username" required></p>
<p><label for="password">Lösenord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit" id="login-submit">Logga in</button></p>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort">
<p><button type="submit" id="login-abort">Avbryt</button></p>
</form>`);
}

// Bind first: the issuer names the port.
const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: CLIENT_ID,
    client_secret: clientSecret,
    client_name: 'Underlag',
    redirect_uris: redirectUris,
    post_logout_redirect_uris: postLogoutRedirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: tokenAuthMethod,
  }],
  pkce: { required: () => true },
  cookies: { keys: ['underlag-test-cookie-key-not-a-secret'] },
  claims: {
    openid: ['sub', 'personal_identity_number', 'protected_identity'],
    profile: ['name', 'preferred_username'],
  },
  // The claims travel in the ID token too, whatever the client asks the userinfo endpoint.
  conformIdTokenClaims: false,
  async findAccount(ctx, id) {
    const user = USERS[id];
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        const claims = {
          sub: id, name: user.name, preferred_username: id, protected_identity: user.protectedIdentity,
        };
        if (user.pnr) claims.personal_identity_number = user.pnr;
        return claims;
      },
    };
  },
  // First-party client: no consent screen; the grant covers what was asked for.
  async loadExistingGrant(ctx) {
    const { client, session } = ctx.oidc;
    const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    grant.addOIDCClaims(['sub', 'personal_identity_number', 'protected_identity', 'name', 'preferred_username']);
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page('Logga ut', `${form}
<p><button type="submit" form="op.logoutForm" value="yes" name="logout" id="logout-yes">Ja, logga ut</button></p>
<p><button type="submit" form="op.logoutForm" id="logout-no">Nej, förbli inloggad</button></p>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Utloggad', '<p id="logged-out">Du är utloggad från testidentitetsleverantören.</p>');
      },
    },
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Fel', `<dl id="provider-error">${Object.entries(out)
      .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`);
  },
});

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function sendHtml(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

// The interaction pages (sign-in), in front of the provider's own routes.
async function interaction(req, res, match) {
  const [, uid, action] = match;
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return sendHtml(res, 400, page('Fel', '<p>Fel inloggningssession.</p>'));
  if (req.method === 'GET' && !action) {
    if (details.prompt.name !== 'login') {
      return sendHtml(res, 501, page('Fel', '<p>Oväntat steg i inloggningen.</p>'));
    }
    return sendHtml(res, 200, loginPage(uid));
  }
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    if (!Object.hasOwn(USERS, username) || password !== username) {
      return sendHtml(res, 200, loginPage(uid, 'Fel användarnamn eller lösenord.'));
    }
    return provider.interactionFinished(req, res, { login: { accountId: username } }, {
      mergeWithLastSubmission: false,
    });
  }
  if (req.method === 'POST' && action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'Inloggningen avbröts.',
    }, { mergeWithLastSubmission: false });
  }
  return sendHtml(res, 404, page('Fel', '<p>Sidan finns inte.</p>'));
}

const providerCallback = provider.callback();
server.on('request', (req, res) => {
  const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/.exec(new URL(req.url, issuer).pathname);
  if (!match) return providerCallback(req, res);
  return interaction(req, res, match).catch((error) => {
    console.error(`oidc-provider: interaction failed: ${error.name}: ${error.message}`);
    if (!res.headersSent) sendHtml(res, 400, page('Fel', '<p>Inloggningen kunde inte slutföras.</p>'));
  });
});

provider.on('server_error', (ctx, error) => console.error(`oidc-provider: server error: ${error.message}`));

function stop() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (process.env.OIDC_EXIT_WITH_STDIN === '1') {
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
}

process.stdout.write(`${JSON.stringify({ issuer, client_id: CLIENT_ID, client_secret: clientSecret })}\n`);
