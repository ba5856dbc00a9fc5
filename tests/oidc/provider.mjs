// A real OpenID Connect provider for Stand-in's sign-in tests: panva's node-oidc-provider
// (OpenID Certified), on loopback only, with its development login form (any login, no
// password) and accounts whose claims come from STANDIN_OIDC_ACCOUNTS.
//
// Usage: node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI
// STANDIN_OIDC_ACCOUNTS='{"lead@acme.example": {"name": "Inge", "groups": ["cs-leads"]}}'
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const accounts = JSON.parse(process.env.STANDIN_OIDC_ACCOUNTS || '{}');
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  async findAccount(ctx, id) {
    const known = accounts[id];
    if (!known) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: true, name: known.name, groups: known.groups };
      },
    };
  },
  pkce: { required: () => true },
  cookies: { keys: ['standin-test-provider-only'] },
  features: { devInteractions: { enabled: true } },
  ttl: { Session: 600, Interaction: 600, Grant: 600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
});

const server = provider.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
