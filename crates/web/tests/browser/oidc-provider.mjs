// A real OpenID provider for the UI's tests (panva's certified oidc-provider), on loopback.
//
// One client, `underlag` (confidential, authorization code with PKCE S256 required), and four
// test users whose password is their user name, each with the claim `underlag_roles`:
//   handlaggare01 [handlaggare], logg01 [logguppfoljare], admin01 [administrator],
//   ingenroll01 [] (no role).
// And four applicants for the applicant portal, with the claims it reads: `name`,
// `personal_identity_number` (Skatteverket's published test numbers the simulated population
// uses) and `protected_identity`:
//   sokande01 (198603052393), medsokande01 (198805122390),
//   skyddad01 (200205082381, protected identity), utanpnr01 (no personnummer claim).
// The sign-in page is a plain HTML form (no script), so the flow works with JavaScript off.
//
// Usage: node oidc-provider.mjs [--port N] --redirect-uri URI [--redirect-uri URI ...]
//                               [--post-logout-redirect-uri URI ...]
// or the environment: OIDC_PORT, OIDC_REDIRECT_URI and OIDC_POST_LOGOUT_REDIRECT_URI
// (comma-separated lists), OIDC_CLIENT_SECRET, OIDC_TOKEN_AUTH_METHOD
// (client_secret_basic, the default, or client_secret_post), OIDC_EXIT_WITH_STDIN=1 (stop
// when standard input closes: the parent test is gone).
// When listening it prints one JSON line on stdout:
//   {"issuer":"http://127.0.0.1:PORT","client_id":"underlag","client_secret":"..."}
// Everything else goes to stderr.

import http from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

// stdout carries only the ready line: the provider's own notices (console.log) go to stderr,
// and a reader that has gone after the ready line does not stop the provider.
console.log = console.error;
console.info = console.error;
process.stdout.on('error', () => {});

const USERS = {
  handlaggare01: { name: 'Handläggare Ett', roles: ['handlaggare'] },
  logg01: { name: 'Loggranskare Ett', roles: ['logguppfoljare'] },
  admin01: { name: 'Administratör Ett', roles: ['administrator'] },
  ingenroll01: { name: 'Ingen Roll', roles: [] },
  sokande01: { name: 'Sökande Ett', pnr: '198603052393', protectedIdentity: false },
  medsokande01: { name: 'Medsökande Ett', pnr: '198805122390', protectedIdentity: false },
  skyddad01: { name: 'Skyddad Sökande', pnr: '200205082381', protectedIdentity: true },
  utanpnr01: { name: 'Utan Personnummer', pnr: null, protectedIdentity: false },
};

// The claims of the case workers (roles) and of the applicants (personnummer, protection).
const CLAIMS = ['sub', 'underlag_roles', 'personal_identity_number', 'protected_identity'];

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
    openid: CLAIMS,
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
        const claims = { sub: id, name: user.name, preferred_username: id };
        if (user.roles) claims.underlag_roles = user.roles;
        if (user.pnr) claims.personal_identity_number = user.pnr;
        if (user.protectedIdentity !== undefined) claims.protected_identity = user.protectedIdentity;
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
    grant.addOIDCClaims([...CLAIMS, 'name', 'preferred_username']);
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
